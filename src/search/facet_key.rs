//! Facet paths: the one place that knows how a facet is laid out
//! (`/tag/<dimension>/<value>`, `/code/<theme id>/…/<code id>` …). The
//! index writes facets with the builders here, filters are turned into
//! facets with them, and counts come back as a typed [`FacetKey`], so no
//! caller splits a path on `/` (a value may contain one).

use crate::{CodeId, CodingId, DocumentId, DocumentKind, ReviewStatus};
use serde::{Deserialize, Serialize};
use tantivy::schema::Facet;

/// What a facet value stands for, as the window and the command line see it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "group", rename_all = "snake_case")]
pub enum FacetKey {
    /// One document.
    Doc {
        /// The document.
        #[ts(type = "string")]
        id: DocumentId,
    },
    /// A kind of document (focus group, interview …).
    Kind {
        /// The kind.
        value: DocumentKind,
    },
    /// The question a survey answer answers (answers are counted by
    /// question, not one by one).
    Question {
        /// The question (the export's column) as written.
        value: String,
    },
    /// A speaker label.
    Speaker {
        /// The label as written in the transcript.
        value: String,
    },
    /// A document's or case's attribute value.
    Attr {
        /// The attribute's name.
        name: String,
        /// Its value.
        value: String,
    },
    /// A code, with the path of codes from its theme down to it.
    Code {
        /// Ids from the theme to the code itself (the last).
        #[ts(type = "Array<string>")]
        path: Vec<CodeId>,
    },
    /// A tag value of a dimension.
    Tag {
        /// The dimension's key ("niva").
        dimension: String,
        /// The value's key ("mikro").
        value: String,
    },
    /// The coder of a coding.
    Coder {
        /// The coder's name.
        value: String,
    },
    /// The review status of a coding's code.
    Status {
        /// The status.
        value: ReviewStatus,
    },
}

/// The facet of one document.
pub(crate) fn doc(id: DocumentId) -> Facet {
    Facet::from_path(["doc", &id.to_string()])
}

/// The facet of one survey answer: filtered on as a document, never
/// counted (its root is not among the counted parents).
pub(crate) fn answer(id: DocumentId) -> Facet {
    Facet::from_path(["answer", &id.to_string()])
}

/// The facet of a survey question.
pub(crate) fn question(q: &str) -> Facet {
    Facet::from_path(["question", q])
}

/// The facet of a document kind, given as stored ([`DocumentKind::as_str`]).
pub(crate) fn kind(k: &str) -> Facet {
    Facet::from_path(["kind", k])
}

/// The facet of a speaker label.
pub(crate) fn speaker(label: &str) -> Facet {
    Facet::from_path(["speaker", label])
}

/// The facet of an attribute value.
pub(crate) fn attr(name: &str, value: &str) -> Facet {
    Facet::from_path(["attr", name, value])
}

/// The facet of a tag value.
pub(crate) fn tag(dimension: &str, value: &str) -> Facet {
    Facet::from_path(["tag", dimension, value])
}

/// The facet of a coder.
pub(crate) fn coder(name: &str) -> Facet {
    Facet::from_path(["coder", name])
}

/// The facet of a review status, given as stored ([`ReviewStatus::as_str`]).
pub(crate) fn status(s: &str) -> Facet {
    Facet::from_path(["status", s])
}

/// The facet of a code, from the ids of its path (theme first).
pub(crate) fn code<S: AsRef<str>>(path: &[S]) -> Facet {
    Facet::from_path(std::iter::once("code").chain(path.iter().map(AsRef::as_ref)))
}

/// The facet naming a coding an entry holds or lies under. It is not a
/// facet value shown to anyone: a search finds the coding's code, status
/// and tags through it (`codings.rs`), so these are never written into
/// the index.
pub(crate) fn coding(id: CodingId) -> Facet {
    Facet::from_path(["coding", &id.to_string()])
}

/// The coding a facet names, given in tantivy's encoded form (steps joined
/// by NUL), if it is one of [`coding`].
pub(crate) fn coding_of(encoded: &str) -> Option<CodingId> {
    encoded.strip_prefix("coding\0")?.parse().ok()
}

