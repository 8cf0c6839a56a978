//! Checks of what the faster paths replaced: an index kept up to date change
//! by change holds exactly what a rebuild holds; facet counts are what
//! tantivy's `FacetCollector` counts; quotes read a page at a time are the
//! quotes read one by one; an index on disk survives a clean close and is
//! rebuilt after an unclean one.

use super::*;
use crate::clock::SteppingClock;
use crate::model::CaseKind;
use crate::storage::{
    AttributeValue, CodeSpan, DeleteCodings, NewCase, NewCode, NewDocument, NewSource, NewTurn,
};
use crate::{CoderId, TagValueId, Template};
use std::sync::Arc;
use tantivy::collector::FacetCollector;
use tantivy::query::AllQuery;

/// A small deterministic random source.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

const SAID: &[&str] = &[
    "Vi samverkar med kommunen varje vecka. Det fungerar väl!",
    "Brukaren behöver stöd i rätt tid… Annars blir det svårt.",
    "Digitala möten har gjort att vi träffas oftare. Är det bra?",
    "Nära vård kräver kompetens. Vi har en samordnad individuell plan.",
    "Anhöriga ringer ofta. De vill veta hur det går.",
];

fn transcript(name: &str, size: &str, rng: &mut Rng) -> NewDocument {
    let speakers = ["Intervjuare", "Sjuksköterska", "Arbetsterapeut 1"];
    let (mut text, mut turns) = (String::new(), Vec::new());
    for i in 0..12 {
        if i > 0 {
            text.push('\n');
        }
        let speaker = speakers[i % speakers.len()];
        let start = text.chars().count();
        text.push_str(speaker);
        text.push_str(": ");
        let text_start = text.chars().count();
        for k in 0..1 + rng.below(3) {
            if k > 0 {
                text.push(' ');
            }
            text.push_str(SAID[rng.below(SAID.len())]);
        }
        turns.push(NewTurn {
            speaker: speaker.into(),
            start,
            text_start,
            end: text.chars().count(),
            start_ms: None,
            case: Some(NewCase {
                name: format!("{name} / {speaker}"),
                kind: CaseKind::Participant,
                attributes: vec![AttributeValue::category(
                    "Yrke",
                    speaker.trim_end_matches(" 1"),
                )],
            }),
        });
    }
    NewDocument {
        name: name.into(),
        kind: DocumentKind::FocusGroup,
        text,
        turns,
        case: None,
        question: None,
        attributes: vec![AttributeValue::category("Kommunstorlek", size)],
    }
}

fn plain(name: &str, lines: usize, rng: &mut Rng) -> NewDocument {
    let text: Vec<&str> = (0..lines).map(|_| SAID[rng.below(SAID.len())]).collect();
    NewDocument {
        name: name.into(),
        kind: DocumentKind::Text,
        text: text.join("\n\n"),
        turns: vec![],
        case: None,
        question: None,
        attributes: vec![],
    }
}

fn answer(respondent: &str, size: &str, rng: &mut Rng) -> NewDocument {
    NewDocument {
        name: format!("{respondent} – Samverkan"),
        kind: DocumentKind::SurveyAnswer,
        text: format!("{}\n{}", SAID[rng.below(5)], SAID[rng.below(5)]),
        turns: vec![],
        case: Some(NewCase {
            name: respondent.into(),
            kind: CaseKind::Respondent,
            attributes: vec![AttributeValue::category("Kommunstorlek", size)],
        }),
        question: Some("Samverkan".into()),
        attributes: vec![],
    }
}

struct Fixture {
    p: Project,
    by: CoderId,
    docs: Vec<DocumentId>,
    codes: Vec<CodeId>,
    rng: Rng,
}

