//! WebVTT captions (.vtt), as Teams, Zoom and transcription services write them.
//!
//! The `WEBVTT` header, NOTE/STYLE/REGION blocks, cue identifiers and timing
//! lines are not text. The speaker comes from `<v Name>` voice tags, or
//! failing that from a `Name: ` prefix (Zoom). Consecutive cues of one
//! speaker form one turn; a cue's lines are joined with a space. A turn's
//! time is its first cue's start.

use super::transcript::{Block, Merge, Transcript, parse_clock, split_label};
use super::{Location, Problem, ProblemKind};

/// Parses decoded text into blocks.
pub(crate) fn parse(text: &str) -> Result<Vec<Block>, Problem> {
    let lines: Vec<&str> = text.split('\n').collect();
    let first = lines.first().copied().unwrap_or_default();
    let is_header = first
        .strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
    if !is_header {
        return Err(Problem::at(Location::line(1), ProblemKind::NoWebvttHeader));
    }
    let mut t = Transcript::new(Merge::SameSpeaker);
    let mut i = 0;
    // The header block runs to the first blank line.
    while i < lines.len() && !lines[i].trim().is_empty() {
        i += 1;
    }
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        cue(&lines[start..i], start + 1, &mut t)?;
    }
    let blocks = t.finish();
    if blocks.is_empty() {
        return Err(ProblemKind::NoCueText.into());
    }
    Ok(blocks)
}

/// One block of lines; `line_no` is the 1-based number of its first line.
fn cue(block: &[&str], line_no: usize, t: &mut Transcript) -> Result<(), Problem> {
    let first = block[0].trim();
    let keyword = first.split([' ', '\t']).next().unwrap_or_default();
    if matches!(keyword, "NOTE" | "STYLE" | "REGION") {
        return Ok(());
    }
    let timing_at = if first.contains("-->") {
        0
    } else if block.get(1).is_some_and(|l| l.contains("-->")) {
        1 // a cue identifier first
    } else {
        return Err(Problem::at(
            Location::line(line_no + usize::from(block.len() > 1)),
            ProblemKind::ExpectedVttTiming,
        ));
    };
    let timing_line = line_no + timing_at;
    let start_ms = timing(block[timing_at], timing_line)?;
    let mut payload = String::new();
    for (k, line) in block[timing_at + 1..].iter().enumerate() {
        if line.contains("-->") {
            return Err(Problem::at(
                Location::line(timing_line + 1 + k),
                ProblemKind::ArrowInCueText,
            ));
        }
        payload.push(' ');
        payload.push_str(line);
    }
    let segments = voices(&payload);
    if segments.iter().all(|(voice, _)| voice.is_none()) {
        let text: String = segments.into_iter().map(|(_, s)| s).collect();
        match split_label(&text) {
            Some((speaker, said)) => t.said(speaker, said, Some(start_ms)),
            None => t.unlabelled(&text),
        }
        return Ok(());
    }
    for (voice, text) in segments {
        match voice {
            Some(v) => t.said(&v, &text, Some(start_ms)),
            None => t.unlabelled(&text),
        }
    }
    Ok(())
}

/// Parses `start --> end [settings]`, returning the start in milliseconds.
fn timing(line: &str, line_no: usize) -> Result<u64, Problem> {
    let at = || Location::line(line_no);
    let (left, right) = line.split_once("-->").unwrap_or((line, ""));
    let end_text = right.split_whitespace().next().unwrap_or_default();
    let stamp = |s: &str| {
        // WebVTT writes the fraction with a full stop; SRT's comma is an error here.
        (s.contains('.') && !s.contains(','))
            .then(|| parse_clock(s))
            .flatten()
            .ok_or_else(|| {
                Problem::at(
                    at(),
                    ProblemKind::BadVttTime {
                        value: s.to_owned(),
                    },
                )
            })
    };
    let start = stamp(left.trim())?;
    let end = stamp(end_text)?;
    if end < start {
        return Err(Problem::at(at(), ProblemKind::CueEndsBeforeStart));
    }
    Ok(start)
}

