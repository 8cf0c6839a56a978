//! Co-occurrence of codes: a code × code matrix of where two nodes' codings
//! meet, by overlapping spans, in the same turn, or in the same document.
//!
//! A cell (A, B) counts the places where A and B meet: under
//! [`Measure::Codings`] the pairs of overlapping segments, or the turns, or
//! the documents holding both; under [`Measure::Documents`] the documents
//! (a survey as one) where they meet; under [`Measure::Participants`] the
//! participants in whose words they meet (for the same document: a
//! participant with both in one document). The diagonal (A, A) counts A's
//! own places: its segments, turns or documents.

use super::facts::{CodingFact, Facts};
use super::matrix::{
    MatrixHeader, MatrixView, Measure, Percent, Restriction, percents, rollup, select_codes,
};
use super::{CodeSelection, count_distinct, included, segments};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// Where two codes count as occurring together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CooccurrenceMode {
    /// Their spans overlap.
    Overlap,
    /// In one turn (a survey answer is one turn).
    SameTurn,
    /// In one document.
    SameDocument,
}

/// A co-occurrence matrix to count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CooccurrenceRequest {
    /// The nodes, as rows and as columns.
    pub codes: CodeSelection,
    /// Where they count as together.
    pub mode: CooccurrenceMode,
    /// What a cell counts.
    pub measure: Measure,
    /// Only codings matching all of these.
    pub restrict: Vec<Restriction>,
}

/// One place where nodes occur: the codings there and the unit it counts as.
struct Place {
    /// (coding index, node positions) of the codings there.
    members: Vec<usize>,
    unit: Option<u64>,
}

struct Counted<'a> {
    codings: Vec<&'a CodingFact>,
    roll: Vec<Vec<u32>>,
    /// Places with two sides (overlap pairs: side a, side b) or one group.
    places: Vec<(Place, Option<Place>)>,
}

fn gather<'a>(f: &'a Facts, req: &'a CooccurrenceRequest, nodes: &[u32]) -> Result<Counted<'a>> {
    let codings: Vec<&CodingFact> = included(f, &req.restrict)?.collect();
    let roll = rollup(f, nodes);
    let segs = segments(&codings, false);
    let unit_of = |i: usize, place: u64| -> Option<u64> {
        let c = codings[i];
        match req.measure {
            Measure::Codings => Some(place),
            Measure::Documents => Some(f.docs[c.doc as usize].unit as u64),
            Measure::Participants => c.participant.map(u64::from),
        }
    };
    let mut places = Vec::new();
    match req.mode {
        CooccurrenceMode::Overlap => {
            // Segments: their codings, span and document.
            let n = segs.iter().map(|&s| s + 1).max().unwrap_or(0) as usize;
            let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
            let mut span: Vec<(u32, u32, u32)> = vec![(0, u32::MAX, 0); n];
            for (i, &s) in segs.iter().enumerate() {
                let c = codings[i];
                members[s as usize].push(i);
                let e = &mut span[s as usize];
                *e = (c.doc, e.1.min(c.start), e.2.max(c.end));
            }
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_unstable_by_key(|&s| (span[s].0, span[s].1));
            let mut active: Vec<usize> = Vec::new();
            let mut doc = u32::MAX;
            for &s in &order {
                let (d, start, end) = span[s];
                if d != doc {
                    active.clear();
                    doc = d;
                }
                active.retain(|&a| span[a].2 > start);
                for &a in &active {
                    let key = (a.min(s) as u64) * n as u64 + a.max(s) as u64;
                    let first = members[a][0];
                    places.push((
                        Place {
                            members: members[a].clone(),
                            unit: unit_of(first, key),
                        },
                        Some(Place {
                            members: members[s].clone(),
                            unit: None,
                        }),
                    ));
                }
                // Each segment alone, for the diagonal.
                places.push((
                    Place {
                        members: members[s].clone(),
                        unit: unit_of(members[s][0], (n as u64) * (n as u64) + s as u64),
                    },
                    None,
                ));
                let _ = end;
                active.push(s);
            }
        }
        CooccurrenceMode::SameTurn | CooccurrenceMode::SameDocument => {
            let mut groups: HashMap<(u32, u32, u32), Vec<usize>> = HashMap::new();
            for (i, c) in codings.iter().enumerate() {
                let who = if req.measure == Measure::Participants {
                    c.participant.map_or(u32::MAX, |p| p)
                } else {
                    0
                };
                if req.mode == CooccurrenceMode::SameDocument {
                    groups.entry((c.doc, 0, who)).or_default().push(i);
                    continue;
                }
                // Every turn the coding covers; an answer without turns is one.
                let turns = &f.docs[c.doc as usize].turns;
                match c.turn {
                    None if turns.is_empty() => {
                        groups.entry((c.doc, u32::MAX, 0)).or_default().push(i)
                    }
                    None => {}
                    Some(t) => {
                        let mut t = t as usize;
                        while t < turns.len()
                            && (t == c.turn.unwrap_or(0) as usize || turns[t].0 < c.end)
                        {
                            groups.entry((c.doc, t as u32, 0)).or_default().push(i);
                            t += 1;
                        }
                    }
                }
            }
            let mut keys: Vec<_> = groups.keys().copied().collect();
            keys.sort_unstable();
            for (g, key) in keys.iter().enumerate() {
                let members = groups.remove(key).unwrap_or_default();
                let first = members[0];
                let unit = match req.measure {
                    Measure::Participants if req.mode == CooccurrenceMode::SameTurn => {
                        unit_of(first, 0)
                    }
                    Measure::Participants => (key.2 != u32::MAX).then_some(key.2 as u64),
                    _ => unit_of(first, g as u64),
                };
                places.push((Place { members, unit }, None));
            }
        }
    }
    Ok(Counted {
        codings,
        roll,
        places,
    })
}

