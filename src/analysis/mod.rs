//! Analysis of the coded material for the theme review: the review tree's
//! counts, matrices (themes × levels, codes × an attribute …), co-occurrence
//! of codes, and the thematic map.
//!
//! Everything here counts one in-memory table of the project's codings
//! ([`Facts`]), which a session keeps up to date after its writes. Counting
//! rules live in this module, once:
//! - a node of the code tree stands for its own codings and those of every
//!   node below it, except below a discarded node (the discard pile is out
//!   of every analysis, and counted only in itself);
//! - a *segment* is a passage coded with one code: codings of the same code
//!   in the same document whose spans overlap, by any coder, are one
//!   segment (unless a matrix is split by coder), so two coders who coded
//!   the same passage count once;
//! - *documents* are transcripts and surveys: a survey's answers count as
//!   the one document they were imported in;
//! - a coding's *participant* is the case of the speaker of the turn it
//!   starts in, else the document's respondent;
//! - a coding's attribute value is looked up on its participant, then the
//!   document's respondent, then the document (as attributions do).

mod cooccurrence;
mod export;
mod facts;
mod map;
mod matrix;
mod review;

pub use cooccurrence::{CooccurrenceMode, CooccurrenceRequest, cooccurrence, cooccurrence_cell};
pub(crate) use export::{Cell, csv_bytes};
pub use export::{
    TableExport, TableFormat, TableTexts, csv_text, looks_like_formula, table_bytes, write_file,
    write_table,
};
pub use facts::Facts;
pub use map::{MapEdge, MapNode, MapTexts, MapView, map_png, map_svg, status_fill, thematic_map};
pub use matrix::{
    AttributeValues, Axis, CodeSelection, MatrixChoices, MatrixCoder, MatrixHeader, MatrixRequest,
    MatrixView, Measure, Percent, Restriction, matrix, matrix_cell, matrix_choices,
};
pub use review::{CoderUse, ReviewFlag, ReviewNode, ReviewView, Spread, review_tree};

use crate::error::{Error, Result};
use facts::CodingFact;

/// Which codings take part: not discarded, and matching every restriction.
pub(crate) fn included<'a>(
    f: &'a Facts,
    restrict: &'a [Restriction],
) -> Result<impl Iterator<Item = &'a CodingFact> + 'a> {
    let tests = restrict
        .iter()
        .map(|r| Test::new(f, r))
        .collect::<Result<Vec<_>>>()?;
    Ok(f.codings
        .iter()
        .filter(move |c| !f.codes[c.code as usize].out && tests.iter().all(|t| t.holds(f, c))))
}

/// A restriction, resolved.
enum Test<'a> {
    Attribute(u32, &'a str),
    Tag(u32),
    Coder(u32),
    Never,
}

impl<'a> Test<'a> {
    fn new(f: &Facts, r: &'a Restriction) -> Result<Test<'a>> {
        Ok(match r {
            Restriction::Attribute { name, value } => match attribute_index(f, name) {
                Some(a) => Test::Attribute(a, value.as_str()),
                None => {
                    return Err(Error::UnknownName {
                        kind: "attribute",
                        name: name.clone(),
                    });
                }
            },
            Restriction::Tag { dimension, value } => {
                let d = dimension_index(f, dimension)?;
                match f.dims[d as usize]
                    .values
                    .iter()
                    .find(|&&v| f.values[v as usize].key == *value)
                {
                    Some(&v) => Test::Tag(v),
                    None => {
                        return Err(Error::UnknownName {
                            kind: "tag value",
                            name: format!("{dimension}={value}"),
                        });
                    }
                }
            }
            Restriction::Coder { id } => match id
                .parse()
                .ok()
                .and_then(|id| f.coder_index.get(&id).copied())
            {
                Some(c) => Test::Coder(c),
                None => match f
                    .coders
                    .iter()
                    .position(|c| c.name.eq_ignore_ascii_case(id))
                {
                    Some(c) => Test::Coder(c as u32),
                    None => Test::Never,
                },
            },
        })
    }

    fn holds(&self, f: &Facts, c: &CodingFact) -> bool {
        match self {
            Test::Attribute(a, value) => f.attribute(c, *a) == Some(*value),
            Test::Tag(v) => c.tags.contains(v),
            Test::Coder(k) => c.coder == *k,
            Test::Never => false,
        }
    }
}

pub(crate) fn attribute_index(f: &Facts, name: &str) -> Option<u32> {
    let folded = name.trim().to_lowercase();
    f.attributes
        .iter()
        .position(|a| a.to_lowercase() == folded)
        .map(|i| i as u32)
}

pub(crate) fn dimension_index(f: &Facts, key: &str) -> Result<u32> {
    f.dims
        .iter()
        .position(|d| d.key == key || d.name.eq_ignore_ascii_case(key))
        .map(|i| i as u32)
        .ok_or_else(|| Error::UnknownName {
            kind: "dimension",
            name: key.to_owned(),
        })
}

/// Segments: for each coding (by its index in `codings`), the id of its
/// segment: codings of one code in one document whose spans overlap (of
/// one coder when `by_coder`) are one segment.
pub(crate) fn segments(codings: &[&CodingFact], by_coder: bool) -> Vec<u32> {
    let mut order: Vec<usize> = (0..codings.len()).collect();
    let key = |c: &CodingFact| (c.doc, c.code, if by_coder { c.coder } else { 0 });
    order.sort_unstable_by_key(|&i| {
        let c = codings[i];
        (key(c), c.start, c.end)
    });
    let mut seg = vec![0u32; codings.len()];
    let mut next = 0u32;
    let mut current: Option<((u32, u32, u32), u32)> = None; // (key, end reached)
    for &i in &order {
        let c = codings[i];
        match current {
            Some((k, end)) if k == key(c) && c.start < end => {
                current = Some((k, end.max(c.end)));
            }
            _ => {
                next += 1;
                current = Some((key(c), c.end));
            }
        }
        seg[i] = next - 1;
    }
    seg
}

/// Counts distinct units per slot from (slot, unit) pairs: sorts them,
/// drops repeats, and adds one per remaining pair to its slot.
pub(crate) fn count_distinct<U: Ord>(pairs: &mut Vec<(u32, U)>, slots: usize) -> Vec<u32> {
    pairs.sort_unstable();
    pairs.dedup();
    let mut out = vec![0u32; slots];
    for (slot, _) in pairs.iter() {
        out[*slot as usize] += 1;
    }
    out
}
