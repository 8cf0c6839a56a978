//! The theme review's analyses on the shared corpus: matrix, co-occurrence
//! and review-tree counts checked against counts computed here straight
//! from the project's tables (spans, tags, turns, cases), not through the
//! analysis module; the facts kept up to date after writes equal facts read
//! anew; exports (CSV, XLSX, SVG, PNG) read back.

use crate::util::{clock, corpus, corpus_mapping, manifest_files};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use tematik::analysis::{
    self, Axis, CodeSelection, CooccurrenceMode, CooccurrenceRequest, Facts, MatrixRequest,
    MatrixView, Measure, Percent, Restriction, TableExport, TableFormat,
};
use tematik::import::{self, TranscriptOptions};
use tematik::storage::CodeSpan;
use tematik::{CodeId, CodeRole, CoderId, DocumentKind, Project, Template};

// ------------------------------------------------------------ the project

struct Corpus {
    p: Project,
    anna: CoderId,
    bertil: CoderId,
}

/// The corpus imported and coded so that every rule is exercised: every
/// fourth turn coded by Anna with a code (cycling through the NVOS codes,
/// levels and focus areas; some without a level); every second of those
/// also by Bertil on the same span with the same code (one segment), and
/// on its first half with another code (overlap); every sixth survey answer
/// coded whole.
fn corpus_project() -> Corpus {
    let mut p = Project::create_in_memory("Korpus", clock()).unwrap();
    let anna = p.ensure_throwaway_coder("Anna").unwrap();
    let bertil = p.ensure_throwaway_coder("Bertil").unwrap();
    tematik::template::apply(&mut p, anna, Template::Nvos).unwrap();
    let paths: Vec<_> = manifest_files(&["focusgroup", "interview"])
        .iter()
        .map(|f| corpus().join(f["path"].as_str().unwrap()))
        .collect();
    for outcome in import::import_transcripts(&mut p, anna, &paths, &TranscriptOptions::default()) {
        outcome.outcome.unwrap();
    }
    let survey = corpus().join(manifest_files(&["survey"])[0]["path"].as_str().unwrap());
    import::import_survey(&mut p, anna, &survey, &corpus_mapping()).unwrap();
    let codes: Vec<CodeId> = p
        .code_tree()
        .unwrap()
        .into_iter()
        .filter(|n| n.code.role != CodeRole::Theme)
        .map(|n| n.code.id)
        .collect();
    let dims = p.dimensions().unwrap();
    let values = |key: &str| -> Vec<tematik::TagValueId> {
        dims.iter()
            .find(|d| d.key == key)
            .unwrap()
            .values
            .iter()
            .map(|v| v.id)
            .collect()
    };
    let (levels, focus) = (values("niva"), values("fokusomrade"));
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut k = 0usize;
    let mut answers = 0usize;
    for d in p.documents().unwrap() {
        let turns = p.document(d.id).unwrap().turns;
        let ranges: Vec<(usize, usize)> = if turns.is_empty() {
            answers += 1;
            if d.kind == DocumentKind::SurveyAnswer && answers.is_multiple_of(6) && d.char_count > 1
            {
                vec![(0, d.char_count)]
            } else {
                Vec::new()
            }
        } else {
            turns
                .iter()
                .enumerate()
                .filter(|(i, t)| i % 4 == 1 && t.end > t.text_start + 4)
                .map(|(_, t)| (t.text_start, t.end))
                .collect()
        };
        for (start, end) in ranges {
            let mut tags = Vec::new();
            if k % 7 != 3 {
                tags.push(levels[k % levels.len()]);
            }
            tags.push(focus[k % focus.len()]);
            if k.is_multiple_of(5) {
                tags.push(focus[(k / 5) % focus.len()]);
            }
            tags.sort();
            tags.dedup();
            let code = codes[k % codes.len()];
            a.push(CodeSpan {
                document_id: d.id,
                start,
                end,
                code_id: code,
                tags: tags.clone(),
            });
            if k.is_multiple_of(2) {
                // The same passage by the other coder, another level.
                let mut other = tags.clone();
                other.retain(|t| !levels.contains(t));
                other.push(levels[(k + 1) % levels.len()]);
                b.push(CodeSpan {
                    document_id: d.id,
                    start,
                    end,
                    code_id: code,
                    tags: other,
                });
                // An overlapping coding of another code.
                let half = start + (end - start) / 2;
                b.push(CodeSpan {
                    document_id: d.id,
                    start,
                    end: half.max(start + 1),
                    code_id: codes[(k * 7 + 3) % codes.len()],
                    tags: vec![focus[(k + 2) % focus.len()]],
                });
            }
            k += 1;
        }
    }
    assert!(a.len() > 200, "a few hundred codings ({})", a.len());
    p.code_spans(anna, a).unwrap();
    p.code_spans(bertil, b).unwrap();
    Corpus { p, anna, bertil }
}

// ------------------------------------------------ the project, read directly

#[derive(Debug, Clone)]
struct RawCoding {
    id: String,
    doc: String,
    code: String,
    coder: String,
    start: usize,
    end: usize,
    /// Effective (dimension key, value key).
    tags: BTreeSet<(String, String)>,
    participant: Option<String>,
    /// Turns covered (index), or none for a document without turns.
    turns: Vec<usize>,
}

