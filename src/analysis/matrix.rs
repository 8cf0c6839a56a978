//! Matrices: codings counted by two axes (themes at any depth, a tag
//! dimension, an attribute, documents, coders), as codings (segments),
//! documents or participants, optionally as row or column percentages.

use super::facts::{CodingFact, Facts};
use super::{attribute_index, dimension_index, included, segments};
use crate::error::{Error, Result};
use crate::ids::CodeId;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use ts_rs::TS;

/// Which nodes of the code tree an axis (or a co-occurrence) shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CodeSelection {
    /// The top level (themes).
    Themes,
    /// The children of one node.
    Children {
        /// The node's id.
        of: String,
    },
    /// Every node at one depth (0: themes).
    Depth {
        /// The depth.
        depth: u32,
    },
    /// Every node, in tree order.
    All,
    /// These nodes, in this order.
    Codes {
        /// Their ids.
        ids: Vec<String>,
    },
}

/// One axis of a matrix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Axis {
    /// Nodes of the code tree (each with everything below it).
    Codes {
        /// Which.
        select: CodeSelection,
    },
    /// The values of a tag dimension (by key or name).
    Dimension {
        /// The dimension's key.
        key: String,
    },
    /// The values of a case or document attribute.
    Attribute {
        /// The attribute's name.
        name: String,
    },
    /// Documents (a survey counts as one).
    Documents,
    /// Coders.
    Coders,
}

/// What a cell counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Coded segments (a passage coded by several coders counts once).
    Codings,
    /// Documents with a coding in the cell.
    Documents,
    /// Participants with a coding in the cell.
    Participants,
}

/// Percentages shown beside the counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Percent {
    /// None.
    None,
    /// Of the row's total.
    Row,
    /// Of the column's total.
    Column,
}

/// Which codings a matrix counts (all restrictions must hold).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Restriction {
    /// An attribute has this value.
    Attribute {
        /// The attribute's name.
        name: String,
        /// The value.
        value: String,
    },
    /// The coding carries this tag value.
    Tag {
        /// The dimension's key.
        dimension: String,
        /// The value's key.
        value: String,
    },
    /// Coded by this coder (id or name).
    Coder {
        /// The coder.
        id: String,
    },
}

/// A matrix to count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MatrixRequest {
    /// The rows.
    pub rows: Axis,
    /// The columns.
    pub columns: Axis,
    /// What a cell counts.
    pub measure: Measure,
    /// Percentages.
    pub percent: Percent,
    /// Count each coder's codings of a passage apart (otherwise a passage
    /// coded with one code by several coders counts once).
    pub by_coder: bool,
    /// Only codings matching all of these.
    pub restrict: Vec<Restriction>,
}

/// A row or column of a matrix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MatrixHeader {
    /// A code id, value key, attribute value, document or survey id, coder
    /// id; "" for the row or column of codings without a value.
    pub key: String,
    /// What the window shows ("" for the one without a value).
    pub label: String,
    /// Depth in the code tree (0 for everything else).
    pub depth: u32,
    /// The code's or value's colour.
    pub color: Option<String>,
}

/// A counted matrix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct MatrixView {
    /// Rows.
    pub rows: Vec<MatrixHeader>,
    /// Columns.
    pub columns: Vec<MatrixHeader>,
    /// `counts[row][column]`.
    pub counts: Vec<Vec<u32>>,
    /// Percentages (0–100) when asked for.
    pub percents: Option<Vec<Vec<f64>>>,
    /// Distinct units of each row (not the sum of its cells: a coding can
    /// lie in two columns).
    pub row_totals: Vec<u32>,
    /// Distinct units of each column.
    pub column_totals: Vec<u32>,
    /// Distinct units in the whole matrix.
    pub total: u32,
    /// The largest cell.
    pub max: u32,
    /// How long counting took.
    pub elapsed_ms: f64,
}

/// An attribute with the values it has in the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttributeValues {
    /// Name.
    pub name: String,
    /// Values, in natural order.
    pub values: Vec<String>,
}

/// A coder as matrices name them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MatrixCoder {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Colour.
    pub color: String,
}

/// What the axes and restrictions of a matrix can choose from, besides
/// the code tree and the tag dimensions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MatrixChoices {
    /// Attributes with their values.
    pub attributes: Vec<AttributeValues>,
    /// Coders.
    pub coders: Vec<MatrixCoder>,
}

