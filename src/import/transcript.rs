//! What every transcript parser produces, and how it becomes a document.
//!
//! A parser turns its format into [`Transcript`] blocks: speaker turns and,
//! rarely, unlabelled text before the first turn. [`Transcript::render`]
//! lays them out as the document text, one block per line, each turn as
//! `Speaker: text`, joined by a single `\n`: the convention the corpus
//! manifest and every stored position rely on.

use crate::model::CaseKind;
use crate::storage::{AttributeValue, NewCase, NewTurn};
use crate::text;

/// One speaker turn or one unlabelled paragraph.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Block {
    /// A turn: who spoke, what they said, when (if known).
    Turn {
        speaker: String,
        text: String,
        start_ms: Option<u64>,
    },
    /// Text with no speaker (a heading before the first turn).
    Plain(String),
}

/// How a parser's consecutive pieces combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Merge {
    /// Every labelled piece is its own turn (.txt lines, .docx paragraphs).
    Never,
    /// Consecutive pieces of the same speaker form one turn (subtitle cues).
    SameSpeaker,
}

/// Collects blocks as a parser finds them.
#[derive(Debug)]
pub(crate) struct Transcript {
    pub blocks: Vec<Block>,
    merge: Merge,
}

impl Transcript {
    pub fn new(merge: Merge) -> Self {
        Transcript {
            blocks: Vec::new(),
            merge,
        }
    }

    /// A piece said by `speaker`.
    pub fn said(&mut self, speaker: &str, said: &str, start_ms: Option<u64>) {
        let speaker = clean(speaker);
        let said = clean(said);
        if self.merge == Merge::SameSpeaker
            && let Some(Block::Turn {
                speaker: last,
                text,
                start_ms: last_ms,
            }) = self.blocks.last_mut()
            && *last == speaker
        {
            append(text, &said);
            if last_ms.is_none() {
                *last_ms = start_ms;
            }
            return;
        }
        self.blocks.push(Block::Turn {
            speaker,
            text: said,
            start_ms,
        });
    }

    /// A piece with no speaker label: it continues the current turn, or
    /// before any turn stands as a paragraph of its own (subtitle cues are
    /// joined into one).
    pub fn unlabelled(&mut self, piece: &str) {
        let piece = clean(piece);
        if piece.is_empty() {
            return;
        }
        match self.blocks.last_mut() {
            Some(Block::Turn { text, .. }) => append(text, &piece),
            Some(Block::Plain(text)) if self.merge == Merge::SameSpeaker => append(text, &piece),
            _ => self.blocks.push(Block::Plain(piece)),
        }
    }

    /// Whether `label` has been seen as a speaker.
    pub fn knows_speaker(&self, label: &str) -> bool {
        let label = clean(label);
        self.blocks
            .iter()
            .any(|b| matches!(b, Block::Turn { speaker, .. } if *speaker == label))
    }

    /// Drops turns that ended up with no text.
    pub fn finish(mut self) -> Vec<Block> {
        self.blocks.retain(|b| match b {
            Block::Turn { text, .. } | Block::Plain(text) => !text.is_empty(),
        });
        self.blocks
    }
}

/// Whitespace runs (line breaks, tabs, no-break spaces) become one space;
/// the ends are trimmed; the result is NFC.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    text::nfc(&out)
}

fn append(text: &mut String, piece: &str) {
    if piece.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(piece);
}

/// The laid-out text of a transcript and its turns (code point positions).
#[derive(Debug)]
pub(crate) struct Rendered {
    pub text: String,
    pub turns: Vec<NewTurn>,
}