struct Raw {
    codings: Vec<RawCoding>,
    parent: HashMap<String, Option<String>>,
    discarded: HashSet<String>,
    /// document → its unit (itself, or its survey's source)
    unit: HashMap<String, String>,
    doc_case: HashMap<String, Option<String>>,
    case_attr: HashMap<(String, String), String>,
    names: HashMap<String, String>,
}

fn rows<T>(p: &Project, sql: &str, f: impl Fn(&rusqlite::Row) -> rusqlite::Result<T>) -> Vec<T> {
    let conn = p.read_only_connection();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| f(r))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn raw(p: &Project) -> Raw {
    let value: HashMap<String, (String, String)> = rows(
        p,
        "SELECT v.id, d.key, v.key FROM tag_values v JOIN tag_dimensions d ON d.id = v.dimension_id",
        |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))),
    )
    .into_iter()
    .collect();
    let mut defaults: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (code, v) in rows(p, "SELECT code_id, value_id FROM code_tags", |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    }) {
        defaults.entry(code).or_default().push(value[&v].clone());
    }
    let mut own: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (c, v) in rows(p, "SELECT coding_id, value_id FROM coding_tags", |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    }) {
        own.entry(c).or_default().push(value[&v].clone());
    }
    let mut turns: HashMap<String, Vec<(usize, usize, Option<String>)>> = HashMap::new();
    for (d, s, e, c) in rows(
        p,
        "SELECT document_id, start, \"end\", case_id FROM turns ORDER BY document_id, idx",
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        },
    ) {
        turns
            .entry(d)
            .or_default()
            .push((s as usize, e as usize, c));
    }
    let mut unit = HashMap::new();
    let mut doc_case = HashMap::new();
    for (id, kind, case, source) in rows(
        p,
        "SELECT id, kind, case_id, source_id FROM documents",
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        },
    ) {
        let u = if kind == "survey_answer" {
            source.clone().unwrap()
        } else {
            id.clone()
        };
        unit.insert(id.clone(), u);
        doc_case.insert(id, case);
    }
    let case_attr = rows(
        p,
        "SELECT v.case_id, lower(a.name), v.value FROM case_attributes v JOIN attributes a ON a.id = v.attribute_id",
        |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)),
    )
    .into_iter()
    .collect();
    let mut parent = HashMap::new();
    let mut discarded = HashSet::new();
    let mut names = HashMap::new();
    for (id, par, name, gone) in rows(
        p,
        "SELECT id, parent_id, name, discarded_at IS NOT NULL FROM codes",
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
            ))
        },
    ) {
        if gone {
            discarded.insert(id.clone());
        }
        names.insert(id.clone(), name);
        parent.insert(id, par);
    }
    let codings = rows(
        p,
        "SELECT id, document_id, code_id, coder_id, start, \"end\" FROM codings",
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)? as usize,
                r.get::<_, i64>(5)? as usize,
            ))
        },
    )
    .into_iter()
    .map(|(id, doc, code, coder, start, end)| {
        let mine = own.get(&id).cloned().unwrap_or_default();
        let mut tags: BTreeSet<(String, String)> = mine.iter().cloned().collect();
        for (d, v) in defaults.get(&code).into_iter().flatten() {
            if !mine.iter().any(|(md, _)| md == d) {
                tags.insert((d.clone(), v.clone()));
            }
        }
        let ts = turns.get(&doc).cloned().unwrap_or_default();
        let first = ts.iter().position(|t| t.0 <= start && start <= t.1);
        let participant = first
            .and_then(|i| ts[i].2.clone())
            .or_else(|| doc_case[&doc].clone());
        let covered = match first {
            Some(i) => (i..ts.len()).filter(|&j| j == i || ts[j].0 < end).collect(),
            None => Vec::new(),
        };
        RawCoding {
            id,
            doc,
            code,
            coder,
            start,
            end,
            tags,
            participant,
            turns: covered,
        }
    })
    .collect();
    Raw {
        codings,
        parent,
        discarded,
        unit,
        doc_case,
        case_attr,
        names,
    }
}

impl Raw {
    /// The node and every node above it, stopping after a discarded one.
    fn chain(&self, code: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = Some(code.to_owned());
        while let Some(c) = at {
            let stop = self.discarded.contains(&c);
            at = self.parent[&c].clone();
            out.push(c);
            if stop {
                break;
            }
        }
        out
    }

    fn out(&self, code: &str) -> bool {
        let mut at = Some(code.to_owned());
        while let Some(c) = at {
            if self.discarded.contains(&c) {
                return true;
            }
            at = self.parent[&c].clone();
        }
        false
    }

    fn live(&self) -> Vec<&RawCoding> {
        self.codings.iter().filter(|c| !self.out(&c.code)).collect()
    }