/// The node positions of a place's codings.
fn positions(counted: &Counted, place: &Place) -> Vec<u32> {
    let mut out: Vec<u32> = place
        .members
        .iter()
        .flat_map(|&i| {
            counted.roll[counted.codings[i].code as usize]
                .iter()
                .copied()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Calls `cell(row, column)` for every cell a place counts in.
fn cells_of(counted: &Counted, place: &(Place, Option<Place>), mut cell: impl FnMut(u32, u32)) {
    let a = positions(counted, &place.0);
    match &place.1 {
        Some(other) => {
            let b = positions(counted, other);
            for &x in &a {
                for &y in &b {
                    if x != y {
                        cell(x, y);
                        cell(y, x);
                    }
                }
            }
        }
        None => {
            for (i, &x) in a.iter().enumerate() {
                cell(x, x);
                for &y in &a[i + 1..] {
                    cell(x, y);
                    cell(y, x);
                }
            }
        }
    }
}

/// Counts a co-occurrence matrix.
pub fn cooccurrence(f: &Facts, req: &CooccurrenceRequest) -> Result<MatrixView> {
    let started = std::time::Instant::now();
    let nodes = select_codes(f, &req.codes)?;
    let n = nodes.len();
    let counted = gather(f, req, &nodes)?;
    let mut pairs: Vec<(u32, u64)> = Vec::new();
    let mut row_pairs: Vec<(u32, u64)> = Vec::new();
    for place in &counted.places {
        let Some(u) = place.0.unit else { continue };
        // Overlap pairs are off the diagonal; a place alone (one segment,
        // a turn, a document) also counts on it.
        cells_of(&counted, place, |r, c| {
            pairs.push((r * n as u32 + c, u));
            if place.1.is_none() && r == c {
                row_pairs.push((r, u));
            }
        });
    }
    let cells = count_distinct(&mut pairs, n * n);
    let row_totals = count_distinct(&mut row_pairs, n);
    let counts: Vec<Vec<u32>> = if n == 0 {
        Vec::new()
    } else {
        cells.chunks(n).map(<[u32]>::to_vec).collect()
    };
    let headers: Vec<MatrixHeader> = nodes
        .iter()
        .map(|&i| {
            let c = &f.codes[i as usize];
            MatrixHeader {
                key: c.id.to_string(),
                label: c.name.clone(),
                depth: c.depth,
                color: Some(c.color.clone()),
            }
        })
        .collect();
    let max = counts
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.iter()
                .enumerate()
                .filter(move |(c, _)| *c != r)
                .map(|(_, v)| *v)
        })
        .max()
        .unwrap_or(0);
    let total = row_totals.iter().sum();
    Ok(MatrixView {
        rows: headers.clone(),
        columns: headers,
        percents: percents(&counts, &row_totals, &row_totals, Percent::None),
        counts,
        column_totals: row_totals.clone(),
        row_totals,
        total,
        max,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// The codings where nodes `row` and `column` meet (both sides), in
/// document order.
pub fn cooccurrence_cell(
    f: &Facts,
    req: &CooccurrenceRequest,
    row: usize,
    column: usize,
) -> Result<Vec<crate::CodingId>> {
    let nodes = select_codes(f, &req.codes)?;
    for (what, i) in [("co-occurrence row", row), ("co-occurrence column", column)] {
        if i >= nodes.len() {
            return Err(Error::BadValue {
                what,
                value: i.to_string(),
                expected: format!("0–{}", nodes.len().saturating_sub(1)),
            });
        }
    }
    let counted = gather(f, req, &nodes)?;
    let (r, c) = (row as u32, column as u32);
    let mut out: Vec<usize> = Vec::new();
    for place in &counted.places {
        if place.0.unit.is_none() {
            continue;
        }
        let mut hit = false;
        cells_of(&counted, place, |x, y| hit |= x == r && y == c);
        if !hit {
            continue;
        }
        // The codings on either side that count towards row or column.
        for p in std::iter::once(&place.0).chain(place.1.as_ref()) {
            out.extend(p.members.iter().copied().filter(|&i| {
                let roll = &counted.roll[counted.codings[i].code as usize];
                roll.contains(&r) || roll.contains(&c)
            }));
        }
    }
    out.sort_unstable();
    out.dedup();
    let mut codings: Vec<&CodingFact> = out.into_iter().map(|i| counted.codings[i]).collect();
    codings.sort_by_key(|c| (f.docs[c.doc as usize].sort_key, c.start, c.end, c.coder));
    Ok(codings.into_iter().map(|c| c.id).collect())
}