/// Sorts values naturally: numbers by value, then text.
pub(crate) fn natural(values: &mut [String]) {
    values.sort_by(
        |a, b| match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
            (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
            (Ok(_), Err(_)) => std::cmp::Ordering::Less,
            (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
            (Err(_), Err(_)) => a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b)),
        },
    );
}

/// The values each attribute has, on cases and documents.
fn attribute_values(f: &Facts) -> Vec<Vec<String>> {
    let mut sets: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); f.attributes.len()];
    for list in f
        .cases
        .iter()
        .map(|c| &c.attributes)
        .chain(f.docs.iter().map(|d| &d.attributes))
    {
        for (a, v) in list {
            if !v.trim().is_empty() {
                sets[*a as usize].insert(v.as_str());
            }
        }
    }
    sets.into_iter()
        .map(|s| {
            let mut v: Vec<String> = s.into_iter().map(str::to_owned).collect();
            natural(&mut v);
            v
        })
        .collect()
}

/// What matrices can choose from.
pub fn matrix_choices(f: &Facts) -> MatrixChoices {
    let values = attribute_values(f);
    MatrixChoices {
        attributes: f
            .attributes
            .iter()
            .zip(values)
            .map(|(name, values)| AttributeValues {
                name: name.clone(),
                values,
            })
            .collect(),
        coders: f
            .coders
            .iter()
            .map(|c| MatrixCoder {
                id: c.id.to_string(),
                name: c.name.clone(),
                color: c.color.clone(),
            })
            .collect(),
    }
}

/// The nodes a selection names, as code indices (discarded ones left out).
pub(crate) fn select_codes(f: &Facts, select: &CodeSelection) -> Result<Vec<u32>> {
    let live = |i: &u32| !f.codes[*i as usize].out;
    let all = 0..f.codes.len() as u32;
    Ok(match select {
        CodeSelection::Themes => all
            .filter(|&i| f.codes[i as usize].parent.is_none())
            .filter(live)
            .collect(),
        CodeSelection::Depth { depth } => all
            .filter(|&i| f.codes[i as usize].depth == *depth)
            .filter(live)
            .collect(),
        CodeSelection::All => all.filter(live).collect(),
        CodeSelection::Children { of } => {
            let parent = code_index(f, of)?;
            all.filter(|&i| f.codes[i as usize].parent == Some(parent))
                .filter(live)
                .collect()
        }
        CodeSelection::Codes { ids } => ids
            .iter()
            .map(|id| code_index(f, id))
            .collect::<Result<_>>()?,
    })
}

fn code_index(f: &Facts, id: &str) -> Result<u32> {
    id.parse::<CodeId>()
        .ok()
        .and_then(|c| f.code_index.get(&c).copied())
        .ok_or_else(|| Error::unknown("code", id))
}

/// For each code, the positions (in `nodes`) of the nodes it counts
/// towards: itself and each node above it, up to a discarded one.
pub(crate) fn rollup(f: &Facts, nodes: &[u32]) -> Vec<Vec<u32>> {
    let mut at: HashMap<u32, Vec<u32>> = HashMap::new();
    for (p, &n) in nodes.iter().enumerate() {
        at.entry(n).or_default().push(p as u32);
    }
    (0..f.codes.len() as u32)
        .map(|c| {
            let mut out = Vec::new();
            for a in f.ancestors(c) {
                if let Some(ps) = at.get(&a) {
                    out.extend(ps);
                }
                if f.codes[a as usize].discarded {
                    break;
                }
            }
            out
        })
        .collect()
}

/// An axis resolved: its headers and, for a coding, the headers it lies in.
pub(crate) struct Resolved {
    pub headers: Vec<MatrixHeader>,
    kind: Kind,
}

enum Kind {
    Codes(Vec<Vec<u32>>),
    /// value index → position; the last position is "no value".
    Dimension(HashMap<u32, u32>, u32),
    /// value → position; the last position is "no value".
    Attribute(u32, HashMap<String, u32>, u32),
    Documents(Vec<u32>),
    Coders,
}