    /// Segment of each coding (by id): overlapping codings of one code in
    /// one document (of one coder when `by_coder`), by union-find.
    fn segments(&self, codings: &[&RawCoding], by_coder: bool) -> HashMap<String, usize> {
        let n = codings.len();
        let mut up: Vec<usize> = (0..n).collect();
        fn find(up: &mut Vec<usize>, i: usize) -> usize {
            if up[i] != i {
                let r = find(up, up[i]);
                up[i] = r;
            }
            up[i]
        }
        let mut groups: HashMap<(String, String, String), Vec<usize>> = HashMap::new();
        for (i, c) in codings.iter().enumerate() {
            let coder = if by_coder {
                c.coder.clone()
            } else {
                String::new()
            };
            groups
                .entry((c.doc.clone(), c.code.clone(), coder))
                .or_default()
                .push(i);
        }
        for members in groups.values() {
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    if codings[i].start < codings[j].end && codings[j].start < codings[i].end {
                        let (a, b) = (find(&mut up, i), find(&mut up, j));
                        up[a] = b;
                    }
                }
            }
        }
        (0..n)
            .map(|i| (codings[i].id.clone(), find(&mut up, i)))
            .collect()
    }

    /// Each segment (across coders) as (code, document, start, end of the
    /// union of its codings' spans), in segment order.
    fn segment_spans(&self, live: &[&RawCoding]) -> Vec<(String, String, usize, usize)> {
        let seg = self.segments(live, false);
        let mut segs: BTreeMap<usize, (String, String, usize, usize)> = BTreeMap::new();
        for x in live {
            let e =
                segs.entry(seg[&x.id])
                    .or_insert((x.code.clone(), x.doc.clone(), x.start, x.end));
            e.2 = e.2.min(x.start);
            e.3 = e.3.max(x.end);
        }
        segs.into_values().collect()
    }

    fn attribute(&self, c: &RawCoding, name: &str) -> Option<String> {
        let on = |case: &Option<String>| {
            case.as_ref()
                .and_then(|k| self.case_attr.get(&(k.clone(), name.to_lowercase())))
                .cloned()
        };
        on(&c.participant).or_else(|| on(&self.doc_case[&c.doc]))
    }
}

fn themes(p: &Project) -> Vec<String> {
    p.code_tree()
        .unwrap()
        .into_iter()
        .filter(|n| n.depth == 0)
        .map(|n| n.code.id.to_string())
        .collect()
}

/// A matrix's cell by row and column keys.
fn cell(m: &MatrixView, row: &str, col: &str) -> u32 {
    let r = m
        .rows
        .iter()
        .position(|h| h.key == row)
        .unwrap_or_else(|| panic!("row {row}"));
    let c = m
        .columns
        .iter()
        .position(|h| h.key == col)
        .unwrap_or_else(|| panic!("column {col}"));
    m.counts[r][c]
}

fn request(rows: Axis, columns: Axis, measure: Measure) -> MatrixRequest {
    MatrixRequest {
        rows,
        columns,
        measure,
        percent: Percent::None,
        by_coder: false,
        restrict: vec![],
    }
}

fn levels(p: &Project) -> Vec<String> {
    p.dimensions()
        .unwrap()
        .into_iter()
        .find(|d| d.key == "niva")
        .unwrap()
        .values
        .into_iter()
        .map(|v| v.key)
        .collect()
}

// ------------------------------------------------------------- matrices

#[test]
fn theme_by_level_counts_segments_documents_and_participants_as_computed_from_the_tables() {
    let c = corpus_project();
    let raw = raw(&c.p);
    let f = Facts::read(&c.p).unwrap();
    let live = raw.live();
    for by_coder in [false, true] {
        let seg = raw.segments(&live, by_coder);
        for measure in [Measure::Codings, Measure::Documents, Measure::Participants] {
            let mut req = request(
                Axis::Codes {
                    select: CodeSelection::Themes,
                },
                Axis::Dimension { key: "niva".into() },
                measure,
            );
            req.by_coder = by_coder;
            let m = analysis::matrix(&f, &req).unwrap();
            let mut levels_and_none: Vec<Option<String>> =
                levels(&c.p).into_iter().map(Some).collect();
            levels_and_none.push(None);
            let mut checked = 0;
            for t in themes(&c.p) {
                for level in &levels_and_none {
                    let units: HashSet<String> = live
                        .iter()
                        .filter(|x| raw.chain(&x.code).contains(&t))
                        .filter(|x| match level {
                            Some(l) => x.tags.contains(&("niva".into(), l.clone())),
                            None => !x.tags.iter().any(|(d, _)| d == "niva"),
                        })
                        .filter_map(|x| match measure {
                            Measure::Codings => Some(seg[&x.id].to_string()),
                            Measure::Documents => Some(raw.unit[&x.doc].clone()),
                            Measure::Participants => x.participant.clone(),
                        })
                        .collect();
                    let key = level.clone().unwrap_or_default();
                    if m.columns.iter().any(|h| h.key == key) {
                        assert_eq!(
                            cell(&m, &t, &key),
                            units.len() as u32,
                            "{measure:?} by_coder={by_coder} {} × {key}",
                            raw.names[&t]
                        );
                        checked += units.len();
                    } else {
                        assert!(units.is_empty(), "a column with codings is shown");
                    }
                }
            }
            assert!(
                checked > 50,
                "{measure:?}: the cells hold something ({checked})"
            );
        }
    }
}

