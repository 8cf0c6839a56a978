//! The index schema and its Swedish analysis.

use tantivy::Term;
use tantivy::schema::{
    FAST, FacetOptions, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};

/// Stemmed Swedish analysis: words lower-cased and stemmed; å, ä and ö stay
/// letters of their own (no ASCII folding).
pub const STEMMED: &str = "tematik_sv";
/// Unstemmed analysis for exact phrases and prefixes.
pub const EXACT: &str = "tematik_exact";

/// Bumped whenever the schema or the analysis changes: an index of another
/// format is rebuilt.
pub const INDEX_FORMAT: u32 = 4;

/// What a term of the `ids` field names (the part before its colon).
#[derive(Clone, Copy, Debug)]
pub enum Id {
    /// The entry's kind, "passage" or "coding".
    Entry,
    /// The entry's key.
    Key,
    /// The document.
    Document,
    /// The coding.
    Coding,
    /// The project revision the entry was indexed at: a change's deletes
    /// spare the entries it adds (see `SearchIndex::add_segment`).
    Generation,
}

impl Id {
    fn prefix(self) -> &'static str {
        match self {
            Id::Entry => "entry:",
            Id::Key => "key:",
            Id::Document => "doc:",
            Id::Coding => "coding:",
            Id::Generation => "gen:",
        }
    }
}

/// Handles to every field.
///
/// Each indexed field costs every new segment a term dictionary of its own
/// (tantivy builds an FST per field, with a 20,000-cell registry, even for
/// one term), and here every change is a segment: the identities an entry
/// is looked up by are therefore terms of one field, `ids`, prefixed by
/// what they name ([`Id`]), and stored apart, unindexed. Nine term
/// dictionaries per change became four.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// The terms entries are found by: `entry:`, `key:`, `doc:`, `coding:`,
    /// `gen:`.
    pub ids: Field,
    /// Stable key of the entry (turn "doc:idx", answer "doc", coding id).
    pub key: Field,
    /// The document.
    pub document_id: Field,
    /// The coding (coding entries only). Its code is not held: see
    /// `codings.rs`.
    pub coding_id: Field,
    /// Start position in the document (code points) of the entry's span.
    pub start: Field,
    /// End position (exclusive).
    pub end: Field,
    /// Document position where `text` begins.
    pub text_offset: Field,
    /// Document order, then position: (document sort key << 32) | start.
    pub order: Field,
    /// Stemmed text (stored, for snippets).
    pub text: Field,
    /// Unstemmed text, for phrases and prefixes.
    pub exact: Field,
    /// Facets: /doc, /answer, /question, /kind, /speaker, /attr, /coder,
    /// and /coding for each coding the entry is or lies under (its code,
    /// status and tags are found through it when searching).
    pub facets: Field,
}

impl Fields {
    /// The `ids` term naming `value` as `what`.
    pub fn id(&self, what: Id, value: &str) -> Term {
        let mut text = String::with_capacity(what.prefix().len() + value.len());
        text.push_str(what.prefix());
        text.push_str(value);
        Term::from_field_text(self.ids, &text)
    }

    /// The `ids` values of an entry, for indexing.
    pub fn id_text(what: Id, value: &str) -> String {
        format!("{}{value}", what.prefix())
    }
}

fn analyzers() -> [(&'static str, TextAnalyzer); 2] {
    [
        (
            STEMMED,
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(60))
                .filter(LowerCaser)
                .filter(Stemmer::new(Language::Swedish))
                .build(),
        ),
        (
            EXACT,
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(60))
                .filter(LowerCaser)
                .build(),
        ),
    ]
}

/// Registers the analyzers on an index.
pub fn register(index: &tantivy::Index) {
    for (name, analyzer) in analyzers() {
        index.tokenizers().register(name, analyzer);
    }
}

/// A fresh analyzer by name (for analysing query text).
pub fn analyzer(name: &str) -> TextAnalyzer {
    analyzers()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| a)
        .expect("analyzer names are the two constants above")
}

/// The schema.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text_opts = |tokenizer: &str, stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored { o.set_stored() } else { o }
    };
    let fields = Fields {
        ids: b.add_text_field("ids", STRING),
        key: b.add_text_field("key", STORED),
        document_id: b.add_text_field("document_id", STORED),
        coding_id: b.add_text_field("coding_id", STORED),
        start: b.add_u64_field("start", STORED | FAST),
        end: b.add_u64_field("end", STORED | FAST),
        text_offset: b.add_u64_field("text_offset", STORED),
        order: b.add_u64_field("order", FAST),
        text: b.add_text_field("text", text_opts(STEMMED, true)),
        exact: b.add_text_field("exact", text_opts(EXACT, false)),
        facets: b.add_facet_field("facets", FacetOptions::default()),
    };
    (b.build(), fields)
}
