//! Scale benchmark (issues 4 and 5): projects of three sizes (S = the shared
//! corpus, M ≈ 1M words, L ≈ 5M words; see `common/generate.rs`), each
//! generated into a project file, then measured: opening and listing,
//! importing the corpus, rebuilding the search index, four kinds of search
//! (each beside an SQLite `LIKE '%…%'` scan doing the same), quotes of the
//! largest theme, one coding and its undo end to end (SQLite write and index
//! sync), the theme × level matrix, peak memory, and the survey grid's
//! pages through the app layer.
//!
//! Every size is generated in one child process and measured in another
//! (both this binary, re-invoked), so each size's peak memory is its own and
//! excludes generation. Prints one table; asserts only that results are
//! sane.
//!
//! Run: `cargo bench --bench scale` (all sizes), or pick sizes with
//! `SCALE=S,M cargo bench --bench scale` or `cargo bench --bench scale -- S M`.
//! `SCALE_DIR=/some/folder` keeps the generated projects there and reuses
//! them on the next run. The word `reshape` among the sizes measures only
//! the reshaping of the largest code (`cargo bench --bench scale -- L reshape`),
//! the word `exports` only the exports for authors.

// Shared with the other benchmarks; this one uses part of it.
#[allow(dead_code)]
mod common;

use common::generate::{self, Size};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tematik::search::{
    EntryKind, Filters, IndexLocation, QuoteContext, QuoteOrder, QuoteRequest, SearchIndex,
    SearchRequest,
};
use tematik::storage::CodeSpan;
use tematik::{CodeId, Project, SystemClock};

/// Bumped when the generator changes, so kept projects are made anew.
const GENERATOR_VERSION: u32 = 3;

/// Hits per page of search results: as many as the LIKE scan lists.
const PAGE: usize = 20;

/// Quotes per page.
const QUOTE_PAGE: usize = 50;

fn main() {
    match std::env::var("SCALE_CHILD").as_deref() {
        Ok("generate") => {
            let (size, project, _) = child_args();
            let start = Instant::now();
            let part = project.with_extension("part");
            remove_project(&part);
            let p = generate::generate(size, &part);
            let info = p.info().unwrap();
            drop(p);
            std::fs::rename(&part, &project).unwrap();
            eprintln!(
                "  generated {}: {} documents, {} words, {} codes, {} codings in {:.1} s",
                size.name(),
                info.counts.documents,
                info.counts.words,
                info.counts.codes,
                info.counts.codings,
                start.elapsed().as_secs_f64()
            );
        }
        Ok("measure") => {
            let (size, project, work) = child_args();
            measure(size, &project, &work);
        }
        _ => run(),
    }
}

fn child_args() -> (Size, PathBuf, PathBuf) {
    let var = |k: &str| std::env::var(k).unwrap_or_else(|_| panic!("{k} is set for a child"));
    (
        Size::parse(&var("SCALE_SIZE")).expect("a size"),
        PathBuf::from(var("SCALE_PROJECT")),
        PathBuf::from(var("SCALE_WORK")),
    )
}

fn remove_project(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// A part of the benchmark asked for alone, by a word among the sizes
/// (`cargo bench --bench scale -- L reshape`); the parent hands it to the
/// measuring child in `SCALE_ONLY`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Only {
    /// Reshaping the largest code (merge, split, their undo) and nothing else.
    Reshape,
    /// The exports for authors (segments, codebook, report skeleton) alone.
    Exports,
}

impl Only {
    fn parse(word: &str) -> Option<Only> {
        match word.trim() {
            "reshape" => Some(Only::Reshape),
            "exports" => Some(Only::Exports),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Only::Reshape => "reshape",
            Only::Exports => "exports",
        }
    }

    /// The part asked for on the command line (the parent).
    fn asked() -> Option<Only> {
        std::env::args().skip(1).find_map(|a| Only::parse(&a))
    }

    /// The part the parent handed to this child.
    fn handed() -> Option<Only> {
        std::env::var("SCALE_ONLY")
            .ok()
            .and_then(|w| Only::parse(&w))
    }
}

/// The sizes asked for: arguments (cargo passes `--bench`, skipped), else
/// `SCALE`, else all.
fn sizes() -> Vec<Size> {
    let mut words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .flat_map(|a| a.split(',').map(str::to_owned).collect::<Vec<_>>())
        .collect();
    if words.is_empty()
        && let Ok(s) = std::env::var("SCALE")
    {
        words = s.split(',').map(str::to_owned).collect();
    }
    let mut sizes: Vec<Size> = words
        .iter()
        .filter(|w| !w.trim().is_empty() && Only::parse(w).is_none())
        .map(|w| Size::parse(w).unwrap_or_else(|| panic!("unknown size {w:?}: use S, M or L")))
        .collect();
    if sizes.is_empty() {
        sizes = Size::ALL.to_vec();
    }
    sizes.sort_by_key(|s| *s as u8);
    sizes.dedup();
    sizes
}

fn child(job: &str, size: Size, project: &Path, work: &Path) -> String {
    let out = Command::new(std::env::current_exe().unwrap())
        .env("SCALE_CHILD", job)
        .env("SCALE_SIZE", size.name())
        .env("SCALE_PROJECT", project)
        .env("SCALE_WORK", work)
        .env("SCALE_ONLY", Only::asked().map_or("", Only::name))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    assert!(out.status.success(), "{job} {} failed", size.name());
    String::from_utf8(out.stdout).unwrap()
}