#[test]
fn a_passage_coded_by_two_coders_counts_once_unless_split_by_coder() {
    let c = corpus_project();
    let f = Facts::read(&c.p).unwrap();
    let mut req = request(
        Axis::Codes {
            select: CodeSelection::Themes,
        },
        Axis::Coders,
        Measure::Codings,
    );
    let together = analysis::matrix(&f, &req).unwrap();
    req.by_coder = true;
    let apart = analysis::matrix(&f, &req).unwrap();
    assert!(
        apart.total > together.total,
        "{} segments by coder, {} together",
        apart.total,
        together.total
    );
    let codings = c.p.info().unwrap().counts.codings as u32;
    assert!(
        together.total < codings,
        "twin codings of a passage are one segment"
    );
    // Rows are themes: every live coding lies in exactly one.
    assert_eq!(apart.row_totals.iter().sum::<u32>(), apart.total);
}

#[test]
fn attribute_axis_restrictions_and_percentages() {
    let c = corpus_project();
    let raw = raw(&c.p);
    let f = Facts::read(&c.p).unwrap();
    let live = raw.live();
    let seg = raw.segments(&live, false);
    let m = analysis::matrix(
        &f,
        &request(
            Axis::Dimension {
                key: "fokusomrade".into(),
            },
            Axis::Attribute {
                name: "Kommunstorlek".into(),
            },
            Measure::Codings,
        ),
    )
    .unwrap();
    assert!(
        m.columns.iter().any(|h| h.key.is_empty()),
        "transcript codings have no Kommunstorlek"
    );
    for row in &m.rows {
        for col in &m.columns {
            let units: HashSet<usize> = live
                .iter()
                .filter(|x| {
                    x.tags
                        .iter()
                        .any(|(d, v)| d == "fokusomrade" && *v == row.key)
                })
                .filter(|x| raw.attribute(x, "Kommunstorlek").unwrap_or_default() == col.key)
                .map(|x| seg[&x.id])
                .collect();
            assert_eq!(
                cell(&m, &row.key, &col.key),
                units.len() as u32,
                "{} × {}",
                row.key,
                col.key
            );
        }
    }
    // Restricted to one value: equal to that column.
    let size = m
        .columns
        .iter()
        .find(|h| !h.key.is_empty())
        .unwrap()
        .key
        .clone();
    let mut req = request(
        Axis::Dimension {
            key: "fokusomrade".into(),
        },
        Axis::Coders,
        Measure::Codings,
    );
    req.restrict = vec![Restriction::Attribute {
        name: "kommunstorlek".into(),
        value: size.clone(),
    }];
    let only = analysis::matrix(&f, &req).unwrap();
    for (r, row) in only.rows.iter().enumerate() {
        assert_eq!(only.row_totals[r], cell(&m, &row.key, &size), "{}", row.key);
    }
    // Row percentages: each cell of its row's distinct total.
    req.percent = Percent::Row;
    let pct = analysis::matrix(&f, &req).unwrap();
    let p = pct.percents.as_ref().unwrap();
    for (r, row) in pct.counts.iter().enumerate() {
        for (k, n) in row.iter().enumerate() {
            let want = if pct.row_totals[r] == 0 {
                0.0
            } else {
                *n as f64 * 100.0 / pct.row_totals[r] as f64
            };
            assert!((p[r][k] - want).abs() < 1e-9);
        }
    }
    let unknown = analysis::matrix(
        &f,
        &request(
            Axis::Attribute {
                name: "Skostorlek".into(),
            },
            Axis::Coders,
            Measure::Codings,
        ),
    );
    assert!(
        matches!(
            unknown,
            Err(tematik::Error::UnknownName {
                kind: "attribute",
                ..
            })
        ),
        "{unknown:?}"
    );
}

#[test]
fn a_cell_opens_exactly_its_segments() {
    let c = corpus_project();
    let raw = raw(&c.p);
    let f = Facts::read(&c.p).unwrap();
    let req = request(
        Axis::Codes {
            select: CodeSelection::All,
        },
        Axis::Dimension { key: "niva".into() },
        Measure::Codings,
    );
    let m = analysis::matrix(&f, &req).unwrap();
    let by_id: HashMap<&str, &RawCoding> = raw.codings.iter().map(|x| (x.id.as_str(), x)).collect();
    let mut opened = 0;
    for (r, row) in m.rows.iter().enumerate() {
        for (k, col) in m.columns.iter().enumerate() {
            let ids = analysis::matrix_cell(&f, &req, r, Some(k)).unwrap();
            assert_eq!(
                ids.len() as u32,
                m.counts[r][k],
                "{} × {}",
                row.label,
                col.key
            );
            for id in &ids {
                let x = by_id[id.to_string().as_str()];
                assert!(raw.chain(&x.code).contains(&row.key));
                if col.key.is_empty() {
                    assert!(!x.tags.iter().any(|(d, _)| d == "niva"));
                } else {
                    assert!(x.tags.contains(&("niva".into(), col.key.clone())));
                }
            }
            opened += ids.len();
        }
        let whole = analysis::matrix_cell(&f, &req, r, None).unwrap();
        assert_eq!(whole.len() as u32, m.row_totals[r], "row {}", row.label);
    }
    assert!(opened > 100);
    assert!(matches!(
        analysis::matrix_cell(&f, &req, m.rows.len(), Some(0)),
        Err(tematik::Error::BadValue { .. })
    ));
}

