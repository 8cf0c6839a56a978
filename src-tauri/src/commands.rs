//! The Tauri commands: each adapts one call of the core. Positions arrive
//! and leave as UTF-16 offsets; ids as strings; errors as `{code, message}`.

use crate::dto::*;
use crate::error::{ApiError, ApiResult};
use crate::session::{
    Lookup, Session, id, kind_from_core, kind_to_core, role_from_core, role_to_core,
    status_from_core, status_to_core,
};
use crate::settings::{Stored, demo_path};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tauri::{AppHandle, Emitter, State};
use tematik::import::{self, TranscriptOptions};
use tematik::search;
use tematik::storage::{CodeSpan, DeleteCodings, NewCode};
use tematik::{CaseId, CodeId, CodingId, DocumentId, MemoId, Project, SystemClock};

#[derive(Default)]
pub struct AppState {
    pub session: Mutex<Option<Session>>,
    pub settings: Mutex<Stored>,
}

type St<'a> = State<'a, AppState>;

fn with<T>(state: &AppState, f: impl FnOnce(&mut Session) -> ApiResult<T>) -> ApiResult<T> {
    let mut guard = state
        .session
        .lock()
        .map_err(|_| ApiError::new("internal", "the project lock was poisoned"))?;
    let session = guard.as_mut().ok_or_else(ApiError::no_project)?;
    let out = f(session);
    // Whatever the command committed is on disk before it answers (a no-op
    // when it committed nothing).
    session.project.wait_durable()?;
    out
}

fn stored(state: &AppState) -> std::sync::MutexGuard<'_, Stored> {
    state.settings.lock().unwrap_or_else(|p| p.into_inner())
}

/// Makes `session` the open project and records it as recent.
fn install(state: &AppState, session: Session) -> ApiResult<ProjectInfo> {
    let info = session.info()?;
    {
        let mut s = stored(state);
        s.opened(&session.path, &info.name);
        s.save()?;
    }
    *state
        .session
        .lock()
        .map_err(|_| ApiError::new("internal", "the project lock was poisoned"))? = Some(session);
    Ok(info)
}

fn coder_name(state: &AppState) -> String {
    stored(state).settings().coder
}

// ------------------------------------------------------------ settings, projects

#[tauri::command]
pub async fn get_settings(state: St<'_>) -> ApiResult<Settings> {
    Ok(stored(&state).settings())
}

#[tauri::command]
pub async fn set_settings(state: St<'_>, settings: Settings) -> ApiResult<()> {
    let coder = settings.coder.trim().to_owned();
    if coder.is_empty() {
        return Err(ApiError::invalid("the coder name cannot be empty"));
    }
    {
        let mut s = stored(&state);
        s.language = settings.language;
        s.coder = Some(coder.clone());
        s.save()?;
    }
    let mut guard = state.session.lock().map_err(|_| ApiError::no_project())?;
    if let Some(session) = guard.as_mut() {
        session.coder = session.project.ensure_coder(&coder)?;
        session.synced()?;
    }
    Ok(())
}

#[tauri::command]
pub async fn recent_projects(state: St<'_>) -> ApiResult<Vec<RecentProject>> {
    Ok(stored(&state).recent())
}

#[tauri::command]
pub async fn new_project(
    state: St<'_>,
    path: String,
    name: String,
    template: Template,
) -> ApiResult<ProjectInfo> {
    let path = PathBuf::from(path);
    let name = if name.trim().is_empty() {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Projekt".into())
    } else {
        name.trim().to_owned()
    };
    let mut project = Project::create(&path, &name, Arc::new(SystemClock))?;
    let coder = coder_name(&state);
    let by = project.ensure_coder(&coder)?;
    let t = match template {
        Template::Blank => tematik::Template::Blank,
        Template::Nvos => tematik::Template::Nvos,
    };
    tematik::template::apply(&mut project, by, t)?;
    let session = Session::start(project, &path, &coder)?;
    install(&state, session)
}

#[tauri::command]
pub async fn open_project(state: St<'_>, path: String) -> ApiResult<ProjectInfo> {
    let session = Session::open(Path::new(&path), &coder_name(&state))?;
    install(&state, session)
}

#[tauri::command]
pub async fn open_demo_project(state: St<'_>) -> ApiResult<ProjectInfo> {
    let path = demo_path()?;
    let coder = coder_name(&state);
    let session = if path.exists() {
        Session::open(&path, &coder)?
    } else {
        let project = tematik::demo::create(&path, Arc::new(SystemClock), &coder)?;
        Session::start(project, &path, &coder)?
    };
    install(&state, session)
}