/// The parent: generates and measures each size in child processes, then
/// prints the table.
fn run() {
    let sizes = sizes();
    let temp = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("SCALE_DIR").map(PathBuf::from);
    let dir = keep.clone().unwrap_or_else(|| temp.path().to_owned());
    std::fs::create_dir_all(&dir).unwrap();
    let mut rows: Vec<Value> = Vec::new();
    let mut infos: Vec<String> = Vec::new();
    for size in sizes {
        let project = dir.join(format!(
            "scale-{}-g{GENERATOR_VERSION}.tematik",
            size.name()
        ));
        if keep.is_none() || !project.exists() {
            eprintln!("generating {} …", size.name());
            child("generate", size, &project, &dir);
        }
        eprintln!("measuring {} …", size.name());
        // Measured on a copy: the measurements write to it.
        let work = temp.path().join(format!("work-{}", size.name()));
        std::fs::create_dir_all(&work).unwrap();
        let copy = work.join("project.tematik");
        std::fs::copy(&project, &copy).unwrap();
        for line in child("measure", size, &copy, &work).lines() {
            let v: Value = serde_json::from_str(line).expect("a child writes JSON lines");
            match v.get("info") {
                Some(Value::String(s)) => infos.push(format!("{}: {s}", size.name())),
                _ => rows.push(v),
            }
        }
    }
    print_table(&infos, &rows);
}

fn print_table(infos: &[String], rows: &[Value]) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_default();
    println!("\nscale benchmark, release build, {cores} cores {cpu}");
    for i in infos {
        println!("  {i}");
    }
    println!();
    println!(
        "{:<50} {:<4} {:>9} {:>9} {:>9} {:>9}  {:<5} {:>7}",
        "operation", "size", "p50", "p95", "max", "target", "holds", "vs LIKE"
    );
    // Rows grouped by operation, in the order they were first measured.
    let mut ops: Vec<&str> = Vec::new();
    for r in rows {
        let op = r["op"].as_str().unwrap();
        if !ops.contains(&op) {
            ops.push(op);
        }
    }
    for op in ops {
        for r in rows.iter().filter(|r| r["op"] == op) {
            let unit = r["unit"].as_str().unwrap();
            let value = |k: &str| format_value(r[k].as_f64().unwrap(), unit);
            let target = match r["target"].as_f64() {
                Some(t) => format!("≤ {t} {unit}"),
                None => "–".into(),
            };
            let holds = match r["holds"].as_bool() {
                Some(true) => "yes",
                Some(false) => "NO",
                None => "–",
            };
            let like = match r["vs_like"].as_f64() {
                Some(x) if x < 20.0 => format!("{x:.1}×"),
                Some(x) => format!("{x:.0}×"),
                None => String::new(),
            };
            let line = format!(
                "{:<50} {:<4} {:>9} {:>9} {:>9} {:>9}  {:<5} {:>7}",
                op,
                r["size"].as_str().unwrap(),
                value("p50"),
                value("p95"),
                value("max"),
                target,
                holds,
                like
            );
            println!("{}", line.trim_end());
        }
    }
}

fn format_value(v: f64, unit: &str) -> String {
    match unit {
        "MB" => format!("{v:.0} MB"),
        "s" => format!("{v:.2} s"),
        _ if v >= 100.0 => format!("{v:.0} ms"),
        _ => format!("{v:.2} ms"),
    }
}

/// What a measurement child reports: one row.
struct Row<'a> {
    op: &'a str,
    size: Size,
    /// Measurements in `unit`.
    samples: Vec<f64>,
    /// "ms", "s" or "MB".
    unit: &'a str,
    /// Target for p95, in `unit`.
    target: Option<f64>,
    /// Median of the LIKE scan over ours, and whether that must be ≥ 10.
    vs_like: Option<(f64, bool)>,
}

fn ms(samples: &[Duration]) -> Vec<f64> {
    samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect()
}

fn secs(samples: &[Duration]) -> Vec<f64> {
    samples.iter().map(Duration::as_secs_f64).collect()
}

/// The `p` quantile (0–1) of samples, nearest rank.
fn quantile(samples: &[f64], p: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn emit(row: Row) {
    let samples = row.samples;
    let (p50, p95, max) = (
        quantile(&samples, 0.5),
        quantile(&samples, 0.95),
        quantile(&samples, 1.0),
    );
    let mut holds = row.target.map(|t| p95 <= t);
    if let (Some(h), Some((ratio, required))) = (&mut holds, row.vs_like)
        && required
    {
        *h = *h && ratio >= 10.0;
    }
    say(json!({
        "op": row.op, "size": row.size.name(), "unit": row.unit,
        "p50": p50, "p95": p95, "max": max, "n": samples.len(),
        "target": row.target, "holds": holds, "vs_like": row.vs_like.map(|(r, _)| r),
    }));
}

fn say(v: Value) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{v}").unwrap();
    out.flush().unwrap();
}

fn info(s: String) {
    eprintln!("  {s}");
    say(json!({ "info": s }));
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let v = f();
    (start.elapsed(), v)
}

/// Peak and current resident memory of this process, from /proc (MB):
/// (VmHWM, RssAnon, RssFile).
fn memory() -> (f64, f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| -> f64 {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
            / 1024.0
    };
    (kb("VmHWM:"), kb("RssAnon:"), kb("RssFile:"))
}