/// Lays out blocks as the document text. `case_for` names the participant
/// case of each speaker label.
pub(crate) fn render(blocks: &[Block], case_for: impl Fn(&str) -> Option<NewCase>) -> Rendered {
    let mut out = String::new();
    let mut pos = 0usize;
    let mut turns = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
            pos += 1;
        }
        match block {
            Block::Turn {
                speaker,
                text,
                start_ms,
            } => {
                let start = pos;
                out.push_str(speaker);
                out.push_str(": ");
                let text_start = start + text::char_len(speaker) + 2;
                out.push_str(text);
                pos = text_start + text::char_len(text);
                turns.push(NewTurn {
                    speaker: speaker.clone(),
                    start,
                    text_start,
                    end: pos,
                    start_ms: *start_ms,
                    case: case_for(speaker),
                });
            }
            Block::Plain(text) => {
                out.push_str(text);
                pos += text::char_len(text);
            }
        }
    }
    Rendered { text: out, turns }
}

/// The participant case of a speaker in one document. The same label in two
/// focus groups is two people, so the name is qualified by the document.
pub(crate) fn participant(document: &str, speaker: &str) -> NewCase {
    NewCase {
        name: format!("{document} / {speaker}"),
        kind: CaseKind::Participant,
        attributes: speaker_attributes(speaker),
    }
}

/// Labels that name the person leading the conversation.
const INTERVIEWER_LABELS: &[&str] = &[
    "intervjuare",
    "intervjuaren",
    "moderator",
    "samtalsledare",
    "interviewer",
    "facilitator",
];

/// Labels that say someone takes part but not what they do.
const ANONYMOUS_LABELS: &[&str] = &[
    "respondent",
    "deltagare",
    "informant",
    "intervjuperson",
    "ip",
    "person",
    "talare",
    "participant",
    "speaker",
];

/// Endings of Swedish job titles: a single-word label with one of these is
/// taken to name a profession ("Sjuksköterska", "Arbetsterapeut"); other
/// single words may be first names and get no Yrke.
const PROFESSION_ENDINGS: &[&str] = &[
    "sköterska",
    "skötare",
    "terapeut",
    "bedömare",
    "sekreterare",
    "pedagog",
    "log",
    "nom",
    "läkare",
    "assistent",
    "ledare",
    "kurator",
    "polis",
    "gymnast",
    "chef",
    "handläggare",
    "samordnare",
    "barnmorska",
    "dietist",
    "stödjare",
    "biträde",
    "konsulent",
    "rådgivare",
    "ombud",
    "arbetare",
    "tolk",
    "coach",
    "medarbetare",
    "strateg",
    "utvecklare",
    "specialist",
    "apotekare",
    "förskollärare",
    "lärare",
];

/// Whether a speaker label names a role rather than a person: the
/// interviewer, an anonymous participant ("Deltagare B", "IP3"), a
/// profession ("Sjuksköterska 2", "Biståndsbedömare"), or anything
/// numbered (names are not). Any other label ("Anna", "Karin Lund") may be
/// a person's name, so an attribution never prints it.
pub fn reads_as_role(label: &str) -> bool {
    let Some(first) = label.split_whitespace().next() else {
        return false;
    };
    let lower = first.trim_end_matches([',', '.']).to_lowercase();
    label.chars().any(|c| c.is_ascii_digit())
        || INTERVIEWER_LABELS.contains(&lower.as_str())
        || ANONYMOUS_LABELS.contains(&lower.as_str())
        || PROFESSION_ENDINGS.iter().any(|e| lower.ends_with(e))
}

/// Case attributes that are clear from a speaker label: Roll (interviewer or
/// participant) and, for labels that name a profession, Yrke
/// ("Sjuksköterska 2" → Yrke = Sjuksköterska). "Respondent A" and first
/// names get no Yrke.
pub(crate) fn speaker_attributes(speaker: &str) -> Vec<AttributeValue> {
    let words: Vec<&str> = speaker.split_whitespace().collect();
    // "Undersköterska 2", "Respondent A": a word and a number or letter.
    let base = match words.as_slice() {
        [w] => Some((*w, false)),
        [w, n] if n.chars().all(|c| c.is_ascii_digit()) || n.chars().count() == 1 => {
            Some((*w, true))
        }
        _ => None,
    };
    let lower = base.map(|(w, _)| w.to_lowercase());
    if lower
        .as_deref()
        .is_some_and(|w| INTERVIEWER_LABELS.contains(&w))
    {
        return vec![AttributeValue::category("Roll", "Intervjuare")];
    }
    let mut attributes = vec![AttributeValue::category("Roll", "Deltagare")];
    if let (Some((word, numbered)), Some(lower)) = (base, lower) {
        let starts_upper = word.chars().next().is_some_and(char::is_uppercase);
        let all_letters = word.chars().all(|c| c.is_alphabetic() || c == '-');
        let anonymous = ANONYMOUS_LABELS.contains(&lower.as_str());
        let professional = PROFESSION_ENDINGS.iter().any(|e| lower.ends_with(e));
        // Names are not numbered, so "Word 2" names a role; a lone word only
        // if it reads as a job title.
        if starts_upper
            && all_letters
            && !anonymous
            && (professional || numbered && word.chars().count() > 3)
        {
            attributes.push(AttributeValue::category("Yrke", word));
        }
    }
    attributes
}