#[tauri::command]
pub async fn close_project(state: St<'_>) -> ApiResult<()> {
    *state.session.lock().map_err(|_| ApiError::no_project())? = None;
    Ok(())
}

#[tauri::command]
pub async fn project_info(state: St<'_>) -> ApiResult<ProjectInfo> {
    with(&state, |s| s.info())
}

// ------------------------------------------------------------ import

fn is_survey(path: &Path) -> bool {
    import::SurveyFormat::from_path(path).is_some_and(|f| {
        f == import::SurveyFormat::Xlsx
            || path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"))
    })
}

fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[tauri::command]
pub async fn import_files(
    app: AppHandle,
    state: St<'_>,
    paths: Vec<String>,
) -> ApiResult<ImportReport> {
    with(&state, |s| {
        let mut report = ImportReport::default();
        let total = paths.len() as u32;
        for (i, path) in paths.iter().enumerate() {
            let path = PathBuf::from(path);
            let file = file_label(&path);
            let _ = app.emit(
                "import-progress",
                ImportProgress {
                    done: i as u32,
                    total,
                    file: file.clone(),
                },
            );
            if is_survey(&path) {
                report.failed.push(FailedFile {
                    file,
                    code: "survey_needs_mapping".into(),
                    message: "a survey export is imported with its column mapping".into(),
                });
                continue;
            }
            match import::import_transcript(
                &mut s.project,
                s.coder,
                &path,
                &TranscriptOptions::default(),
            ) {
                Ok(t) => report.imported.push(ImportedFile {
                    file,
                    documents: 1,
                    summary: format!(
                        "{} turns, {} speakers{}",
                        t.turns,
                        t.speakers.len(),
                        if t.timestamps { ", time stamps" } else { "" }
                    ),
                }),
                Err(e) => report.failed.push(FailedFile {
                    file,
                    code: e.code().into(),
                    message: e.to_string(),
                }),
            }
        }
        let _ = app.emit(
            "import-progress",
            ImportProgress {
                done: total,
                total,
                file: String::new(),
            },
        );
        s.imported()?;
        Ok(report)
    })
}

fn mapping_to_core(m: SurveyMapping) -> import::SurveyMapping {
    import::SurveyMapping {
        id: m.id,
        round: m.round,
        attributes: m.attributes,
        questions: m
            .questions
            .into_iter()
            .map(|q| import::QuestionColumn {
                column: q.column,
                focus: q.focus,
            })
            .collect(),
        sheet: m.sheet,
    }
}

fn preview_from_core(p: import::SurveyPreview) -> SurveyPreview {
    let q = |q: import::QuestionCount| QuestionCount {
        question: q.question,
        focus: q.focus,
        answers: q.answers as u32,
    };
    SurveyPreview {
        file_name: p.file_name,
        format: p.format,
        read_as: p.read_as,
        rows: p.rows as u32,
        respondents: p.respondents as u32,
        respondents_with_answers: p.respondents_with_answers as u32,
        answers: p.answers as u32,
        questions: p.questions.into_iter().map(q).collect(),
        rounds: p
            .rounds
            .into_iter()
            .map(|r| RoundCount {
                round: r.round,
                respondents: r.respondents as u32,
                answers: r.answers as u32,
                questions: r.questions.into_iter().map(q).collect(),
            })
            .collect(),
        unmapped_columns: p.unmapped_columns,
    }
}

#[tauri::command]
pub async fn survey_columns(path: String, sheet: Option<String>) -> ApiResult<SurveyColumns> {
    let c = import::survey_columns(Path::new(&path), sheet.as_deref())?;
    Ok(SurveyColumns {
        file: c.file_name,
        rows: c.rows as u32,
        sheets: c.sheet.into_iter().collect(),
        columns: c
            .columns
            .into_iter()
            .map(|c| SurveyColumn {
                name: c.name,
                samples: c.samples,
                non_blank: c.non_blank as u32,
                distinct: c.distinct as u32,
                guess: match c.guess {
                    import::ColumnGuess::Id => ColumnGuess::Id,
                    import::ColumnGuess::Round => ColumnGuess::Round,
                    import::ColumnGuess::Attribute => ColumnGuess::Attribute,
                    import::ColumnGuess::Question => ColumnGuess::Question,
                    import::ColumnGuess::Ignore => ColumnGuess::Ignore,
                },
            })
            .collect(),
    })
}

#[tauri::command]
pub async fn preview_survey(path: String, mapping: SurveyMapping) -> ApiResult<SurveyPreview> {
    Ok(preview_from_core(import::preview_survey(
        Path::new(&path),
        &mapping_to_core(mapping),
    )?))
}