#[test]
fn discarded_codes_are_out_of_every_matrix_and_come_back() {
    let mut c = corpus_project();
    let req = request(
        Axis::Codes {
            select: CodeSelection::All,
        },
        Axis::Documents,
        Measure::Codings,
    );
    let before = analysis::matrix(&Facts::read(&c.p).unwrap(), &req).unwrap();
    let (r, used) = before
        .row_totals
        .iter()
        .enumerate()
        .find(|(r, n)| **n > 0 && before.rows[*r].depth > 0)
        .unwrap();
    let code: CodeId = before.rows[r].key.parse().unwrap();
    c.p.discard_code(c.anna, code).unwrap();
    let f = Facts::read(&c.p).unwrap();
    let after = analysis::matrix(&f, &req).unwrap();
    assert!(
        !after.rows.iter().any(|h| h.key == before.rows[r].key),
        "the discarded code is no row"
    );
    assert_eq!(
        after.total,
        before.total - used,
        "its segments are out of the total"
    );
    let review = analysis::review_tree(&f);
    let node = review
        .nodes
        .iter()
        .find(|n| n.id == code.to_string())
        .unwrap();
    assert!(
        node.discarded && node.codings > 0,
        "the discard pile counts its own"
    );
    c.p.restore_code(c.anna, code).unwrap();
    let back = analysis::matrix(&Facts::read(&c.p).unwrap(), &req).unwrap();
    assert_eq!(
        MatrixView {
            elapsed_ms: 0.0,
            ..back
        },
        MatrixView {
            elapsed_ms: 0.0,
            ..before
        }
    );
}

// ------------------------------------------------------------- co-occurrence

fn leaf_codes(p: &Project) -> Vec<String> {
    let tree = p.code_tree().unwrap();
    tree.iter()
        .filter(|n| !tree.iter().any(|m| m.code.parent_id == Some(n.code.id)))
        .map(|n| n.code.id.to_string())
        .collect()
}

#[test]
fn cooccurrence_equals_pairs_counted_from_spans_turns_and_documents() {
    let c = corpus_project();
    let raw = raw(&c.p);
    let f = Facts::read(&c.p).unwrap();
    let live = raw.live();
    let segs = raw.segment_spans(&live);
    let leaves = leaf_codes(&c.p);
    let mut total_off = 0;
    for mode in [
        CooccurrenceMode::Overlap,
        CooccurrenceMode::SameTurn,
        CooccurrenceMode::SameDocument,
    ] {
        let req = CooccurrenceRequest {
            codes: CodeSelection::Codes {
                ids: leaves.clone(),
            },
            mode,
            measure: Measure::Codings,
            restrict: vec![],
        };
        let m = analysis::cooccurrence(&f, &req).unwrap();
        let mut want: HashMap<(String, String), usize> = HashMap::new();
        match mode {
            CooccurrenceMode::Overlap => {
                for (i, a) in segs.iter().enumerate() {
                    *want.entry((a.0.clone(), a.0.clone())).or_default() += 1;
                    for b in &segs[i + 1..] {
                        if a.1 == b.1 && a.2 < b.3 && b.2 < a.3 && a.0 != b.0 {
                            *want.entry((a.0.clone(), b.0.clone())).or_default() += 1;
                            *want.entry((b.0.clone(), a.0.clone())).or_default() += 1;
                        }
                    }
                }
            }
            _ => {
                let mut groups: BTreeMap<(String, Option<usize>), BTreeSet<String>> =
                    BTreeMap::new();
                for x in &live {
                    if mode == CooccurrenceMode::SameDocument {
                        groups
                            .entry((x.doc.clone(), None))
                            .or_default()
                            .insert(x.code.clone());
                    } else if x.turns.is_empty() {
                        groups
                            .entry((x.doc.clone(), Some(usize::MAX)))
                            .or_default()
                            .insert(x.code.clone());
                    } else {
                        for t in &x.turns {
                            groups
                                .entry((x.doc.clone(), Some(*t)))
                                .or_default()
                                .insert(x.code.clone());
                        }
                    }
                }
                for codes in groups.values() {
                    for a in codes {
                        for b in codes {
                            *want.entry((a.clone(), b.clone())).or_default() += 1;
                        }
                    }
                }
            }
        }
        for (r, row) in m.rows.iter().enumerate() {
            for (k, col) in m.columns.iter().enumerate() {
                let w = want
                    .get(&(row.key.clone(), col.key.clone()))
                    .copied()
                    .unwrap_or(0);
                assert_eq!(
                    m.counts[r][k] as usize, w,
                    "{mode:?} {} × {}",
                    raw.names[&row.key], raw.names[&col.key]
                );
                if r != k {
                    total_off += w;
                }
            }
        }
        // A cell opens the codings of both codes where they meet.
        if let Some((r, k)) = (0..m.rows.len())
            .flat_map(|r| (0..m.rows.len()).map(move |k| (r, k)))
            .find(|&(r, k)| r != k && m.counts[r][k] > 0)
        {
            let ids = analysis::cooccurrence_cell(&f, &req, r, k).unwrap();
            let codes: HashSet<String> = ids
                .iter()
                .map(|id| {
                    raw.codings
                        .iter()
                        .find(|x| x.id == id.to_string())
                        .unwrap()
                        .code
                        .clone()
                })
                .collect();
            assert_eq!(
                codes,
                HashSet::from([m.rows[r].key.clone(), m.rows[k].key.clone()]),
                "{mode:?}"
            );
        }
    }
    assert!(total_off > 20, "codes meet in the corpus ({total_off})");
}

