//! Projects at three sizes for the scale benchmark, written through the real
//! API into a project file:
//!
//! - **S**: the shared corpus (14 focus groups, 8 interviews, the survey),
//!   imported with `tematik::import`;
//! - **M**: about 1M words: 150 generated focus groups and 5,000 survey
//!   answers;
//! - **L**: about 5M words: 120 focus groups of 10k–50k words (one of 60k)
//!   and 25,000 survey answers.
//!
//! Every size gets the NVOS codebook extended to about 200 codes (themes →
//! subthemes → codes, codes with default tags), and about one coding per
//! 100 words on sentences of participants' turns and answers, each with its
//! own focus area and (mostly) its own level. Deterministic for a seed,
//! except for ids and times.

use super::Rng;
use super::swedish::Swedish;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tematik::import::{self, QuestionColumn, SurveyMapping, TranscriptOptions};
use tematik::storage::{
    AttributeValue, CodeSpan, NewCase, NewCode, NewDocument, NewSource, NewTurn,
};
use tematik::{
    CaseKind, CodeId, CoderId, DocumentId, DocumentKind, Project, SystemClock, TagValueId, Template,
};

/// A project size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    /// The shared corpus.
    S,
    /// About 1M words.
    M,
    /// About 5M words.
    L,
}

impl Size {
    /// All sizes, smallest first.
    pub const ALL: [Size; 3] = [Size::S, Size::M, Size::L];

    /// Parses "S", "m" ….
    pub fn parse(s: &str) -> Option<Size> {
        match s.trim().to_ascii_uppercase().as_str() {
            "S" => Some(Size::S),
            "M" => Some(Size::M),
            "L" => Some(Size::L),
            _ => None,
        }
    }

    /// "S", "M" or "L".
    pub fn name(self) -> &'static str {
        match self {
            Size::S => "S",
            Size::M => "M",
            Size::L => "L",
        }
    }
}

/// Generated material of one size.
struct Spec {
    transcripts: usize,
    /// Words per transcript, uniform in [min, max).
    words: (usize, usize),
    /// Words of the first transcript, if it is an outlier.
    largest: Option<usize>,
    respondents: usize,
}

fn spec(size: Size) -> Option<Spec> {
    match size {
        Size::S => None,
        Size::M => Some(Spec {
            transcripts: 150,
            words: (4_000, 6_700),
            largest: None,
            respondents: 1_000,
        }),
        Size::L => Some(Spec {
            transcripts: 120,
            words: (10_000, 50_000),
            largest: Some(60_000),
            respondents: 5_000,
        }),
    }
}

/// The shared corpus, beside the repository.
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"))
}

/// The corpus transcripts: 14 focus groups and 8 interviews.
pub fn corpus_transcripts() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for folder in ["focusgroups", "interviews"] {
        let mut in_folder: Vec<PathBuf> = std::fs::read_dir(corpus_dir().join(folder))
            .expect("the shared corpus is beside the repository (../shared/corpus)")
            .map(|e| e.unwrap().path())
            .collect();
        in_folder.sort();
        files.extend(in_folder);
    }
    files
}

/// The corpus survey CSV.
pub fn corpus_survey() -> PathBuf {
    corpus_dir().join("survey/nvos-enkat-2022-2023.csv")
}

/// How the corpus survey's columns map.
pub fn corpus_mapping() -> SurveyMapping {
    let question = |column: &str, focus: &str| QuestionColumn {
        column: column.into(),
        focus: Some(focus.into()),
    };
    SurveyMapping {
        id: "Respondent-ID".into(),
        round: Some("Omgång".into()),
        attributes: vec![
            "Kommun".into(),
            "Kommunstorlek".into(),
            "Verksamhetsområde".into(),
        ],
        questions: vec![
            question("Samverkan – fungerar väl", "samverkan"),
            question("Samverkan – bör utvecklas", "samverkan"),
            question("Personcentrering – fungerar väl", "personcentrering"),
            question("Personcentrering – bör utvecklas", "personcentrering"),
            question("Digitalisering – fungerar väl", "digitalisering"),
            question("Digitalisering – bör utvecklas", "digitalisering"),
        ],
        sheet: None,
    }
}