/// Splits cue text into (voice, text) runs, dropping other tags and
/// decoding character references.
fn voices(payload: &str) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    let mut voice: Option<String> = None;
    let mut buf = String::new();
    let mut rest = payload;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => match rest.find('>') {
                Some(end) => {
                    let tag = &rest[1..end];
                    if let Some(name) = voice_name(tag) {
                        flush(&mut out, &voice, &mut buf);
                        voice = Some(name);
                    } else if tag.trim() == "/v" {
                        flush(&mut out, &voice, &mut buf);
                        voice = None;
                    }
                    rest = &rest[end + 1..];
                }
                None => {
                    buf.push('<');
                    rest = &rest[1..];
                }
            },
            '&' => {
                let (decoded, used) = entity(rest);
                buf.push_str(decoded);
                rest = &rest[used..];
            }
            _ => {
                buf.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    flush(&mut out, &voice, &mut buf);
    out
}

fn flush(out: &mut Vec<(Option<String>, String)>, voice: &Option<String>, buf: &mut String) {
    if !buf.trim().is_empty() {
        out.push((voice.clone(), std::mem::take(buf)));
    }
    buf.clear();
}

/// `v Name` or `v.class Name` → Name.
fn voice_name(tag: &str) -> Option<String> {
    let rest = tag.strip_prefix('v')?;
    if !(rest.starts_with('.') || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let name = rest
        .split_once([' ', '\t'])
        .map(|(_, n)| n.trim())
        .unwrap_or_default();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Decodes a character reference at the start of `s`; returns the text and
/// how many bytes were used. An unknown reference stays as written.
fn entity(s: &str) -> (&'static str, usize) {
    const NAMED: &[(&str, &str)] = &[
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&nbsp;", " "),
        ("&lrm;", ""),
        ("&rlm;", ""),
        ("&quot;", "\""),
        ("&apos;", "'"),
    ];
    for (name, text) in NAMED {
        if s.starts_with(name) {
            return (text, name.len());
        }
    }
    ("&", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voices_cues_and_identifiers() {
        let text = "WEBVTT\nKind: captions\n\nNOTE a comment\nover lines\n\nab12/1-0\n00:00:04.000 --> 00:00:06.500 align:start\n<v Intervjuare>Välkomna &amp; tack</v>\n\n00:06.500 --> 00:09.000\n<v Intervjuare>för att ni</v>\n<v Intervjuare>kom.\n\n00:00:10.000 --> 00:00:12.000\n<v.loud Anna Berg><i>Tack</i> själv.</v>";
        let blocks = parse(text).unwrap();
        assert_eq!(
            blocks,
            vec![
                Block::Turn {
                    speaker: "Intervjuare".into(),
                    text: "Välkomna & tack för att ni kom.".into(),
                    start_ms: Some(4000)
                },
                Block::Turn {
                    speaker: "Anna Berg".into(),
                    text: "Tack själv.".into(),
                    start_ms: Some(10_000)
                },
            ]
        );
    }

    #[test]
    fn zoom_style_labels_without_voice_tags() {
        let text = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAnna: Hej\n\n2\n00:00:02.000 --> 00:00:03.000\nAnna: igen";
        assert_eq!(
            parse(text).unwrap(),
            vec![Block::Turn {
                speaker: "Anna".into(),
                text: "Hej igen".into(),
                start_ms: Some(1000)
            }]
        );
    }

    #[test]
    fn malformed_files_name_the_line() {
        let at = |text: &str| parse(text).unwrap_err().at;
        assert_eq!(at("WEBVT\n"), Some(Location::line(1)));
        let bad_time = "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\n<v A>x</v>";
        assert_eq!(
            parse(bad_time).unwrap_err(),
            Problem::at(
                Location::line(3),
                ProblemKind::BadVttTime {
                    value: "00:00:01,000".into()
                }
            )
        );
        let no_timing = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>x</v>\n\nid\njust text";
        assert_eq!(at(no_timing), Some(Location::line(7)));
        let backwards = "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\n<v A>x</v>";
        assert_eq!(
            parse(backwards).unwrap_err().kind,
            ProblemKind::CueEndsBeforeStart
        );
        let missing_blank =
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>x</v>\n00:00:02.000 --> 00:00:03.000";
        assert_eq!(
            parse(missing_blank).unwrap_err(),
            Problem::at(Location::line(5), ProblemKind::ArrowInCueText)
        );
        assert_eq!(
            parse("WEBVTT\n\n").unwrap_err(),
            ProblemKind::NoCueText.into()
        );
    }
}