#[tauri::command]
pub async fn import_survey(
    state: St<'_>,
    path: String,
    mapping: SurveyMapping,
) -> ApiResult<ImportReport> {
    with(&state, |s| {
        let path = PathBuf::from(path);
        let file = file_label(&path);
        let mut report = ImportReport::default();
        match import::import_survey(&mut s.project, s.coder, &path, &mapping_to_core(mapping)) {
            Ok(done) => report.imported.push(ImportedFile {
                file,
                documents: done.preview.answers as u32,
                summary: format!(
                    "{} answers from {} respondents",
                    done.preview.answers, done.preview.respondents_with_answers
                ),
            }),
            Err(e) => report.failed.push(FailedFile {
                file,
                code: e.code().into(),
                message: e.to_string(),
            }),
        }
        s.imported()?;
        Ok(report)
    })
}

// ------------------------------------------------------------ documents

fn case_names(p: &Project) -> ApiResult<HashMap<CaseId, tematik::Case>> {
    Ok(p.cases()?.into_iter().map(|c| (c.id, c)).collect())
}

#[tauri::command]
pub async fn list_documents(state: St<'_>) -> ApiResult<DocumentList> {
    with(&state, |s| {
        let list = s.project.document_list()?;
        // Transcripts rarely belong to a case; read the cases only if one does.
        let cases = if list.documents.iter().any(|d| d.case_id.is_some()) {
            case_names(&s.project)?
        } else {
            HashMap::new()
        };
        Ok(DocumentList {
            documents: list
                .documents
                .into_iter()
                .map(|d| DocumentSummary {
                    id: d.id.to_string(),
                    name: d.name,
                    kind: kind_from_core(d.kind),
                    words: d.word_count as u32,
                    codings: d.codings as u32,
                    question: d.question,
                    respondent: d
                        .case_id
                        .and_then(|c| cases.get(&c))
                        .map(|c| c.name.clone()),
                })
                .collect(),
            surveys: list
                .surveys
                .into_iter()
                .map(|q| SurveyQuestionSummary {
                    question: q.question,
                    answers: q.answers as u32,
                    words: q.words as u32,
                })
                .collect(),
            survey_codings: list.survey_codings as u32,
        })
    })
}

#[tauri::command]
pub async fn get_document(state: St<'_>, id: String) -> ApiResult<DocumentView> {
    with(&state, |s| {
        let doc_id: DocumentId = crate::session::id(&id, "document")?;
        let d = s.project.document(doc_id)?;
        let map = s.map(doc_id)?;
        let lookup = Lookup::new(&s.project)?;
        let mut attributes = s.project.document_attributes(doc_id)?;
        if let Some(case) = d.case_id {
            attributes.extend(s.project.case(case)?.attributes);
        }
        let codings = s
            .project
            .codings_in_document(doc_id)?
            .iter()
            .map(|c| lookup.coding(c, &map))
            .collect();
        Ok(DocumentView {
            id: d.id.to_string(),
            name: d.name,
            kind: kind_from_core(d.kind),
            words: d.word_count as u32,
            turns: d
                .turns
                .iter()
                .map(|t| TurnView {
                    speaker: t.speaker.clone(),
                    start: map.to_utf16(t.start) as u32,
                    text_start: map.to_utf16(t.text_start) as u32,
                    end: map.to_utf16(t.end) as u32,
                    start_ms: t.start_ms,
                })
                .collect(),
            text: d.text,
            codings,
            attributes,
        })
    })
}

#[tauri::command]
pub async fn survey_rows(state: St<'_>, question: Option<String>) -> ApiResult<Vec<SurveyRow>> {
    with(&state, |s| {
        let cases = case_names(&s.project)?;
        let lookup = Lookup::new(&s.project)?;
        let mut rows = Vec::new();
        for d in s.project.documents()? {
            if d.kind != tematik::DocumentKind::SurveyAnswer {
                continue;
            }
            if question.is_some() && d.question != question {
                continue;
            }
            let full = s.project.document(d.id)?;
            let map = s.map(d.id)?;
            let case = d.case_id.and_then(|c| cases.get(&c));
            let mut attributes = case.map(|c| c.attributes.clone()).unwrap_or_default();
            attributes.extend(s.project.document_attributes(d.id)?);
            rows.push(SurveyRow {
                document_id: d.id.to_string(),
                respondent: case.map(|c| c.name.clone()).unwrap_or_default(),
                question: d.question.clone().unwrap_or_default(),
                text: full.text,
                attributes,
                codings: s
                    .project
                    .codings_in_document(d.id)?
                    .iter()
                    .map(|c| lookup.coding(c, &map))
                    .collect(),
            });
        }
        Ok(rows)
    })
}

