//! Search and quote retrieval.

use crate::util::{TempDir, clock, memory_project, transcript};
use tematik::search::{
    EntryKind, Filters, IndexLocation, QuoteContext, QuoteOrder, QuoteRequest, SearchIndex,
    SearchRequest, SimilarTo,
};
use tematik::storage::{AttributeValue, CodeSpan, NewCode, NewSource};
use tematik::{CodeId, CoderId, DocumentId, Project, Template};

struct Fixture {
    p: Project,
    by: CoderId,
    fg1: DocumentId,
    fg2: DocumentId,
    theme: CodeId,
    sub: CodeId,
}

fn fixture() -> Fixture {
    let (mut p, by) = memory_project();
    tematik::template::apply(&mut p, by, Template::Nvos).unwrap();
    let mut d1 = transcript(
        "fg1",
        &[
            (
                "Intervjuare",
                "Hur fungerar samverkan mellan yrkesgrupperna?",
            ),
            (
                "Sjuksköterska",
                "Vi samverkar med arbetsterapeuten varje vecka och det fungerar väl.",
            ),
            (
                "Undersköterska 1",
                "Digitala möten har gjort att vi träffas oftare, men det är svårt att hinna.",
            ),
        ],
    );
    d1.attributes = vec![AttributeValue::category("Kommunstorlek", "Liten")];
    let mut d2 = transcript(
        "fg2",
        &[
            ("Intervjuare", "Berätta om stödet till brukaren."),
            (
                "Arbetsterapeut",
                "Brukarens delaktighet är viktig, och samverkade insatser ger trygghet.",
            ),
            (
                "Sjuksköterska",
                "Ett år med täta möten har förändrat arbetet.",
            ),
        ],
    );
    d2.attributes = vec![AttributeValue::category("Kommunstorlek", "Stor")];
    let fg1 = p
        .import(
            by,
            NewSource {
                file_name: "fg1.txt".into(),
                sha256: "a".into(),
                format: "txt".into(),
            },
            vec![d1],
        )
        .unwrap()
        .documents[0];
    let fg2 = p
        .import(
            by,
            NewSource {
                file_name: "fg2.txt".into(),
                sha256: "b".into(),
                format: "txt".into(),
            },
            vec![d2],
        )
        .unwrap()
        .documents[0];
    let theme = p.find_code("Närhet").unwrap().id;
    let sub = p
        .create_code(
            by,
            NewCode {
                name: "Täta möten".into(),
                parent_id: Some(theme),
                ..Default::default()
            },
        )
        .unwrap();
    Fixture {
        p,
        by,
        fg1,
        fg2,
        theme,
        sub,
    }
}

fn span_of(p: &Project, doc: DocumentId, needle: &str) -> (usize, usize) {
    let text = p.document(doc).unwrap().text;
    let b = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    let s = text[..b].chars().count();
    (s, s + needle.chars().count())
}

fn search(
    index: &SearchIndex,
    p: &Project,
    query: &str,
    filters: Filters,
) -> tematik::search::SearchResults {
    index
        .search(
            p,
            &SearchRequest {
                query: query.into(),
                filters,
                entries: Some(EntryKind::Passage),
                limit: 50,
                with_facets: true,
                ..Default::default()
            },
        )
        .unwrap()
}

fn open_index(p: &mut Project) -> SearchIndex {
    SearchIndex::open(p, IndexLocation::InMemory, &mut |_, _| {}).unwrap()
}

#[test]
fn swedish_stemming_finds_inflected_forms_and_keeps_a_ring_and_umlauts() {
    let mut f = fixture();
    let index = open_index(&mut f.p);
    // samverkar, samverkade: one stem (Snowball keeps the noun samverkan apart).
    let r = search(&index, &f.p, "samverkar", Filters::default());
    assert_eq!(
        r.total,
        2,
        "{:#?}",
        r.hits.iter().map(|h| &h.snippet.text).collect::<Vec<_>>()
    );
    // brukare, brukaren, brukarens: one stem.
    assert_eq!(search(&index, &f.p, "brukare", Filters::default()).total, 2);
    // "år" must not match "ar" words, and "ar" must not find "år".
    assert_eq!(search(&index, &f.p, "år", Filters::default()).total, 1);
    assert_eq!(search(&index, &f.p, "ar", Filters::default()).total, 0);
    // Exact phrases are unstemmed and ordered.
    assert_eq!(
        search(&index, &f.p, "\"täta möten\"", Filters::default()).total,
        1
    );
    assert_eq!(
        search(&index, &f.p, "\"möten täta\"", Filters::default()).total,
        0
    );
    assert_eq!(
        search(&index, &f.p, "\"samverkade insatser\"", Filters::default()).total,
        1
    );
    // Prefix and boolean operators.
    assert_eq!(search(&index, &f.p, "digit*", Filters::default()).total, 1);
    assert_eq!(
        search(
            &index,
            &f.p,
            "samverkar AND NOT arbetsterapeuten",
            Filters::default()
        )
        .total,
        1
    );
    assert_eq!(
        search(&index, &f.p, "brukare OR digitala", Filters::default()).total,
        3
    );
    // Hits carry a snippet with the match marked and a position to jump to.
    let r = search(&index, &f.p, "arbetsterapeuten", Filters::default());
    let hit = &r.hits[0];
    let (s, e) = hit.snippet.highlights[0];
    let marked: String = hit.snippet.text.chars().skip(s).take(e - s).collect();
    assert_eq!(marked, "arbetsterapeuten");
    let text = f.p.document(hit.document_id).unwrap().text;
    assert_eq!(
        tematik::text::slice(&text, hit.jump_to, hit.jump_to + 16).unwrap(),
        "arbetsterapeuten"
    );
}