fn dir_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| {
                    let m = e.metadata().unwrap();
                    if m.is_dir() {
                        dir_size(&e.path())
                    } else {
                        m.len()
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Searches of each kind: (row name, queries, with filters and facets).
const SEARCHES: &[(&str, &[&str], bool)] = &[
    (
        "search: term (stemmed)",
        &[
            "samverkan",
            "brukare",
            "kommunen",
            "anhöriga",
            "trygghet",
            "hemtjänst",
        ],
        false,
    ),
    (
        "search: phrase",
        &[
            "\"nära vård\"",
            "\"digitala möten\"",
            "\"tillsammans med individen\"",
            "\"den ordinarie verksamheten\"",
        ],
        false,
    ),
    (
        "search: prefix",
        &["digit*", "samverk*", "kommun*", "vård*"],
        false,
    ),
    (
        "search: term + filters + facet counts",
        &[
            "samverkan",
            "brukare",
            "kommunen",
            "anhöriga",
            "trygghet",
            "hemtjänst",
        ],
        true,
    ),
];

/// The LIKE pattern a simple tool would scan for.
fn like_pattern(query: &str) -> String {
    format!("%{}%", query.trim_matches('"').trim_end_matches('*'))
}

fn measure(size: Size, path: &Path, work: &Path) {
    let clock = Arc::new(SystemClock);
    match Only::handed() {
        Some(Only::Reshape) => return reshape(size, path, work, clock),
        Some(Only::Exports) => return exports(size, path, work, clock),
        None => {}
    }
    let big = size == Size::L;

    // Open the project and list its documents, as the app's first screen
    // does: transcripts one by one, survey answers by question.
    let (mut open, mut parts) = (Vec::new(), [Vec::new(), Vec::new(), Vec::new()]);
    for i in 0..32 {
        let (d_open, p) = time(|| Project::open(path, clock.clone()).unwrap());
        let (d_list, list) = time(|| p.document_list().unwrap());
        assert!(!list.documents.is_empty());
        // Every document one by one, answers included (the command line's
        // `documents`), on a project opened afresh.
        drop(p);
        let p = Project::open(path, clock.clone()).unwrap();
        let (d_all, all) = time(|| p.documents().unwrap());
        assert!(all.len() >= list.documents.len());
        if i >= 2 {
            open.push(d_open + d_list);
            parts[0].push(d_open);
            parts[1].push(d_list);
            parts[2].push(d_all);
        }
    }
    info(format!(
        "open project {:.2} ms + document list {:.2} ms (medians); every document one by one, answers included: {:.2} ms",
        quantile(&ms(&parts[0]), 0.5),
        quantile(&ms(&parts[1]), 0.5),
        quantile(&ms(&parts[2]), 0.5)
    ));
    emit(Row {
        op: "open project + document list",
        size,
        samples: ms(&open),
        unit: "ms",
        target: Some(25.0),
        vs_like: None,
    });

    let mut p = Project::open(path, clock.clone()).unwrap();
    let info_ = p.info().unwrap();
    let largest_doc = p
        .documents()
        .unwrap()
        .into_iter()
        .max_by_key(|d| d.word_count)
        .unwrap();
    info(format!(
        "{} documents, {} words, {} codes, {} codings; largest document {} words",
        info_.counts.documents,
        info_.counts.words,
        info_.counts.codes,
        info_.counts.codings,
        largest_doc.word_count
    ));

    // Importing the shared corpus into a new project (size S only).
    if size == Size::S {
        let mut runs = Vec::new();
        for run in 0..5 {
            let file = work.join(format!("import-{run}.tematik"));
            let mut fresh = Project::create(&file, "import", clock.clone()).unwrap();
            let by = fresh.ensure_throwaway_coder("Bench").unwrap();
            let (d, ()) = time(|| generate::import_corpus(&mut fresh, by));
            runs.push(d);
        }
        emit(Row {
            op: "import the S corpus (22 transcripts + survey)",
            size,
            samples: ms(&runs),
            unit: "ms",
            target: Some(2000.0),
            vs_like: None,
        });
    }

    // The index: built from scratch on disk, then rebuilt again.
    let index_dir = work.join("index");
    let _ = std::fs::remove_dir_all(&index_dir);
    let (first, index) = time(|| {
        SearchIndex::open(
            &mut p,
            IndexLocation::Dir(index_dir.clone()),
            &mut |_, _| {},
        )
        .unwrap()
    });
    let mut index = index;
    let mut rebuilds = vec![first];
    for _ in 0..if big { 2 } else { 4 } {
        let (d, ()) = time(|| index.rebuild(&mut p, &mut |_, _| {}).unwrap());
        rebuilds.push(d);
    }
    emit(Row {
        op: "full index rebuild",
        size,
        samples: secs(&rebuilds),
        unit: "s",
        target: Some(10.0),
        vs_like: None,
    });
    // Searches run on the index as the app opens it: up to date, from disk.
    // Closing writes what the session kept in memory and syncs the folder.
    let (close, ()) = time(|| drop(index));
    info(format!(
        "closing the index after the rebuilds (persist and sync): {:.0} ms",
        close.as_secs_f64() * 1000.0
    ));
    let (d, index) = time(|| {
        SearchIndex::open(
            &mut p,
            IndexLocation::Dir(index_dir.clone()),
            &mut |_, _| panic!("an up-to-date index is not rebuilt"),
        )
        .unwrap()
    });
    let mut index = index;
    emit(Row {
        op: "open search index (up to date)",
        size,
        samples: ms(&[d]),
        unit: "ms",
        target: None,
        vs_like: None,
    });
    info(format!(
        "index on disk {:.0} MB",
        dir_size(&index_dir) as f64 / 1e6
    ));

    // Search, and the same done with LIKE.
    let filters = Filters {
        tags: vec![("niva".into(), "mikro".into())],
        attributes: vec![("Kommunstorlek".into(), "Liten".into())],
        ..Default::default()
    };
    for (name, queries, faceted) in SEARCHES {
        let (mut ours, mut like) = (Vec::new(), Vec::new());
        for q in *queries {
            let req = SearchRequest {
                query: q.to_string(),
                filters: if *faceted {
                    filters.clone()
                } else {
                    Filters::default()
                },
                entries: None,
                offset: 0,
                limit: PAGE,
                with_facets: *faceted,
            };
            for i in 0..17 {
                let (d, r) = time(|| index.search(&p, &req).unwrap());
                assert!(r.total > 0, "{q} finds something");
                if i >= 2 {
                    ours.push(d);
                }
            }
            let pattern = like_pattern(q);
            let conn = p.read_only_connection();
            for _ in 0..if big { 2 } else { 3 } {
                let (d, n) = time(|| {
                    let n: i64 = conn
                        .query_row(
                            "SELECT count(*) FROM documents WHERE text LIKE ?1",
                            [&pattern],
                            |r| r.get(0),
                        )
                        .unwrap();
                    let mut stmt = conn
                        .prepare_cached(
                            "SELECT id, name FROM documents WHERE text LIKE ?1 LIMIT 20",
                        )
                        .unwrap();
                    let first: Vec<(String, String)> = stmt
                        .query_map([&pattern], |r| Ok((r.get(0)?, r.get(1)?)))
                        .unwrap()
                        .collect::<Result<_, _>>()
                        .unwrap();
                    assert!(first.len() as i64 <= n);
                    n
                });
                assert!(n > 0, "LIKE {pattern} finds something");
                like.push(d);
            }
        }
        let (ours, like) = (ms(&ours), ms(&like));
        let ratio = quantile(&like, 0.5) / quantile(&ours, 0.5);
        emit(Row {
            op: name,
            size,
            samples: ours,
            unit: "ms",
            target: Some(5.0),
            vs_like: Some((ratio, size != Size::S)),
        });
    }

    // Quotes of the largest theme, under filters.
    let (theme, theme_codings): (CodeId, i64) = p
        .read_only_connection()
        .query_row(
            "WITH RECURSIVE up(code, top) AS (
                 SELECT id, id FROM codes WHERE parent_id IS NULL
                 UNION ALL SELECT c.id, up.top FROM codes c JOIN up ON c.parent_id = up.code)
             SELECT up.top, count(*) AS n FROM codings k JOIN up ON up.code = k.code_id
             GROUP BY up.top ORDER BY n DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let quote_filters = [
        Filters {
            tags: vec![("niva".into(), "mikro".into())],
            ..Default::default()
        },
        Filters {
            attributes: vec![("Kommunstorlek".into(), "Liten".into())],
            ..Default::default()
        },
        Filters {
            tags: vec![
                ("fokusomrade".into(), "samverkan".into()),
                ("niva".into(), "meso".into()),
            ],
            ..Default::default()
        },
    ];
    let mut quotes = Vec::new();
    let mut totals = Vec::new();
    let mut per_filter = Vec::new();
    for f in &quote_filters {
        let before = quotes.len();
        let req = QuoteRequest {
            code: Some(theme),
            filters: f.clone(),
            query: String::new(),
            order: QuoteOrder::Document,
            context: QuoteContext::Turn,
            offset: 0,
            limit: QUOTE_PAGE,
        };
        for i in 0..12 {
            let (d, q) = time(|| index.quotes(&p, &req).unwrap());
            assert!(!q.quotes.is_empty());
            if i >= 2 {
                quotes.push(d);
            } else {
                totals.push(q.total);
            }
        }
        per_filter.push(format!("{:.1}", quantile(&ms(&quotes[before..]), 0.5)));
    }
    totals.dedup();
    info(format!(
        "largest theme: {} ({theme_codings} codings); filtered quote totals {totals:?}, medians {} ms",
        p.code_path(theme).unwrap(),
        per_filter.join(" / ")
    ));
    emit(Row {
        op: "quotes of the largest theme, filtered (page)",
        size,
        samples: ms(&quotes),
        unit: "ms",
        target: Some(10.0),
        vs_like: None,
    });

    // One coding end to end in the largest document, and its undo: the
    // SQLite write, then the index sync, after which it is searchable, then
    // the wait for the write to be on disk (its sync ran beside the index
    // sync), after which the app reports it done.
    let by = p.ensure_throwaway_coder("Anna").unwrap();
    let code = p
        .create_code(
            by,
            tematik::storage::NewCode {
                name: "Mätkod".into(),
                parent_id: Some(theme),
                ..Default::default()
            },
        )
        .unwrap();
    index.sync(&mut p, &mut |_, _| {}).unwrap();
    let mikro = p.find_tag_value(Some("niva"), "mikro").unwrap().id;
    let samverkan = p.find_tag_value(None, "samverkan").unwrap().id;
    let doc = p.document(largest_doc.id).unwrap();
    let turns: Vec<_> = doc
        .turns
        .iter()
        .filter(|t| t.end - t.text_start > 40)
        .collect();
    let coded_by_us = |p: &Project, index: &SearchIndex| {
        index
            .search(
                p,
                &SearchRequest {
                    filters: Filters {
                        codes: vec![code],
                        ..Default::default()
                    },
                    entries: Some(EntryKind::Coding),
                    limit: 1,
                    ..Default::default()
                },
            )
            .unwrap()
            .total
    };
    let (mut coding, mut undo) = (Vec::new(), Vec::new());
    let mut parts: [Vec<Duration>; 6] = Default::default();
    const CODINGS: usize = 102;
    for i in 0..CODINGS {
        let (start, end) = if turns.is_empty() {
            (0, doc.text.chars().count().min(40))
        } else {
            let t = turns[(i * 7919) % turns.len()];
            (t.text_start, t.text_start + 30)
        };
        let (write, _) = time(|| {
            p.code_span(
                by,
                CodeSpan {
                    document_id: doc.id,
                    start,
                    end,
                    code_id: code,
                    tags: vec![mikro, samverkan],
                },
            )
            .unwrap()
        });
        let (sync, _) = time(|| index.sync(&mut p, &mut |_, _| {}).unwrap());
        let (durable, _) = time(|| p.wait_durable().unwrap());
        let d = write + sync + durable;
        if i == 0 || i == CODINGS - 1 {
            assert_eq!(coded_by_us(&p, &index), 1, "the coding is searchable");
        }
        if i >= 2 {
            coding.push(d);
            parts[0].push(write);
            parts[1].push(sync);
            parts[4].push(durable);
        }
        let (undo_write, _) = time(|| p.undo(by).unwrap());
        let (undo_sync, _) = time(|| index.sync(&mut p, &mut |_, _| {}).unwrap());
        let (undo_durable, _) = time(|| p.wait_durable().unwrap());
        let d = undo_write + undo_sync + undo_durable;
        if i == 0 || i == CODINGS - 1 {
            assert_eq!(coded_by_us(&p, &index), 0, "the undone coding is gone");
        }
        if i >= 2 {
            undo.push(d);
            parts[2].push(undo_write);
            parts[3].push(undo_sync);
            parts[5].push(undo_durable);
        }
    }
    let (persist, ()) = time(|| index.persist().unwrap());
    info(format!(
        "persisting the index after those {} codings and undos: {:.0} ms",
        CODINGS,
        persist.as_secs_f64() * 1000.0
    ));
    let median = |v: &[Duration]| quantile(&ms(v), 0.5);
    info(format!(
        "coding: SQLite write {:.2} ms + index sync {:.2} ms + wait for the disk {:.2} ms; undo: {:.2} + {:.2} + {:.2} ms (medians)",
        median(&parts[0]),
        median(&parts[1]),
        median(&parts[4]),
        median(&parts[2]),
        median(&parts[3]),
        median(&parts[5])
    ));
    // Where the slowest of each went.
    for (name, total, write, sync, durable) in [
        ("coding", &coding, &parts[0], &parts[1], &parts[4]),
        ("undo", &undo, &parts[2], &parts[3], &parts[5]),
    ] {
        let worst = (0..total.len()).max_by_key(|i| total[*i]).unwrap();
        info(format!(
            "slowest {name}: SQLite write {:.1} ms + index sync {:.1} ms + wait for the disk {:.1} ms",
            write[worst].as_secs_f64() * 1000.0,
            sync[worst].as_secs_f64() * 1000.0,
            durable[worst].as_secs_f64() * 1000.0
        ));
    }
    emit(Row {
        op: "one coding end to end (write, index, on disk)",
        size,
        samples: ms(&coding),
        unit: "ms",
        target: Some(10.0),
        vs_like: None,
    });
    emit(Row {
        op: "undo of that coding (write, index, on disk)",
        size,
        samples: ms(&undo),
        unit: "ms",
        target: Some(10.0),
        vs_like: None,
    });

    // Theme × level matrix (codings per top-level theme and level, with
    // effective tags: a coding's own level, else its code's default), as
    // the app draws it: one faceted search per theme. The same matrix from
    // one SQL query, for comparison.
    let themes: Vec<CodeId> = p
        .code_tree()
        .unwrap()
        .iter()
        .filter(|n| n.depth == 0)
        .map(|n| n.code.id)
        .collect();
    let mut by_facets = Vec::new();
    let mut by_sql = Vec::new();
    let (mut facet_cells, mut sql_cells) = (BTreeMap::new(), BTreeMap::new());
    for i in 0..22 {
        let (d, m) = time(|| theme_level_matrix_by_facets(&index, &p, &themes));
        facet_cells = m;
        let (e, m) = time(|| theme_level_matrix_by_sql(&p));
        sql_cells = m;
        if i >= 2 {
            by_facets.push(d);
            by_sql.push(e);
        }
    }
    assert_eq!(facet_cells, sql_cells, "both ways count the same");
    emit(Row {
        op: "theme × level matrix (a faceted search per theme)",
        size,
        samples: ms(&by_facets),
        unit: "ms",
        target: None,
        vs_like: None,
    });
    emit(Row {
        op: "theme × level matrix (one SQL query)",
        size,
        samples: ms(&by_sql),
        unit: "ms",
        target: None,
        vs_like: None,
    });

    drop(index);
    drop(p);
    let (peak, anon, file) = memory();
    info(format!(
        "resident memory at the end: {anon:.0} MB anonymous, {file:.0} MB file-backed (mapped index, binary)"
    ));
    emit(Row {
        op: "peak resident memory (VmHWM)",
        size,
        samples: vec![peak],
        unit: "MB",
        target: Some(300.0),
        vs_like: None,
    });

    // The survey grid (issue 14), through the app layer as the window asks
    // for it (after the memory reading: the app builds an index of its own).
    survey_grid(size, path, work, clock.clone());
    theme_review(size, path, work, clock.clone());
    exports(size, path, work, clock.clone());
    reshape(size, path, work, clock);
}

/// The theme review (issue 15), through the app layer as the window asks:
/// the review tree, matrices, co-occurrence and the map (reshaping the
/// largest code: [`reshape`]).
fn theme_review(size: Size, path: &Path, work: &Path, clock: Arc<SystemClock>) {
    use tematik::analysis::{
        Axis, CodeSelection, CooccurrenceMode, CooccurrenceRequest, MatrixRequest, Measure, Percent,
    };
    use tematik::app::MapFormat;
    let app = bench_app(work, clock);
    app.open_project(path).unwrap();
    let mut first = Vec::new();
    for _ in 0..5 {
        // Opened afresh: the first analysis of a session reads the facts.
        app.open_project(path).unwrap();
        first.push(time(|| app.review_tree().unwrap()).0);
    }
    let runs = |n: usize, f: &dyn Fn()| -> Vec<Duration> {
        f();
        (0..n).map(|_| time(f).0).collect()
    };
    let review = runs(20, &|| {
        app.review_tree().unwrap();
    });
    let nodes = app.review_tree().unwrap().nodes.len();
    let facts_codings = app
        .review_tree()
        .unwrap()
        .nodes
        .iter()
        .filter(|n| n.depth == 0)
        .map(|n| n.codings)
        .sum::<u32>();
    info(format!(
        "theme review over {nodes} codes, {facts_codings} codings in themes"
    ));
    emit(Row {
        op: "review: first analysis in a session (codings' facts read)",
        size,
        samples: ms(&first),
        unit: "ms",
        target: None,
        vs_like: None,
    });
    emit(Row {
        op: "review tree with all its counts",
        size,
        samples: ms(&review),
        unit: "ms",
        target: Some(50.0),
        vs_like: None,
    });
    let matrix = |rows: Axis, columns: Axis, measure: Measure| MatrixRequest {
        rows,
        columns,
        measure,
        percent: Percent::Row,
        by_coder: false,
        restrict: vec![],
    };
    let themes = || Axis::Codes {
        select: CodeSelection::Themes,
    };
    let all = || Axis::Codes {
        select: CodeSelection::All,
    };
    let level = || Axis::Dimension { key: "niva".into() };
    for (op, req) in [
        (
            "matrix: 6 themes × level (codings)",
            matrix(themes(), level(), Measure::Codings),
        ),
        (
            "matrix: 6 themes × Kommunstorlek (participants)",
            matrix(
                themes(),
                Axis::Attribute {
                    name: "Kommunstorlek".into(),
                },
                Measure::Participants,
            ),
        ),
        (
            "matrix: all codes × level (codings)",
            matrix(all(), level(), Measure::Codings),
        ),
        (
            "matrix: all codes × focus area (documents)",
            matrix(
                all(),
                Axis::Dimension {
                    key: "fokusomrade".into(),
                },
                Measure::Documents,
            ),
        ),
    ] {
        let samples = runs(20, &|| {
            app.matrix(req.clone()).unwrap();
        });
        emit(Row {
            op,
            size,
            samples: ms(&samples),
            unit: "ms",
            target: Some(30.0),
            vs_like: None,
        });
    }
    for (op, mode, target) in [
        (
            "co-occurrence: all codes, overlapping spans",
            CooccurrenceMode::Overlap,
            Some(300.0),
        ),
        (
            "co-occurrence: all codes, same turn",
            CooccurrenceMode::SameTurn,
            Some(300.0),
        ),
        (
            "co-occurrence: all codes, same document",
            CooccurrenceMode::SameDocument,
            Some(300.0),
        ),
    ] {
        let req = CooccurrenceRequest {
            codes: CodeSelection::All,
            mode,
            measure: Measure::Codings,
            restrict: vec![],
        };
        let samples = runs(5, &|| {
            app.cooccurrence(req.clone()).unwrap();
        });
        emit(Row {
            op,
            size,
            samples: ms(&samples),
            unit: "ms",
            target,
            vs_like: None,
        });
    }
    let map = runs(10, &|| {
        app.thematic_map().unwrap();
    });
    emit(Row {
        op: "thematic map laid out",
        size,
        samples: ms(&map),
        unit: "ms",
        target: None,
        vs_like: None,
    });
    let png = work.join("map.png");
    let export = runs(3, &|| app.export_map(&png, MapFormat::Png).unwrap());
    emit(Row {
        op: "thematic map exported as PNG",
        size,
        samples: ms(&export),
        unit: "ms",
        target: None,
        vs_like: None,
    });
    // Kept beside the generated projects, to be looked at.
    if let Some(dir) = std::env::var_os("SCALE_DIR") {
        let keep = PathBuf::from(dir).join(format!("map-{}.png", size.name()));
        std::fs::copy(&png, keep).unwrap();
    }
}

/// Reshaping the largest code (issue 15) through the app layer, end to
/// end: a merge into a sibling and a split of half its codings, the search
/// index and the analysis facts (read before, as after the review was
/// opened) kept up to date, each undone again.
fn reshape(size: Size, path: &Path, work: &Path, clock: Arc<SystemClock>) {
    // The largest code and a sibling to merge it into, read before the app opens.
    let (largest, sibling, ids) = {
        let p = Project::open(path, clock.clone()).unwrap();
        let tree = p.code_tree().unwrap();
        let big = tree
            .iter()
            .filter(|n| n.depth > 0)
            .max_by_key(|n| n.codings)
            .unwrap();
        let sib = tree
            .iter()
            .find(|n| n.code.parent_id == big.code.parent_id && n.code.id != big.code.id)
            .unwrap();
        let ids: Vec<String> = p
            .codings_of_code(big.code.id, false)
            .unwrap()
            .iter()
            .map(|c| c.id.to_string())
            .collect();
        (big.code.id.to_string(), sib.code.id.to_string(), ids)
    };
    info(format!("the largest code has {} codings", ids.len()));
    let half: Vec<String> = ids.iter().step_by(2).cloned().collect();
    // The same merge and split in the project file alone, to tell its
    // share from the index's and the analysis facts'. (Before the app
    // opens: a change made beside it would have its index rebuilt.)
    {
        let mut p = Project::open(path, clock.clone()).unwrap();
        let by = p.ensure_throwaway_coder("Bench-direct").unwrap();
        let (from, into): (CodeId, CodeId) = (largest.parse().unwrap(), sibling.parse().unwrap());
        let codings: Vec<tematik::CodingId> = half.iter().map(|c| c.parse().unwrap()).collect();
        let mut direct: [Vec<Duration>; 4] = Default::default();
        for _ in 0..3 {
            direct[0].push(time(|| p.merge_codes(by, from, into).unwrap()).0);
            direct[1].push(time(|| p.undo(by).unwrap()).0);
            direct[2].push(time(|| p.split_code(by, from, &codings, "Utbruten").unwrap()).0);
            direct[3].push(time(|| p.undo(by).unwrap()).0);
            p.take_changes();
        }
        let median = |i: usize| quantile(&ms(&direct[i]), 0.5);
        info(format!(
            "in the project file alone: the merge {:.0} ms, its undo {:.0} ms; the split {:.0} ms, its undo {:.0} ms (medians); the rest is the search index and the analysis facts",
            median(0),
            median(1),
            median(2),
            median(3)
        ));
    }
    let app = bench_app(work, clock);
    app.open_project(path).unwrap();
    // The facts the review counts, read as when the review was opened.
    app.review_tree().unwrap();
    let (mut merge, mut merge_undo, mut split, mut split_undo) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..5 {
        merge.push(time(|| app.merge_codes(&largest, &sibling).unwrap()).0);
        app.review_tree().unwrap();
        merge_undo.push(time(|| app.undo().unwrap()).0);
        split.push(time(|| app.split_code(&largest, half.clone(), "Utbruten").unwrap()).0);
        app.review_tree().unwrap();
        split_undo.push(time(|| app.undo().unwrap()).0);
    }
    emit(Row {
        op: "merge the largest code into a sibling (index included)",
        size,
        samples: ms(&merge),
        unit: "ms",
        target: Some(500.0),
        vs_like: None,
    });
    emit(Row {
        op: "  the merge undone",
        size,
        samples: ms(&merge_undo),
        unit: "ms",
        target: Some(500.0),
        vs_like: None,
    });
    emit(Row {
        op: "split half the largest code's codings off (index included)",
        size,
        samples: ms(&split),
        unit: "ms",
        target: Some(500.0),
        vs_like: None,
    });
    emit(Row {
        op: "  the split undone",
        size,
        samples: ms(&split_undo),
        unit: "ms",
        target: Some(500.0),
        vs_like: None,
    });
}

/// The app as the window has it, its settings and index in `work`.
fn bench_app(work: &Path, clock: Arc<SystemClock>) -> tematik::app::App {
    tematik::app::App::new(
        tematik::app::AppConfig {
            config_dir: Some(work.join("app-config")),
            data_dir: Some(work.join("app-data")),
            index_dir: Some(work.join("app-index")),
            default_coder: "Bench".into(),
            system_language: tematik::app::views::Language::Sv,
        },
        clock,
    )
}

/// Opening the survey grid (its first page of 200 answers, every answer
/// and its attributes read, as at the first opening in a session) and a
/// page further down as the user scrolls (answers as read, only that
/// page's texts and codings).
fn survey_grid(size: Size, path: &Path, work: &Path, clock: Arc<SystemClock>) {
    use tematik::app::views::SurveyQuery;
    let app = bench_app(work, clock);
    let query = |offset| SurveyQuery {
        question: None,
        filters: Vec::new(),
        offset,
        limit: 200,
    };
    let (mut open, mut scroll) = (Vec::new(), Vec::new());
    let mut answers = 0;
    for i in 0..22 {
        // The project opened afresh: the grid's first opening in a
        // session reads every answer (after a coding it need not: the
        // answers read stay, see `Session::synced`).
        app.open_project(path).unwrap();
        let (d, page) = time(|| app.survey_page(query(0)).unwrap());
        answers = page.total;
        let (d_scroll, further) = time(|| app.survey_page(query(page.total / 2)).unwrap());
        assert!(page.total == 0 || !further.rows.is_empty());
        if i >= 2 {
            open.push(d);
            scroll.push(d_scroll);
        }
    }
    info(format!("survey grid over {answers} answers"));
    emit(Row {
        op: "survey grid: first opening in a session (200 answers)",
        size,
        samples: ms(&open),
        unit: "ms",
        target: Some(200.0),
        vs_like: None,
    });
    emit(Row {
        op: "survey grid: a page further down (scrolling)",
        size,
        samples: ms(&scroll),
        unit: "ms",
        target: Some(16.0),
        vs_like: None,
    });
}

/// Codings per (top-level theme, level) from the index: for each theme,
/// the level facet counts of its codings; codings with no level are the
/// rest. Keyed by theme id and level key ("" for none).
fn theme_level_matrix_by_facets(
    index: &SearchIndex,
    p: &Project,
    themes: &[CodeId],
) -> BTreeMap<(String, String), u64> {
    let mut cells = BTreeMap::new();
    for theme in themes {
        let r = index
            .search(
                p,
                &SearchRequest {
                    filters: Filters {
                        codes: vec![*theme],
                        ..Default::default()
                    },
                    entries: Some(EntryKind::Coding),
                    limit: 1,
                    with_facets: true,
                    ..Default::default()
                },
            )
            .unwrap();
        let mut levelled = 0;
        for f in &r.facets {
            if let Some(level) = f.facet.strip_prefix("/tag/niva/") {
                cells.insert((theme.to_string(), level.to_owned()), f.count);
                levelled += f.count;
            }
        }
        if r.total as u64 > levelled {
            cells.insert(
                (theme.to_string(), String::new()),
                r.total as u64 - levelled,
            );
        }
    }
    cells
}

/// The same matrix from one SQL query over codings and their tags.
fn theme_level_matrix_by_sql(p: &Project) -> BTreeMap<(String, String), u64> {
    let mut stmt = p
        .read_only_connection()
        .prepare_cached(
            // Per code and own level first (each coding's own level looked
            // up by its key), then the code's default where it has none.
            "WITH RECURSIVE up(code, top) AS (
                 SELECT id, id FROM codes WHERE parent_id IS NULL
                 UNION ALL SELECT c.id, up.top FROM codes c JOIN up ON c.parent_id = up.code),
             niva(id, key) AS (
                 SELECT v.id, v.key FROM tag_values v JOIN tag_dimensions d ON d.id = v.dimension_id
                 WHERE d.key = 'niva'),
             per_code(code, level, n) AS (
                 SELECT k.code_id,
                        (SELECT n.key FROM coding_tags t JOIN niva n ON n.id = t.value_id
                         WHERE t.coding_id = k.id),
                        count(*)
                 FROM codings k GROUP BY 1, 2)
             SELECT up.top,
                    coalesce(c.level, (SELECT n.key FROM code_tags t JOIN niva n ON n.id = t.value_id
                                       WHERE t.code_id = c.code)),
                    sum(c.n)
             FROM per_code c JOIN up ON up.code = c.code
             GROUP BY 1, 2",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            (
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            ),
            r.get::<_, i64>(2)? as u64,
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// Exports for authors (issue 16): the coded segments of every coding as
/// XLSX (and CSV) and the codebook as DOCX through the app layer, file
/// written; a report skeleton of every theme with 20 quotes rendered to
/// DOCX.
fn exports(size: Size, path: &Path, work: &Path, clock: Arc<SystemClock>) {
    use tematik::app::exports::{ExportFormat, ExportOptions};
    use tematik::app::views::ChapterSource;
    use tematik::app::views::Language;
    use tematik::app::{App, AppConfig};
    // The skeleton: every theme at the top of the tree with 20 quotes, as
    // the app makes it (pinned examples, then the quote finder's ranking;
    // attributions with their re-identification check).
    let themes: Vec<String> = {
        let p = Project::open(path, clock.clone()).unwrap();
        p.code_tree()
            .unwrap()
            .into_iter()
            .filter(|n| n.depth == 0 && !n.discarded)
            .map(|n| n.code.id.to_string())
            .collect()
    };
    let source = ChapterSource::Report {
        themes: themes.clone(),
        quotes_per_theme: 20,
    };
    let app = App::new(
        AppConfig {
            config_dir: Some(work.join("export-config")),
            data_dir: Some(work.join("export-data")),
            index_dir: Some(work.join("export-index")),
            default_coder: "Bench".into(),
            system_language: Language::Sv,
        },
        clock,
    );
    app.open_project(path).unwrap();
    let runs = |n: usize, f: &dyn Fn()| -> Vec<Duration> {
        f();
        (0..n).map(|_| time(f).0).collect()
    };
    let options = ExportOptions::default();
    let xlsx = work.join("segment.xlsx");
    let n = if size == Size::L { 5 } else { 10 };
    let segments_xlsx = runs(n, &|| {
        app.export_segments(ExportFormat::Xlsx, &xlsx, options.clone())
            .unwrap();
    });
    let written = app
        .export_segments(ExportFormat::Xlsx, &xlsx, options.clone())
        .unwrap();
    info(format!(
        "coded segments: {} rows, XLSX {:.1} MB",
        written.rows,
        written.bytes as f64 / 1e6
    ));
    let csv = work.join("segment.csv");
    let segments_csv = runs(n, &|| {
        app.export_segments(ExportFormat::Csv, &csv, options.clone())
            .unwrap();
    });
    let docx = work.join("kodbok.docx");
    let codebook = runs(10, &|| {
        app.export_codebook(ExportFormat::Docx, &docx, options.clone())
            .unwrap();
    });
    let skeleton_path = work.join("rapport.docx");
    // The first export reads the participants and ranks every theme's
    // codings from cold; the window's next ones find them read.
    let (first, _) = time(|| {
        app.export_chapter(
            source.clone(),
            ExportFormat::Docx,
            &skeleton_path,
            options.clone(),
        )
        .unwrap();
    });
    let skeleton = runs(20, &|| {
        app.export_chapter(
            source.clone(),
            ExportFormat::Docx,
            &skeleton_path,
            options.clone(),
        )
        .unwrap();
    });
    let written = app
        .export_chapter(
            source.clone(),
            ExportFormat::Docx,
            &skeleton_path,
            options.clone(),
        )
        .unwrap();
    info(format!(
        "report skeleton: {} themes, {} quotes ({} with a warning), first export {:.0} ms",
        themes.len(),
        written.rows,
        written.warnings,
        first.as_secs_f64() * 1000.0
    ));
    for (op, samples, target) in [
        (
            "export: coded segments, XLSX of every coding (file written)",
            &segments_xlsx,
            Some(5000.0),
        ),
        (
            "export: coded segments, CSV of every coding (file written)",
            &segments_csv,
            None,
        ),
        (
            "export: codebook DOCX, table and list (file written)",
            &codebook,
            None,
        ),
    ] {
        emit(Row {
            op,
            size,
            samples: ms(samples),
            unit: "ms",
            target,
            vs_like: None,
        });
    }
    emit(Row {
        op: &format!(
            "export: report skeleton DOCX, {} themes × 20 quotes (finder, attributions; file written)",
            themes.len()
        ),
        size,
        samples: ms(&skeleton),
        unit: "ms",
        target: Some(300.0),
        vs_like: None,
    });
}