fn fixture() -> Fixture {
    let clock = Arc::new(SteppingClock::starting_at(
        chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
    ));
    let mut p = Project::create_in_memory("Test", clock).unwrap();
    let by = p.ensure_throwaway_coder("Anna").unwrap();
    p.ensure_throwaway_coder("Bengt").unwrap();
    crate::template::apply(&mut p, by, Template::Nvos).unwrap();
    let mut rng = Rng(0x5EED);
    let mut docs = Vec::new();
    let material = vec![
        vec![transcript("fg1", "Liten", &mut rng)],
        vec![transcript("fg2", "Stor", &mut rng)],
        vec![plain("anteckningar", 6, &mut rng)],
        vec![
            answer("R1", "Liten", &mut rng),
            answer("R2", "Stor", &mut rng),
        ],
    ];
    for (i, documents) in material.into_iter().enumerate() {
        let source = NewSource {
            file_name: format!("f{i}.txt"),
            sha256: format!("{i:064}"),
            format: "txt".into(),
        };
        docs.extend(p.import(by, source, documents).unwrap().documents);
    }
    let themes: Vec<CodeId> = p
        .code_tree()
        .unwrap()
        .iter()
        .filter(|n| n.depth == 0)
        .map(|n| n.code.id)
        .collect();
    let mikro = p.find_tag_value(Some("niva"), "mikro").unwrap().id;
    let mut codes = themes.clone();
    for (i, theme) in themes.iter().take(3).enumerate() {
        for k in 0..2 {
            codes.push(
                p.create_code(
                    by,
                    NewCode {
                        name: format!("Kod {i}.{k}"),
                        parent_id: Some(*theme),
                        default_tags: if k == 0 { vec![mikro] } else { vec![] },
                        ..Default::default()
                    },
                )
                .unwrap(),
            );
        }
    }
    Fixture {
        p,
        by,
        docs,
        codes,
        rng,
    }
}

impl Fixture {
    /// A random span of a random document (sometimes across turns).
    fn span(&mut self) -> (DocumentId, usize, usize) {
        let doc = self.docs[self.rng.below(self.docs.len())];
        let len = self.p.document(doc).unwrap().text.chars().count();
        let start = self.rng.below(len - 1);
        let end = (start + 1 + self.rng.below(120)).min(len);
        (doc, start, end)
    }

    fn code_random(&mut self) -> CodingId {
        let (doc, start, end) = self.span();
        let code = self.codes[self.rng.below(self.codes.len())];
        let tags = self.random_tags();
        self.p
            .code_span(
                self.by,
                CodeSpan {
                    document_id: doc,
                    start,
                    end,
                    code_id: code,
                    tags,
                },
            )
            .unwrap()
    }

    fn random_tags(&mut self) -> Vec<TagValueId> {
        let dims = self.p.dimensions().unwrap();
        let mut tags = Vec::new();
        for d in dims {
            if self.rng.below(2) == 0 {
                tags.push(d.values[self.rng.below(d.values.len())].id);
            }
        }
        tags
    }

    fn some_coding(&mut self) -> Option<CodingId> {
        let all: Vec<CodingId> = self
            .docs
            .iter()
            .flat_map(|d| self.p.codings_in_document(*d).unwrap_or_default())
            .map(|c| c.id)
            .collect();
        (!all.is_empty()).then(|| all[self.rng.below(all.len())])
    }
}

/// Everything the index says about each entry: per facet, the keys of the
/// entries carrying it; per key, the stored text and span.
fn snapshot(
    index: &SearchIndex,
    project: &Project,
) -> (BTreeMap<String, Vec<String>>, BTreeMap<String, String>) {
    let searcher = index.reader.searcher();
    let all = searcher
        .search(&AllQuery, &TopDocs::with_limit(100_000).order_by_score())
        .unwrap();
    let mut entries = BTreeMap::new();
    for (_, addr) in all {
        let d: TantivyDocument = searcher.doc(addr).unwrap();
        let s = |f| {
            d.get_first(f)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_owned()
        };
        let n = |f| d.get_first(f).and_then(|v| v.as_u64()).unwrap_or(0);
        let key = s(index.fields.key);
        let value = format!(
            "{}|{}|{}",
            s(index.fields.text),
            n(index.fields.start),
            n(index.fields.end),
        );
        assert!(entries.insert(key, value).is_none(), "each entry once");
    }
    let mut facets = BTreeMap::new();
    for kind in [EntryKind::Passage, EntryKind::Coding] {
        let r = index
            .search(
                project,
                &SearchRequest {
                    entries: Some(kind),
                    limit: 1,
                    with_facets: true,
                    ..Default::default()
                },
            )
            .unwrap();
        // The entries under each facet value, found by filtering on it (a
        // code, status or tag through the coding table and the catalog).
        for f in r.facets {
            let mut filters = Filters::default();
            filters.add(f.key.clone());
            let hits = index
                .search(
                    project,
                    &SearchRequest {
                        filters,
                        entries: Some(kind),
                        limit: 100_000,
                        ..Default::default()
                    },
                )
                .unwrap()
                .hits;
            assert_eq!(hits.len() as u64, f.count, "{} counts its hits", f.facet);
            let mut keys: Vec<String> = hits
                .into_iter()
                .map(|h| format!("{}:{}:{:?}", h.document_id, h.start, h.coding_id))
                .collect();
            keys.sort();
            facets.insert(f.facet, keys);
        }
    }
    (facets, entries)
}