// ------------------------------------------------------------ codes

fn code_nodes(p: &Project) -> ApiResult<Vec<CodeNode>> {
    let lookup = Lookup::new(p)?;
    Ok(p.code_tree()?
        .into_iter()
        .map(|n| CodeNode {
            id: n.code.id.to_string(),
            parent_id: n.code.parent_id.map(|p| p.to_string()),
            name: n.code.name,
            color: n.code.color,
            definition: n.code.definition,
            role: role_from_core(n.code.role),
            status: status_from_core(n.code.status),
            depth: n.depth as u32,
            codings: n.codings as u32,
            codings_total: n.codings_with_descendants as u32,
            documents: n.documents as u32,
            default_tags: n
                .default_tags
                .iter()
                .filter_map(|t| lookup.tag_key(*t))
                .collect(),
        })
        .collect())
}

#[tauri::command]
pub async fn code_tree(state: St<'_>) -> ApiResult<Vec<CodeNode>> {
    with(&state, |s| code_nodes(&s.project))
}

#[tauri::command]
pub async fn dimensions(state: St<'_>) -> ApiResult<Vec<DimensionView>> {
    with(&state, |s| {
        Ok(s.project
            .dimensions()?
            .into_iter()
            .map(|d| DimensionView {
                key: d.key,
                name: d.name,
                multi: d.multi,
                definition: d.definition,
                values: d
                    .values
                    .into_iter()
                    .map(|v| TagValueView {
                        key: v.key,
                        label: v.label,
                        color: v.color,
                        definition: v.definition,
                    })
                    .collect(),
            })
            .collect())
    })
}

fn new_code(r: NewCodeRequest) -> ApiResult<NewCode> {
    Ok(NewCode {
        name: r.name.trim().to_owned(),
        parent_id: r.parent_id.as_deref().map(|p| id(p, "code")).transpose()?,
        color: r.color,
        role: r.role.map(role_to_core),
        ..Default::default()
    })
}

#[tauri::command]
pub async fn create_code(state: St<'_>, request: NewCodeRequest) -> ApiResult<CodeNode> {
    with(&state, |s| {
        let code = s.project.create_code(s.coder, new_code(request)?)?;
        s.synced()?;
        code_nodes(&s.project)?
            .into_iter()
            .find(|n| n.id == code.to_string())
            .ok_or_else(|| ApiError::new("internal", "the new code is not in the tree"))
    })
}

fn code_id(s: &str) -> ApiResult<CodeId> {
    id(s, "code")
}

#[tauri::command]
pub async fn rename_code(state: St<'_>, id: String, name: String) -> ApiResult<()> {
    with(&state, |s| {
        s.project.rename_code(s.coder, code_id(&id)?, &name)?;
        s.synced()
    })
}

#[tauri::command]
pub async fn recolor_code(state: St<'_>, id: String, color: String) -> ApiResult<()> {
    with(&state, |s| {
        s.project.recolor_code(s.coder, code_id(&id)?, &color)?;
        s.synced()
    })
}

#[tauri::command]
pub async fn define_code(state: St<'_>, id: String, definition: String) -> ApiResult<()> {
    with(&state, |s| {
        s.project.define_code(s.coder, code_id(&id)?, &definition)?;
        s.synced()
    })
}

#[tauri::command]
pub async fn move_code(
    state: St<'_>,
    id: String,
    parent_id: Option<String>,
    position: u32,
) -> ApiResult<()> {
    with(&state, |s| {
        let parent = parent_id.as_deref().map(code_id).transpose()?;
        s.project
            .move_code(s.coder, code_id(&id)?, parent, Some(position as usize))?;
        s.synced()
    })
}

#[tauri::command]
pub async fn set_code_role(state: St<'_>, id: String, role: CodeRole) -> ApiResult<()> {
    with(&state, |s| {
        s.project
            .set_code_role(s.coder, code_id(&id)?, role_to_core(role))?;
        s.synced()
    })
}

#[tauri::command]
pub async fn set_code_status(state: St<'_>, id: String, status: ReviewStatus) -> ApiResult<()> {
    with(&state, |s| {
        s.project
            .set_code_status(s.coder, code_id(&id)?, status_to_core(status))?;
        s.synced()
    })
}

