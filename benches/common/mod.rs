//! Shared by the benchmarks: a deterministic random source, Swedish words to
//! generate text from, and percentiles; for the scale benchmark, realistic
//! Swedish text and projects at three sizes.

// Each benchmark uses only part of what is shared here.
#[allow(dead_code)]
pub mod generate;
#[allow(dead_code)]
pub mod swedish;

use std::time::Duration;

/// Words generated text is drawn from (with an emoji and a URL, as real
/// answers have).
pub const WORDS: &[&str] = &[
    "vi",
    "har",
    "samverkan",
    "med",
    "kommunen",
    "och",
    "det",
    "fungerar",
    "ibland",
    "väl",
    "men",
    "brukaren",
    "behöver",
    "stöd",
    "i",
    "rätt",
    "tid",
    "sjuksköterskan",
    "träffar",
    "teamet",
    "varje",
    "vecka",
    "digitala",
    "möten",
    "kräver",
    "kompetens",
    "personal",
    "omsorg",
    "hemtjänst",
    "arbetsterapeut",
    "planering",
    "för",
    "regionen",
    "vårdcentralen",
    "anhöriga",
    "😊",
    "https://www.example.se/rutin",
];

/// A small deterministic xorshift generator: the same data on every run.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The `p` quantile (0–1) of sorted samples.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}