fn rebuilt(p: &mut Project) -> SearchIndex {
    SearchIndex::open(p, IndexLocation::InMemory, &mut |_, _| {}).unwrap()
}

#[test]
fn an_index_synced_change_by_change_holds_what_a_rebuild_holds() {
    let mut f = fixture();
    let mut index = rebuilt(&mut f.p);
    for step in 0..60 {
        let what = f.rng.below(12);
        match what {
            0..=3 => {
                f.code_random();
            }
            4 => {
                let spans: Vec<CodeSpan> = (0..3)
                    .map(|_| {
                        let (doc, start, end) = f.span();
                        CodeSpan {
                            document_id: doc,
                            start,
                            end,
                            code_id: f.codes[f.rng.below(f.codes.len())],
                            tags: vec![],
                        }
                    })
                    .collect();
                f.p.code_spans(f.by, spans).unwrap();
            }
            5 => {
                if let Some(c) = f.some_coding() {
                    let v = f.random_tags().into_iter().next();
                    if let Some(v) = v {
                        f.p.toggle_coding_tag(f.by, c, v).unwrap();
                    }
                }
            }
            6 => {
                if let Some(c) = f.some_coding() {
                    f.p.uncode(f.by, c, false).unwrap();
                }
            }
            7 => {
                let _ = f.p.undo(f.by);
            }
            8 => {
                let _ = f.p.redo(f.by);
            }
            9 => {
                let code = f.codes[6 + f.rng.below(f.codes.len() - 6)];
                let parent = f.codes[f.rng.below(6)];
                f.p.move_code(f.by, code, Some(parent), None).unwrap();
            }
            10 => {
                let code = f.codes[6 + f.rng.below(f.codes.len() - 6)];
                let tags = f.random_tags();
                f.p.set_code_default_tags(f.by, code, tags).unwrap();
            }
            _ => {
                let code = f.codes[6 + f.rng.below(f.codes.len() - 6)];
                let status = [ReviewStatus::Reviewed, ReviewStatus::Final][f.rng.below(2)];
                f.p.set_code_status(f.by, code, status).unwrap();
            }
        }
        index.sync(&mut f.p, &mut |_, _| {}).unwrap();
        let fresh = rebuilt(&mut f.p);
        assert!(
            snapshot(&index, &f.p) == snapshot(&fresh, &f.p),
            "after step {step} ({what}) the synced index differs from a rebuilt one"
        );
    }
    // Whole-document and project-wide changes too.
    let doc = f.docs[0];
    f.p.set_document_attribute(
        f.by,
        doc,
        AttributeValue::category("Kommunstorlek", "Mellan"),
    )
    .unwrap();
    let code = f.codes[7];
    f.p.delete_code(f.by, code, Some(DeleteCodings::MoveToParent))
        .unwrap();
    f.p.merge_codes(f.by, f.codes[8], f.codes[9]).unwrap();
    f.p.delete_document(f.by, f.docs[1]).unwrap();
    index.sync(&mut f.p, &mut |_, _| {}).unwrap();
    assert!(snapshot(&index, &f.p) == snapshot(&rebuilt(&mut f.p), &f.p));
}