/// Splits a `Speaker: text` line. The label must look like one: it starts
/// with a capital letter, has at most five words (each but the first
/// starting with a capital, a digit or a bracket) and no sentence
/// punctuation, and the colon is followed by white space or the end of the
/// line. Markdown bold around the label (`**Anna:**`) is allowed.
pub(crate) fn split_label(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start();
    for mark in ["**", "__"] {
        if let Some(inner) = line.strip_prefix(mark) {
            let close = inner.find(mark)?;
            let (label, after) = (&inner[..close], &inner[close + mark.len()..]);
            let (label, after) = match label.trim_end().strip_suffix(':') {
                Some(l) => (l, after),
                None => (label, after.strip_prefix(':')?),
            };
            return is_label(label.trim()).then(|| (label.trim(), after.trim()));
        }
    }
    let colon = line.find(':')?;
    let (label, after) = (&line[..colon], &line[colon + 1..]);
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    let label = label.trim();
    is_label(label).then(|| (label, after.trim()))
}

fn is_label(label: &str) -> bool {
    let mut chars = label.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_alphabetic() || first.is_lowercase() || label.chars().count() > 60 {
        return false;
    }
    let allowed = |c: char| c.is_alphanumeric() || c == ' ' || ".-'’()/&_".contains(c);
    if !label.chars().all(allowed) {
        return false;
    }
    let words: Vec<&str> = label.split(' ').filter(|w| !w.is_empty()).collect();
    words.len() <= 5
        && words
            .iter()
            .skip(1)
            .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()) || w.chars().count() == 1)
}

/// A clock time `[h]h:mm:ss[.mmm]` or `m:ss[.mmm]` (`,` also separates the
/// fraction, as in SRT) in milliseconds. Minutes and seconds must be below 60.
pub(crate) fn parse_clock(s: &str) -> Option<u64> {
    let (whole, fraction) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let parts: Vec<&str> = whole.split(':').collect();
    let number = |p: &str, max_len: usize| -> Option<u64> {
        (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())?
    };
    let (h, m, sec) = match parts.as_slice() {
        [h, m, s] if m.len() == 2 && s.len() == 2 => (number(h, 4)?, number(m, 2)?, number(s, 2)?),
        [m, s] if s.len() == 2 => (0, number(m, 2)?, number(s, 2)?),
        _ => return None,
    };
    if m >= 60 || sec >= 60 {
        return None;
    }
    let ms = match fraction {
        None => 0,
        Some(f) if !f.is_empty() && f.len() <= 3 && f.bytes().all(|b| b.is_ascii_digit()) => {
            let n: u64 = f.parse().ok()?;
            n * 10u64.pow(3 - f.len() as u32)
        }
        Some(_) => return None,
    };
    Some(((h * 60 + m) * 60 + sec) * 1000 + ms)
}