/// Imports the shared corpus (transcripts and survey) into `project`.
pub fn import_corpus(project: &mut Project, by: CoderId) {
    for o in import::import_transcripts(
        project,
        by,
        &corpus_transcripts(),
        &TranscriptOptions::default(),
    ) {
        if let Err(e) = o.outcome {
            panic!("{}: {e}", o.path.display());
        }
    }
    import::import_survey(project, by, &corpus_survey(), &corpus_mapping()).unwrap();
}

const KOMMUNER: &[(&str, &str)] = &[
    ("Linköping", "Stor"),
    ("Norrköping", "Stor"),
    ("Motala", "Mellanstor"),
    ("Mjölby", "Mellanstor"),
    ("Finspång", "Mellanstor"),
    ("Kinda", "Liten"),
    ("Ydre", "Liten"),
    ("Ödeshög", "Liten"),
    ("Boxholm", "Liten"),
    ("Valdemarsvik", "Liten"),
    ("Söderköping", "Liten"),
    ("Vadstena", "Liten"),
    ("Åtvidaberg", "Liten"),
];

const PROFESSIONS: &[&str] = &[
    "Sjuksköterska",
    "Undersköterska",
    "Arbetsterapeut",
    "Fysioterapeut",
    "Biståndshandläggare",
    "Enhetschef",
    "Distriktsläkare",
    "Kurator",
    "Dietist",
    "Vårdbiträde",
];

const VERKSAMHETER: &[&str] = &[
    "Äldreomsorg",
    "Funktionsstöd",
    "Kommunal hälso- och sjukvård",
    "Individ- och familjeomsorg",
];

const QUESTIONS: &[(&str, &str)] = &[
    ("Samverkan – fungerar väl", "samverkan"),
    ("Samverkan – bör utvecklas", "samverkan"),
    ("Personcentrering – fungerar väl", "personcentrering"),
    ("Digitalisering – fungerar väl", "digitalisering"),
    ("Digitalisering – bör utvecklas", "digitalisering"),
];

const INTERVIEWER: &str = "Intervjuare";

fn source(name: &str, n: usize) -> NewSource {
    NewSource {
        file_name: name.to_owned(),
        sha256: format!("{:064x}", 0x0005_CA1E_0000_0000_u64 + n as u64),
        format: "txt".into(),
    }
}

/// One generated focus-group transcript of about `words` words.
fn transcript(sv: &Swedish, rng: &mut Rng, n: usize, words: usize) -> NewDocument {
    let round = 2022 + n % 2;
    let name = format!("fokusgrupp-{round}-team{:03}", n + 1);
    let (kommun, size) = KOMMUNER[rng.below(KOMMUNER.len())];
    // Four to seven participants; a repeated profession is numbered.
    let mut speakers: Vec<(String, &str)> = Vec::new();
    let count = 4 + rng.below(4);
    let chosen: Vec<&str> = (0..count)
        .map(|_| PROFESSIONS[rng.below(PROFESSIONS.len())])
        .collect();
    for (i, p) in chosen.iter().enumerate() {
        let same = chosen.iter().filter(|q| *q == p).count();
        let label = if same > 1 {
            let k = chosen[..=i].iter().filter(|q| *q == p).count();
            format!("{p} {k}")
        } else {
            p.to_string()
        };
        speakers.push((label, p));
    }
    let case = |speaker: &str, profession: Option<&str>| NewCase {
        name: format!("{name} / {speaker}"),
        kind: CaseKind::Participant,
        attributes: profession
            .map(|p| vec![AttributeValue::category("Yrke", p)])
            .unwrap_or_default(),
    };
    let (mut text, mut turns) = (String::new(), Vec::new());
    let (mut pos, mut written, mut previous) = (0usize, 0usize, usize::MAX);
    while written < words {
        let interviewer = turns.len() % 7 == 0;
        let who = if interviewer {
            usize::MAX
        } else {
            let mut s = rng.below(speakers.len());
            if s == previous {
                s = (s + 1) % speakers.len();
            }
            s
        };
        previous = who;
        let (label, profession) = match who {
            usize::MAX => (INTERVIEWER, None),
            s => (speakers[s].0.as_str(), Some(speakers[s].1)),
        };
        if !turns.is_empty() {
            text.push('\n');
            pos += 1;
        }
        let start = pos;
        text.push_str(label);
        text.push_str(": ");
        pos += label.chars().count() + 2;
        let text_start = pos;
        let mut body = String::new();
        let turn_words = if interviewer {
            6 + rng.below(20)
        } else {
            10 + rng.below(90).min(rng.below(140))
        };
        written += sv.sentences(rng, &mut body, turn_words, true);
        text.push_str(&body);
        pos += body.chars().count();
        turns.push(NewTurn {
            speaker: label.to_owned(),
            start,
            text_start,
            end: pos,
            start_ms: Some(turns.len() as u64 * 20_000),
            case: Some(case(label, profession)),
        });
    }
    NewDocument {
        name,
        kind: DocumentKind::FocusGroup,
        text,
        turns,
        case: None,
        question: None,
        attributes: vec![
            AttributeValue::category("Omgång", &round.to_string()),
            AttributeValue::category("Kommun", kommun),
            AttributeValue::category("Kommunstorlek", size),
            AttributeValue::category("Team", &format!("team{:03}", n + 1)),
        ],
    }
}