#[tauri::command]
pub async fn merge_codes(state: St<'_>, from: String, into: String) -> ApiResult<()> {
    with(&state, |s| {
        s.project
            .merge_codes(s.coder, code_id(&from)?, code_id(&into)?)?;
        s.synced()
    })
}

#[tauri::command]
pub async fn delete_code(state: St<'_>, id: String, codings: String) -> ApiResult<()> {
    let choice = match codings.as_str() {
        "move_to_parent" => DeleteCodings::MoveToParent,
        "delete" => DeleteCodings::Delete,
        other => {
            return Err(ApiError::invalid(format!(
                "\"{other}\": say move_to_parent or delete"
            )));
        }
    };
    with(&state, |s| {
        s.project
            .delete_code(s.coder, code_id(&id)?, Some(choice))?;
        s.synced()
    })
}

// ------------------------------------------------------------ coding

fn coding_id(s: &str) -> ApiResult<CodingId> {
    id(s, "coding")
}

#[tauri::command]
pub async fn apply_code(state: St<'_>, request: ApplyCodeRequest) -> ApiResult<CodingView> {
    with(&state, |s| {
        let doc: DocumentId = id(&request.document_id, "document")?;
        let map = s.map(doc)?;
        let (start, end) = (
            map.to_cp(request.start as usize)?,
            map.to_cp(request.end as usize)?,
        );
        let lookup = Lookup::new(&s.project)?;
        let tags = request
            .tags
            .iter()
            .map(|(d, v)| lookup.tag_id(d, v))
            .collect::<ApiResult<Vec<_>>>()?;
        let coding = match (request.code_id, request.new_code) {
            (Some(code), _) => s.project.code_span(
                s.coder,
                CodeSpan {
                    document_id: doc,
                    start,
                    end,
                    code_id: code_id(&code)?,
                    tags,
                },
            )?,
            (None, Some(new)) => {
                s.project
                    .code_span_with_new_code(s.coder, new_code(new)?, doc, start, end, tags)?
                    .1
            }
            (None, None) => return Err(ApiError::invalid("say which code to apply")),
        };
        s.synced()?;
        s.coding_view(coding)
    })
}

#[tauri::command]
pub async fn toggle_coding_tag(
    state: St<'_>,
    coding_id: String,
    dimension: String,
    value: String,
) -> ApiResult<CodingView> {
    with(&state, |s| {
        let coding = self::coding_id(&coding_id)?;
        let tag = Lookup::new(&s.project)?.tag_id(&dimension, &value)?;
        s.project.toggle_coding_tag(s.coder, coding, tag)?;
        s.synced()?;
        s.coding_view(coding)
    })
}

#[tauri::command]
pub async fn remove_coding(state: St<'_>, coding_id: String) -> ApiResult<()> {
    with(&state, |s| {
        s.project.uncode(s.coder, self::coding_id(&coding_id)?)?;
        s.synced()
    })
}

#[tauri::command]
pub async fn snap_selection(
    state: St<'_>,
    document_id: String,
    start: u32,
    end: u32,
) -> ApiResult<(u32, u32)> {
    with(&state, |s| {
        let doc: DocumentId = id(&document_id, "document")?;
        let map = s.map(doc)?;
        let text = s.project.document(doc)?.text;
        let (a, b) = tematik::text::snap_to_words(
            &text,
            map.to_cp(start as usize)?,
            map.to_cp(end as usize)?,
        )?;
        Ok((map.to_utf16(a) as u32, map.to_utf16(b) as u32))
    })
}

