//! Project templates: a new project starts blank or from the NVOS codebook
//! (tag dimensions Fokusområde and Nivå with their definitions, and the
//! theme tree), shipped in `assets/templates/nvos.json`.

use crate::error::{Error, Result};
use crate::ids::{CodeId, CoderId, DimensionId, TagValueId};
use crate::model::{CodeRole, ReviewStatus};
use crate::storage::{Change, NewCode, Project, UndoMode, codes_insert, insert_dimension};
use crate::storage::{NewDimension, NewTagValue};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

/// The namespace of the name-based (v5) ids of everything a template
/// creates: the same template gives the same code, dimension and value ids
/// in every project made from it, on every computer, so two projects
/// started from the NVOS codebook share them. Never change it.
pub const ID_NAMESPACE: Uuid = Uuid::from_u128(0x7e3a_5c1d_9b2f_4e60_8d47_544d_544b_0001);

/// The id of what a template creates, from the template's name and the
/// thing's kind and path ("code", "Samverkan/Systemets dilemman"). The parts
/// go in as a JSON array, so no name can be mistaken for another.
fn template_id(template: &str, kind: &str, path: &str) -> Uuid {
    let name = serde_json::to_string(&[template, kind, path]).expect("strings serialise");
    Uuid::new_v5(&ID_NAMESPACE, name.as_bytes())
}

/// The id a code at `path` ("Samverkan/Systemets dilemman", names joined
/// by `/`) gets in every project made from the template named `template`.
pub fn code_id(template: &str, path: &str) -> CodeId {
    CodeId(template_id(template, "code", path))
}

/// The id the tag dimension `key` gets from the template named `template`.
pub fn dimension_id(template: &str, key: &str) -> DimensionId {
    DimensionId(template_id(template, "dimension", key))
}

/// The id the value `value` of dimension `dimension` (both keys) gets from
/// the template named `template`.
pub fn tag_value_id(template: &str, dimension: &str, value: &str) -> TagValueId {
    TagValueId(template_id(
        template,
        "value",
        &format!("{dimension}/{value}"),
    ))
}

/// The NVOS codebook as shipped.
pub const NVOS_JSON: &str = include_str!("../assets/templates/nvos.json");

/// A template a project can start from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    /// Nothing but the project itself.
    Blank,
    /// The NVOS codebook: focus areas, levels, themes.
    Nvos,
}

impl std::str::FromStr for Template {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "blank" | "tom" => Ok(Template::Blank),
            "nvos" => Ok(Template::Nvos),
            other => Err(Error::BadValue {
                what: "template",
                value: other.to_owned(),
                expected: "blank, nvos".into(),
            }),
        }
    }
}

#[derive(Deserialize)]
struct Codebook {
    schema: String,
    name: String,
    focus_areas: Vec<FocusArea>,
    levels: Vec<Level>,
    themes: Vec<Theme>,
}

#[derive(Deserialize)]
struct FocusArea {
    id: String,
    label: String,
    color: Option<String>,
    definition: String,
}

#[derive(Deserialize)]
struct Level {
    id: String,
    label: String,
    #[serde(default)]
    alias: String,
    definition: String,
}

#[derive(Deserialize)]
struct Theme {
    label: String,
    #[serde(default)]
    definition: String,
    #[serde(default)]
    children: Vec<Theme>,
}

/// Applies a template to a project as one operation.
pub fn apply(project: &mut Project, by: CoderId, template: Template) -> Result<()> {
    match template {
        Template::Blank => Ok(()),
        Template::Nvos => apply_codebook(project, by, NVOS_JSON),
    }
}

/// Applies a codebook in the `nvos-codebook/1` JSON shape.
pub fn apply_codebook(project: &mut Project, by: CoderId, json_text: &str) -> Result<()> {
    let book: Codebook = serde_json::from_str(json_text).map_err(|e| Error::BadTemplate {
        reason: e.to_string(),
    })?;
    if book.schema != "nvos-codebook/1" {
        return Err(Error::BadTemplate {
            reason: format!("unknown codebook schema \"{}\"", book.schema),
        });
    }
    project.write(by, "apply_template", UndoMode::Undoable, |tx| {
        insert_dimension(
            tx,
            &NewDimension {
                id: Some(dimension_id(&book.name, "fokusomrade")),
                key: "fokusomrade".into(),
                name: "Fokusområde".into(),
                multi: true,
                definition: "Det utvecklingsområde inom nära vård, omsorg och socialtjänst som segmentet rör.".into(),
                values: book
                    .focus_areas
                    .iter()
                    .map(|f| NewTagValue {
                        id: Some(tag_value_id(&book.name, "fokusomrade", &f.id)),
                        key: f.id.clone(),
                        label: f.label.clone(),
                        alias: String::new(),
                        color: f.color.clone(),
                        definition: f.definition.clone(),
                    })
                    .collect(),
            },
        )?;
        insert_dimension(
            tx,
            &NewDimension {
                id: Some(dimension_id(&book.name, "niva")),
                key: "niva".into(),
                name: "Nivå".into(),
                multi: false,
                definition: "Den nivå i systemet som segmentet handlar om.".into(),
                values: book
                    .levels
                    .iter()
                    .map(|l| NewTagValue {
                        id: Some(tag_value_id(&book.name, "niva", &l.id)),
                        key: l.id.clone(),
                        label: l.label.clone(),
                        alias: l.alias.clone(),
                        color: None,
                        definition: l.definition.clone(),
                    })
                    .collect(),
            },
        )?;
        /// Adds `themes` below `parent` (at `path`), and their children.
        fn add(
            tx: &crate::storage::Tx,
            template: &str,
            themes: &[Theme],
            parent: Option<(CodeId, &str)>,
            depth: usize,
        ) -> Result<usize> {
            let mut n = 0;
            for t in themes {
                let path = match parent {
                    Some((_, above)) => format!("{above}/{}", t.label.trim()),
                    None => t.label.trim().to_owned(),
                };
                let id = codes_insert(
                    tx,
                    &NewCode {
                        id: Some(code_id(template, &path)),
                        name: t.label.clone(),
                        parent_id: parent.map(|(id, _)| id),
                        definition: t.definition.clone(),
                        role: Some(match depth {
                            0 => CodeRole::Theme,
                            1 => CodeRole::Subtheme,
                            _ => CodeRole::Code,
                        }),
                        status: Some(ReviewStatus::Candidate),
                        ..Default::default()
                    },
                )?;
                n += 1 + add(tx, template, &t.children, Some((id, &path)), depth + 1)?;
            }
            Ok(n)
        }
        let codes = add(tx, &book.name, &book.themes, None, 0)?;
        Ok(Change::new(
            (),
            format!("Applied template {}", book.name),
            json!({ "template": book.name, "codes": codes }),
        ))
    })
}