/// The survey answers of respondents `from..to`, one round.
fn survey(sv: &Swedish, rng: &mut Rng, from: usize, to: usize, round: usize) -> Vec<NewDocument> {
    let mut docs = Vec::new();
    for r in from..to {
        let id = format!("{}", 300_000_000 + r);
        let (kommun, size) = KOMMUNER[rng.below(KOMMUNER.len())];
        let verksamhet = VERKSAMHETER[rng.below(VERKSAMHETER.len())];
        for (question, focus) in QUESTIONS {
            let mut answer = String::new();
            let words = 5 + rng.below(120).min(rng.below(120));
            sv.sentences(rng, &mut answer, words, false);
            match rng.below(40) {
                0 => answer.push_str(" 😊"),
                1 => answer.push_str(" Se https://www.example.se/rutin för mer."),
                _ => {}
            }
            docs.push(NewDocument {
                name: format!("{id} ({round}) – {question}"),
                kind: DocumentKind::SurveyAnswer,
                text: answer,
                turns: Vec::new(),
                case: Some(NewCase {
                    name: id.clone(),
                    kind: CaseKind::Respondent,
                    attributes: vec![
                        AttributeValue::category("Kommun", kommun),
                        AttributeValue::category("Kommunstorlek", size),
                        AttributeValue::category("Verksamhetsområde", verksamhet),
                    ],
                }),
                question: Some(question.to_string()),
                attributes: vec![
                    AttributeValue::category("Fokusområde", focus),
                    AttributeValue::category("Omgång", &round.to_string()),
                ],
            });
        }
    }
    docs
}

const SUBTHEMES: &[&str] = &[
    "Organisering",
    "Arbetssätt",
    "Förutsättningar",
    "Relationer",
    "Kunskap",
    "Tillgänglighet",
];

const CODE_NAMES: &[&str] = &[
    "Tid för möten",
    "Brist på personal",
    "Gemensam dokumentation",
    "Tydliga roller",
    "Fast vårdkontakt",
    "Digitala möten",
    "Anhörigas roll",
    "Trygghet i hemmet",
    "Kontinuitet",
    "Snabba beslut",
    "Samordnad individuell plan",
    "Utskrivning från sjukhus",
    "Kompetensutveckling",
    "Ledningens stöd",
    "Olika journalsystem",
    "Brukarens egna mål",
    "Bemötande",
    "Språk och tolk",
    "Ensamhet",
    "Psykisk ohälsa",
    "Mobila team",
    "Hembesök",
    "Läkemedelshantering",
    "Rehabilitering i hemmet",
    "Ekonomi och budget",
    "Politiska beslut",
    "Samlokalisering",
    "Informationsöverföring",
    "Förtroende mellan yrkesgrupper",
    "Flexibla insatser",
];

