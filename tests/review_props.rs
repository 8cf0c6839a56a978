//! Property test of theme review: random sequences of move, merge, split,
//! promote, demote, discard, restore, status, define, pin, undo and redo on
//! a project with codings (two coders, overlapping spans, own and default
//! tags), memos on codes and codings, quote sets and pinned examples.
//!
//! A model, kept beside the project and changed by its own rules (not by
//! the core's code), says after every step which codings exist with which
//! (document, span, coder, effective tags), which memo is on which coding
//! or code, which coding is in which quote set and which is pinned where.
//! Merges join twins (the same span by the same coder on the code they
//! meet in): the model joins them by the documented rule. Invalid
//! operations must fail and change nothing; undoing every step gives back
//! the starting project exactly.

use crate::util::{add_transcript, clock, snapshot};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tematik::storage::{CodeSpan, CodeUpdate, NewCode, NewDimension, NewTagValue};
use tematik::{
    CodeId, CoderId, CodingId, DocumentId, MemoId, MemoTarget, Project, QuoteSetId, ReviewStatus,
    TagValueId,
};

/// One step of a sequence. Indices pick among what exists when the step
/// runs (modulo its count), so every sequence is meaningful however the
/// tree has changed.
#[derive(Clone, Debug)]
enum Op {
    Move { code: u8, to: Option<u8>, at: u8 },
    Merge { from: u8, into: u8 },
    Split { code: u8, pick: u8, name: u8 },
    Promote(u8),
    Demote(u8),
    Discard(u8),
    Restore(u8),
    Status(u8, u8),
    Define(u8, u8),
    Pin(u8, u8),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    let i = any::<u8>;
    prop_oneof![
        3 => (i(), prop::option::weighted(0.8, i()), i()).prop_map(|(code, to, at)| Op::Move { code, to, at }),
        3 => (i(), i()).prop_map(|(from, into)| Op::Merge { from, into }),
        3 => (i(), i(), i()).prop_map(|(code, pick, name)| Op::Split { code, pick, name }),
        2 => i().prop_map(Op::Promote),
        2 => i().prop_map(Op::Demote),
        1 => i().prop_map(Op::Discard),
        1 => i().prop_map(Op::Restore),
        1 => (i(), i()).prop_map(|(c, s)| Op::Status(c, s)),
        1 => (i(), i()).prop_map(|(c, t)| Op::Define(c, t)),
        2 => (i(), i()).prop_map(|(c, k)| Op::Pin(c, k)),
        3 => Just(Op::Undo),
        2 => Just(Op::Redo),
    ]
}

/// Names new codes get: some are taken, so clashes happen.
const NAMES: &[&str] = &["Ny", "Annan", "K1", "S1", "T2", "Tid", "tid"];

/// A coding as the model knows it.
#[derive(Clone, Debug, PartialEq)]
struct MCoding {
    key: (DocumentId, usize, usize, CoderId),
    code: CodeId,
    tags: BTreeSet<TagValueId>,
}

/// What the project must hold of its codings, memos, quote sets and pins.
#[derive(Clone, Debug, PartialEq)]
struct Model {
    codings: BTreeMap<CodingId, MCoding>,
    coding_memos: BTreeMap<MemoId, CodingId>,
    code_memos: BTreeMap<MemoId, CodeId>,
    items: BTreeSet<(QuoteSetId, CodingId)>,
    pins: BTreeSet<(CodeId, CodingId)>,
}

struct Fixture {
    p: Project,
    by: CoderId,
    /// Each tag value's dimension and whether that dimension is multi-valued.
    dims: HashMap<TagValueId, (tematik::DimensionId, bool)>,
}