impl Resolved {
    pub fn new(f: &Facts, axis: &Axis) -> Result<Resolved> {
        let header = |key: String, label: String, color: Option<String>| MatrixHeader {
            key,
            label,
            depth: 0,
            color,
        };
        Ok(match axis {
            Axis::Codes { select } => {
                let nodes = select_codes(f, select)?;
                let headers = nodes
                    .iter()
                    .map(|&n| {
                        let c = &f.codes[n as usize];
                        MatrixHeader {
                            key: c.id.to_string(),
                            label: c.name.clone(),
                            depth: c.depth,
                            color: Some(c.color.clone()),
                        }
                    })
                    .collect();
                Resolved {
                    headers,
                    kind: Kind::Codes(rollup(f, &nodes)),
                }
            }
            Axis::Dimension { key } => {
                let d = &f.dims[dimension_index(f, key)? as usize];
                let mut headers = Vec::new();
                let mut at = HashMap::new();
                for (p, &v) in d.values.iter().enumerate() {
                    let value = &f.values[v as usize];
                    at.insert(v, p as u32);
                    headers.push(header(
                        value.key.clone(),
                        value.label.clone(),
                        value.color.clone(),
                    ));
                }
                let none = headers.len() as u32;
                headers.push(header(String::new(), String::new(), None));
                Resolved {
                    headers,
                    kind: Kind::Dimension(at, none),
                }
            }
            Axis::Attribute { name } => {
                let a = attribute_index(f, name).ok_or_else(|| Error::UnknownName {
                    kind: "attribute",
                    name: name.clone(),
                })?;
                let values = attribute_values(f).swap_remove(a as usize);
                let at = values
                    .iter()
                    .enumerate()
                    .map(|(p, v)| (v.clone(), p as u32))
                    .collect();
                let none = values.len() as u32;
                let mut headers: Vec<MatrixHeader> = values
                    .into_iter()
                    .map(|v| header(v.clone(), v, None))
                    .collect();
                headers.push(header(String::new(), String::new(), None));
                Resolved {
                    headers,
                    kind: Kind::Attribute(a, at, none),
                }
            }
            Axis::Documents => {
                // Units in document order.
                let mut first: Vec<Option<i64>> = vec![None; f.units.len()];
                for d in &f.docs {
                    let k = &mut first[d.unit as usize];
                    *k = Some(k.map_or(d.sort_key, |k| k.min(d.sort_key)));
                }
                let mut order: Vec<u32> = (0..f.units.len() as u32).collect();
                order.sort_by_key(|&u| (first[u as usize], f.units[u as usize].1.clone()));
                let mut position = vec![0u32; f.units.len()];
                for (p, &u) in order.iter().enumerate() {
                    position[u as usize] = p as u32;
                }
                let headers = order
                    .iter()
                    .map(|&u| {
                        let (key, label) = &f.units[u as usize];
                        header(key.clone(), label.clone(), None)
                    })
                    .collect();
                Resolved {
                    headers,
                    kind: Kind::Documents(position),
                }
            }
            Axis::Coders => Resolved {
                headers: f
                    .coders
                    .iter()
                    .map(|c| header(c.id.to_string(), c.name.clone(), Some(c.color.clone())))
                    .collect(),
                kind: Kind::Coders,
            },
        })
    }

    /// The headers a coding lies in (pushed onto `out`).
    pub fn place(&self, f: &Facts, c: &CodingFact, out: &mut Vec<u32>) {
        match &self.kind {
            Kind::Codes(rollup) => out.extend(&rollup[c.code as usize]),
            Kind::Dimension(at, none) => {
                let before = out.len();
                out.extend(c.tags.iter().filter_map(|v| at.get(v)));
                if out.len() == before {
                    out.push(*none);
                }
            }
            Kind::Attribute(a, at, none) => out.push(
                f.attribute(c, *a)
                    .and_then(|v| at.get(v))
                    .copied()
                    .unwrap_or(*none),
            ),
            Kind::Documents(position) => out.push(position[f.docs[c.doc as usize].unit as usize]),
            Kind::Coders => out.push(c.coder),
        }
    }

    /// Whether header `h` is the "no value" one.
    fn is_none(&self, h: usize) -> bool {
        match &self.kind {
            Kind::Dimension(_, none) | Kind::Attribute(_, _, none) => h == *none as usize,
            _ => false,
        }
    }
}

