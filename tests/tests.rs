//! Integration tests of the core, built as one binary.
//!
//! Modules:
//! - `analysis`: matrices, co-occurrence, the review tree and the map against counts from the tables;
//! - `chapters`: quote sets, trims, removing a quoted coding, the re-identification warning
//!   on the corpus, the quote finder;
//! - `app`: the application layer the window talks to, every command headless, and the
//!   recording of the demo scenario the UI's tests replay;
//! - `util`: shared helpers (temp dirs, a fixed clock, a sample project, table snapshots);
//! - `project_file`: creating, opening, refusing and migrating project files; schema fixtures;
//! - `code_tree`: creating, moving, renaming, merging and deleting codes;
//! - `codings`: coding spans, tags, memos, quote sets;
//! - `review`: theme review: split, promote, demote, the discard pile, status, scope notes,
//!   pinned examples, editable tag dimensions, and everything a merge keeps;
//! - `review_props`: random sequences of review operations, undo and redo against a model;
//! - `undo`: undo and redo of every operation, undo per computer, the change history, storage invariants;
//! - `export`: the report, codebook and coded segments exported and read back (DOCX styles, XLSX cells);
//! - `errors`: every error code has Swedish and English texts; operations give the right variant;
//! - `search`: the tantivy index: analysis, queries, filters, facets, quotes, lifecycle;
//! - `import`: every corpus file against MANIFEST.json, bad input, fuzzing;
//! - `crash`: SIGKILL during a stream of operations loses nothing that returned;
//! - `regression`: one test per fixed bug, named after it;
//! - `cli`: the `tematik` binary.

mod analysis;
mod app;
mod chapters;
mod cli;
mod code_tree;
mod codings;
mod crash;
mod errors;
mod export;
mod import;
mod project_file;
mod regression;
mod review;
mod review_props;
mod search;
mod search_corpus;
mod undo;
mod util;