fn setup() -> Fixture {
    let mut p = Project::create_in_memory("Egenskaper", clock()).unwrap();
    let anna = p.ensure_throwaway_coder("Anna").unwrap();
    let berit = p.ensure_throwaway_coder("Berit").unwrap();
    for (key, multi, values) in [
        ("niva", false, &["makro", "meso", "mikro"][..]),
        ("fokus", true, &["samverkan", "kompetens", "digital"][..]),
    ] {
        p.create_dimension(
            anna,
            NewDimension {
                key: key.into(),
                name: key.into(),
                multi,
                values: values
                    .iter()
                    .map(|v| NewTagValue {
                        key: (*v).into(),
                        label: (*v).into(),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let tag = |p: &Project, k: &str| p.find_tag_value(None, k).unwrap().id;
    let (makro, meso, mikro) = (tag(&p, "makro"), tag(&p, "meso"), tag(&p, "mikro"));
    let (samverkan, kompetens, digital) = (
        tag(&p, "samverkan"),
        tag(&p, "kompetens"),
        tag(&p, "digital"),
    );
    let code = |p: &mut Project, name: &str, parent: Option<CodeId>, tags: Vec<TagValueId>| {
        p.create_code(
            anna,
            NewCode {
                name: name.into(),
                parent_id: parent,
                default_tags: tags,
                ..Default::default()
            },
        )
        .unwrap()
    };
    let t1 = code(&mut p, "T1", None, vec![samverkan]);
    let s1 = code(&mut p, "S1", Some(t1), vec![meso]);
    let k1 = code(&mut p, "K1", Some(s1), vec![mikro, kompetens]);
    let k2 = code(&mut p, "Tid", Some(s1), vec![]);
    let s2 = code(&mut p, "S2", Some(t1), vec![makro, samverkan, digital]);
    let t2 = code(&mut p, "T2", None, vec![]);
    let s3 = code(&mut p, "K1", Some(t2), vec![mikro]);
    let s4 = code(&mut p, "S1", Some(t2), vec![]);
    let t3 = code(&mut p, "Tid", None, vec![makro]);
    let codes = [t1, s1, k1, k2, s2, t2, s3, s4, t3];
    let docs = [
        add_transcript(&mut p, anna, "fg1"),
        add_transcript(&mut p, anna, "fg2"),
    ];
    // Overlapping spans on several codes by two coders; the same span by
    // the same coder on different codes (twins when their codes meet).
    let spans: &[(usize, usize, usize, usize, &[TagValueId])] = &[
        // (doc, start, len, code index, own tags)
        (0, 60, 20, 2, &[]),
        (0, 60, 20, 6, &[]),
        (0, 60, 20, 1, &[makro]),
        (0, 70, 25, 3, &[digital]),
        (0, 70, 25, 0, &[]),
        (0, 100, 12, 4, &[mikro]),
        (0, 100, 12, 5, &[samverkan, kompetens]),
        (1, 60, 30, 7, &[]),
        (1, 60, 30, 2, &[meso, digital]),
        (1, 95, 10, 8, &[]),
        (1, 95, 10, 3, &[]),
        (1, 120, 8, 6, &[kompetens]),
    ];
    let mut codings = Vec::new();
    for (i, (d, start, len, c, tags)) in spans.iter().enumerate() {
        for by in [anna, berit] {
            if by == berit && i % 3 == 1 {
                continue;
            }
            codings.push(
                p.code_span(
                    by,
                    CodeSpan {
                        document_id: docs[*d],
                        start: *start,
                        end: start + len,
                        code_id: codes[*c],
                        tags: tags.to_vec(),
                    },
                )
                .unwrap(),
            );
        }
    }
    for (i, c) in codings.iter().enumerate().step_by(4) {
        p.write_memo(anna, MemoTarget::Coding(*c), "", &format!("memo {i}"))
            .unwrap();
    }
    for c in [t1, k1, s3] {
        p.write_memo(anna, MemoTarget::Code(c), "", "om koden")
            .unwrap();
    }
    let set = p.create_quote_set(anna, "Kapitel").unwrap();
    let other = p.create_quote_set(anna, "Bilaga").unwrap();
    for (i, c) in codings.iter().enumerate().step_by(3) {
        p.add_to_quote_set(anna, set, *c, &format!("not {i}"), None)
            .unwrap();
    }
    for c in codings.iter().skip(1).step_by(5) {
        p.add_to_quote_set(anna, other, *c, "", None).unwrap();
    }
    p.pin_example(anna, t1, codings[0], None).unwrap();
    p.pin_example(anna, k1, codings[0], None).unwrap();
    p.pin_example(anna, s3, codings[2], None).unwrap();
    let dims = p
        .dimensions()
        .unwrap()
        .into_iter()
        .flat_map(|d| d.values.into_iter().map(move |v| (v.id, (d.id, d.multi))))
        .collect();
    Fixture { p, by: anna, dims }
}

/// The model of what the project holds now, read from it (at the start).
fn read(p: &Project) -> Model {
    let conn = p.read_only_connection();
    let pairs = |sql: &str| -> Vec<(String, String)> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let ids: Vec<CodingId> = pairs("SELECT id, id FROM codings")
        .into_iter()
        .map(|(a, _)| a.parse().unwrap())
        .collect();
    let codings = p
        .codings_by_ids(&ids)
        .unwrap()
        .into_iter()
        .map(|c| {
            (
                c.id,
                MCoding {
                    key: (c.document_id, c.start, c.end, c.coder_id),
                    code: c.code_id,
                    tags: c.tags.into_iter().collect(),
                },
            )
        })
        .collect();
    fn parse2<A: std::str::FromStr, B: std::str::FromStr>(
        rows: Vec<(String, String)>,
    ) -> impl Iterator<Item = (A, B)>
    where
        A::Err: std::fmt::Debug,
        B::Err: std::fmt::Debug,
    {
        rows.into_iter()
            .map(|(a, b)| (a.parse().unwrap(), b.parse().unwrap()))
    }
    Model {
        codings,
        coding_memos: parse2(pairs(
            "SELECT id, coding_id FROM memos WHERE coding_id IS NOT NULL",
        ))
        .collect(),
        code_memos: parse2(pairs(
            "SELECT id, code_id FROM memos WHERE code_id IS NOT NULL",
        ))
        .collect(),
        items: parse2(pairs("SELECT quote_set_id, coding_id FROM quote_set_items")).collect(),
        pins: parse2(pairs("SELECT code_id, coding_id FROM code_examples")).collect(),
    }
}

/// A code's children in order, and its parent, as the tree has them.
struct Tree {
    nodes: Vec<tematik::CodeTreeNode>,
}

impl Tree {
    fn of(p: &Project) -> Tree {
        Tree {
            nodes: p.code_tree().unwrap(),
        }
    }
    fn pick(&self, i: u8) -> CodeId {
        self.nodes[i as usize % self.nodes.len()].code.id
    }
    fn node(&self, id: CodeId) -> &tematik::CodeTreeNode {
        self.nodes.iter().find(|n| n.code.id == id).unwrap()
    }
    fn children(&self, id: Option<CodeId>) -> Vec<&tematik::Code> {
        self.nodes
            .iter()
            .filter(|n| n.code.parent_id == id)
            .map(|n| &n.code)
            .collect()
    }
    /// Whether `a` is `b` or lies below it.
    fn within(&self, a: CodeId, b: CodeId) -> bool {
        let mut cur = Some(a);
        while let Some(c) = cur {
            if c == b {
                return true;
            }
            cur = self.node(c).code.parent_id;
        }
        false
    }
}

/// Where each node of `source`'s subtree ends up when `source` is merged
/// into `target`: the source into the target, a child with the name of
/// one of the target's children (other than the source) into that child
/// in turn; any other child moves along and keeps its codings.
fn merge_destinations(tree: &Tree, source: CodeId, target: CodeId) -> HashMap<CodeId, CodeId> {
    let mut dest = HashMap::new();
    dest.insert(source, target);
    for kid in tree.children(Some(source)) {
        let same = tree
            .children(Some(target))
            .into_iter()
            .find(|c| c.id != source && c.name.to_lowercase() == kid.name.to_lowercase())
            .map(|c| c.id);
        if let Some(existing) = same {
            dest.extend(merge_destinations(tree, kid.id, existing));
        }
    }
    dest
}

impl Fixture {
    /// The effective tags a twin has after `moved` joined it: per
    /// dimension of the moved coding, a single-valued one keeps the twin's
    /// value if it has one; a multi-valued one unites both; where the twin
    /// has none it takes the moved coding's.
    fn joined(
        &self,
        twin: &BTreeSet<TagValueId>,
        moved: &BTreeSet<TagValueId>,
    ) -> BTreeSet<TagValueId> {
        let dim = |v: &TagValueId| self.dims[v];
        let mut out = twin.clone();
        for m in moved {
            let (d, multi) = dim(m);
            let twin_has = twin.iter().any(|t| dim(t).0 == d);
            if !twin_has || multi {
                out.insert(*m);
            }
        }
        out
    }

    /// The model after merging `source` into `target` (the tree as it was).
    fn merged(&self, model: &Model, tree: &Tree, source: CodeId, target: CodeId) -> Model {
        let dest = merge_destinations(tree, source, target);
        let mut m = model.clone();
        let mut rename: HashMap<CodingId, CodingId> = HashMap::new();
        let moving: Vec<CodingId> = model
            .codings
            .iter()
            .filter(|(_, c)| dest.contains_key(&c.code))
            .map(|(id, _)| *id)
            .collect();
        for id in moving {
            let c = m.codings[&id].clone();
            let to = dest[&c.code];
            let twin = m
                .codings
                .iter()
                .find(|(other, o)| **other != id && o.code == to && o.key == c.key)
                .map(|(other, _)| *other);
            match twin {
                Some(twin) => {
                    let tags = self.joined(&m.codings[&twin].tags, &c.tags);
                    m.codings.get_mut(&twin).unwrap().tags = tags;
                    m.codings.remove(&id);
                    rename.insert(id, twin);
                }
                None => {
                    // Effective tags are kept, except that a coding cannot
                    // hold "no value" of a dimension: where it has none,
                    // it takes its new code's defaults (documented on
                    // `move_codings`).
                    let held: BTreeSet<_> = c.tags.iter().map(|v| self.dims[v].0).collect();
                    let moved = m.codings.get_mut(&id).unwrap();
                    moved.code = to;
                    for v in &tree.node(to).default_tags {
                        if !held.contains(&self.dims[v].0) {
                            moved.tags.insert(*v);
                        }
                    }
                }
            }
        }
        let coding = |c: &CodingId| rename.get(c).copied().unwrap_or(*c);
        let code = |c: &CodeId| dest.get(c).copied().unwrap_or(*c);
        m.coding_memos = m
            .coding_memos
            .iter()
            .map(|(k, c)| (*k, coding(c)))
            .collect();
        m.code_memos = m.code_memos.iter().map(|(k, c)| (*k, code(c))).collect();
        m.items = m.items.iter().map(|(s, c)| (*s, coding(c))).collect();
        m.pins = m.pins.iter().map(|(n, c)| (code(n), coding(c))).collect();
        m
    }
}

/// The model's codings as (document, span, coder, code, effective tags),
/// sorted: the multiset the project must hold.
fn coding_rows(m: &Model) -> Vec<(CodingId, MCoding)> {
    m.codings.iter().map(|(k, v)| (*k, v.clone())).collect()
}

fn check(f: &Fixture, want: &Model, what: &str) -> Result<(), TestCaseError> {
    let got = read(&f.p);
    prop_assert_eq!(
        coding_rows(&got),
        coding_rows(want),
        "codings after {}",
        what
    );
    prop_assert_eq!(
        &got.coding_memos,
        &want.coding_memos,
        "memos on codings after {}",
        what
    );
    prop_assert_eq!(
        &got.code_memos,
        &want.code_memos,
        "memos on codes after {}",
        what
    );
    prop_assert_eq!(&got.items, &want.items, "quote-set items after {}", what);
    prop_assert_eq!(&got.pins, &want.pins, "pinned examples after {}", what);
    Ok(())
}

/// Runs `ops`, checking the model after every step; then undoes every
/// step taken and compares the whole project with the start.
fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut f = setup();
    let by = f.by;
    let start = snapshot(&f.p);
    // Model states: `states[..=at]` are done, the rest can be redone.
    let mut states = vec![read(&f.p)];
    let mut at = 0;
    for (step, op) in ops.iter().enumerate() {
        let what = format!("step {step}: {op:?}");
        let tree = Tree::of(&f.p);
        let before = snapshot(&f.p);
        let revision = f.p.revision().unwrap();
        let model = states[at].clone();
        // Each arm: the result, and the model if it succeeds (None: as it was).
        let (result, next): (tematik::Result<()>, Option<Model>) = match op {
            // The setup's own writes are on the undo stack too: the
            // sequence undoes only its own steps.
            Op::Undo if at == 0 => continue,
            Op::Redo if at + 1 == states.len() => {
                prop_assert!(
                    matches!(f.p.redo(by), Err(tematik::Error::NothingTo(_))),
                    "{}: nothing to redo",
                    what
                );
                continue;
            }
            Op::Undo => {
                let r = f.p.undo(by).map(|_| ());
                match r {
                    Ok(()) => {
                        at -= 1;
                        check(&f, &states[at], &what)?;
                    }
                    Err(tematik::Error::NothingTo(_)) => prop_assert_eq!(at, 0, "{}", what),
                    Err(e) => return Err(TestCaseError::fail(format!("{what}: {e}"))),
                }
                continue;
            }
            Op::Redo => {
                let r = f.p.redo(by).map(|_| ());
                match r {
                    Ok(()) => {
                        at += 1;
                        check(&f, &states[at], &what)?;
                    }
                    Err(tematik::Error::NothingTo(_)) => {
                        prop_assert_eq!(at + 1, states.len(), "{}", what)
                    }
                    Err(e) => return Err(TestCaseError::fail(format!("{what}: {e}"))),
                }
                continue;
            }
            Op::Move { code, to, at: pos } => {
                let code = tree.pick(*code);
                let parent = to.map(|t| tree.pick(t));
                let cycle = parent.is_some_and(|p| tree.within(p, code));
                let r = f.p.move_code(by, code, parent, Some(*pos as usize % 4));
                if cycle {
                    prop_assert!(
                        matches!(r, Err(tematik::Error::WouldCreateCycle { .. })),
                        "{}: a cycle was not refused: {:?}",
                        what,
                        r
                    );
                }
                (r, Some(model.clone()))
            }
            Op::Merge { from, into } => {
                let (s, t) = (tree.pick(*from), tree.pick(*into));
                let r = f.p.merge_codes(by, s, t);
                let valid = s != t && !tree.within(t, s);
                prop_assert_eq!(r.is_ok(), valid, "{}: {:?}", what, r);
                let next = (r.is_ok()).then(|| f.merged(&model, &tree, s, t));
                (r, next)
            }
            Op::Split { code, pick, name } => {
                let code = tree.pick(*code);
                let own: Vec<CodingId> = model
                    .codings
                    .iter()
                    .filter(|(_, c)| c.code == code)
                    .map(|(id, _)| *id)
                    .collect();
                let chosen: Vec<CodingId> = own
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| pick & (1 << (i % 8)) != 0)
                    .map(|(_, c)| *c)
                    .collect();
                let r =
                    f.p.split_code(by, code, &chosen, NAMES[*name as usize % NAMES.len()]);
                let next = r.as_ref().ok().map(|new| {
                    let mut m = model.clone();
                    for c in &chosen {
                        m.codings.get_mut(c).unwrap().code = *new;
                    }
                    m.pins = m
                        .pins
                        .iter()
                        .map(|(n, c)| {
                            if *n == code && chosen.contains(c) {
                                (*new, *c)
                            } else {
                                (*n, *c)
                            }
                        })
                        .collect();
                    m
                });
                (r.map(|_| ()), next)
            }
            Op::Promote(i) | Op::Demote(i) => {
                let code = tree.pick(*i);
                let r = if matches!(op, Op::Promote(_)) {
                    f.p.promote_code(by, code)
                } else {
                    f.p.demote_code(by, code)
                };
                if r.is_ok() {
                    // The node and its subtree follow the depth rule.
                    let now = Tree::of(&f.p);
                    for n in &now.nodes {
                        if now.within(n.code.id, code) {
                            let role = match n.depth {
                                0 => tematik::CodeRole::Theme,
                                1 => tematik::CodeRole::Subtheme,
                                _ => tematik::CodeRole::Code,
                            };
                            prop_assert_eq!(n.code.role, role, "{}: roles by depth", what);
                        }
                    }
                }
                (r, Some(model.clone()))
            }
            Op::Discard(i) => {
                let code = tree.pick(*i);
                let r = f.p.discard_code(by, code);
                let now = Tree::of(&f.p);
                for n in &now.nodes {
                    if now.within(n.code.id, code) {
                        prop_assert!(n.discarded, "{}: below a discarded node", what);
                    }
                }
                (r, Some(model.clone()))
            }
            Op::Restore(i) => (f.p.restore_code(by, tree.pick(*i)), Some(model.clone())),
            Op::Status(i, s) => {
                let status = ReviewStatus::ALL[*s as usize % ReviewStatus::ALL.len()];
                (
                    f.p.set_code_status(by, tree.pick(*i), status),
                    Some(model.clone()),
                )
            }
            Op::Define(i, t) => {
                let text = ["", "möten", "avtal och möten"][*t as usize % 3];
                let update = CodeUpdate {
                    definition: Some(format!("Definition {t}")),
                    scope_includes: Some(text.into()),
                    scope_excludes: Some(text.chars().rev().collect()),
                    ..Default::default()
                };
                (
                    f.p.update_code(by, tree.pick(*i), update),
                    Some(model.clone()),
                )
            }
            Op::Pin(i, k) => {
                let code = tree.pick(*i);
                let ids: Vec<CodingId> = model.codings.keys().copied().collect();
                let coding = ids[*k as usize % ids.len()];
                let below = tree.within(model.codings[&coding].code, code);
                let r = f.p.pin_example(by, code, coding, Some(*k as usize % 3));
                prop_assert_eq!(
                    r.is_ok(),
                    below,
                    "{}: pin only from the node or below",
                    what
                );
                let mut m = model.clone();
                if r.is_ok() {
                    m.pins.insert((code, coding));
                }
                (r, Some(m))
            }
        };
        match result {
            Err(e) => {
                prop_assert_eq!(
                    &snapshot(&f.p),
                    &before,
                    "{}: refused ({}) but changed",
                    what,
                    e
                );
                prop_assert_eq!(f.p.revision().unwrap(), revision);
            }
            Ok(()) => {
                let next = next.unwrap_or(model);
                if f.p.revision().unwrap() != revision {
                    states.truncate(at + 1);
                    states.push(next);
                    at += 1;
                } else {
                    prop_assert_eq!(
                        &snapshot(&f.p),
                        &before,
                        "{}: no revision, but changed",
                        what
                    );
                }
                check(&f, &states[at], &what)?;
            }
        }
    }
    let end = snapshot(&f.p);
    let steps = at;
    for i in 0..steps {
        f.p.undo(by)
            .map_err(|e| TestCaseError::fail(format!("undo {i} of {steps}: {e}")))?;
    }
    prop_assert!(
        snapshot(&f.p) == start,
        "undoing every step gives back the start"
    );
    for i in 0..steps {
        f.p.redo(by)
            .map_err(|e| TestCaseError::fail(format!("redo {i} of {steps}: {e}")))?;
    }
    prop_assert!(
        snapshot(&f.p) == end,
        "redoing every step gives back the end"
    );
    crate::util::assert_sound(&f.p);
    Ok(())
}

proptest! {
    // PROPTEST_CASES=1000 for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(128),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_review_sequences_lose_nothing_keep_tags_and_undo_to_the_start(
        ops in prop::collection::vec(op(), 1..30),
    ) {
        run(&ops)?;
    }
}
