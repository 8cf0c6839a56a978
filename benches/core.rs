//! Core benchmark: a project with 100 documents, 500 codes and 20,000
//! codings is opened, and its documents and code tree with counts are listed.
//! Target (release build): under 200 ms. Also times one coding and its undo.
//!
//! Run: `cargo bench --bench core`. Prints a table; asserts nothing.

mod common;

use common::{Rng, WORDS, percentile};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tematik::storage::{CodeSpan, NewCode, NewDocument, NewSource};
use tematik::{DocumentKind, Project, SystemClock};

fn row(name: &str, mut samples: Vec<Duration>, target_ms: f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (p50, p95, max) = (
        ms(percentile(&samples, 0.5)),
        ms(percentile(&samples, 0.95)),
        ms(*samples.last().unwrap()),
    );
    let verdict = if p95 <= target_ms { "yes" } else { "NO" };
    println!("{name:<44} {p50:>9.2} {p95:>9.2} {max:>9.2} {target_ms:>9.1}  {verdict}");
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.tematik");
    let mut rng = Rng(0x7E3A_71C5);
    let build = Instant::now();
    {
        let mut p = Project::create(&path, "Bench", Arc::new(SystemClock)).unwrap();
        let by = p.ensure_throwaway_coder("Bench").unwrap();
        let mut docs = Vec::new();
        for d in 0..100 {
            let text: Vec<&str> = (0..2_000).map(|_| WORDS[rng.below(WORDS.len())]).collect();
            let doc = NewDocument {
                name: format!("dokument-{d:03}"),
                kind: DocumentKind::Text,
                text: text.join(" "),
                turns: vec![],
                case: None,
                question: None,
                attributes: vec![],
            };
            let source = NewSource {
                file_name: format!("d{d}.txt"),
                sha256: format!("{d:064}"),
                format: "txt".into(),
            };
            docs.push((
                p.import(by, source, vec![doc]).unwrap().documents[0],
                2_000 * 6,
            ));
        }
        let mut codes = Vec::new();
        for t in 0..20 {
            let theme = p
                .create_code(
                    by,
                    NewCode {
                        name: format!("Tema {t}"),
                        ..Default::default()
                    },
                )
                .unwrap();
            codes.push(theme);
            for s in 0..4usize {
                let sub = p
                    .create_code(
                        by,
                        NewCode {
                            name: format!("Undertema {t}.{s}"),
                            parent_id: Some(theme),
                            ..Default::default()
                        },
                    )
                    .unwrap();
                codes.push(sub);
                for c in 0..5 {
                    codes.push(
                        p.create_code(
                            by,
                            NewCode {
                                name: format!("Kod {t}.{s}.{c}"),
                                parent_id: Some(sub),
                                ..Default::default()
                            },
                        )
                        .unwrap(),
                    );
                }
            }
        }
        assert_eq!(codes.len(), 500);
        for _batch in 0..4 {
            let spans: Vec<CodeSpan> = (0..5_000)
                .map(|_| {
                    let (doc, len) = docs[rng.below(docs.len())];
                    let start = rng.below(len - 400);
                    CodeSpan {
                        document_id: doc,
                        start,
                        end: start + 20 + rng.below(300),
                        code_id: codes[rng.below(codes.len())],
                        tags: vec![],
                    }
                })
                .collect();
            p.code_spans(by, spans).unwrap();
        }
        let info = p.info().unwrap();
        println!(
            "generated {} documents, {} words, {} codes, {} codings in {:.1} s",
            info.counts.documents,
            info.counts.words,
            info.counts.codes,
            info.counts.codings,
            build.elapsed().as_secs_f64()
        );
    }
    println!(
        "\n{:<44} {:>9} {:>9} {:>9} {:>9}  target met",
        "operation (ms)", "p50", "p95", "max", "target"
    );
    let mut open_list = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let p = Project::open(&path, Arc::new(SystemClock)).unwrap();
        let docs = p.documents().unwrap();
        let tree = p.code_tree().unwrap();
        open_list.push(t.elapsed());
        assert_eq!((docs.len(), tree.len()), (100, 500));
    }
    row(
        "open + document list + code tree with counts",
        open_list,
        200.0,
    );

    let mut p = Project::open(&path, Arc::new(SystemClock)).unwrap();
    let by = p.ensure_throwaway_coder("Bench").unwrap();
    let doc = p.documents().unwrap()[0].id;
    let code = p.code_tree().unwrap()[7].code.id;
    let (mut coding, mut undo) = (Vec::new(), Vec::new());
    for i in 0..50 {
        let t = Instant::now();
        p.code_span(
            by,
            CodeSpan {
                document_id: doc,
                start: 10 * i,
                end: 10 * i + 37,
                code_id: code,
                tags: vec![],
            },
        )
        .unwrap();
        // On disk: the log's sync, which runs beside the caller, included.
        p.wait_durable().unwrap();
        coding.push(t.elapsed());
        let t = Instant::now();
        p.undo(by).unwrap();
        p.wait_durable().unwrap();
        undo.push(t.elapsed());
    }
    row("one coding (SQLite only, fsync)", coding, 10.0);
    row("undo of one coding", undo, 10.0);
}
