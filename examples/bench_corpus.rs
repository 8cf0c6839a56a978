//! Writes one of the benchmark projects to a file, for trying the app at
//! research-project scale and for the end-to-end timings:
//!
//!     cargo run --release --example bench_corpus -- M /tmp/m.tematik [--index]
//!
//! Sizes: S (the shared corpus), M (about 1M words), L (about 5M words);
//! see `benches/common/generate.rs`. The file must not exist yet. With
//! `--index` the search index is built too, where the app keeps it (the
//! user's cache folder), as a project opened before has it.

#[allow(dead_code)]
#[path = "../benches/common/mod.rs"]
mod common;

use common::generate::{Size, generate};
use std::path::PathBuf;
use std::time::Instant;
use tematik::search::{IndexLocation, SearchIndex};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(size), Some(path)) = (args.next(), args.next()) else {
        eprintln!("usage: bench_corpus S|M|L FILE [--index]");
        std::process::exit(2);
    };
    let Some(size) = Size::parse(&size) else {
        eprintln!("bench_corpus: {size:?} is not a size: say S, M or L");
        std::process::exit(2);
    };
    let path = PathBuf::from(path);
    if path.exists() {
        eprintln!("bench_corpus: {} exists already", path.display());
        std::process::exit(1);
    }
    let index = match args.next().as_deref() {
        None => false,
        Some("--index") => true,
        Some(other) => {
            eprintln!("bench_corpus: unknown option {other:?}");
            std::process::exit(2);
        }
    };
    let started = Instant::now();
    let mut project = generate(size, &path);
    let info = project.info().expect("the project reads back");
    println!(
        "{}: {} documents, {} words, {} codes, {} codings in {:.1} s",
        path.display(),
        info.counts.documents,
        info.counts.words,
        info.counts.codes,
        info.counts.codings,
        started.elapsed().as_secs_f64()
    );
    if index {
        let started = Instant::now();
        let index = SearchIndex::open(&mut project, IndexLocation::UserCache, &mut |_, _| {})
            .expect("the index builds");
        index.close().expect("the index is written out");
        println!(
            "search index built in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
}