/// Reshaping a code as the review does: a merge, a split of some of its
/// codings, each undone and redone, synced change by change (the index's
/// own path for many entries included: in tests it starts at a few), each
/// step holding exactly what a rebuild holds.
#[test]
fn a_merge_and_a_split_synced_hold_what_a_rebuild_holds() {
    const {
        assert!(
            PARALLEL_ENTRIES < 20,
            "the many-entries path is tested here"
        )
    };
    let mut f = fixture();
    for _ in 0..200 {
        f.code_random();
    }
    let mut index = rebuilt(&mut f.p);
    // The code with the most codings of its own, and a sibling of it.
    let counts = |p: &Project, code: CodeId| p.codings_of_code(code, false).unwrap().len();
    let big = *f.codes[6..]
        .iter()
        .max_by_key(|c| counts(&f.p, **c))
        .unwrap();
    let parent = f.p.code(big).unwrap().parent_id;
    let sibling = *f.codes[6..]
        .iter()
        .find(|c| **c != big && f.p.code(**c).unwrap().parent_id == parent)
        .unwrap();
    assert!(counts(&f.p, big) >= 10, "enough codings to reshape");
    let check = |index: &mut SearchIndex, f: &mut Fixture, what: &str| {
        index.sync(&mut f.p, &mut |_, _| {}).unwrap();
        assert!(
            snapshot(index, &f.p) == snapshot(&rebuilt(&mut f.p), &f.p),
            "after {what} the synced index differs from a rebuilt one"
        );
    };
    f.p.merge_codes(f.by, big, sibling).unwrap();
    check(&mut index, &mut f, "the merge");
    // The index holds no code: a merge (of codings without twins in the
    // target) wrote no entry at its revision.
    let written_at = |index: &SearchIndex, revision: i64| {
        let q = TermQuery::new(
            index.fields.id(Id::Generation, &revision.to_string()),
            IndexRecordOption::Basic,
        );
        index.reader.searcher().search(&q, &Count).unwrap()
    };
    assert_eq!(written_at(&index, f.p.revision().unwrap()), 0);
    f.p.undo(f.by).unwrap();
    check(&mut index, &mut f, "the merge undone");
    f.p.redo(f.by).unwrap();
    check(&mut index, &mut f, "the merge redone");
    f.p.undo(f.by).unwrap();
    check(&mut index, &mut f, "the merge undone again");
    let half: Vec<CodingId> =
        f.p.codings_of_code(big, false)
            .unwrap()
            .iter()
            .step_by(2)
            .map(|c| c.id)
            .collect();
    f.p.split_code(f.by, big, &half, "Utbruten").unwrap();
    check(&mut index, &mut f, "the split");
    f.p.undo(f.by).unwrap();
    check(&mut index, &mut f, "the split undone");
    f.p.redo(f.by).unwrap();
    check(&mut index, &mut f, "the split redone");
}