#[test]
fn filters_narrow_and_facet_counts_add_up() {
    let mut f = fixture();
    let mikro = f.p.find_tag_value(Some("niva"), "mikro").unwrap().id;
    let samverkan = f.p.find_tag_value(None, "samverkan").unwrap().id;
    let (s, e) = span_of(&f.p, f.fg1, "Vi samverkar med arbetsterapeuten");
    f.p.code_span(
        f.by,
        CodeSpan {
            document_id: f.fg1,
            start: s,
            end: e,
            code_id: f.sub,
            tags: vec![mikro, samverkan],
        },
    )
    .unwrap();
    let (s, e) = span_of(&f.p, f.fg2, "Ett år med täta möten");
    f.p.code_span(
        f.by,
        CodeSpan {
            document_id: f.fg2,
            start: s,
            end: e,
            code_id: f.theme,
            tags: vec![],
        },
    )
    .unwrap();
    let index = open_index(&mut f.p);
    let all = search(&index, &f.p, "", Filters::default());
    assert_eq!(all.total, 6);
    let count = |facet: &str| {
        all.facets
            .iter()
            .find(|c| c.facet == facet)
            .map(|c| c.count)
            .unwrap_or(0)
    };
    assert_eq!(
        count("/attr/Kommunstorlek/Liten") + count("/attr/Kommunstorlek/Stor"),
        6
    );
    assert_eq!(count("/attr/Kommunstorlek/Liten"), 3);
    assert_eq!(count("/tag/niva/mikro"), 1);
    // A theme filter includes what is coded with codes below it.
    let by_theme = search(
        &index,
        &f.p,
        "",
        Filters {
            codes: vec![f.theme],
            ..Default::default()
        },
    );
    assert_eq!(by_theme.total, 2);
    let by_sub = search(
        &index,
        &f.p,
        "",
        Filters {
            codes: vec![f.sub],
            ..Default::default()
        },
    );
    assert_eq!(by_sub.total, 1);
    let small = search(
        &index,
        &f.p,
        "",
        Filters {
            attributes: vec![("Kommunstorlek".into(), "Liten".into())],
            ..Default::default()
        },
    );
    assert_eq!(small.total, 3);
    let both = search(
        &index,
        &f.p,
        "",
        Filters {
            codes: vec![f.theme],
            attributes: vec![("Kommunstorlek".into(), "Stor".into())],
            ..Default::default()
        },
    );
    assert_eq!(both.total, 1);
    let level = search(
        &index,
        &f.p,
        "",
        Filters {
            tags: vec![("niva".into(), "mikro".into())],
            ..Default::default()
        },
    );
    assert_eq!(level.total, 1);
    let speaker = search(
        &index,
        &f.p,
        "",
        Filters {
            speakers: vec!["Sjuksköterska".into()],
            ..Default::default()
        },
    );
    assert_eq!(speaker.total, 2);
    let coder = search(
        &index,
        &f.p,
        "",
        Filters {
            coders: vec!["Anna".into()],
            ..Default::default()
        },
    );
    assert_eq!(coder.total, 2);
    let doc = search(
        &index,
        &f.p,
        "",
        Filters {
            documents: vec![f.fg2],
            ..Default::default()
        },
    );
    assert_eq!(doc.total, 3);
}

#[test]
fn a_change_is_searchable_when_synced_and_undo_removes_it() {
    let mut f = fixture();
    let mut index = open_index(&mut f.p);
    let theme_filter = Filters {
        codes: vec![f.theme],
        ..Default::default()
    };
    assert_eq!(search(&index, &f.p, "", theme_filter.clone()).total, 0);
    let (s, e) = span_of(&f.p, f.fg1, "Digitala möten");
    f.p.code_span(
        f.by,
        CodeSpan {
            document_id: f.fg1,
            start: s,
            end: e,
            code_id: f.sub,
            tags: vec![],
        },
    )
    .unwrap();
    index.sync(&mut f.p, &mut |_, _| {}).unwrap();
    assert_eq!(search(&index, &f.p, "", theme_filter.clone()).total, 1);
    assert_eq!(index.revision(), f.p.revision().unwrap());
    f.p.undo(f.by).unwrap();
    index.sync(&mut f.p, &mut |_, _| {}).unwrap();
    assert_eq!(search(&index, &f.p, "", theme_filter.clone()).total, 0);
    // Renaming is irrelevant to ids, but moving the code out of the theme is not.
    f.p.redo(f.by).unwrap();
    f.p.move_code(f.by, f.sub, None, None).unwrap();
    index.sync(&mut f.p, &mut |_, _| {}).unwrap();
    assert_eq!(search(&index, &f.p, "", theme_filter).total, 0);
}

