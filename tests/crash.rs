//! Crash safety: a process killed with SIGKILL in the middle of a stream of
//! operations leaves a project in which every operation that returned is
//! present, none is half-applied, and the database is intact.

use crate::util::{TempDir, add_transcript};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;
use tematik::{Project, SystemClock};

const CHILD_ENV: &str = "TEMATIK_CRASH_CHILD";

/// The child's side: runs operations on the project named in the
/// environment until it is killed, printing "done N" after each returns.
/// Not a test but a helper: ignored, and run (with `--ignored --exact`) only
/// by `sigkill_during_a_stream_of_operations_loses_nothing_that_returned`,
/// which spawns it and kills it.
#[test]
#[ignore = "a helper process, spawned by sigkill_during_a_stream_of_operations_loses_nothing_that_returned"]
fn crash_child() {
    let path = std::env::var_os(CHILD_ENV)
        .unwrap_or_else(|| panic!("crash_child is spawned by the crash test with {CHILD_ENV} set"));
    let mut p = Project::open(&path, Arc::new(SystemClock)).unwrap();
    let by = p.ensure_throwaway_coder("Krock").unwrap();
    let doc = p.documents().unwrap()[0].id;
    let len = p.document(doc).unwrap().text.chars().count();
    let mut out = std::io::stdout().lock();
    for i in p.info().unwrap().counts.codes as usize.. {
        // One operation that writes a code and a coding: half of it alone
        // would show as a code without its coding.
        let start = (i * 7) % (len - 10);
        p.code_span_with_new_code(
            by,
            tematik::storage::NewCode {
                name: format!("kod-{i}"),
                ..Default::default()
            },
            doc,
            start,
            start + 10,
            vec![],
        )
        .unwrap();
        if i % 4 == 3 {
            // An undoable multi-row operation in between.
            let c = p.find_code(&format!("kod-{i}")).unwrap().id;
            p.set_code_status(by, c, tematik::ReviewStatus::Reviewed)
                .unwrap();
        }
        writeln!(out, "done {i}").unwrap();
        out.flush().unwrap();
    }
}

fn verify(path: &std::path::Path, reported: Option<usize>) -> usize {
    let p = Project::open(path, Arc::new(SystemClock)).unwrap();
    crate::util::assert_sound(&p);
    let tree = p.code_tree().unwrap();
    let mut indices: Vec<usize> = tree
        .iter()
        .map(|n| n.code.name.trim_start_matches("kod-").parse().unwrap())
        .collect();
    indices.sort();
    assert_eq!(
        indices,
        (0..indices.len()).collect::<Vec<_>>(),
        "operations are kept in order, with no gaps"
    );
    for node in &tree {
        assert_eq!(
            node.codings, 1,
            "{} was half-applied: a code without its coding",
            node.code.name
        );
    }
    if let Some(r) = reported {
        assert!(
            indices.len() > r,
            "operation {r} returned but is missing (kept {})",
            indices.len()
        );
        assert!(
            indices.len() <= r + 2,
            "more operations kept than were started"
        );
    }
    let logged: i64 = p
        .read_only_connection()
        .query_row(
            "SELECT count(*) FROM history WHERE kind = 'code_span_with_new_code'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        logged as usize,
        indices.len(),
        "history matches what is there"
    );
    indices.len()
}

#[test]
fn sigkill_during_a_stream_of_operations_loses_nothing_that_returned() {
    let dir = TempDir::new();
    let path = dir.path("krock.tematik");
    {
        let mut p = Project::create(&path, "Krock", crate::util::clock()).unwrap();
        let by = p.ensure_throwaway_coder("Krock").unwrap();
        add_transcript(&mut p, by, "fg1");
    }
    let mut seed: u64 = 0x5EED_u64;
    let mut total = 0;
    for round in 0..6 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let delay = Duration::from_millis(40 + (seed >> 33) % 400);
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "crash::crash_child",
                "--ignored",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut last = None;
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("done ") {
                    last = n.trim().parse::<usize>().ok();
                }
            }
            last
        });
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let reported = reader.join().unwrap();
        let kept = verify(&path, reported);
        assert!(
            kept >= total,
            "round {round}: operations disappeared ({total} → {kept})"
        );
        total = kept;
    }
    assert!(total > 0, "the child never completed an operation");
}