/// Facet counts made another way. What the index holds (documents,
/// speakers, attributes, coders …) is counted by tantivy's
/// `FacetCollector`, one collector per level of parents; what an entry has
/// through its codings (codes with the codes above them, statuses, tags) is
/// counted from the project: an entry carries what each coding it is, or
/// that overlaps it, carries, once.
fn reference_facets(index: &SearchIndex, project: &Project, kind: EntryKind) -> Vec<FacetCount> {
    let catalog = index.catalog(project).unwrap();
    let q = index
        .build_query("", &Filters::default(), Some(kind))
        .unwrap();
    let mut roots: Vec<Facet> = ["/kind", "/speaker", "/coder", "/doc", "/question"]
        .iter()
        .map(|f| Facet::from(*f))
        .collect();
    roots.extend(
        catalog
            .attributes
            .iter()
            .map(|a| Facet::from_path(["attr", a.as_str()])),
    );
    // (An attribute may be a case's and a document's: counted once.)
    let mut seen = BTreeSet::new();
    roots.retain(|f| seen.insert(f.clone()));
    let searcher = index.reader.searcher();
    let mut out = Vec::new();
    let mut fc = FacetCollector::for_field("facets");
    for f in &roots {
        fc.add_facet(f.clone());
    }
    let counts = searcher.search(&*q, &fc).unwrap();
    for parent in &roots {
        for (facet, count) in counts.get(parent.clone()) {
            out.push(FacetCount {
                facet: facet.to_string(),
                // Every facet the index holds is a value FacetKey reads
                // (entries.rs writes them with facet_key's builders).
                key: FacetKey::from_facet(facet)
                    .unwrap_or_else(|| panic!("{facet} is not a FacetKey")),
                count,
            });
        }
    }
    // Through codings, from the project's own tables.
    let parents: BTreeMap<CodeId, Option<CodeId>> = project
        .code_tree()
        .unwrap()
        .into_iter()
        .map(|n| (n.code.id, n.code.parent_id))
        .collect();
    let value_keys: BTreeMap<TagValueId, (String, String)> = project
        .dimensions()
        .unwrap()
        .into_iter()
        .flat_map(|d| {
            d.values
                .into_iter()
                .map(move |v| (v.id, (d.key.clone(), v.key.clone())))
        })
        .collect();
    let of_coding = |c: &crate::model::Coding| -> BTreeSet<String> {
        let mut path = vec![c.code_id];
        while let Some(Some(p)) = parents.get(path.last().unwrap()) {
            path.push(*p);
        }
        path.reverse();
        let mut out = BTreeSet::new();
        for depth in 1..=path.len() {
            let ids: Vec<String> = path[..depth].iter().map(ToString::to_string).collect();
            out.insert(facet_key::code(&ids).to_string());
        }
        out.insert(facet_key::status(project.code(c.code_id).unwrap().status.as_str()).to_string());
        for t in &c.tags {
            let (d, v) = &value_keys[t];
            out.insert(facet_key::tag(d, v).to_string());
        }
        out
    };
    let entries = searcher
        .search(&*q, &TopDocs::with_limit(100_000).order_by_score())
        .unwrap();
    let mut through: BTreeMap<String, u64> = BTreeMap::new();
    for (_, addr) in entries {
        let d: TantivyDocument = searcher.doc(addr).unwrap();
        let n = |f| d.get_first(f).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
        let doc: DocumentId = d
            .get_first(index.fields.document_id)
            .and_then(|v| v.as_str())
            .unwrap()
            .parse()
            .unwrap();
        let coding: Option<CodingId> = d
            .get_first(index.fields.coding_id)
            .and_then(|v| v.as_str())
            .map(|v| v.parse().unwrap());
        let (start, end) = (n(index.fields.start), n(index.fields.end));
        let mut carried = BTreeSet::new();
        for c in project.codings_in_document(doc).unwrap() {
            let counts = match coding {
                Some(id) => c.id == id,
                None => c.start < end && c.end > start,
            };
            if counts {
                carried.extend(of_coding(&c));
            }
        }
        for f in carried {
            *through.entry(f).or_default() += 1;
        }
    }
    out.extend(through.into_iter().map(|(facet, count)| FacetCount {
        key: FacetKey::from_facet(&Facet::from_text(&facet).unwrap()).unwrap(),
        facet,
        count,
    }));
    // In the sidebar's order: by parent (roots, tag dimensions, attributes,
    // then codes level by level), values in facet order.
    let order: BTreeMap<String, usize> = catalog
        .facet_parents
        .iter()
        .enumerate()
        .map(|(i, f)| (f.to_string(), i))
        .collect();
    let parent_of = |f: &str| {
        let facet = Facet::from_text(f).unwrap();
        order[&facet
            .to_path()
            .split_last()
            .map_or(String::new(), |(_, p)| {
                Facet::from_path(p.iter().copied()).to_string()
            })]
    };
    out.sort_by(|a, b| {
        (parent_of(&a.facet), Facet::from_text(&a.facet).unwrap())
            .cmp(&(parent_of(&b.facet), Facet::from_text(&b.facet).unwrap()))
    });
    out
}

#[test]
fn facet_counts_are_what_the_facet_collector_and_the_project_count() {
    let mut f = fixture();
    for _ in 0..40 {
        f.code_random();
    }
    let index = rebuilt(&mut f.p);
    for kind in [EntryKind::Passage, EntryKind::Coding] {
        let ours = index
            .search(
                &f.p,
                &SearchRequest {
                    entries: Some(kind),
                    limit: 1,
                    with_facets: true,
                    ..Default::default()
                },
            )
            .unwrap()
            .facets;
        assert!(ours.iter().any(|c| c.facet.starts_with("/code/")));
        assert_eq!(ours, reference_facets(&index, &f.p, kind));
    }
}

#[test]
fn facet_text_is_written_as_tantivy_writes_it() {
    for path in [
        vec!["tag", "niva", "mikro"],
        vec!["attr", "Yrke", "Sjuksköterska/undersköterska"],
        vec!["speaker", "A\\B"],
    ] {
        let facet = Facet::from_path(path);
        assert_eq!(facets::display(facet.encoded_str()), facet.to_string());
    }
}