#[test]
fn quotes_of_a_theme_come_with_context_in_document_order() {
    let mut f = fixture();
    for (doc, needle, code) in [
        (f.fg2, "täta möten", f.sub),
        (f.fg1, "arbetsterapeuten", f.theme),
        (f.fg1, "Digitala möten", f.sub),
    ] {
        let (s, e) = span_of(&f.p, doc, needle);
        f.p.code_span(
            f.by,
            CodeSpan {
                document_id: doc,
                start: s,
                end: e,
                code_id: code,
                tags: vec![],
            },
        )
        .unwrap();
    }
    let index = open_index(&mut f.p);
    let q = index
        .quotes(
            &f.p,
            &QuoteRequest {
                code: Some(f.theme),
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(q.total, 3);
    let texts: Vec<&str> = q.quotes.iter().map(|q| q.coding.text.as_str()).collect();
    assert_eq!(texts, ["arbetsterapeuten", "Digitala möten", "täta möten"]);
    assert_eq!(
        q.quotes[0].context,
        "Vi samverkar med arbetsterapeuten varje vecka och det fungerar väl."
    );
    assert_eq!(q.quotes[0].speaker.as_deref(), Some("Sjuksköterska"));
    let only_sub = index
        .quotes(
            &f.p,
            &QuoteRequest {
                code: Some(f.sub),
                query: "digitala".into(),
                order: QuoteOrder::Relevance,
                context: QuoteContext::Sentences(0),
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(only_sub.total, 1);
}

#[test]
fn similar_passages_are_uncoded_suggestions() {
    let mut f = fixture();
    let (s, e) = span_of(&f.p, f.fg1, "Vi samverkar med arbetsterapeuten varje vecka");
    let coding =
        f.p.code_span(
            f.by,
            CodeSpan {
                document_id: f.fg1,
                start: s,
                end: e,
                code_id: f.sub,
                tags: vec![],
            },
        )
        .unwrap();
    let index = open_index(&mut f.p);
    let similar = index.similar(&f.p, SimilarTo::Coding(coding), 5).unwrap();
    assert!(!similar.is_empty());
    assert!(similar.iter().all(|h| h.entry == EntryKind::Passage));
    assert!(
        !similar
            .iter()
            .any(|h| h.document_id == f.fg1 && h.start <= s && e <= h.end),
        "the coded passage itself is not suggested"
    );
    assert_eq!(f.p.info().unwrap().counts.codings, 1, "nothing was coded");
}

#[test]
fn a_deleted_or_stale_index_on_disk_is_rebuilt() {
    let dir = TempDir::new();
    let path = dir.path("s.tematik");
    let index_dir = dir.path("index");
    let mut p = Project::create(&path, "S", clock()).unwrap();
    let by = p.ensure_throwaway_coder("Anna").unwrap();
    crate::util::add_transcript(&mut p, by, "fg1");
    let mut progress = Vec::new();
    {
        let index = SearchIndex::open(
            &mut p,
            IndexLocation::Dir(index_dir.clone()),
            &mut |d, t| progress.push((d, t)),
        )
        .unwrap();
        assert_eq!(search(&index, &p, "samverkan", Filters::default()).total, 2);
    }
    assert_eq!(
        progress,
        vec![(1, 1)],
        "a new index reports progress as it is built"
    );
    // Reopening an up-to-date index does not rebuild it.
    progress.clear();
    drop(
        SearchIndex::open(
            &mut p,
            IndexLocation::Dir(index_dir.clone()),
            &mut |d, t| progress.push((d, t)),
        )
        .unwrap(),
    );
    assert!(progress.is_empty());
    // Changed elsewhere (the index did not see it): stale, rebuilt.
    crate::util::add_transcript(&mut p, by, "fg2");
    let mut p2 = Project::open(&path, clock()).unwrap();
    let index = SearchIndex::open(
        &mut p2,
        IndexLocation::Dir(index_dir.clone()),
        &mut |d, t| progress.push((d, t)),
    )
    .unwrap();
    assert_eq!(
        search(&index, &p2, "samverkan", Filters::default()).total,
        4
    );
    drop(index);
    // Deleted or corrupted: rebuilt.
    std::fs::remove_dir_all(&index_dir).unwrap();
    let index = SearchIndex::open(
        &mut p2,
        IndexLocation::Dir(index_dir.clone()),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(
        search(&index, &p2, "samverkan", Filters::default()).total,
        4
    );
    drop(index);
    for entry in std::fs::read_dir(&index_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::write(&path, b"{ broken").unwrap();
        }
    }
    let index = SearchIndex::open(&mut p2, IndexLocation::Dir(index_dir), &mut |_, _| {}).unwrap();
    assert_eq!(
        search(&index, &p2, "samverkan", Filters::default()).total,
        4
    );
}