/// The unit a coding counts as under `measure` (None: it does not count,
/// a coding without a participant when counting participants).
pub(crate) fn unit(f: &Facts, c: &CodingFact, segment: u32, measure: Measure) -> Option<u32> {
    match measure {
        Measure::Codings => Some(segment),
        Measure::Documents => Some(f.docs[c.doc as usize].unit),
        Measure::Participants => c.participant,
    }
}

/// The codings a matrix counts, with each one's unit and its places on
/// both axes.
struct Placed<'a> {
    codings: Vec<&'a CodingFact>,
    units: Vec<Option<u32>>,
    rows: Vec<Vec<u32>>,
    cols: Vec<Vec<u32>>,
}

fn place_all<'a>(
    f: &'a Facts,
    req: &'a MatrixRequest,
    rows: &Resolved,
    cols: &Resolved,
) -> Result<Placed<'a>> {
    let codings: Vec<&CodingFact> = included(f, &req.restrict)?.collect();
    let segs = segments(&codings, req.by_coder);
    let mut placed = Placed {
        units: codings
            .iter()
            .zip(&segs)
            .map(|(c, s)| unit(f, c, *s, req.measure))
            .collect(),
        rows: Vec::with_capacity(codings.len()),
        cols: Vec::with_capacity(codings.len()),
        codings,
    };
    for c in &placed.codings {
        let mut r = Vec::new();
        rows.place(f, c, &mut r);
        let mut k = Vec::new();
        cols.place(f, c, &mut k);
        placed.rows.push(r);
        placed.cols.push(k);
    }
    Ok(placed)
}

/// Counts a matrix.
pub fn matrix(f: &Facts, req: &MatrixRequest) -> Result<MatrixView> {
    Ok(count(f, req)?.view)
}

/// A counted matrix with its resolved axes, and for each row and column
/// shown the index of its header on the axis (the "no value" ones are
/// shown only where something lies in them).
struct Counted {
    view: MatrixView,
    rows: Resolved,
    cols: Resolved,
    shown_rows: Vec<usize>,
    shown_cols: Vec<usize>,
}

fn count(f: &Facts, req: &MatrixRequest) -> Result<Counted> {
    let started = std::time::Instant::now();
    let rows = Resolved::new(f, &req.rows)?;
    let cols = Resolved::new(f, &req.columns)?;
    let (nr, nc) = (rows.headers.len(), cols.headers.len());
    let codings: Vec<&CodingFact> = included(f, &req.restrict)?.collect();
    let segs = segments(&codings, req.by_coder);
    // The codings grouped by their unit: each cell, row and column then
    // counts a unit once by remembering the last unit it counted.
    let mut order: Vec<(u32, u32)> = codings
        .iter()
        .zip(&segs)
        .enumerate()
        .filter_map(|(i, (c, s))| unit(f, c, *s, req.measure).map(|u| (u, i as u32)))
        .collect();
    order.sort_unstable();
    const NONE: u32 = u32::MAX;
    let mut cells = vec![0u32; nr * nc];
    let mut last_cell = vec![NONE; nr * nc];
    let mut row_totals = vec![0u32; nr];
    let mut last_row = vec![NONE; nr];
    let mut column_totals = vec![0u32; nc];
    let mut last_col = vec![NONE; nc];
    let (mut total, mut last_total) = (0u32, NONE);
    let (mut rs, mut cs) = (Vec::new(), Vec::new());
    for &(u, i) in &order {
        let c = codings[i as usize];
        rs.clear();
        cs.clear();
        rows.place(f, c, &mut rs);
        cols.place(f, c, &mut cs);
        if rs.is_empty() || cs.is_empty() {
            continue;
        }
        if last_total != u {
            total += 1;
            last_total = u;
        }
        for &r in &rs {
            let r = r as usize;
            if last_row[r] != u {
                row_totals[r] += 1;
                last_row[r] = u;
            }
            for &k in &cs {
                let cell = r * nc + k as usize;
                if last_cell[cell] != u {
                    cells[cell] += 1;
                    last_cell[cell] = u;
                }
            }
        }
        for &k in &cs {
            let k = k as usize;
            if last_col[k] != u {
                column_totals[k] += 1;
                last_col[k] = u;
            }
        }
    }
    let mut counts: Vec<Vec<u32>> = cells.chunks(nc.max(1)).map(<[u32]>::to_vec).collect();
    counts.truncate(nr);
    // The "no value" row and column only where something lies in them.
    let keep_rows: Vec<usize> = (0..nr)
        .filter(|&r| !rows.is_none(r) || row_totals[r] > 0)
        .collect();
    let keep_cols: Vec<usize> = (0..nc)
        .filter(|&c| !cols.is_none(c) || column_totals[c] > 0)
        .collect();
    let mut row_headers = rows.headers.clone();
    let mut col_headers = cols.headers.clone();
    if keep_rows.len() < nr {
        counts = keep_rows.iter().map(|&r| counts[r].clone()).collect();
        row_totals = keep_rows.iter().map(|&r| row_totals[r]).collect();
        row_headers = keep_rows.iter().map(|&r| row_headers[r].clone()).collect();
    }
    if keep_cols.len() < nc {
        for row in &mut counts {
            *row = keep_cols.iter().map(|&c| row[c]).collect();
        }
        column_totals = keep_cols.iter().map(|&c| column_totals[c]).collect();
        col_headers = keep_cols.iter().map(|&c| col_headers[c].clone()).collect();
    }
    let percents = percents(&counts, &row_totals, &column_totals, req.percent);
    let max = counts.iter().flatten().copied().max().unwrap_or(0);
    Ok(Counted {
        view: MatrixView {
            rows: row_headers,
            columns: col_headers,
            counts,
            percents,
            row_totals,
            column_totals,
            total,
            max,
            elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        },
        rows,
        cols,
        shown_rows: keep_rows,
        shown_cols: keep_cols,
    })
}

