//! The index schema and its Swedish analysis.

use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
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
pub const INDEX_FORMAT: u32 = 1;

/// Handles to every field.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// "passage" or "coding".
    pub entry: Field,
    /// Stable key of the entry (turn "doc:idx", answer "doc", coding id).
    pub key: Field,
    /// The document.
    pub document_id: Field,
    /// The coding (coding entries only).
    pub coding_id: Field,
    /// The code (coding entries only).
    pub code_id: Field,
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
    /// Facets: /doc, /kind, /speaker, /attr, /code, /tag, /coder, /status.
    pub facets: Field,
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
        entry: b.add_text_field("entry", STRING),
        key: b.add_text_field("key", STRING | STORED),
        document_id: b.add_text_field("document_id", STRING | STORED),
        coding_id: b.add_text_field("coding_id", STRING | STORED),
        code_id: b.add_text_field("code_id", STRING | STORED),
        start: b.add_u64_field("start", STORED | FAST | INDEXED),
        end: b.add_u64_field("end", STORED | FAST),
        text_offset: b.add_u64_field("text_offset", STORED),
        order: b.add_u64_field("order", FAST),
        text: b.add_text_field("text", text_opts(STEMMED, true)),
        exact: b.add_text_field("exact", text_opts(EXACT, false)),
        facets: b.add_facet_field("facets", FacetOptions::default()),
    };
    (b.build(), fields)
}
