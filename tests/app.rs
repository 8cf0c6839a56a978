//! The application layer (`tematik::app`) headless: every command the
//! desktop shell offers, against temporary projects, as the window calls
//! it (UTF-16 positions, ids as strings, typed errors).

use crate::util::{TempDir, clock, corpus, corpus_mapping};
use tematik::app::views::*;
use tematik::app::{ApiError, App, AppConfig};
use tematik::error::ErrorCode;

mod processes;
mod recording;

/// An app whose settings, demo and indexes live in a temporary directory.
pub struct TestApp {
    pub app: App,
    pub dir: TempDir,
}

impl TestApp {
    pub fn new() -> TestApp {
        let dir = TempDir::new();
        let app = App::new(
            AppConfig {
                config_dir: Some(dir.path("config")),
                data_dir: Some(dir.path("data")),
                index_dir: Some(dir.path("index")),
                default_coder: "Anna".into(),
                system_language: Language::Sv,
            },
            clock(),
        );
        TestApp { app, dir }
    }

    /// A new NVOS project, open.
    pub fn with_nvos_project() -> TestApp {
        let t = TestApp::new();
        t.app
            .new_project(&t.dir.path("studie.tematik"), "Studie", Template::Nvos)
            .unwrap();
        t
    }

    pub fn code(&self, name: &str) -> CodeNode {
        self.app
            .code_tree()
            .unwrap()
            .into_iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no code {name}"))
    }

    /// Imports a small transcript with an emoji before its second turn and
    /// returns its view.
    pub fn transcript(&self) -> DocumentView {
        let file = self.dir.path("fg-emoji.txt");
        std::fs::write(
            &file,
            "Intervjuare: Hur fungerar samverkan? 🙈\n\
             Sjuksköterska: Vi har täta möten och det fungerar väl.\n\
             Undersköterska: Ibland saknas tid för samverkan.\n",
        )
        .unwrap();
        let report = self.app.import_files(&[file], &mut |_| {}).unwrap();
        assert_eq!(report.imported.len(), 1, "{report:?}");
        let list = self.app.list_documents().unwrap();
        let id = &list.documents.last().unwrap().id;
        self.app.get_document(id).unwrap()
    }
}

/// The UTF-16 range of `needle` in a text, as JavaScript would find it.
pub fn utf16_range(text: &str, needle: &str) -> (u32, u32) {
    let byte = text.find(needle).expect("the needle is in the text");
    let start = text[..byte].encode_utf16().count() as u32;
    (start, start + needle.encode_utf16().count() as u32)
}

/// The corpus survey's mapping, as the window sends it.
pub fn survey_mapping() -> SurveyMapping {
    let m = corpus_mapping();
    SurveyMapping {
        id: m.id,
        round: m.round,
        attributes: m.attributes,
        questions: m
            .questions
            .into_iter()
            .map(|q| QuestionColumn {
                column: q.column,
                focus: q.focus,
            })
            .collect(),
        sheet: None,
    }
}

fn code_of(err: ApiError) -> ErrorCode {
    err.code
}

fn apply(
    t: &TestApp,
    doc: &DocumentView,
    needle: &str,
    code: &str,
    tags: &[(&str, &str)],
) -> CodingView {
    let (start, end) = utf16_range(&doc.text, needle);
    t.app
        .apply_code(ApplyCodeRequest {
            document_id: doc.id.clone(),
            start,
            end,
            code_id: Some(t.code(code).id),
            new_code: None,
            tags: tags
                .iter()
                .map(|(d, v)| ((*d).to_owned(), (*v).to_owned()))
                .collect(),
        })
        .unwrap()
}

#[test]
fn without_a_project_every_project_command_says_so() {
    let t = TestApp::new();
    assert!(!t.app.is_open());
    assert_eq!(
        code_of(t.app.project_info().unwrap_err()),
        ErrorCode::NoProject
    );
    assert_eq!(
        code_of(t.app.code_tree().unwrap_err()),
        ErrorCode::NoProject
    );
    assert_eq!(code_of(t.app.undo().unwrap_err()), ErrorCode::NoProject);
    // Settings and the file kinds need no project.
    assert_eq!(t.app.get_settings().unwrap().coder, "Anna");
    let kinds = t.app.import_kinds().unwrap();
    assert!(kinds.transcripts.contains(&"docx".to_owned()));
    assert!(kinds.transcripts.contains(&"md".to_owned()));
    assert!(kinds.surveys.contains(&"tsv".to_owned()));
    assert!(
        !kinds.surveys.contains(&"txt".to_owned()),
        "a .txt file is a transcript"
    );
}