pub(crate) fn percents(
    counts: &[Vec<u32>],
    row_totals: &[u32],
    column_totals: &[u32],
    percent: Percent,
) -> Option<Vec<Vec<f64>>> {
    let of = |n: u32, total: u32| {
        if total == 0 {
            0.0
        } else {
            n as f64 * 100.0 / total as f64
        }
    };
    match percent {
        Percent::None => None,
        Percent::Row => Some(
            counts
                .iter()
                .zip(row_totals)
                .map(|(row, &t)| row.iter().map(|&n| of(n, t)).collect())
                .collect(),
        ),
        Percent::Column => Some(
            counts
                .iter()
                .map(|row| {
                    row.iter()
                        .zip(column_totals)
                        .map(|(&n, &t)| of(n, t))
                        .collect()
                })
                .collect(),
        ),
    }
}

/// The codings of one cell (`column` None: of the whole row), in document
/// order; counting segments, one coding per segment (the first), so the
/// list is as long as the cell's number.
pub fn matrix_cell(
    f: &Facts,
    req: &MatrixRequest,
    row: usize,
    column: Option<usize>,
) -> Result<Vec<crate::CodingId>> {
    // The cell is addressed as the view shows it.
    let counted = count(f, req)?;
    let out_of = |what: &'static str, n: usize, len: usize| Error::BadValue {
        what,
        value: n.to_string(),
        expected: format!("0–{}", len.saturating_sub(1)),
    };
    let r = *counted
        .shown_rows
        .get(row)
        .ok_or_else(|| out_of("matrix row", row, counted.shown_rows.len()))? as u32;
    let k = column
        .map(|c| {
            counted
                .shown_cols
                .get(c)
                .map(|&k| k as u32)
                .ok_or_else(|| out_of("matrix column", c, counted.shown_cols.len()))
        })
        .transpose()?;
    let (rows, cols) = (&counted.rows, &counted.cols);
    let placed = place_all(f, req, rows, cols)?;
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<&CodingFact> = Vec::new();
    // Document order first, so the kept coding of a segment is its first.
    let mut order: Vec<usize> = (0..placed.codings.len()).collect();
    order.sort_by_key(|&i| {
        let c = placed.codings[i];
        (f.docs[c.doc as usize].sort_key, c.start, c.end, c.coder)
    });
    for i in order {
        let Some(u) = placed.units[i] else { continue };
        if placed.cols[i].is_empty() || !placed.rows[i].contains(&r) {
            continue;
        }
        if let Some(k) = k
            && !placed.cols[i].contains(&k)
        {
            continue;
        }
        if req.measure == Measure::Codings && !seen.insert(u) {
            continue;
        }
        out.push(placed.codings[i]);
    }
    Ok(out.into_iter().map(|c| c.id).collect())
}
