//! Writes one of the benchmark projects to a file, for trying the app at
//! research-project scale and for the end-to-end timings:
//!
//!     cargo run --release --example bench_corpus -- M /tmp/m.tematik
//!
//! Sizes: S (the shared corpus), M (about 1M words), L (about 5M words);
//! see `benches/common/generate.rs`. The file must not exist yet.

#[allow(dead_code)]
#[path = "../benches/common/mod.rs"]
mod common;

use common::generate::{Size, generate};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(size), Some(path)) = (args.next(), args.next()) else {
        eprintln!("usage: bench_corpus S|M|L FILE");
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
    let started = Instant::now();
    let project = generate(size, &path);
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
}