#[test]
fn settings_are_kept_and_an_empty_coder_name_is_refused() {
    let t = TestApp::with_nvos_project();
    let mut s = t.app.get_settings().unwrap();
    s.language = Some(Language::En);
    s.coder = "  Kim  ".into();
    t.app.set_settings(s.clone()).unwrap();
    let again = App::new(
        AppConfig {
            config_dir: Some(t.dir.path("config")),
            default_coder: "Anna".into(),
            ..Default::default()
        },
        clock(),
    );
    let read = again.get_settings().unwrap();
    assert_eq!(
        (read.language, read.coder.as_str()),
        (Some(Language::En), "Kim")
    );
    s.coder = " ".into();
    let e = t.app.set_settings(s).unwrap_err();
    assert_eq!(e.code, ErrorCode::NameRequired);
    // The recent list remembers the project.
    let recent = t.app.recent_projects().unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].name, "Studie");
}

#[test]
fn projects_are_created_opened_refused_and_closed_with_typed_errors() {
    let t = TestApp::new();
    let path = t.dir.path("a.tematik");
    let info = t.app.new_project(&path, " ", Template::Blank).unwrap();
    assert_eq!(info.name, "a", "an empty name takes the file's");
    assert_eq!(info.codes, 0);
    let e = t.app.new_project(&path, "b", Template::Nvos).unwrap_err();
    assert_eq!(e.code, ErrorCode::AlreadyExists);
    assert_eq!(e.details["file"], "a.tematik");

    let junk = t.dir.path("junk.tematik");
    std::fs::write(&junk, "inte en databas").unwrap();
    let e = t.app.open_project(&junk).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAProject);
    assert_eq!(e.details["file"], "junk.tematik");
    let e = t
        .app
        .open_project(&t.dir.path("saknas.tematik"))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    // The project open before is still open.
    assert_eq!(t.app.project_info().unwrap().name, "a");

    t.app.close_project().unwrap();
    assert_eq!(t.app.project_info().unwrap_err().code, ErrorCode::NoProject);
    let info = t.app.open_project(&path).unwrap();
    assert_eq!(
        (info.name.as_str(), info.path),
        ("a", path.display().to_string())
    );
}

#[test]
fn a_project_from_a_newer_tematik_is_refused_with_its_versions() {
    let t = TestApp::new();
    let path = t.dir.path("ny.tematik");
    t.app.new_project(&path, "Ny", Template::Blank).unwrap();
    t.app.close_project().unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let e = t.app.open_project(&path).unwrap_err();
    assert_eq!(e.code, ErrorCode::NewerSchema);
    assert_eq!(e.details["found"], 999);
    assert!(e.details["supported"].as_i64().unwrap() >= 3);
    assert_eq!(e.details["file"], "ny.tematik");
}

#[test]
fn the_demo_project_is_created_once_then_opened() {
    let t = TestApp::new();
    let first = t.app.open_demo_project().unwrap();
    assert!(first.documents >= 3 && first.codings > 0, "{first:?}");
    t.app.close_project().unwrap();
    let again = t.app.open_demo_project().unwrap();
    assert_eq!((again.id, again.codings), (first.id, first.codings));
}