impl FacetKey {
    /// The key of a facet given as its steps (`["tag", "niva", "mikro"]`),
    /// or `None` for a path that is not a facet value Tematik writes.
    pub fn from_steps(steps: &[&str]) -> Option<FacetKey> {
        Some(match steps {
            ["doc", id] => FacetKey::Doc {
                id: id.parse().ok()?,
            },
            ["kind", k] => FacetKey::Kind {
                value: k.parse().ok()?,
            },
            ["question", q] => FacetKey::Question {
                value: (*q).to_owned(),
            },
            ["speaker", s] => FacetKey::Speaker {
                value: (*s).to_owned(),
            },
            ["attr", n, v] => FacetKey::Attr {
                name: (*n).to_owned(),
                value: (*v).to_owned(),
            },
            ["code", path @ ..] if !path.is_empty() => FacetKey::Code {
                path: path.iter().map(|c| c.parse().ok()).collect::<Option<_>>()?,
            },
            ["tag", d, v] => FacetKey::Tag {
                dimension: (*d).to_owned(),
                value: (*v).to_owned(),
            },
            ["coder", c] => FacetKey::Coder {
                value: (*c).to_owned(),
            },
            ["status", s] => FacetKey::Status {
                value: s.parse().ok()?,
            },
            _ => return None,
        })
    }

    /// The key of a tantivy facet.
    pub fn from_facet(f: &Facet) -> Option<FacetKey> {
        let steps: Vec<&str> = f.to_path();
        Self::from_steps(&steps)
    }

    /// The key of a facet in tantivy's encoded form (steps joined by NUL).
    pub(crate) fn from_encoded(encoded: &str) -> Option<FacetKey> {
        let steps: Vec<&str> = encoded.split('\0').collect();
        Self::from_steps(&steps)
    }

    /// The facet this key stands for (the inverse of [`FacetKey::from_facet`]).
    pub fn to_facet(&self) -> Facet {
        match self {
            FacetKey::Doc { id } => doc(*id),
            FacetKey::Kind { value } => kind(value.as_str()),
            FacetKey::Question { value } => question(value),
            FacetKey::Speaker { value } => speaker(value),
            FacetKey::Attr { name, value } => attr(name, value),
            FacetKey::Code { path } => {
                let ids: Vec<String> = path.iter().map(ToString::to_string).collect();
                code(&ids)
            }
            FacetKey::Tag { dimension, value } => tag(dimension, value),
            FacetKey::Coder { value } => coder(value),
            FacetKey::Status { value } => status(value.as_str()),
        }
    }
}

impl std::fmt::Display for FacetKey {
    /// The path as tantivy writes it ("/tag/niva/mikro"; a `/` inside a
    /// step is escaped), for the command line and for logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.to_facet())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_round_trips_through_its_facet_even_with_slashes_in_values() {
        let keys = [
            FacetKey::Doc {
                id: DocumentId::new(),
            },
            FacetKey::Kind {
                value: DocumentKind::FocusGroup,
            },
            FacetKey::Speaker {
                value: "Arbetsterapeut 1/2".into(),
            },
            FacetKey::Question {
                value: "Samverkan – fungerar väl / bör utvecklas".into(),
            },
            FacetKey::Attr {
                name: "Ort/kommun".into(),
                value: "Åby \\ Öby".into(),
            },
            FacetKey::Code {
                path: vec![CodeId::new(), CodeId::new()],
            },
            FacetKey::Tag {
                dimension: "niva".into(),
                value: "mikro".into(),
            },
            FacetKey::Coder {
                value: "Anna/B".into(),
            },
            FacetKey::Status {
                value: ReviewStatus::Final,
            },
        ];
        for k in keys {
            let f = k.to_facet();
            assert_eq!(FacetKey::from_facet(&f).as_ref(), Some(&k), "{f}");
            assert_eq!(FacetKey::from_encoded(f.encoded_str()).as_ref(), Some(&k));
            assert_eq!(k.to_string(), f.to_string());
        }
        assert_eq!(
            FacetKey::from_steps(&["attr", "Ort/kommun", "Åby"]),
            Some(FacetKey::Attr {
                name: "Ort/kommun".into(),
                value: "Åby".into()
            })
        );
        assert_eq!(
            FacetKey::from_steps(&["tag", "niva"]),
            None,
            "a group, not a value"
        );
        assert_eq!(FacetKey::from_steps(&["doc", "not-a-uuid"]), None);
        assert_eq!(FacetKey::from_steps(&["code"]), None);
    }
}
