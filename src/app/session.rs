//! The open project: the core's [`Project`], its search index kept in step
//! after every write, and the conversions from core values to views.

use super::views::{CodingView, ProjectInfo, TagView, UndoPlace};
use crate::error::{Error, Result};
use crate::search::{IndexLocation, SearchIndex};
use crate::storage::{SurveyAnswer, Table};
use crate::text::Utf16Map;
use crate::{CodeId, CoderId, Coding, CodingId, DocumentId, Project, TagValueId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The survey answers as the grid pages them: each answer with its
/// respondent and attributes, every question, every attribute's values.
pub struct SurveyAnswers {
    pub answers: Vec<SurveyAnswer>,
    /// In document order.
    pub questions: Vec<String>,
    /// Attribute names in the answers' order, each with its values sorted.
    pub attributes: Vec<(String, Vec<String>)>,
}

impl SurveyAnswers {
    fn new(answers: Vec<SurveyAnswer>) -> SurveyAnswers {
        let mut questions: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut names: Vec<&str> = Vec::new();
        let mut values: HashMap<&str, std::collections::BTreeSet<&str>> = HashMap::new();
        for a in &answers {
            if seen.insert(a.question.as_str()) {
                questions.push(a.question.clone());
            }
            for (n, v) in &a.attributes {
                let set = values.entry(n).or_insert_with(|| {
                    names.push(n);
                    Default::default()
                });
                set.insert(v);
            }
        }
        let attributes = names
            .iter()
            .map(|n| {
                let vs = values[n].iter().map(|v| (*v).to_owned()).collect();
                ((*n).to_owned(), vs)
            })
            .collect();
        SurveyAnswers {
            answers,
            questions,
            attributes,
        }
    }
}

/// How many of a change's codings are looked at to say where it was.
const PLACE_CANDIDATES: usize = 200;

/// A project open in the window, with its index.
pub struct Session {
    /// The project file.
    pub project: Project,
    /// Its search index (derived; rebuilt when missing or stale).
    pub index: SearchIndex,
    /// Who this session's changes are attributed to.
    pub coder: CoderId,
    /// Where the project file is.
    pub path: PathBuf,
    /// UTF-16 maps of the documents the window has positions in.
    maps: HashMap<DocumentId, Arc<Utf16Map>>,
    /// Where the index was asked to be kept.
    location: IndexLocation,
    /// The survey answers as last read, with the project revision then
    /// (the grid asks for page after page of them).
    survey: Option<(i64, Arc<SurveyAnswers>)>,
    /// The facts the theme review's analyses count, with the project
    /// revision they reflect ([`Session::facts`]).
    pub(crate) facts: Option<(i64, crate::analysis::Facts)>,
    /// The participants the re-identification warning counts, with the
    /// project revision they reflect ([`Session::population`]).
    pub(crate) population: Option<(i64, Arc<crate::attribution::Population>)>,
}

/// Names and colours needed to show codings, read once per command.
pub(crate) struct Lookup {
    codes: HashMap<CodeId, (String, String)>,
    coders: HashMap<CoderId, String>,
    /// value → (dimension key, value key, label)
    tags: HashMap<TagValueId, (String, String, String)>,
}

impl Lookup {
    pub(crate) fn new(p: &Project) -> Result<Lookup> {
        let codes = p
            .codes()?
            .into_iter()
            .map(|c| (c.id, (c.name, c.color)))
            .collect();
        let coders = p.coders()?.into_iter().map(|c| (c.id, c.name)).collect();
        let mut tags = HashMap::new();
        for d in p.dimensions()? {
            for v in d.values {
                tags.insert(v.id, (d.key.clone(), v.key, v.label));
            }
        }
        Ok(Lookup {
            codes,
            coders,
            tags,
        })
    }

    pub(crate) fn code_name(&self, id: CodeId) -> Option<&str> {
        self.codes.get(&id).map(|c| c.0.as_str())
    }

    pub(crate) fn coder_name(&self, id: CoderId) -> Option<&str> {
        self.coders.get(&id).map(String::as_str)
    }

    pub(crate) fn tag_label(&self, dimension: &str, value: &str) -> Option<&str> {
        self.tags
            .values()
            .find(|(d, v, _)| d == dimension && v == value)
            .map(|t| t.2.as_str())
    }

    /// The id of a tag value given by its dimension's and its own key.
    pub(crate) fn tag_id(&self, dimension: &str, value: &str) -> Result<TagValueId> {
        self.tags
            .iter()
            .find(|(_, (d, v, _))| d == dimension && v == value)
            .map(|(id, _)| *id)
            .ok_or_else(|| Error::UnknownName {
                kind: "tag value",
                name: format!("{dimension}/{value}"),
            })
    }

    /// "dimension/value" of a tag value.
    pub(crate) fn tag_key(&self, id: TagValueId) -> Option<String> {
        self.tags.get(&id).map(|(d, v, _)| format!("{d}/{v}"))
    }

    pub(crate) fn coding(&self, c: &Coding, map: &Utf16Map) -> CodingView {
        let (code_name, code_color) = self.codes.get(&c.code_id).cloned().unwrap_or_default();
        CodingView {
            id: c.id.to_string(),
            document_id: c.document_id.to_string(),
            code_id: c.code_id.to_string(),
            code_name,
            code_color,
            start: map.to_utf16(c.start) as u32,
            end: map.to_utf16(c.end) as u32,
            text: c.text.clone(),
            coder: self.coders.get(&c.coder_id).cloned().unwrap_or_default(),
            created_at: c.created_at.to_rfc3339(),
            tags: c
                .tags
                .iter()
                .filter_map(|t| {
                    self.tags.get(t).map(|(d, v, l)| TagView {
                        dimension: d.clone(),
                        value: v.clone(),
                        label: l.clone(),
                        own: c.own_tags.contains(t),
                    })
                })
                .collect(),
        }
    }
}

/// Who works in this window: this computer's identity (its undo entries,
/// its coder) and the coder's name.
pub(crate) struct Me {
    pub(crate) identity: crate::identity::LocalIdentity,
    pub(crate) name: String,
}

impl Me {
    /// Makes `project` act as this computer: its undo entries are this
    /// computer's (a colleague's changes in a received copy cannot be
    /// undone here), and the coder is this computer's, under its name.
    pub(crate) fn act_here(&self, project: &mut Project) -> Result<CoderId> {
        project.set_origin(self.identity.computer);
        project.ensure_coder(self.identity.coder, &self.name)
    }
}

/// Parses an id sent by the window.
pub(crate) fn id<T: std::str::FromStr>(s: &str, kind: &'static str) -> Result<T> {
    s.parse().map_err(|_| Error::BadId {
        kind,
        value: s.to_owned(),
    })
}

impl Session {
    /// Starts a session on a project just created or opened; its index
    /// lives in `index_dir/<project id>` (`None`: the user's cache) and is
    /// rebuilt if missing or stale.
    pub(crate) fn start(
        mut project: Project,
        path: &Path,
        me: &Me,
        index_dir: Option<&Path>,
    ) -> Result<Session> {
        let coder = me.act_here(&mut project)?;
        let location = match index_dir {
            Some(dir) => IndexLocation::Dir(dir.join(project.id()?.to_string())),
            None => IndexLocation::UserCache,
        };
        let index = SearchIndex::open(&mut project, location.clone(), &mut |_, _| {})?;
        Ok(Session {
            project,
            index,
            coder,
            path: path.to_owned(),
            maps: HashMap::new(),
            location,
            survey: None,
            facts: None,
            population: None,
        })
    }

    /// Brings the index up to date with the project, then waits for the
    /// change to be on disk (its sync ran meanwhile): called after every
    /// write, so a change is searchable and saved when its command returns.
    ///
    /// The change is in the project whatever happens to the index (derived
    /// data), so a failed sync is not the change's failure: the index is
    /// built again instead ([`Session::rebuild_index`]).
    pub fn synced(&mut self) -> Result<()> {
        self.keep_survey_answers()?;
        self.keep_facts()?;
        if self.index.sync(&mut self.project, &mut |_, _| {}).is_err() {
            self.rebuild_index()?;
        }
        self.project.wait_durable()?;
        Ok(())
    }

    /// After this session's own writes that touched no answer, respondent
    /// or attribute (codings, codes, memos …), the survey answers read
    /// before are still right: they stay, at the new revision. A change
    /// from elsewhere (another process) shows as a revision beyond this
    /// session's writes, and they are read again.
    fn keep_survey_answers(&mut self) -> Result<()> {
        let Some((at, _)) = &self.survey else {
            return Ok(());
        };
        let changes = self.project.pending_changes();
        let touched = changes.rows.iter().any(|(t, _)| {
            matches!(
                t,
                Table::Documents
                    | Table::Cases
                    | Table::Attributes
                    | Table::CaseAttributes
                    | Table::DocumentAttributes
            )
        });
        let writes = changes.writes;
        let now = self.project.revision()?;
        if !touched
            && *at + writes == now
            && let Some((at, _)) = &mut self.survey
        {
            *at = now;
        }
        Ok(())
    }

    /// Builds the index again from the project after it failed: in its
    /// folder, made anew (its files may have been removed under it), or,
    /// if the folder cannot be written, in memory for this session. Fails
    /// only if the project itself cannot be read.
    pub fn rebuild_index(&mut self) -> Result<()> {
        if self
            .index
            .rebuild(&mut self.project, &mut |_, _| {})
            .is_ok()
        {
            return Ok(());
        }
        // The old index lets go of its folder (and its lock) first.
        let old = std::mem::replace(
            &mut self.index,
            SearchIndex::open(&mut self.project, IndexLocation::InMemory, &mut |_, _| {})?,
        );
        drop(old);
        if let Ok(index) =
            SearchIndex::open(&mut self.project, self.location.clone(), &mut |_, _| {})
        {
            self.index = index;
        }
        Ok(())
    }

    /// After a change that may add or remove documents (an import, an
    /// undo): forgets cached position maps and syncs the index.
    pub fn documents_changed(&mut self) -> Result<()> {
        self.maps.clear();
        self.synced()
    }

    /// After an import: brings the index up to date and writes it out, so
    /// a crash later does not cost a rebuild of everything just indexed.
    pub fn imported(&mut self) -> Result<()> {
        self.documents_changed()?;
        if self.index.persist().is_err() {
            self.rebuild_index()?;
            // Written out once more; if that fails too, the index is
            // rebuilt at the next open (derived data).
            let _ = self.index.persist();
        }
        Ok(())
    }

    /// Where the change not yet synced to the index was: of the codings it
    /// touched (in the project, or removed and still in the index), the
    /// first in document order (of at most [`PLACE_CANDIDATES`]).
    pub fn changed_place(&mut self) -> Result<Option<UndoPlace>> {
        let all = self.project.pending_changes().coding_ids();
        let codings = all[..all.len().min(PLACE_CANDIDATES)].to_vec();
        // The candidates in the project read at once, and each document's
        // name once (a merge's undo touches thousands of codings: read one
        // by one, the 200 took 100 ms at 5M words).
        let present: HashMap<CodingId, Coding> = self
            .project
            .codings_by_ids(&codings)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut names: HashMap<DocumentId, Option<String>> = HashMap::new();
        let mut first: Option<(String, usize, DocumentId, usize, Option<CodeId>)> = None;
        for coding in codings {
            let found = match present.get(&coding) {
                Some(c) => Some((c.document_id, c.start, c.end, Some(c.code_id))),
                None => self.index.indexed_coding(coding)?,
            };
            let Some((doc, start, end, code)) = found else {
                continue;
            };
            let name = match names.get(&doc) {
                Some(name) => name.clone(),
                None => {
                    let name = self.project.document_summary(doc).ok().map(|d| d.name);
                    names.insert(doc, name.clone());
                    name
                }
            };
            let Some(name) = name else {
                continue;
            };
            let key = (name, start);
            if first.as_ref().is_none_or(|f| (&key.0, key.1) < (&f.0, f.1)) {
                first = Some((key.0, key.1, doc, end, code));
            }
        }
        let Some((document_name, start, doc, end, code)) = first else {
            return Ok(None);
        };
        let code_name = code.and_then(|c| self.project.code(c).ok()).map(|c| c.name);
        let turn = self.project.turn_number_at(doc, start)?;
        let map = self.map(doc)?;
        Ok(Some(UndoPlace {
            document_id: doc.to_string(),
            document_name,
            code_name,
            turn: turn.map(|t| t as u32),
            start: map.to_utf16(start) as u32,
            end: map.to_utf16(end) as u32,
        }))
    }

    /// Every survey answer with its respondent and attributes, and what
    /// the grid's filters offer, read again only after the project changed.
    pub fn survey_answers(&mut self) -> Result<Arc<SurveyAnswers>> {
        let revision = self.project.revision()?;
        if let Some((r, answers)) = &self.survey
            && *r == revision
        {
            return Ok(answers.clone());
        }
        let answers = Arc::new(SurveyAnswers::new(self.project.survey_answers()?));
        self.survey = Some((revision, answers.clone()));
        Ok(answers)
    }

    /// The UTF-16 map of a document's text (cached).
    pub fn map(&mut self, doc: DocumentId) -> Result<Arc<Utf16Map>> {
        if let Some(m) = self.maps.get(&doc) {
            return Ok(m.clone());
        }
        let text = self.project.document_text(doc)?;
        let m = Arc::new(Utf16Map::new(&text));
        self.maps.insert(doc, m.clone());
        Ok(m)
    }

    /// A document's text and its UTF-16 map, the text read once (the map
    /// made from it when not cached).
    pub fn text_and_map(&mut self, doc: DocumentId) -> Result<(String, Arc<Utf16Map>)> {
        let text = self.project.document_text(doc)?;
        let map = match self.maps.get(&doc) {
            Some(m) => m.clone(),
            None => {
                let m = Arc::new(Utf16Map::new(&text));
                self.maps.insert(doc, m.clone());
                m
            }
        };
        Ok((text, map))
    }

    /// The project as the top bar shows it.
    pub fn info(&self, system_language: super::views::Language) -> Result<ProjectInfo> {
        let info = self.project.info()?;
        let (can_undo, can_redo) = self.project.can_undo_redo()?;
        let (undo, redo) = self.project.undo_redo_summaries()?;
        let (undo_kind, undo_label) = undo.unzip();
        let (redo_kind, redo_label) = redo.unzip();
        Ok(ProjectInfo {
            id: info.id.to_string(),
            name: info.name,
            path: self.path.display().to_string(),
            revision: info.revision,
            documents: info.counts.documents as u32,
            codes: info.counts.codes as u32,
            codings: info.counts.codings as u32,
            can_undo,
            can_redo,
            undo_label,
            redo_label,
            undo_kind,
            redo_kind,
            system_language,
        })
    }

    /// One coding as the window shows it.
    pub fn coding_view(&mut self, id: crate::CodingId) -> Result<CodingView> {
        let c = self.project.coding(id)?;
        let map = self.map(c.document_id)?;
        Ok(Lookup::new(&self.project)?.coding(&c, &map))
    }
}