#[test]
fn imports_report_each_file_and_a_survey_needs_its_mapping() {
    let t = TestApp::with_nvos_project();
    let broken = t.dir.path("trasig.docx");
    std::fs::write(&broken, "inte en zip").unwrap();
    let survey = corpus().join("survey/nvos-enkat-2022-2023.csv");
    let mut seen = Vec::new();
    let report = t
        .app
        .import_files(
            &[
                corpus().join("focusgroups/fokusgrupp-2022-team1.txt"),
                broken.clone(),
                survey.clone(),
            ],
            &mut |p| seen.push((p.done, p.total, p.file)),
        )
        .unwrap();
    assert_eq!(report.imported.len(), 1);
    assert_eq!(report.imported[0].file, "fokusgrupp-2022-team1.txt");
    assert_eq!(report.failed.len(), 2);
    assert_eq!(report.failed[0].file, "trasig.docx");
    assert_eq!(report.failed[0].code, ErrorCode::Import);
    assert_eq!(report.failed[0].details["file"], "trasig.docx");
    assert_eq!(
        (
            &report.failed[0].details["problem"],
            &report.failed[0].details["format"]
        ),
        (&"not_zip".into(), &"docx".into()),
        "the window is sent the typed problem to write in the user's language"
    );
    assert_eq!(report.failed[1].file, "nvos-enkat-2022-2023.csv");
    assert_eq!(report.failed[1].code, ErrorCode::SurveyNeedsMapping);
    assert_eq!(seen.len(), 4, "one before each file and one at the end");
    assert_eq!(seen[3], (3, 3, String::new()));

    let columns = t.app.survey_columns(&survey, None).unwrap();
    assert_eq!(columns.file, "nvos-enkat-2022-2023.csv");
    assert!(columns.columns.iter().any(|c| c.guess == ColumnGuess::Id));
    // A question named after a focus area starts with it as the guess.
    let focus = |name: &str| {
        columns
            .columns
            .iter()
            .find(|c| c.name == name)
            .unwrap()
            .focus_guess
            .clone()
    };
    assert_eq!(
        focus("Samverkan – fungerar väl").as_deref(),
        Some("samverkan")
    );
    assert_eq!(
        focus("Digitalisering – bör utvecklas").as_deref(),
        Some("digitalisering")
    );
    assert_eq!(focus("Kommun"), None);
    let mapping = survey_mapping();
    let preview = t.app.preview_survey(&survey, mapping.clone()).unwrap();
    assert!(preview.answers > 0);
    let before = t.app.project_info().unwrap().documents;
    assert_eq!(before, 1, "the preview wrote nothing");
    let report = t.app.import_survey(&survey, mapping.clone()).unwrap();
    assert_eq!(report.imported[0].documents, preview.answers);
    let list = t.app.list_documents().unwrap();
    assert_eq!(list.documents.len(), 1, "answers are listed by question");
    assert_eq!(
        list.surveys.iter().map(|q| q.answers).sum::<u32>(),
        preview.answers
    );
    let page = |question: Option<&str>, filters: &[(&str, &str)], offset, limit| {
        t.app
            .survey_page(SurveyQuery {
                question: question.map(str::to_owned),
                filters: filters
                    .iter()
                    .map(|(n, v)| SurveyFilter {
                        name: (*n).into(),
                        value: (*v).into(),
                    })
                    .collect(),
                offset,
                limit,
            })
            .unwrap()
    };
    let first = page(Some(&list.surveys[0].question), &[], 0, 10_000);
    assert_eq!(first.total, list.surveys[0].answers);
    assert_eq!(first.rows.len() as u32, first.total);
    assert!(!first.rows[0].respondent.is_empty());
    // Pages of all answers cover each once, in order.
    let all = page(None, &[], 0, 10_000);
    assert_eq!(all.total, preview.answers);
    let mut paged = Vec::new();
    for offset in (0..all.total).step_by(37) {
        let p = page(None, &[], offset, 37);
        assert_eq!((p.total, p.offset), (all.total, offset));
        paged.extend(p.rows.into_iter().map(|r| r.document_id));
    }
    let ids: Vec<_> = all.rows.iter().map(|r| r.document_id.clone()).collect();
    assert_eq!(paged, ids);
    // Filters by respondent attributes, against the corpus's own counts.
    let survey_entry = crate::util::manifest_files(&["survey"])[0];
    let counts = &survey_entry["nonempty_per_round_and_column"];
    for (round, per_column) in counts.as_object().unwrap() {
        for (column, n) in per_column.as_object().unwrap() {
            let p = page(Some(column), &[("Omgång", round)], 0, 5);
            assert_eq!(p.total as u64, n.as_u64().unwrap(), "{column} in {round}");
            assert!(p.rows.len() <= 5);
        }
    }
    assert_eq!(all.questions.len(), list.surveys.len());
    let rounds = all.attributes.iter().find(|a| a.name == "Omgång").unwrap();
    assert_eq!(rounds.values, ["2022", "2023"]);
    assert!(all.attributes.iter().any(|a| a.name == "Kommunstorlek"));
    let none = page(None, &[("Omgång", "2022"), ("Omgång", "2023")], 0, 5);
    assert_eq!(none.total, 0, "every filter must hold");
    // A coding on an answer shows on its row at once (the answers read
    // before stay; the codings are read with the page).
    let row = &all.rows[3];
    let words: String = row.text.chars().take(12).collect();
    let (start, end) = utf16_range(&row.text, &words);
    let coded = t
        .app
        .apply_code(ApplyCodeRequest {
            document_id: row.document_id.clone(),
            start,
            end,
            code_id: Some(t.code("Samverkan").id),
            new_code: None,
            tags: vec![],
        })
        .unwrap();
    let again = page(None, &[], 0, 10);
    assert_eq!(again.total, all.total);
    assert!(again.rows[3].codings.iter().any(|c| c.id == coded.id));
    t.app.undo().unwrap();
    assert!(page(None, &[], 0, 10).rows[3].codings.is_empty());
    // The same file again is refused, and nothing is added.
    let again = t.app.import_survey(&survey, mapping).unwrap();
    assert_eq!(again.failed[0].code, ErrorCode::AlreadyImported);
    assert_eq!(t.app.project_info().unwrap().documents, 1 + preview.answers);
}