/// Tag values of the NVOS dimensions, by key.
struct Tags {
    levels: Vec<TagValueId>,
    focus: Vec<TagValueId>,
}

fn tags(p: &Project) -> Tags {
    let dims = p.dimensions().unwrap();
    let values = |key: &str| -> Vec<TagValueId> {
        dims.iter()
            .find(|d| d.key == key)
            .expect("the NVOS template defines niva and fokusomrade")
            .values
            .iter()
            .map(|v| v.id)
            .collect()
    };
    Tags {
        levels: values("niva"),
        focus: values("fokusomrade"),
    }
}

/// Extends the NVOS tree to three subthemes per theme and ten codes per
/// subtheme (about 200 nodes); codes get a default level and focus area.
/// Returns (codes, subthemes).
fn code_tree(
    p: &mut Project,
    by: CoderId,
    rng: &mut Rng,
    tags: &Tags,
) -> (Vec<CodeId>, Vec<CodeId>) {
    let tree = p.code_tree().unwrap();
    let themes: Vec<CodeId> = tree
        .iter()
        .filter(|n| n.depth == 0)
        .map(|n| n.code.id)
        .collect();
    let mut subthemes = Vec::new();
    for theme in themes {
        let mut children: Vec<CodeId> = tree
            .iter()
            .filter(|n| n.code.parent_id == Some(theme))
            .map(|n| n.code.id)
            .collect();
        for name in SUBTHEMES {
            if children.len() >= 3 {
                break;
            }
            let new = NewCode {
                name: name.to_string(),
                parent_id: Some(theme),
                ..Default::default()
            };
            children.push(p.create_code(by, new).unwrap());
        }
        subthemes.extend(children);
    }
    let mut codes = Vec::new();
    for (k, sub) in subthemes.iter().enumerate() {
        for i in 0..10 {
            let new = NewCode {
                name: CODE_NAMES[(k * 7 + i) % CODE_NAMES.len()].to_owned(),
                parent_id: Some(*sub),
                default_tags: vec![
                    tags.levels[rng.below(tags.levels.len())],
                    tags.focus[rng.below(tags.focus.len())],
                ],
                ..Default::default()
            };
            codes.push(p.create_code(by, new).unwrap());
        }
    }
    (codes, subthemes)
}

/// Sentences of the text `[from, to)` (code points) as spans, leading
/// spaces skipped.
fn sentences(chars: &[char], from: usize, to: usize, out: &mut Vec<(usize, usize)>) {
    let mut start = from;
    let mut i = from;
    while i < to {
        let c = chars[i];
        let ends = matches!(c, '.' | '?' | '!' | '…') && (i + 1 == to || chars[i + 1] == ' ');
        if ends || i + 1 == to {
            while start <= i && chars[start].is_whitespace() {
                start += 1;
            }
            if i + 1 > start + 1 {
                out.push((start, i + 1));
            }
            start = i + 1;
        }
        i += 1;
    }
}

