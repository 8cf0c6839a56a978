//! The open project: the core's `Project`, its search index kept in step
//! after every write, and the conversions from core types to IPC views.

use crate::dto::{self, CodingView, ProjectInfo, TagView};
use crate::error::{ApiError, ApiResult};
use crate::positions::Utf16Map;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tematik::search::{IndexLocation, SearchIndex};
use tematik::{CodeId, CoderId, Coding, DocumentId, Project, SystemClock, TagValueId};

pub struct Session {
    pub project: Project,
    pub index: SearchIndex,
    pub coder: CoderId,
    pub path: PathBuf,
    maps: HashMap<DocumentId, Arc<Utf16Map>>,
}

/// Names and colours needed to show codings, read once per command.
pub struct Lookup {
    codes: HashMap<CodeId, (String, String)>,
    coders: HashMap<CoderId, String>,
    /// value → (dimension key, value key, label)
    tags: HashMap<TagValueId, (String, String, String)>,
}

impl Lookup {
    pub fn new(p: &Project) -> ApiResult<Lookup> {
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

    pub fn code_name(&self, id: CodeId) -> String {
        self.codes.get(&id).map(|c| c.0.clone()).unwrap_or_default()
    }

    pub fn tag_label(&self, dimension: &str, value: &str) -> Option<String> {
        self.tags
            .values()
            .find(|(d, v, _)| d == dimension && v == value)
            .map(|t| t.2.clone())
    }

    pub fn tag_id(&self, dimension: &str, value: &str) -> ApiResult<TagValueId> {
        self.tags
            .iter()
            .find(|(_, (d, v, _))| d == dimension && v == value)
            .map(|(id, _)| *id)
            .ok_or_else(|| ApiError::invalid(format!("no tag value {dimension}/{value}")))
    }

    pub fn tag_key(&self, id: TagValueId) -> Option<String> {
        self.tags.get(&id).map(|(d, v, _)| format!("{d}/{v}"))
    }

    pub fn coding(&self, c: &Coding, map: &Utf16Map) -> CodingView {
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

/// Parses an id sent by the UI.
pub fn id<T: std::str::FromStr>(s: &str, what: &str) -> ApiResult<T> {
    s.parse()
        .map_err(|_| ApiError::invalid(format!("\"{s}\" is not a valid {what} id")))
}

impl Session {
    /// Opens a project file and its index (rebuilt if missing or stale).
    pub fn open(path: &Path, coder: &str) -> ApiResult<Session> {
        let project = Project::open(path, Arc::new(SystemClock))?;
        Self::start(project, path, coder)
    }

    pub fn start(mut project: Project, path: &Path, coder: &str) -> ApiResult<Session> {
        let coder = project.ensure_coder(coder)?;
        let index = SearchIndex::open(&mut project, IndexLocation::UserCache, &mut |_, _| {})?;
        Ok(Session {
            project,
            index,
            coder,
            path: path.to_owned(),
            maps: HashMap::new(),
        })
    }

    /// Brings the index up to date with the project, then waits for the
    /// change to be on disk (its sync ran meanwhile): called after every
    /// write, so a change is searchable and saved when its command returns.
    pub fn synced(&mut self) -> ApiResult<()> {
        self.index.sync(&mut self.project, &mut |_, _| {})?;
        self.project.wait_durable()?;
        Ok(())
    }

    /// Forgets cached position maps (documents added or removed).
    pub fn documents_changed(&mut self) {
        self.maps.clear();
    }

    /// After an import: brings the index up to date and writes it out, so
    /// a crash later does not cost a rebuild of everything just indexed.
    pub fn imported(&mut self) -> ApiResult<()> {
        self.maps.clear();
        self.synced()?;
        self.index.persist()?;
        Ok(())
    }

    pub fn map(&mut self, doc: DocumentId) -> ApiResult<Arc<Utf16Map>> {
        if let Some(m) = self.maps.get(&doc) {
            return Ok(m.clone());
        }
        let text = self.project.document_text(doc)?;
        let m = Arc::new(Utf16Map::new(&text));
        self.maps.insert(doc, m.clone());
        Ok(m)
    }

    pub fn info(&self) -> ApiResult<ProjectInfo> {
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
            system_language: crate::settings::system_language(),
        })
    }

    pub fn coding_view(&mut self, id: tematik::CodingId) -> ApiResult<CodingView> {
        let c = self.project.coding(id)?;
        let map = self.map(c.document_id)?;
        Ok(Lookup::new(&self.project)?.coding(&c, &map))
    }

    /// A readable label for a facet path's last part.
    pub fn facet_label(
        &self,
        facet: &str,
        lookup: &Lookup,
        docs: &HashMap<String, String>,
    ) -> String {
        let parts: Vec<&str> = facet.trim_start_matches('/').split('/').collect();
        let last = parts.last().copied().unwrap_or_default().to_owned();
        match parts.first().copied() {
            Some("doc") => docs.get(&last).cloned().unwrap_or(last),
            Some("code") => id::<CodeId>(&last, "code")
                .map(|c| lookup.code_name(c))
                .unwrap_or(last),
            Some("tag") if parts.len() == 3 => lookup.tag_label(parts[1], parts[2]).unwrap_or(last),
            _ => last,
        }
    }
}

pub fn kind_to_core(k: dto::DocumentKind) -> tematik::DocumentKind {
    match k {
        dto::DocumentKind::FocusGroup => tematik::DocumentKind::FocusGroup,
        dto::DocumentKind::Interview => tematik::DocumentKind::Interview,
        dto::DocumentKind::SurveyAnswer => tematik::DocumentKind::SurveyAnswer,
        dto::DocumentKind::Text => tematik::DocumentKind::Text,
    }
}

pub fn kind_from_core(k: tematik::DocumentKind) -> dto::DocumentKind {
    match k {
        tematik::DocumentKind::FocusGroup => dto::DocumentKind::FocusGroup,
        tematik::DocumentKind::Interview => dto::DocumentKind::Interview,
        tematik::DocumentKind::SurveyAnswer => dto::DocumentKind::SurveyAnswer,
        tematik::DocumentKind::Text => dto::DocumentKind::Text,
    }
}

pub fn role_to_core(r: dto::CodeRole) -> tematik::CodeRole {
    match r {
        dto::CodeRole::Theme => tematik::CodeRole::Theme,
        dto::CodeRole::Subtheme => tematik::CodeRole::Subtheme,
        dto::CodeRole::Code => tematik::CodeRole::Code,
    }
}

pub fn role_from_core(r: tematik::CodeRole) -> dto::CodeRole {
    match r {
        tematik::CodeRole::Theme => dto::CodeRole::Theme,
        tematik::CodeRole::Subtheme => dto::CodeRole::Subtheme,
        tematik::CodeRole::Code => dto::CodeRole::Code,
    }
}

pub fn status_to_core(s: dto::ReviewStatus) -> tematik::ReviewStatus {
    match s {
        dto::ReviewStatus::Candidate => tematik::ReviewStatus::Candidate,
        dto::ReviewStatus::Reviewed => tematik::ReviewStatus::Reviewed,
        dto::ReviewStatus::Final => tematik::ReviewStatus::Final,
        dto::ReviewStatus::Discarded => tematik::ReviewStatus::Discarded,
    }
}

pub fn status_from_core(s: tematik::ReviewStatus) -> dto::ReviewStatus {
    match s {
        tematik::ReviewStatus::Candidate => dto::ReviewStatus::Candidate,
        tematik::ReviewStatus::Reviewed => dto::ReviewStatus::Reviewed,
        tematik::ReviewStatus::Final => dto::ReviewStatus::Final,
        tematik::ReviewStatus::Discarded => dto::ReviewStatus::Discarded,
    }
}