#[test]
fn positions_cross_the_edge_in_utf16_and_an_emoji_never_shifts_a_coding() {
    let t = TestApp::with_nvos_project();
    let doc = t.transcript();
    assert_eq!(doc.turns.len(), 3);
    // The second turn starts after the emoji: its UTF-16 offset is one
    // more than its code point offset.
    let second = &doc.turns[1];
    let js_start = utf16_range(&doc.text, "Sjuksköterska: Vi har").0;
    assert_eq!(second.start, js_start);
    let c = apply(&t, &doc, "täta möten", "Samverkan", &[("niva", "mikro")]);
    assert_eq!(c.text, "täta möten");
    assert_eq!((c.start, c.end), utf16_range(&doc.text, "täta möten"));
    assert_eq!(c.coder, "Anna");
    let tags: Vec<_> = c
        .tags
        .iter()
        .map(|t| (t.dimension.as_str(), t.value.as_str(), t.own))
        .collect();
    assert!(tags.contains(&("niva", "mikro", true)), "{tags:?}");
    // The document as the reader gets it holds the coding at the same place.
    let again = t.app.get_document(&doc.id).unwrap();
    assert_eq!(again.codings, vec![c.clone()]);

    // A selection inside the emoji's surrogate pair is refused.
    let (emoji, _) = utf16_range(&doc.text, "🙈");
    let e = t
        .app
        .apply_code(ApplyCodeRequest {
            document_id: doc.id.clone(),
            start: emoji + 1,
            end: emoji + 4,
            code_id: Some(t.code("Samverkan").id),
            new_code: None,
            tags: vec![],
        })
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InsideCharacter, "{e}");
    // Past the end.
    let len = doc.text.encode_utf16().count() as u32;
    let e = t
        .app
        .apply_code(ApplyCodeRequest {
            document_id: doc.id.clone(),
            start: 0,
            end: len + 5,
            code_id: Some(t.code("Samverkan").id),
            new_code: None,
            tags: vec![],
        })
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::OutOfRange, "{e}");
    // A bad id.
    let e = t.app.get_document("inte-ett-id").unwrap_err();
    assert_eq!(
        (e.code, e.details["kind"].as_str()),
        (ErrorCode::BadId, Some("document"))
    );

    // Snapping widens to whole words, in UTF-16.
    let (s, e) = utf16_range(&doc.text, "äta mö");
    let snapped = t.app.snap_selection(&doc.id, s, e).unwrap();
    assert_eq!(snapped, utf16_range(&doc.text, "täta möten"));
}