// ------------------------------------------------------------- the review tree

#[test]
fn review_tree_counts_and_flags_equal_the_tables() {
    let c = corpus_project();
    let raw = raw(&c.p);
    let f = Facts::read(&c.p).unwrap();
    let view = analysis::review_tree(&f);
    let tree = c.p.code_tree().unwrap();
    assert_eq!(view.nodes.len(), tree.len());
    for (node, t) in view.nodes.iter().zip(&tree) {
        assert_eq!(
            node.id,
            t.code.id.to_string(),
            "the review tree is in the code tree's order"
        );
        let mine: Vec<&RawCoding> = raw
            .codings
            .iter()
            .filter(|x| raw.chain(&x.code).contains(&node.id))
            .collect();
        assert_eq!(node.codings as usize, mine.len(), "{}", node.name);
        assert_eq!(
            node.codings as usize, t.codings_with_descendants,
            "the code tree agrees"
        );
        let docs: HashSet<&String> = mine.iter().map(|x| &raw.unit[&x.doc]).collect();
        assert_eq!(node.documents as usize, docs.len(), "{}", node.name);
        let people: HashSet<&String> = mine.iter().filter_map(|x| x.participant.as_ref()).collect();
        assert_eq!(node.participants as usize, people.len(), "{}", node.name);
        let levels = levels(&c.p);
        let spread = node.spread.iter().find(|s| s.dimension == "niva").unwrap();
        for (i, l) in levels.iter().enumerate() {
            let n = mine
                .iter()
                .filter(|x| x.tags.contains(&("niva".into(), l.clone())))
                .count();
            assert_eq!(spread.counts[i] as usize, n);
        }
        let missing = mine
            .iter()
            .filter(|x| !x.tags.iter().any(|(d, _)| d == "niva"))
            .count();
        assert_eq!(spread.missing as usize, missing);
        let coders: u32 = node.coders.iter().map(|k| k.codings).sum();
        assert_eq!(coders, node.codings);
        assert_eq!(
            node.flags.contains(&analysis::ReviewFlag::FewCodings),
            mine.len() < 3
        );
        assert_eq!(
            node.flags.contains(&analysis::ReviewFlag::SingleDocument),
            docs.len() == 1
        );
        assert_eq!(
            node.flags.contains(&analysis::ReviewFlag::NoDefinition),
            t.code.definition.trim().is_empty()
        );
    }
    assert!(
        view.nodes
            .iter()
            .any(|n| n.flags.contains(&analysis::ReviewFlag::MissingTags))
    );
}

// ------------------------------------------------------------- kept up to date

/// What the analyses give, for comparing two Facts.
fn answers(f: &Facts) -> String {
    let mut out = String::new();
    let mut review = analysis::review_tree(f);
    review.elapsed_ms = 0.0;
    out.push_str(&serde_json::to_string(&review.nodes).unwrap());
    for (rows, cols) in [
        (
            Axis::Codes {
                select: CodeSelection::All,
            },
            Axis::Dimension { key: "niva".into() },
        ),
        (
            Axis::Codes {
                select: CodeSelection::Themes,
            },
            Axis::Attribute {
                name: "Omgång".into(),
            },
        ),
        (Axis::Documents, Axis::Coders),
    ] {
        let mut m = analysis::matrix(f, &request(rows, cols, Measure::Participants)).unwrap();
        m.elapsed_ms = 0.0;
        out.push_str(&serde_json::to_string(&m).unwrap());
    }
    out
}