/// About one coding per 100 words: one to three consecutive sentences of a
/// participant's turn or of an answer, coded by one of the coders with a
/// code (Zipf-like popularity; some on subthemes), with its own focus area
/// and, four times in five, its own level (else the code's default).
fn code(
    p: &mut Project,
    coders: &[CoderId],
    rng: &mut Rng,
    tags: &Tags,
    (codes, subthemes): (Vec<CodeId>, Vec<CodeId>),
) {
    // Passages: (document, sentences of one turn or answer).
    let mut passages: Vec<(DocumentId, Vec<(usize, usize)>)> = Vec::new();
    let mut total_sentences = 0;
    for d in p.documents().unwrap() {
        let doc = p.document(d.id).unwrap();
        let chars: Vec<char> = doc.text.chars().collect();
        let mut ranges: Vec<(usize, usize)> = doc
            .turns
            .iter()
            .filter(|t| t.speaker != INTERVIEWER && !t.speaker.starts_with("Intervju"))
            .map(|t| (t.text_start, t.end))
            .collect();
        if doc.turns.is_empty() {
            ranges.push((0, chars.len()));
        }
        for (from, to) in ranges {
            let mut s = Vec::new();
            sentences(&chars, from, to, &mut s);
            if !s.is_empty() {
                total_sentences += s.len();
                passages.push((d.id, s));
            }
        }
    }
    let words = p.info().unwrap().counts.words as usize;
    let wanted = words / 100;
    // Flat index of sentences, to draw uniformly over the text.
    let mut index: Vec<(u32, u32)> = Vec::with_capacity(total_sentences);
    for (i, (_, s)) in passages.iter().enumerate() {
        for j in 0..s.len() {
            index.push((i as u32, j as u32));
        }
    }
    // Codes in a scrambled order, drawn by Zipf-like weights 1/rank.
    let mut order: Vec<CodeId> = codes;
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let weights: Vec<f64> = (0..order.len()).map(|r| 1.0 / (r + 1) as f64).collect();
    let total: f64 = weights.iter().sum();
    let mut acc = 0.0;
    let cumulative: Vec<f64> = weights
        .iter()
        .map(|w| {
            acc += w / total;
            acc
        })
        .collect();
    let mut spans = Vec::with_capacity(wanted);
    for _ in 0..wanted {
        let (pi, si) = index[rng.below(index.len())];
        let (doc, s) = &passages[pi as usize];
        let last = (si as usize + rng.below(3).min(rng.below(3))).min(s.len() - 1);
        let code_id = if rng.below(20) == 0 {
            subthemes[rng.below(subthemes.len())]
        } else {
            let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
            order[cumulative.partition_point(|c| *c < u).min(order.len() - 1)]
        };
        let mut own = vec![tags.focus[rng.below(tags.focus.len())]];
        if rng.below(4) == 0 {
            own.push(tags.focus[rng.below(tags.focus.len())]);
            own.dedup();
        }
        if rng.below(5) != 0 {
            own.push(tags.levels[rng.below(tags.levels.len())]);
        }
        spans.push(CodeSpan {
            document_id: *doc,
            start: s[si as usize].0,
            end: s[last].1,
            code_id,
            tags: own,
        });
    }
    for (i, batch) in spans.chunks(2_500).enumerate() {
        p.code_spans(coders[i % coders.len()], batch.to_vec())
            .unwrap();
    }
}

/// Writes a project of `size` to `path` (which must not exist).
pub fn generate(size: Size, path: &Path) -> Project {
    let mut rng = Rng(0x5CA1_E000 + size as u64);
    let sv = Swedish::new();
    let mut p = Project::create(
        path,
        &format!("Skala {}", size.name()),
        Arc::new(SystemClock),
    )
    .unwrap();
    let coders: Vec<CoderId> = ["Anna", "Bengt", "Cecilia"]
        .iter()
        .map(|n| p.ensure_throwaway_coder(n).unwrap())
        .collect();
    let by = coders[0];
    tematik::template::apply(&mut p, by, Template::Nvos).unwrap();
    let tags = tags(&p);
    let tree = code_tree(&mut p, by, &mut rng, &tags);
    match spec(size) {
        None => import_corpus(&mut p, by),
        Some(spec) => {
            for n in 0..spec.transcripts {
                let words = match (n, spec.largest) {
                    (0, Some(w)) => w,
                    _ => spec.words.0 + rng.below(spec.words.1 - spec.words.0),
                };
                let doc = transcript(&sv, &mut rng, n, words);
                p.import(by, source(&format!("{}.txt", doc.name), n), vec![doc])
                    .unwrap();
            }
            let half = spec.respondents / 2;
            for (round, (from, to)) in [(2022, (0, half)), (2023, (half, spec.respondents))] {
                let docs = survey(&sv, &mut rng, from, to, round);
                p.import(
                    by,
                    source(&format!("enkat-{round}.csv"), 100_000 + round),
                    docs,
                )
                .unwrap();
            }
        }
    }
    code(&mut p, &coders, &mut rng, &tags, tree);
    p
}