#[test]
fn coding_tags_undo_and_redo_through_the_app() {
    let t = TestApp::with_nvos_project();
    let doc = t.transcript();
    let c = apply(&t, &doc, "täta möten", "Samverkan", &[("niva", "meso")]);
    let toggled = t
        .app
        .toggle_coding_tag(&c.id, "fokusomrade", "samverkan")
        .unwrap();
    assert!(toggled.tags.iter().any(|t| t.value == "samverkan" && t.own));
    let e = t
        .app
        .toggle_coding_tag(&c.id, "fokusomrade", "finns-inte")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::UnknownName);

    let info = t.app.project_info().unwrap();
    assert!(info.can_undo);
    assert_eq!(info.undo_kind.as_deref(), Some("toggle_coding_tag"));
    let undone = t.app.undo().unwrap().expect("something to undo");
    assert_eq!(undone.kind, "toggle_coding_tag");
    assert!(undone.info.can_redo);
    let now = t.app.get_document(&doc.id).unwrap().codings;
    assert!(!now[0].tags.iter().any(|t| t.value == "samverkan"));
    let redone = t.app.redo().unwrap().expect("something to redo");
    assert_eq!(redone.kind, "toggle_coding_tag");

    t.app.remove_coding(&c.id, false).unwrap();
    assert!(t.app.get_document(&doc.id).unwrap().codings.is_empty());
    // Nothing to redo after a new change.
    assert_eq!(t.app.redo().unwrap(), None);

    // Undo and redo say where: the code, the document, the turn, the span
    // (UTF-16, after the emoji), for a coding removed and one put back.
    let (start, end) = utf16_range(&doc.text, "täta möten");
    let expected = UndoPlace {
        document_id: doc.id.clone(),
        document_name: doc.name.clone(),
        code_name: Some("Samverkan".into()),
        turn: Some(2),
        start,
        end,
    };
    let back = t.app.undo().unwrap().expect("the removal is undone");
    assert_eq!(back.place.as_ref(), Some(&expected));
    let again = t.app.redo().unwrap().expect("the removal is redone");
    assert_eq!(
        again.place.as_ref(),
        Some(&expected),
        "from the index: gone from the project"
    );
    t.app.undo().unwrap();
    let coded = apply(&t, &doc, "saknas tid", "Samverkan", &[]);
    let undone = t.app.undo().unwrap().unwrap();
    let place = undone.place.expect("a coding undone has a place");
    assert_eq!((place.start, place.end), (coded.start, coded.end));
    assert_eq!(place.turn, Some(3));
    // A change of no coding has no place.
    t.app
        .update_code(
            &t.code("Samverkan").id,
            tematik::storage::CodeUpdate {
                name: Some("Samverkan i teamet".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(t.app.undo().unwrap().unwrap().place, None);
}

#[test]
fn the_code_tree_changes_through_the_app_with_typed_refusals() {
    let t = TestApp::with_nvos_project();
    let theme = t.code("Samverkan");
    let created = t
        .app
        .create_code(NewCodeRequest {
            name: "  Täta möten ".into(),
            parent_id: Some(theme.id.clone()),
            color: None,
            role: Some(CodeRole::Code),
        })
        .unwrap();
    assert_eq!(created.name, "Täta möten");
    assert_eq!(created.parent_id.as_deref(), Some(theme.id.as_str()));
    let e = t
        .app
        .create_code(NewCodeRequest {
            name: "Täta möten".into(),
            parent_id: Some(theme.id.clone()),
            color: None,
            role: None,
        })
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NameTaken);
    assert_eq!(e.details["name"], "Täta möten");

    t.app.rename_code(&created.id, "Möten").unwrap();
    t.app.recolor_code(&created.id, "#aa3355").unwrap();
    t.app.define_code(&created.id, "Regelbundna möten").unwrap();
    t.app
        .set_code_role(&created.id, CodeRole::Subtheme)
        .unwrap();
    t.app
        .set_code_status(&created.id, ReviewStatus::Reviewed)
        .unwrap();
    let c = t.code("Möten");
    assert_eq!(
        (c.color.as_str(), c.definition.as_str(), c.role, c.status),
        (
            "#aa3355",
            "Regelbundna möten",
            CodeRole::Subtheme,
            ReviewStatus::Reviewed
        )
    );

    // The code panel's save: several fields, one change, one undo step.
    let before = t.code("Möten");
    t.app
        .update_code(
            &created.id,
            tematik::storage::CodeUpdate {
                name: Some("Möten varje vecka".into()),
                definition: Some("Fasta möten".into()),
                status: Some(ReviewStatus::Final),
                ..Default::default()
            },
        )
        .unwrap();
    let after = t.code("Möten varje vecka");
    assert_eq!(
        (after.definition.as_str(), after.status),
        ("Fasta möten", ReviewStatus::Final)
    );
    assert_eq!(
        t.app.project_info().unwrap().undo_kind.as_deref(),
        Some("update_code")
    );
    t.app.undo().unwrap().expect("the update is undone");
    assert_eq!(t.code("Möten"), before, "one undo restores every field");
    let e = t
        .app
        .update_code(
            &created.id,
            tematik::storage::CodeUpdate {
                name: Some("Närhet".into()),
                color: Some("inte en färg".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(
        matches!(e.code, ErrorCode::NameTaken | ErrorCode::BadColor),
        "{e}"
    );
    assert_eq!(t.code("Möten"), before, "a refused update changes nothing");

    // A theme cannot move below its own code.
    let e = t
        .app
        .move_code(&theme.id, Some(&created.id), 0)
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::WouldCreateCycle);
    t.app.move_code(&created.id, None, 0).unwrap();
    assert_eq!(t.code("Möten").parent_id, None);

    // Merge keeps the codings; delete of a code in use needs a choice.
    let doc = t.transcript();
    apply(&t, &doc, "täta möten", "Möten", &[]);
    let into = t.code("Närhet");
    t.app.merge_codes(&created.id, &into.id).unwrap();
    assert_eq!(t.code("Närhet").codings, into.codings + 1);
    assert_eq!(
        t.app.merge_codes(&into.id, &into.id).unwrap_err().code,
        ErrorCode::SelfMerge
    );
    let sub = t
        .app
        .create_code(NewCodeRequest {
            name: "Under".into(),
            parent_id: Some(into.id.clone()),
            color: None,
            role: None,
        })
        .unwrap();
    apply(&t, &doc, "Ibland saknas tid", "Under", &[]);
    t.app
        .delete_code(&sub.id, DeleteCodings::MoveToParent)
        .unwrap();
    assert_eq!(t.code("Närhet").codings, into.codings + 2);
    let dims = t.app.dimensions().unwrap();
    assert_eq!(
        dims.iter().map(|d| d.key.as_str()).collect::<Vec<_>>(),
        ["fokusomrade", "niva"]
    );
}

#[test]
fn search_facets_are_typed_and_quotes_carry_their_attribution() {
    let t = TestApp::with_nvos_project();
    let report = t
        .app
        .import_files(
            &[corpus().join("focusgroups/fokusgrupp-2022-team1.txt")],
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(report.failed, vec![]);
    let doc_id = t.app.list_documents().unwrap().documents[0].id.clone();
    let doc = t.app.get_document(&doc_id).unwrap();
    let turn = &doc.turns[3];
    let units: Vec<u16> = doc.text.encode_utf16().collect();
    let text = String::from_utf16(&units[turn.text_start as usize..turn.end as usize]).unwrap();
    let words: Vec<&str> = text.split_whitespace().take(4).collect();
    let needle = words.join(" ");
    apply(
        &t,
        &doc,
        &needle,
        "Samverkan",
        &[("niva", "meso"), ("fokusomrade", "samverkan")],
    );

    let filters = Filters::default();
    let results = t
        .app
        .search(SearchRequest {
            query: String::new(),
            filters: Filters {
                codes: vec![t.code("Samverkan").id],
                ..filters.clone()
            },
            entries: Some(EntryKind::Coding),
            offset: 0,
            limit: 10,
            with_facets: true,
            full_groups: vec![],
        })
        .unwrap();
    assert_eq!(results.total, 1);
    let meso = results
        .facets
        .iter()
        .find(|f| {
            f.facet
                == FacetKey::Tag {
                    dimension: "niva".into(),
                    value: "meso".into(),
                }
        })
        .expect("a level facet");
    assert_eq!((meso.count, meso.label.as_str()), (1, "Mesonivå"));
    let doc_facet = results
        .facets
        .iter()
        .find(|f| matches!(f.facet, FacetKey::Doc { .. }))
        .unwrap();
    assert_eq!(doc_facet.label, "fokusgrupp-2022-team1");

    let quotes = t
        .app
        .quotes(QuoteRequest {
            code: Some(t.code("Samverkan").id),
            codings: None,
            filters,
            query: String::new(),
            order: QuoteOrder::Document,
            context: QuoteContext::Turn,
            offset: 0,
            limit: 10,
        })
        .unwrap();
    assert_eq!(quotes.total, 1);
    let q = &quotes.quotes[0];
    assert_eq!(q.speaker.as_deref(), Some(turn.speaker.as_str()));
    assert!(q.attribution.starts_with("– "), "{}", q.attribution);
    assert!(!q.attribution.contains('{'));
    assert_eq!(
        &q.context.encode_utf16().collect::<Vec<_>>()[q.quote_start as usize..q.quote_end as usize],
        &needle.encode_utf16().collect::<Vec<_>>()[..]
    );

    let similar = t
        .app
        .similar(SimilarTo::Coding(q.coding.id.clone()), 5)
        .unwrap();
    assert!(similar.len() <= 5);
    let e = t.app.search(SearchRequest {
        query: "\"inte stängd".into(),
        filters: Filters::default(),
        entries: None,
        offset: 0,
        limit: 10,
        with_facets: false,
        full_groups: vec![],
    });
    assert_eq!(e.unwrap_err().code, ErrorCode::QuerySyntax);
}

#[test]
fn memos_are_written_edited_listed_and_deleted() {
    let t = TestApp::with_nvos_project();
    let m = t
        .app
        .save_memo(None, MemoTarget::Journal, "Fas 1", "Läst allt.")
        .unwrap();
    assert_eq!((m.title.as_str(), m.coder.as_str()), ("Fas 1", "Anna"));
    let edited = t
        .app
        .save_memo(
            Some(&m.id),
            MemoTarget::Journal,
            "Fas 1",
            "Läst allt två gånger.",
        )
        .unwrap();
    assert_eq!(edited.id, m.id);
    assert_eq!(t.app.memos(MemoTarget::Journal).unwrap(), vec![edited]);
    let e = t
        .app
        .save_memo(None, MemoTarget::Journal, " ", "")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::EmptyMemo);
    t.app.delete_memo(&m.id).unwrap();
    assert!(t.app.memos(MemoTarget::Journal).unwrap().is_empty());
}

/// An app whose config (and so whose computer identity) is `config`.
fn app_on(dir: &TempDir, config: &str) -> App {
    App::new(
        AppConfig {
            config_dir: Some(dir.path(config)),
            data_dir: Some(dir.path("data")),
            index_dir: Some(dir.path(&format!("index-{config}"))),
            default_coder: "Anna".into(),
            system_language: Language::Sv,
        },
        clock(),
    )
}

#[test]
fn projects_made_from_the_nvos_template_on_two_computers_share_their_code_ids() {
    let dir = TempDir::new();
    let (a, b) = (app_on(&dir, "laptop-a"), app_on(&dir, "laptop-b"));
    a.new_project(&dir.path("a.tematik"), "A", Template::Nvos)
        .unwrap();
    b.new_project(&dir.path("b.tematik"), "B", Template::Nvos)
        .unwrap();
    let ids = |app: &App| -> Vec<(String, String)> {
        app.code_tree()
            .unwrap()
            .into_iter()
            .map(|c| (c.name, c.id))
            .collect()
    };
    assert_eq!(ids(&a), ids(&b));
    assert_ne!(a.project_info().unwrap().id, b.project_info().unwrap().id);
}

#[test]
fn a_copy_received_from_a_colleague_keeps_its_ids_and_never_undoes_their_change() {
    let dir = TempDir::new();
    let mine = app_on(&dir, "laptop-a");
    mine.new_project(&dir.path("studie.tematik"), "Studie", Template::Nvos)
        .unwrap();
    let t = TestApp {
        app: mine,
        dir: TempDir::new(),
    };
    let doc = t.transcript();
    let c = apply(&t, &doc, "täta möten", "Samverkan", &[("niva", "mikro")]);
    t.app.close_project().unwrap();

    // The file goes to a colleague whose computer and coder are others,
    // though the coder has the same name.
    let copy = dir.path("kopia.tematik");
    std::fs::copy(dir.path("studie.tematik"), &copy).unwrap();
    let theirs = app_on(&dir, "laptop-b");
    let info = theirs.open_project(&copy).unwrap();
    assert!(
        !info.can_undo,
        "the colleague's change is not theirs to undo"
    );
    let e = theirs.undo().unwrap_err();
    assert_eq!(e.code, ErrorCode::UndoBarrier, "{e}");
    let same = theirs.get_document(&doc.id).unwrap();
    assert_eq!(
        same.codings,
        vec![c.clone()],
        "the document and coding keep their ids"
    );

    // Their own change undoes and redoes; then the barrier again.
    let (start, end) = utf16_range(&same.text, "Ibland saknas tid");
    let own = theirs
        .apply_code(ApplyCodeRequest {
            document_id: doc.id.clone(),
            start,
            end,
            code_id: Some(c.code_id.clone()),
            new_code: None,
            tags: vec![],
        })
        .unwrap();
    assert_eq!(own.coder, "Anna");
    assert!(theirs.project_info().unwrap().can_undo);
    theirs.undo().unwrap().expect("their own coding is undone");
    theirs.redo().unwrap().expect("and redone");
    theirs.undo().unwrap().expect("undone again");
    assert_eq!(theirs.undo().unwrap_err().code, ErrorCode::UndoBarrier);
    assert_eq!(theirs.get_document(&doc.id).unwrap().codings, vec![c]);
    let guard = theirs.session().unwrap();
    let coders = guard.as_ref().unwrap().project.coders().unwrap();
    assert_eq!(
        coders.iter().filter(|c| c.name == "Anna").count(),
        2,
        "two people named Anna on two computers are two coders"
    );
}

#[test]
fn this_computer_keeps_its_coder_from_one_session_to_the_next() {
    let dir = TempDir::new();
    let first = app_on(&dir, "laptop");
    first
        .new_project(&dir.path("p.tematik"), "P", Template::Blank)
        .unwrap();
    first.close_project().unwrap();
    let again = app_on(&dir, "laptop");
    again.open_project(&dir.path("p.tematik")).unwrap();
    let mut s = again.get_settings().unwrap();
    s.coder = "Anna Berg".into();
    again.set_settings(s).unwrap();
    let guard = again.session().unwrap();
    let coders = guard.as_ref().unwrap().project.coders().unwrap();
    assert_eq!(coders.len(), 1, "{coders:?}");
    assert_eq!(
        coders[0].name, "Anna Berg",
        "a new name renames the same coder"
    );
}

#[test]
fn bindings_are_up_to_date() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/lib/api/bindings.ts");
    let generated = tematik::app::typescript();
    if std::env::var_os("TEMATIK_WRITE_BINDINGS").is_some() {
        std::fs::write(file, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(file).unwrap_or_default();
    assert!(
        checked_in == generated,
        "ui/src/lib/api/bindings.ts is out of date: run \
         `TEMATIK_WRITE_BINDINGS=1 cargo test --test tests app::bindings`"
    );
}

#[test]
fn theme_review_and_tag_dimensions_change_through_the_app_with_typed_refusals() {
    let t = TestApp::with_nvos_project();
    let doc = t.transcript();
    let a = apply(&t, &doc, "täta möten", "Närhet", &[("niva", "mikro")]);
    let b = apply(&t, &doc, "Ibland saknas tid", "Närhet", &[]);

    let split = t
        .app
        .split_code(&t.code("Närhet").id, vec![b.id.clone()], "Tidsbrist")
        .unwrap();
    assert_eq!((split.name.as_str(), split.codings), ("Tidsbrist", 1));
    let e = t
        .app
        .split_code(&split.id, vec![a.id.clone()], "X")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::CodingNotOfCode);
    assert_eq!(e.details["code"], "Tidsbrist");

    t.app.demote_code(&split.id).unwrap();
    let demoted = t.code("Tidsbrist");
    assert_eq!(
        (demoted.parent_id, demoted.role),
        (Some(t.code("Närhet").id), CodeRole::Subtheme)
    );
    t.app.promote_code(&split.id).unwrap();
    assert_eq!(t.code("Tidsbrist").depth, 0);
    assert_eq!(
        t.app.promote_code(&split.id).unwrap_err().code,
        ErrorCode::AtTopLevel
    );

    t.app.discard_code(&split.id).unwrap();
    assert!(t.code("Tidsbrist").discarded);
    t.app.restore_code(&split.id).unwrap();
    assert!(!t.code("Tidsbrist").discarded);

    let narhet = t.code("Närhet").id;
    t.app.set_code_status(&narhet, ReviewStatus::Final).unwrap();
    let node = t.code("Närhet");
    assert_eq!(node.status_by.as_deref(), Some("Anna"), "the coder's name");
    assert!(node.status_at.unwrap().ends_with('Z'), "RFC 3339, UTC");
    t.app
        .update_code(
            &narhet,
            tematik::storage::CodeUpdate {
                scope_includes: Some("möten".into()),
                scope_excludes: Some("avtal".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(t.code("Närhet").scope_includes, "möten");

    t.app.pin_example(&narhet, &a.id, None).unwrap();
    let examples = t.app.code_examples(&narhet).unwrap();
    assert_eq!(examples.len(), 1);
    assert_eq!(
        examples[0].text, "täta möten",
        "a coding as the reader shows it"
    );
    assert_eq!(t.code("Närhet").examples, 1);
    t.app.move_example(&narhet, &a.id, 0).unwrap();
    t.app.unpin_example(&narhet, &a.id).unwrap();
    assert_eq!(
        t.app.unpin_example(&narhet, &a.id).unwrap_err().code,
        ErrorCode::NotPinned
    );

    let dim = t
        .app
        .create_dimension(NewDimensionRequest {
            name: "Problemtyp".into(),
            multi: false,
            values: vec!["enkel".into(), "komplicerad".into(), "komplex".into()],
        })
        .unwrap();
    assert_eq!(dim.key, "problemtyp");
    let v = t.app.add_tag_value("problemtyp", "Kaotisk", None).unwrap();
    assert_eq!(v.key, "kaotisk");
    t.app
        .rename_tag_value("problemtyp", "kaotisk", "Kaos")
        .unwrap();
    t.app.move_tag_value("problemtyp", "kaotisk", 0).unwrap();
    t.app
        .rename_dimension("problemtyp", "Typ av problem")
        .unwrap();
    t.app.move_dimension("problemtyp", 0).unwrap();
    let dims = t.app.dimensions().unwrap();
    assert_eq!(
        (dims[0].name.as_str(), dims[0].values[0].label.as_str()),
        ("Typ av problem", "Kaos")
    );
    t.app
        .set_code_default_tags(&narhet, vec![("problemtyp".into(), "komplex".into())])
        .unwrap();
    assert_eq!(t.code("Närhet").default_tags, vec!["problemtyp/komplex"]);
    let coded = apply(
        &t,
        &doc,
        "det fungerar väl",
        "Närhet",
        &[("problemtyp", "enkel")],
    );
    assert!(
        coded
            .tags
            .iter()
            .any(|g| g.dimension == "problemtyp" && g.value == "enkel" && g.own)
    );
    assert_eq!(
        t.app.rename_dimension("ingen", "X").unwrap_err().code,
        ErrorCode::UnknownName
    );
}