/// A quote read the way quotes were read before pages were read together.
fn reference_quote(project: &Project, id: CodingId, context: QuoteContext) -> Quote {
    let coding = project.coding(id).unwrap();
    let conn = project.connection();
    let (document_name, text): (String, String) = conn
        .query_row(
            "SELECT name, text FROM documents WHERE id = ?1",
            [coding.document_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let turn: Option<(String, i64, i64)> = conn
        .query_row(
            "SELECT speaker, text_start, \"end\" FROM turns WHERE document_id = ?1 AND start <= ?2 AND \"end\" > ?2",
            rusqlite::params![coding.document_id, coding.start as i64],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .ok();
    let chars: Vec<char> = text.chars().collect();
    let (mut from, mut to) = match &turn {
        Some((_, s, e)) => (*s as usize, *e as usize),
        None => {
            let from = chars[..coding.start.min(chars.len())]
                .iter()
                .rposition(|c| *c == '\n')
                .map(|i| i + 1)
                .unwrap_or(0);
            let to = chars[coding.end.min(chars.len())..]
                .iter()
                .position(|c| *c == '\n')
                .map(|i| coding.end + i)
                .unwrap_or(chars.len());
            (from, to)
        }
    };
    if let QuoteContext::Sentences(n) = context {
        let is_end = |c: char| matches!(c, '.' | '!' | '?' | '…');
        let mut s = coding.start.min(chars.len());
        for _ in 0..=n {
            match chars[from..s.saturating_sub(1).max(from)]
                .iter()
                .rposition(|c| is_end(*c))
            {
                Some(i) if from + i + 1 < s => s = from + i + 1,
                _ => {
                    s = from;
                    break;
                }
            }
        }
        let mut e = coding.end.min(chars.len());
        for _ in 0..n {
            match chars[e.min(to)..to].iter().position(|c| is_end(*c)) {
                Some(i) => e = e + i + 1,
                None => {
                    e = to;
                    break;
                }
            }
        }
        from = s.min(coding.start);
        to = e.max(coding.end).min(to.max(coding.end));
    }
    from = from.min(coding.start);
    to = to.max(coding.end).min(chars.len());
    let context_text: String = chars[from..to].iter().collect();
    Quote {
        speaker: turn.map(|(s, _, _)| s),
        document_name,
        context: context_text.trim_start().to_owned(),
        context_start: from
            + (context_text.chars().count() - context_text.trim_start().chars().count()),
        coding,
    }
}

#[test]
fn quotes_read_a_page_at_a_time_are_the_quotes_read_one_by_one() {
    let mut f = fixture();
    let mut ids = Vec::new();
    for _ in 0..80 {
        ids.push(f.code_random());
    }
    ids.sort();
    ids.dedup();
    for context in [
        QuoteContext::Turn,
        QuoteContext::Sentences(0),
        QuoteContext::Sentences(1),
        QuoteContext::Sentences(3),
    ] {
        let page = quotes::quotes(&f.p, &ids, context).unwrap();
        assert_eq!(page.len(), ids.len());
        for (q, id) in page.iter().zip(&ids) {
            assert_eq!(*q, reference_quote(&f.p, *id, context), "{context:?}");
        }
    }
}

#[test]
fn an_index_on_disk_is_kept_after_a_clean_close_and_rebuilt_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    let mut f = fixture();
    let open = |p: &mut Project, rebuilt: &mut bool| {
        SearchIndex::open(p, IndexLocation::Dir(index_dir.clone()), &mut |_, _| {
            *rebuilt = true
        })
        .unwrap()
    };
    let mut rebuilt_now = false;
    let mut index = open(&mut f.p, &mut rebuilt_now);
    assert!(rebuilt_now, "a new index is built");
    for _ in 0..10 {
        f.code_random();
        index.sync(&mut f.p, &mut |_, _| {}).unwrap();
    }
    assert!(directory::is_unsynced(&index_dir), "marked while open");
    index.persist().unwrap();
    assert!(!directory::is_unsynced(&index_dir), "persisted on request");
    f.code_random();
    index.sync(&mut f.p, &mut |_, _| {}).unwrap();
    assert!(
        directory::is_unsynced(&index_dir),
        "marked again by a change"
    );
    let before = snapshot(&index, &f.p);
    index.close().unwrap();
    assert!(!directory::is_unsynced(&index_dir), "persisted on close");
    let mut rebuilt_now = false;
    let index = open(&mut f.p, &mut rebuilt_now);
    assert!(!rebuilt_now, "an index closed cleanly is used as it is");
    assert!(snapshot(&index, &f.p) == before);
    drop(index);
    // A session that stopped before closing leaves the marker behind.
    std::fs::write(index_dir.join("tematik-unsynced"), b"").unwrap();
    let mut rebuilt_now = false;
    let index = open(&mut f.p, &mut rebuilt_now);
    assert!(
        rebuilt_now,
        "an index that may have lost changes is rebuilt"
    );
    assert!(snapshot(&index, &f.p) == before);
}

#[test]
fn an_index_only_opened_and_searched_stays_clean() {
    // A change's segment writer is made ahead only once a change has been
    // indexed: made at open, its file would mark the folder, and an app
    // that stopped after only reading would rebuild its index next time
    // (a folder that was never marked is trusted as it is).
    let dir = tempfile::tempdir().unwrap();
    let index_dir = dir.path().join("index");
    let mut f = fixture();
    let location = || IndexLocation::Dir(index_dir.clone());
    SearchIndex::open(&mut f.p, location(), &mut |_, _| {})
        .unwrap()
        .close()
        .unwrap();
    let index = SearchIndex::open(&mut f.p, location(), &mut |_, _| {}).unwrap();
    let hits = index
        .search(
            &f.p,
            &SearchRequest {
                query: "kommunen".into(),
                limit: 5,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(hits.total > 0);
    // Were a writer made ahead at open, its file would appear within
    // milliseconds, on the helper thread.
    for _ in 0..20 {
        assert!(!directory::is_unsynced(&index_dir), "reading marks nothing");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    drop(index);
    assert!(!directory::is_unsynced(&index_dir));
    let mut rebuilt = false;
    let _index = SearchIndex::open(&mut f.p, location(), &mut |_, _| rebuilt = true).unwrap();
    assert!(!rebuilt, "an index only read is used as it is");
}

#[test]
fn a_codings_text_is_its_span_of_the_document_however_it_is_read() {
    // Codings in transcripts take their text from the bytes of the turns
    // they lie in (storage::documents::text_range), others from the whole
    // text; spans start in labels and at line breaks and run across turns.
    let mut f = fixture();
    let mut across_turns = 0;
    for _ in 0..150 {
        let id = f.code_random();
        let c = f.p.coding(id).unwrap();
        let doc = f.p.document(c.document_id).unwrap();
        let expected: String = doc
            .text
            .chars()
            .skip(c.start)
            .take(c.end - c.start)
            .collect();
        assert_eq!(
            c.text, expected,
            "coding {}–{} of {}",
            c.start, c.end, doc.name
        );
        let turns_touched = doc
            .turns
            .iter()
            .filter(|t| t.start < c.end && c.start < t.end)
            .count();
        across_turns += (turns_touched > 1) as usize;
        assert_eq!(
            crate::storage::documents::text_range(f.p.connection(), c.document_id, c.start, c.end)
                .unwrap(),
            expected
        );
    }
    assert!(
        across_turns > 5,
        "some spans run across turns ({across_turns})"
    );
}

#[test]
fn a_coding_that_only_changes_code_or_tags_is_not_placed_anew() {
    let mut f = fixture();
    f.p.take_changes();
    let coding = f.code_random();
    let changes = f.p.take_changes();
    let key = coding.to_string();
    assert!(changes.rows.contains(&(Table::Codings, key.clone())));
    assert!(
        changes.placed_codings.contains(&key),
        "a new coding is placed"
    );
    // Moved to another code: in the rows (the analysis facts follow it),
    // not placed (the index holds nothing of its code).
    let from = f.p.coding(coding).unwrap().code_id;
    let into = *f.codes.iter().find(|c| **c != from).unwrap();
    f.p.merge_codes(f.by, from, into).unwrap();
    let changes = f.p.take_changes();
    assert!(changes.rows.contains(&(Table::Codings, key.clone())));
    assert!(
        !changes.placed_codings.contains(&key),
        "a merge places nothing"
    );
    let dim = f.p.dimensions().unwrap().remove(0);
    let own = f.p.coding(coding).unwrap().own_tags;
    let value = dim.values.iter().find(|v| !own.contains(&v.id)).unwrap().id;
    f.p.set_coding_tags(f.by, coding, dim.id, vec![value])
        .unwrap();
    assert!(
        f.p.take_changes().placed_codings.is_empty(),
        "tags place nothing"
    );
    // Undone twice (the tags, the merge), then the coding itself: placed
    // once more as it goes.
    f.p.undo(f.by).unwrap();
    f.p.undo(f.by).unwrap();
    assert!(f.p.take_changes().placed_codings.is_empty());
    f.p.undo(f.by).unwrap();
    assert!(
        f.p.take_changes().placed_codings.contains(&key),
        "a removed coding is placed"
    );
}
