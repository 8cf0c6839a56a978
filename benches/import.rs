//! Import benchmark: the whole shared corpus (14 focus groups, 8 interviews
//! and the survey) into a new project, and 10,000 generated survey answers
//! into a new project. Target (release build): under 2 s each. Projects are
//! files on disk (WAL, fsync), as the app uses them.
//!
//! Run: `cargo bench --bench import`. Prints a table; asserts nothing but
//! that the imports succeed.

mod common;

use common::{Rng, WORDS, percentile};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tematik::import::{self, QuestionColumn, SurveyMapping, TranscriptOptions};
use tematik::{CoderId, Project, SystemClock};

const RUNS: usize = 7;
const TARGET_MS: f64 = 2000.0;

const KOMMUNER: &[(&str, &str)] = &[
    ("Linköping", "Stor"),
    ("Norrköping", "Stor"),
    ("Motala", "Mellanstor"),
    ("Mjölby", "Mellanstor"),
    ("Finspång", "Mellanstor"),
    ("Kinda", "Liten"),
    ("Ydre", "Liten"),
    ("Ödeshög", "Liten"),
];

fn corpus() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"))
}

fn files_in(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus().join(folder))
        .expect("the shared corpus is beside the repository")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn corpus_mapping() -> SurveyMapping {
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

/// A survey export with `respondents` rows and five free-text questions,
/// every answer filled in: `5 * respondents` answers.
fn generated_survey(respondents: usize) -> (Vec<u8>, SurveyMapping) {
    let mut rng = Rng(0x5EED_1234_ABCD);
    let questions: Vec<String> = (1..=5).map(|i| format!("Fråga {i} – fritext")).collect();
    let mut csv = String::from("\u{feff}Respondent-ID;Omgång;Kommun;Kommunstorlek");
    for q in &questions {
        csv.push(';');
        csv.push_str(q);
    }
    csv.push_str("\r\n");
    for r in 0..respondents {
        let (kommun, size) = KOMMUNER[rng.below(KOMMUNER.len())];
        csv.push_str(&format!(
            "{};{};{kommun};{size}",
            200_000_000 + r,
            2022 + r % 2
        ));
        for _ in &questions {
            let words: Vec<&str> = (0..5 + rng.below(60))
                .map(|_| WORDS[rng.below(WORDS.len())])
                .collect();
            let mut answer = words.join(" ");
            if rng.below(10) == 0 {
                answer.push_str("; och \"mer\"\npå en ny rad.");
            }
            csv.push_str(&format!(";\"{}\"", answer.replace('"', "\"\"")));
        }
        csv.push_str("\r\n");
    }
    let mapping = SurveyMapping {
        id: "Respondent-ID".into(),
        round: Some("Omgång".into()),
        attributes: vec!["Kommun".into(), "Kommunstorlek".into()],
        questions: questions
            .iter()
            .map(|q| QuestionColumn::parse(&format!("{q}=samverkan")))
            .collect(),
        sheet: None,
    };
    (csv.into_bytes(), mapping)
}

fn new_project(dir: &Path, name: &str) -> (Project, CoderId) {
    let mut project = Project::create(dir.join(name), "bench", Arc::new(SystemClock)).unwrap();
    let by = project.ensure_throwaway_coder("Bench").unwrap();
    (project, by)
}

fn row(name: &str, mut samples: Vec<Duration>, target_ms: Option<f64>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (p50, min, max) = (
        ms(percentile(&samples, 0.5)),
        ms(samples[0]),
        ms(*samples.last().unwrap()),
    );
    match target_ms {
        Some(t) => {
            let verdict = if max <= t { "yes" } else { "NO" };
            println!("{name:<58} {min:>9.1} {p50:>9.1} {max:>9.1} {t:>9.0}  {verdict}");
        }
        None => println!("{name:<58} {min:>9.1} {p50:>9.1} {max:>9.1}"),
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut transcripts = files_in("focusgroups");
    transcripts.extend(files_in("interviews"));
    assert_eq!(transcripts.len(), 22, "14 focus groups and 8 interviews");
    let survey_csv = corpus().join("survey/nvos-enkat-2022-2023.csv");
    let survey_xlsx = corpus().join("survey/nvos-enkat-2022-2023.xlsx");
    let mapping = corpus_mapping();
    let (generated, generated_mapping) = generated_survey(2_000);
    let generated_path = dir.path().join("generated-10000.csv");
    std::fs::write(&generated_path, &generated).unwrap();

    let mut corpus_runs = Vec::new();
    let mut corpus_parse = Vec::new();
    let mut xlsx_runs = Vec::new();
    let mut generated_runs = Vec::new();
    let mut generated_parse = Vec::new();
    let mut corpus_words = 0;
    let mut generated_docs = 0;
    for run in 0..RUNS {
        // The shared corpus: 22 transcripts and the survey CSV, one project.
        let (mut project, by) = new_project(dir.path(), &format!("corpus-{run}.tematik"));
        let start = Instant::now();
        let outcomes = import::import_transcripts(
            &mut project,
            by,
            &transcripts,
            &TranscriptOptions::default(),
        );
        let survey = import::import_survey(&mut project, by, &survey_csv, &mapping).unwrap();
        corpus_runs.push(start.elapsed());
        for o in &outcomes {
            if let Err(e) = &o.outcome {
                panic!("{e}");
            }
        }
        corpus_words = project.info().unwrap().counts.words;
        assert_eq!(survey.result.documents.len(), 819);
        drop(project);

        let start = Instant::now();
        for path in &transcripts {
            let bytes = std::fs::read(path).unwrap();
            import::prepare_transcript(path, &bytes, &TranscriptOptions::default()).unwrap();
        }
        import::prepare_survey(&survey_csv, &std::fs::read(&survey_csv).unwrap(), &mapping)
            .unwrap();
        corpus_parse.push(start.elapsed());

        // The survey workbook on its own.
        let (mut project, by) = new_project(dir.path(), &format!("xlsx-{run}.tematik"));
        let start = Instant::now();
        import::import_survey(&mut project, by, &survey_xlsx, &mapping).unwrap();
        xlsx_runs.push(start.elapsed());
        drop(project);

        // 10,000 generated answers.
        let (mut project, by) = new_project(dir.path(), &format!("generated-{run}.tematik"));
        let start = Instant::now();
        let imported =
            import::import_survey(&mut project, by, &generated_path, &generated_mapping).unwrap();
        generated_runs.push(start.elapsed());
        generated_docs = imported.result.documents.len();
        drop(project);

        let start = Instant::now();
        import::prepare_survey(&generated_path, &generated, &generated_mapping).unwrap();
        generated_parse.push(start.elapsed());
    }
    assert_eq!(generated_docs, 10_000);

    println!("import benchmark, {RUNS} runs each, new project file on disk per run (ms)");
    println!(
        "{:<58} {:>9} {:>9} {:>9} {:>9}  target met",
        "operation", "min", "p50", "max", "target"
    );
    row(
        &format!("shared corpus: 22 transcripts + survey CSV ({corpus_words} words)"),
        corpus_runs,
        Some(TARGET_MS),
    );
    row(
        "  of which reading and parsing only (nothing written)",
        corpus_parse,
        None,
    );
    row("survey XLSX (819 answers)", xlsx_runs, Some(TARGET_MS));
    row(
        &format!("generated survey CSV: {generated_docs} answers"),
        generated_runs,
        Some(TARGET_MS),
    );
    row(
        "  of which reading and parsing only (nothing written)",
        generated_parse,
        None,
    );
}