#[test]
fn facts_kept_up_to_date_after_writes_equal_facts_read_anew() {
    let mut c = corpus_project();
    let mut kept = Facts::read(&c.p).unwrap();
    c.p.take_changes();
    let tree = c.p.code_tree().unwrap();
    let codes: Vec<CodeId> = tree
        .iter()
        .filter(|n| n.depth > 0)
        .map(|n| n.code.id)
        .collect();
    let doc =
        c.p.documents()
            .unwrap()
            .into_iter()
            .find(|d| d.kind != DocumentKind::SurveyAnswer)
            .unwrap();
    let level = c.p.find_tag_value(Some("niva"), "makro").unwrap().id;
    let micro = c.p.find_tag_value(Some("niva"), "mikro").unwrap();
    let coded = |c: &Corpus, code: CodeId| -> Vec<tematik::CodingId> {
        c.p.codings_of_code(code, false)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect()
    };
    type Step<'a> = Box<dyn Fn(&mut Corpus) + 'a>;
    let steps: Vec<Step> = vec![
        Box::new(|c| {
            c.p.code_span(
                c.anna,
                CodeSpan {
                    document_id: doc.id,
                    start: 3,
                    end: 40,
                    code_id: codes[0],
                    tags: vec![level],
                },
            )
            .unwrap();
        }),
        Box::new(|c| c.p.merge_codes(c.anna, codes[1], codes[2]).unwrap()),
        Box::new(|c| {
            c.p.set_code_default_tags(c.anna, codes[3], vec![level])
                .unwrap()
        }),
        Box::new(|c| c.p.discard_code(c.anna, codes[4]).unwrap()),
        Box::new(|c| c.p.move_code(c.anna, codes[5], None, None).unwrap()),
        // A coding's own value changed: its code and tags are taken anew,
        // not its text (it kept its place).
        Box::new(|c| {
            let coding = coded(c, codes[6])[0];
            c.p.set_coding_tags(c.anna, coding, micro.dimension_id, vec![micro.id])
                .unwrap()
        }),
        // Codings split off a code with defaults: each gets the values it
        // inherited written onto it.
        Box::new(|c| {
            let moving: Vec<tematik::CodingId> =
                coded(c, codes[3]).into_iter().step_by(2).collect();
            assert!(!moving.is_empty());
            c.p.split_code(c.anna, codes[3], &moving, "Utbruten")
                .unwrap();
        }),
        Box::new(|c| {
            c.p.undo(c.bertil).ok();
            c.p.undo(c.anna).unwrap();
        }),
        Box::new(|c| {
            c.p.undo(c.anna).unwrap();
        }),
    ];
    for (i, step) in steps.iter().enumerate() {
        step(&mut c);
        let changes = c.p.take_changes();
        let conn_facts = Facts::read(&c.p).unwrap();
        // Through the public path a session uses.
        let refreshed = kept.refresh_from(&c.p, &changes).unwrap();
        assert!(
            refreshed,
            "step {i} is kept up to date in place, not read anew"
        );
        assert_eq!(answers(&kept), answers(&conn_facts), "after step {i}");
        // The quote finder's words and participants are kept up to date too.
        let all: Vec<tematik::CodingId> =
            c.p.code_tree()
                .unwrap()
                .iter()
                .filter(|n| n.depth == 0)
                .flat_map(|n| c.p.codings_of_code(n.code.id, true).unwrap())
                .map(|c| c.id)
                .collect();
        assert_eq!(
            tematik::chapter::rank_candidates(&kept, &all, all.len()),
            tematik::chapter::rank_candidates(&conn_facts, &all, all.len()),
            "the finder after step {i}"
        );
    }
}

// ------------------------------------------------------------- files

#[test]
fn matrix_exports_to_csv_for_swedish_excel_and_to_xlsx() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut c = corpus_project();
    // A code whose name a spreadsheet would take for a formula.
    let first = c.p.code_tree().unwrap()[0].code.id;
    c.p.rename_code(c.anna, first, "=SUMMA(A1)").unwrap();
    let f = Facts::read(&c.p).unwrap();
    let req = request(
        Axis::Codes {
            select: CodeSelection::Themes,
        },
        Axis::Dimension { key: "niva".into() },
        Measure::Codings,
    );
    let m = analysis::matrix(&f, &req).unwrap();
    let texts = analysis::TableTexts {
        corner: "Tema".into(),
        none: "(inget värde)".into(),
        total: "Totalt".into(),
    };
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("matris.csv");
    analysis::write_table(
        &m,
        &texts,
        &csv,
        &TableExport {
            format: TableFormat::Csv,
            separator: ";".into(),
            bom: true,
        },
    )
    .unwrap();
    let bytes = std::fs::read(&csv).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a byte-order mark"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), m.rows.len() + 2);
    assert!(lines[0].starts_with("Tema;"), "{}", lines[0]);
    assert!(
        lines[1].starts_with("'=SUMMA(A1);"),
        "formula-looking text is text: {}",
        lines[1]
    );
    let fields: Vec<&str> = lines[1].split(';').collect();
    assert_eq!(fields[1], m.counts[0][0].to_string());
    assert!(lines.last().unwrap().starts_with("Totalt;"));

    let xlsx = dir.path().join("matris.xlsx");
    analysis::write_table(
        &m,
        &texts,
        &xlsx,
        &TableExport {
            format: TableFormat::Xlsx,
            separator: String::new(),
            bom: false,
        },
    )
    .unwrap();
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(
        sheet.get_value((1, 0)),
        Some(&Data::String("=SUMMA(A1)".into())),
        "a string cell, not a formula"
    );
    assert_eq!(
        sheet.get_value((1, 1)),
        Some(&Data::Float(m.counts[0][0] as f64)),
        "counts are numbers"
    );
    assert_eq!(
        sheet.get_value((0, 1)),
        Some(&Data::String(m.columns[0].label.clone()))
    );
    let formulas = book
        .worksheet_formula(&book.sheet_names()[0].clone())
        .unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formulas at all"
    );
    // A failed write leaves nothing behind.
    let missing = dir.path().join("no/such/dir/m.csv");
    assert!(
        analysis::write_table(
            &m,
            &texts,
            &missing,
            &TableExport {
                format: TableFormat::Csv,
                separator: ";".into(),
                bom: true
            }
        )
        .is_err()
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary files left"
    );
}