/// Strips a leading `[hh:mm:ss]` or `(hh:mm:ss)` time stamp, or a bare
/// `hh:mm:ss` when a speaker label follows it.
pub(crate) fn strip_timestamp(line: &str) -> (Option<u64>, &str) {
    let trimmed = line.trim_start();
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(rest) = trimmed.strip_prefix(open)
            && let Some(end) = rest.find(close)
            && let Some(ms) = parse_clock(rest[..end].trim())
        {
            return (Some(ms), rest[end + 1..].trim_start());
        }
    }
    let token_end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
    if let Some(ms) = parse_clock(&trimmed[..token_end]) {
        let rest = trimmed[token_end..].trim_start();
        if split_label(rest).is_some() {
            return (Some(ms), rest);
        }
    }
    (None, trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_recognised_and_sentences_are_not() {
        assert_eq!(
            split_label("Sjuksköterska 2: Ja, precis."),
            Some(("Sjuksköterska 2", "Ja, precis."))
        );
        assert_eq!(split_label("Respondent A:"), Some(("Respondent A", "")));
        assert_eq!(
            split_label("**Intervjuare:** Välkomna"),
            Some(("Intervjuare", "Välkomna"))
        );
        assert_eq!(
            split_label("**Intervjuare**: Välkomna"),
            Some(("Intervjuare", "Välkomna"))
        );
        assert_eq!(split_label("Det viktiga är: att vi samverkar"), None);
        assert_eq!(split_label("Ja, alltså: så är det"), None);
        assert_eq!(split_label("Kl 10:30 började vi"), None);
        assert_eq!(split_label("https://example.se"), None);
        assert_eq!(split_label("ingen: etikett"), None);
    }

    #[test]
    fn clock_times_parse_with_and_without_hours() {
        assert_eq!(parse_clock("00:01:20"), Some(80_000));
        assert_eq!(parse_clock("1:02:03.5"), Some(3_723_500));
        assert_eq!(parse_clock("00:00:04,120"), Some(4_120));
        assert_eq!(parse_clock("02:03.004"), Some(123_004));
        assert_eq!(parse_clock("00:61:00"), None);
        assert_eq!(parse_clock("99999999999999999999:00:00"), None);
        assert_eq!(parse_clock("1:2:3"), None);
        assert_eq!(
            strip_timestamp("[00:00:36] Arbetsterapeut 1: Jag"),
            (Some(36_000), "Arbetsterapeut 1: Jag")
        );
        assert_eq!(
            strip_timestamp("00:00:36 Anna: Ja"),
            (Some(36_000), "Anna: Ja")
        );
        assert_eq!(
            strip_timestamp("12:30 kom vi dit"),
            (None, "12:30 kom vi dit")
        );
    }

    #[test]
    fn speaker_attributes_where_clear() {
        let yrke = |label: &str| {
            speaker_attributes(label)
                .into_iter()
                .find(|a| a.name == "Yrke")
                .map(|a| a.value)
        };
        assert_eq!(yrke("Sjuksköterska 2").as_deref(), Some("Sjuksköterska"));
        assert_eq!(yrke("Sjuksköterska").as_deref(), Some("Sjuksköterska"));
        assert_eq!(yrke("Polis").as_deref(), Some("Polis"));
        assert_eq!(yrke("Respondent A"), None);
        assert_eq!(yrke("Anna"), None);
        assert_eq!(yrke("Anna Svensson"), None);
        assert_eq!(
            speaker_attributes("Intervjuare"),
            vec![AttributeValue::category("Roll", "Intervjuare")]
        );
    }

    #[test]
    fn same_speaker_pieces_merge_only_when_asked() {
        let mut t = Transcript::new(Merge::SameSpeaker);
        t.said("Anna", "Hej", Some(1));
        t.said("Anna", "igen", Some(2));
        t.unlabelled("och  mer");
        t.said("Bo", "", None);
        let blocks = t.finish();
        assert_eq!(
            blocks,
            vec![Block::Turn {
                speaker: "Anna".into(),
                text: "Hej igen och mer".into(),
                start_ms: Some(1)
            }]
        );
        let r = render(&blocks, |_| None);
        assert_eq!(r.text, "Anna: Hej igen och mer");
        assert_eq!(
            (r.turns[0].start, r.turns[0].text_start, r.turns[0].end),
            (0, 6, 22)
        );
    }
}
