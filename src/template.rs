//! Project templates: a new project starts blank or from the NVOS codebook
//! (tag dimensions Fokusområde and Nivå with their definitions, and the
//! theme tree), shipped in `assets/templates/nvos.json`.

use crate::error::{Error, Result};
use crate::ids::CoderId;
use crate::model::{CodeRole, ReviewStatus};
use crate::storage::{Change, NewCode, Project, UndoMode, codes_insert, insert_dimension};
use crate::storage::{NewDimension, NewTagValue};
use serde::Deserialize;
use serde_json::json;

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
                key: "fokusomrade".into(),
                name: "Fokusområde".into(),
                multi: true,
                definition: "Det utvecklingsområde inom nära vård, omsorg och socialtjänst som segmentet rör.".into(),
                values: book
                    .focus_areas
                    .iter()
                    .map(|f| NewTagValue {
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
                key: "niva".into(),
                name: "Nivå".into(),
                multi: false,
                definition: "Den nivå i systemet som segmentet handlar om.".into(),
                values: book
                    .levels
                    .iter()
                    .map(|l| NewTagValue {
                        key: l.id.clone(),
                        label: l.label.clone(),
                        alias: l.alias.clone(),
                        color: None,
                        definition: l.definition.clone(),
                    })
                    .collect(),
            },
        )?;
        fn add(tx: &crate::storage::Tx, themes: &[Theme], parent: Option<crate::ids::CodeId>, depth: usize) -> Result<usize> {
            let mut n = 0;
            for t in themes {
                let id = codes_insert(
                    tx,
                    &NewCode {
                        name: t.label.clone(),
                        parent_id: parent,
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
                n += 1 + add(tx, &t.children, Some(id), depth + 1)?;
            }
            Ok(n)
        }
        let codes = add(tx, &book.themes, None, 0)?;
        Ok(Change::new(
            (),
            format!("Applied template {}", book.name),
            json!({ "template": book.name, "codes": codes }),
        ))
    })
}