#[test]
fn thematic_map_draws_every_code_apart_and_renders_to_png() {
    let mut c = corpus_project();
    let tree = c.p.code_tree().unwrap();
    let gone = tree.iter().find(|n| n.depth == 1).unwrap().code.id;
    c.p.discard_code(c.anna, gone).unwrap();
    c.p.rename_code(c.anna, tree[0].code.id, "Möten & <samverkan>")
        .unwrap();
    let f = Facts::read(&c.p).unwrap();
    let map = analysis::thematic_map(&f, "Korpus");
    assert_eq!(
        map.nodes.len(),
        tree.len() + 1,
        "every code and the project"
    );
    assert!(
        map.nodes
            .iter()
            .any(|n| n.id == gone.to_string() && n.discarded)
    );
    for n in &map.nodes {
        assert!(
            n.x - n.r >= 0.0 && n.x + n.r <= map.width && n.y + n.r <= map.height,
            "{} inside",
            n.name
        );
    }
    // No two nodes of one column overlap.
    let mut columns: HashMap<(i64, bool), Vec<f64>> = HashMap::new();
    for n in map.nodes.iter().filter(|n| !n.discarded) {
        columns
            .entry((n.x.round() as i64, n.discarded))
            .or_default()
            .push(n.y);
    }
    for ys in columns.values_mut() {
        ys.sort_by(|a, b| a.partial_cmp(b).unwrap());
        for w in ys.windows(2) {
            assert!(w[1] - w[0] >= 20.0, "rows apart: {w:?}");
        }
    }
    let svg = analysis::map_svg(&map, &analysis::MapTexts::swedish());
    assert!(
        svg.contains("Möten &amp; &lt;samverkan&gt;"),
        "names are escaped"
    );
    assert!(svg.contains("Övrigt / kasserade"));
    assert_xml(&svg);
    let png = analysis::map_png(&svg, 1.0).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let (w, h) = (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    );
    assert_eq!((w, h), (map.width as u32, map.height as u32));
}

/// The SVG is well-formed XML (quick-xml reads it to the end).
fn assert_xml(svg: &str) {
    let mut reader = quick_xml::Reader::from_str(svg);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("the SVG is not XML: {e}"),
        }
    }
}

#[test]
fn cooccurrence_by_documents_counts_the_documents_where_codes_meet() {
    let c = corpus_project();
    let raw = raw(&c.p);
    let f = Facts::read(&c.p).unwrap();
    let live = raw.live();
    let segs = raw.segment_spans(&live);
    let leaves = leaf_codes(&c.p);
    for mode in [
        CooccurrenceMode::Overlap,
        CooccurrenceMode::SameTurn,
        CooccurrenceMode::SameDocument,
    ] {
        let req = CooccurrenceRequest {
            codes: CodeSelection::Codes {
                ids: leaves.clone(),
            },
            mode,
            measure: Measure::Documents,
            restrict: vec![],
        };
        let m = analysis::cooccurrence(&f, &req).unwrap();
        // (code a, code b) → the documents (units) where they meet.
        let mut want: HashMap<(String, String), HashSet<String>> = HashMap::new();
        let mut meet = |a: &str, b: &str, doc: &str| {
            want.entry((a.to_owned(), b.to_owned()))
                .or_default()
                .insert(raw.unit[doc].clone());
        };
        match mode {
            CooccurrenceMode::Overlap => {
                for (i, a) in segs.iter().enumerate() {
                    meet(&a.0, &a.0, &a.1);
                    for b in &segs[i + 1..] {
                        if a.1 == b.1 && a.2 < b.3 && b.2 < a.3 && a.0 != b.0 {
                            meet(&a.0, &b.0, &a.1);
                            meet(&b.0, &a.0, &a.1);
                        }
                    }
                }
            }
            _ => {
                let mut groups: BTreeMap<(String, Option<usize>), BTreeSet<String>> =
                    BTreeMap::new();
                for x in &live {
                    let turns: Vec<Option<usize>> = if mode == CooccurrenceMode::SameDocument {
                        vec![None]
                    } else if x.turns.is_empty() {
                        vec![Some(usize::MAX)]
                    } else {
                        x.turns.iter().map(|t| Some(*t)).collect()
                    };
                    for t in turns {
                        groups
                            .entry((x.doc.clone(), t))
                            .or_default()
                            .insert(x.code.clone());
                    }
                }
                for ((doc, _), codes) in &groups {
                    for a in codes {
                        for b in codes {
                            meet(a, b, doc);
                        }
                    }
                }
            }
        }
        for (r, row) in m.rows.iter().enumerate() {
            for (k, col) in m.columns.iter().enumerate() {
                let w = want
                    .get(&(row.key.clone(), col.key.clone()))
                    .map_or(0, HashSet::len);
                assert_eq!(
                    m.counts[r][k] as usize, w,
                    "{mode:?} {} × {}",
                    raw.names[&row.key], raw.names[&col.key]
                );
            }
        }
    }
}