fn undo_or_redo(state: &AppState, undo: bool) -> ApiResult<Option<UndoOutcome>> {
    with(state, |s| {
        let outcome = if undo {
            s.project.undo(s.coder)
        } else {
            s.project.redo(s.coder)
        };
        let outcome = match outcome {
            Ok(o) => o,
            Err(tematik::Error::NothingTo(_)) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        s.documents_changed();
        s.synced()?;
        Ok(Some(UndoOutcome {
            label: outcome.summary,
            kind: outcome.kind,
            info: s.info()?,
        }))
    })
}

#[tauri::command]
pub async fn undo(state: St<'_>) -> ApiResult<Option<UndoOutcome>> {
    undo_or_redo(&state, true)
}

#[tauri::command]
pub async fn redo(state: St<'_>) -> ApiResult<Option<UndoOutcome>> {
    undo_or_redo(&state, false)
}

// ------------------------------------------------------------ search and quotes

fn filters_to_core(f: Filters) -> ApiResult<search::Filters> {
    Ok(search::Filters {
        codes: f
            .codes
            .iter()
            .map(|c| code_id(c))
            .collect::<ApiResult<_>>()?,
        tags: f.tags,
        documents: f
            .documents
            .iter()
            .map(|d| id(d, "document"))
            .collect::<ApiResult<_>>()?,
        kinds: f.kinds.into_iter().map(kind_to_core).collect(),
        attributes: f.attributes,
        speakers: f.speakers,
        coders: f.coders,
        statuses: f.statuses.into_iter().map(status_to_core).collect(),
    })
}

/// The speaker and case of the turn a position falls in.
fn turn_at(p: &Project, doc: DocumentId, at: usize) -> ApiResult<Option<(String, Option<CaseId>)>> {
    Ok(p.turn_at(doc, at)?.map(|t| (t.speaker, t.case_id)))
}

fn hit_view(s: &mut Session, h: search::SearchHit) -> ApiResult<SearchHitView> {
    let map = s.map(h.document_id)?;
    let speaker = turn_at(&s.project, h.document_id, h.start)?.map(|t| t.0);
    Ok(SearchHitView {
        entry: match h.entry {
            search::EntryKind::Passage => EntryKind::Passage,
            search::EntryKind::Coding => EntryKind::Coding,
        },
        document_id: h.document_id.to_string(),
        document_name: h.document_name,
        coding_id: h.coding_id.map(|c| c.to_string()),
        code_id: h.code_id.map(|c| c.to_string()),
        speaker,
        start: map.to_utf16(h.start) as u32,
        end: map.to_utf16(h.end) as u32,
        jump_to: map.to_utf16(h.jump_to) as u32,
        snippet: SnippetView {
            highlights: crate::positions::ranges_to_utf16(&h.snippet.text, &h.snippet.highlights)
                .into_iter()
                .map(|(a, b)| (a as u32, b as u32))
                .collect(),
            text: h.snippet.text,
        },
        score: h.score,
    })
}

#[tauri::command]
pub async fn search(state: St<'_>, request: SearchRequest) -> ApiResult<SearchResultsView> {
    with(&state, |s| {
        let started = Instant::now();
        let req = search::SearchRequest {
            query: request.query,
            filters: filters_to_core(request.filters)?,
            entries: request.entries.map(|e| match e {
                EntryKind::Passage => search::EntryKind::Passage,
                EntryKind::Coding => search::EntryKind::Coding,
            }),
            offset: request.offset as usize,
            limit: request.limit.min(500) as usize,
            with_facets: request.with_facets,
        };
        let keep = selected_facets(&req.filters);
        let results = s.index.search(&s.project, &req)?;
        let lookup = Lookup::new(&s.project)?;
        let facets = top_facets(results.facets, &keep);
        let mut docs: HashMap<String, String> = HashMap::new();
        for f in facets.iter().filter(|f| f.facet.starts_with("/doc/")) {
            let id = &f.facet["/doc/".len()..];
            if let Ok(d) = crate::session::id(id, "document")
                .and_then(|d| Ok(s.project.document_summary(d)?))
            {
                docs.insert(id.to_owned(), d.name);
            }
        }
        let facets = facets
            .iter()
            .map(|f| FacetCountView {
                label: s.facet_label(&f.facet, &lookup, &docs),
                facet: f.facet.clone(),
                count: f.count,
            })
            .collect();
        let hits = results
            .hits
            .into_iter()
            .map(|h| hit_view(s, h))
            .collect::<ApiResult<_>>()?;
        Ok(SearchResultsView {
            total: results.total as u32,
            hits,
            facets,
            elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    })
}

/// How many values of a long facet group (documents, speakers, one
/// attribute) the sidebar gets: the most frequent, plus any selected.
const FACET_VALUES_SHOWN: usize = 25;

/// The facet paths the request filters on, which the sidebar must keep.
fn selected_facets(f: &search::Filters) -> Vec<String> {
    let mut keep: Vec<String> = Vec::new();
    keep.extend(f.documents.iter().map(|d| format!("/doc/{d}")));
    keep.extend(f.speakers.iter().map(|s| format!("/speaker/{s}")));
    keep.extend(f.attributes.iter().map(|(n, v)| format!("/attr/{n}/{v}")));
    keep
}

/// Caps the long groups (documents, speakers, each attribute) to their
/// most frequent values; codes, tags, kinds, coders and statuses are short
/// and kept whole (the code tree needs every level).
fn top_facets(facets: Vec<search::FacetCount>, keep: &[String]) -> Vec<search::FacetCount> {
    // The group of a long facet: "/doc", "/speaker", or "/attr/<name>" (a
    // slice of the facet; a search at 1M words returns thousands of these).
    let group = |f: &str| -> Option<usize> {
        let rest = f.strip_prefix('/')?;
        let first = rest.find('/')?;
        match &rest[..first] {
            "doc" | "speaker" => Some(first + 1),
            "attr" => rest[first + 1..].find('/').map(|i| first + 1 + i + 1),
            _ => None,
        }
    };
    let mut by_group: HashMap<&str, Vec<&search::FacetCount>> = HashMap::new();
    for f in &facets {
        if let Some(g) = group(&f.facet) {
            by_group.entry(&f.facet[..g]).or_default().push(f);
        }
    }
    let mut shown: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for values in by_group.values_mut() {
        values.sort_by(|a, b| b.count.cmp(&a.count).then(a.facet.cmp(&b.facet)));
        shown.extend(
            values
                .iter()
                .take(FACET_VALUES_SHOWN)
                .map(|f| f.facet.as_str()),
        );
    }
    let keep: Vec<&str> = keep.iter().map(String::as_str).collect();
    facets
        .iter()
        .filter(|f| {
            group(&f.facet).is_none()
                || shown.contains(f.facet.as_str())
                || keep.contains(&f.facet.as_str())
        })
        .cloned()
        .collect()
}

/// "– arbetsterapeut, team 3, 2023": the speaker's profession (or label),
/// the team and round of the document, or for a survey answer the
/// respondent's municipality and round.
fn attribution(p: &Project, c: &tematik::Coding) -> ApiResult<String> {
    let mut parts: Vec<String> = Vec::new();
    let doc_attrs = p.document_attributes(c.document_id)?;
    let get = |attrs: &[(String, String)], name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    if let Some((speaker, case)) = turn_at(p, c.document_id, c.start)? {
        let case_attrs = case
            .map(|k| p.case(k).map(|c| c.attributes))
            .transpose()?
            .unwrap_or_default();
        let who = get(&case_attrs, "Yrke").unwrap_or(speaker);
        parts.push(who.to_lowercase());
    } else {
        let doc = p.document(c.document_id)?;
        if let Some(case) = doc.case_id {
            let case = p.case(case)?;
            parts.push(format!("respondent {}", case.name));
            if let Some(k) = get(&case.attributes, "Kommun") {
                parts.push(k);
            }
        }
    }
    if let Some(team) = get(&doc_attrs, "Team") {
        parts.push(format!("team {team}"));
    }
    if let Some(round) = get(&doc_attrs, "Omgång") {
        parts.push(round);
    }
    Ok(format!("– {}", parts.join(", ")))
}

#[tauri::command]
pub async fn quotes(state: St<'_>, request: QuoteRequest) -> ApiResult<QuotesView> {
    with(&state, |s| {
        let started = Instant::now();
        let req = search::QuoteRequest {
            code: request.code.as_deref().map(code_id).transpose()?,
            filters: filters_to_core(request.filters)?,
            query: request.query,
            order: match request.order {
                QuoteOrder::Document => search::QuoteOrder::Document,
                QuoteOrder::Relevance => search::QuoteOrder::Relevance,
            },
            context: match request.context {
                QuoteContext::Turn => search::QuoteContext::Turn,
                QuoteContext::Sentences { n } => search::QuoteContext::Sentences(n as usize),
            },
            offset: request.offset as usize,
            limit: request.limit.min(500) as usize,
        };
        let found = s.index.quotes(&s.project, &req)?;
        let lookup = Lookup::new(&s.project)?;
        let mut quotes = Vec::with_capacity(found.quotes.len());
        for q in found.quotes {
            let map = s.map(q.coding.document_id)?;
            let context_map = crate::positions::Utf16Map::new(&q.context);
            let rel_start = q.coding.start.saturating_sub(q.context_start);
            let rel_end = q.coding.end.saturating_sub(q.context_start);
            quotes.push(QuoteView {
                attribution: attribution(&s.project, &q.coding)?,
                coding: lookup.coding(&q.coding, &map),
                document_name: q.document_name,
                speaker: q.speaker,
                quote_start: context_map.to_utf16(rel_start) as u32,
                quote_end: context_map.to_utf16(rel_end) as u32,
                context: q.context,
            });
        }
        Ok(QuotesView {
            total: found.total as u32,
            quotes,
            elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    })
}

#[tauri::command]
pub async fn similar(state: St<'_>, to: SimilarTo, limit: u32) -> ApiResult<Vec<SearchHitView>> {
    with(&state, |s| {
        let target = match to {
            SimilarTo::Coding(c) => search::SimilarTo::Coding(coding_id(&c)?),
            SimilarTo::Code(c) => search::SimilarTo::Code(code_id(&c)?),
        };
        let hits = s
            .index
            .similar(&s.project, target, limit.min(100) as usize)?;
        hits.into_iter().map(|h| hit_view(s, h)).collect()
    })
}

// ------------------------------------------------------------ memos

fn target_to_core(t: &MemoTarget) -> ApiResult<tematik::MemoTarget> {
    Ok(match t {
        MemoTarget::Journal => tematik::MemoTarget::Journal,
        MemoTarget::Document { id: d } => tematik::MemoTarget::Document(id(d, "document")?),
        MemoTarget::Code { id: c } => tematik::MemoTarget::Code(code_id(c)?),
        MemoTarget::Coding { id: c } => tematik::MemoTarget::Coding(coding_id(c)?),
    })
}

fn memo_view(p: &Project, m: tematik::Memo) -> ApiResult<MemoView> {
    let coders: HashMap<_, _> = p.coders()?.into_iter().map(|c| (c.id, c.name)).collect();
    Ok(MemoView {
        id: m.id.to_string(),
        target: match m.target {
            tematik::MemoTarget::Journal | tematik::MemoTarget::Case(_) => MemoTarget::Journal,
            tematik::MemoTarget::Document(d) => MemoTarget::Document { id: d.to_string() },
            tematik::MemoTarget::Code(c) => MemoTarget::Code { id: c.to_string() },
            tematik::MemoTarget::Coding(c) => MemoTarget::Coding { id: c.to_string() },
        },
        title: m.title,
        body: m.body,
        coder: coders.get(&m.coder_id).cloned().unwrap_or_default(),
        created_at: m.created_at.to_rfc3339(),
        updated_at: m.updated_at.to_rfc3339(),
    })
}

#[tauri::command]
pub async fn memos(state: St<'_>, target: MemoTarget) -> ApiResult<Vec<MemoView>> {
    with(&state, |s| {
        s.project
            .memos(target_to_core(&target)?)?
            .into_iter()
            .map(|m| memo_view(&s.project, m))
            .collect()
    })
}

#[tauri::command]
pub async fn save_memo(
    state: St<'_>,
    id: Option<String>,
    target: MemoTarget,
    title: String,
    body: String,
) -> ApiResult<MemoView> {
    with(&state, |s| {
        let memo = match id {
            Some(m) => {
                let m: MemoId = crate::session::id(&m, "memo")?;
                s.project.edit_memo(s.coder, m, &title, &body)?;
                m
            }
            None => s
                .project
                .write_memo(s.coder, target_to_core(&target)?, &title, &body)?,
        };
        s.synced()?;
        memo_view(&s.project, s.project.memo(memo)?)
    })
}

#[tauri::command]
pub async fn delete_memo(state: St<'_>, id: String) -> ApiResult<()> {
    with(&state, |s| {
        s.project
            .delete_memo(s.coder, crate::session::id(&id, "memo")?)?;
        s.synced()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facet(path: &str, count: u64) -> search::FacetCount {
        search::FacetCount {
            facet: path.to_owned(),
            count,
        }
    }

    #[test]
    fn long_facet_groups_keep_their_most_frequent_and_selected_values() {
        let mut facets = vec![facet("/tag/niva/mikro", 3), facet("/kind/interview", 9)];
        for i in 0..40 {
            facets.push(facet(&format!("/doc/d{i:02}"), 100 - i));
            facets.push(facet(&format!("/attr/Kommun/k{i:02}"), 1 + i));
        }
        facets.push(facet("/code/a/b", 1));
        let kept = top_facets(facets, &["/doc/d39".to_owned()]);
        let count = |prefix: &str| kept.iter().filter(|f| f.facet.starts_with(prefix)).count();
        assert_eq!(
            count("/doc/"),
            FACET_VALUES_SHOWN + 1,
            "top 25 and the selected one"
        );
        assert!(
            kept.iter().any(|f| f.facet == "/doc/d00"),
            "the most frequent"
        );
        assert!(
            kept.iter().any(|f| f.facet == "/doc/d39"),
            "the selected, though rare"
        );
        assert_eq!(count("/attr/Kommun/"), FACET_VALUES_SHOWN);
        assert!(kept.iter().any(|f| f.facet == "/attr/Kommun/k39"));
        assert!(!kept.iter().any(|f| f.facet == "/attr/Kommun/k00"));
        assert_eq!(count("/tag/"), 1);
        assert_eq!(count("/kind/"), 1);
        assert_eq!(count("/code/"), 1);
    }
}
