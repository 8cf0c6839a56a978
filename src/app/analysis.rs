//! The theme review's analyses for the window: the review tree, matrices,
//! co-occurrence, the thematic map and their exports, over the session's
//! [`Facts`] (kept up to date after each write).

use super::views::{DimensionView, Language};
use super::{ApiResult, App};
use crate::analysis::{
    self, AttributeValues, CooccurrenceRequest, Facts, MapView, MatrixCoder, MatrixRequest,
    MatrixView, ReviewView, TableExport,
};
use crate::analysis::{MapTexts, TableTexts};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

/// What a matrix's axes and restrictions can choose from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct MatrixOptions {
    /// Tag dimensions with their values.
    pub dimensions: Vec<DimensionView>,
    /// Attributes with the values they have.
    pub attributes: Vec<AttributeValues>,
    /// Coders.
    pub coders: Vec<MatrixCoder>,
}

/// The kind of picture of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MapFormat {
    /// SVG.
    Svg,
    /// PNG.
    Png,
}

impl super::session::Session {
    /// The facts the analyses count, read when first needed and kept up to
    /// date after this session's writes ([`Facts::refresh`]).
    pub fn facts(&mut self) -> Result<&Facts> {
        let revision = self.project.revision()?;
        if !matches!(&self.facts, Some((r, _)) if *r == revision) {
            self.facts = Some((revision, Facts::load(self.project.connection())?));
        }
        match &self.facts {
            Some((_, f)) => Ok(f),
            None => Err(Error::Internal {
                reason: "the analysis facts were not read".into(),
            }),
        }
    }

    /// After a write of this session: brings the facts up to date with its
    /// rows, or lets them go to be read again when needed.
    pub(crate) fn keep_facts(&mut self) -> Result<()> {
        let Some((at, facts)) = &mut self.facts else {
            return Ok(());
        };
        let changes = self.project.pending_changes();
        let now = self.project.revision()?;
        let kept =
            *at + changes.writes == now && facts.refresh(self.project.connection(), changes)?;
        if kept {
            *at = now;
        } else {
            self.facts = None;
        }
        Ok(())
    }
}

fn table_texts(lang: Language, corner: &str) -> TableTexts {
    match lang {
        Language::Sv => TableTexts {
            corner: corner.to_owned(),
            none: "(inget värde)".into(),
            total: "Totalt".into(),
        },
        Language::En => TableTexts {
            corner: corner.to_owned(),
            none: "(no value)".into(),
            total: "Total".into(),
        },
    }
}

/// The corner cell of an exported matrix: what its rows are.
fn corner(lang: Language, axis: &analysis::Axis, f: &Facts) -> String {
    use analysis::Axis;
    let sv = lang == Language::Sv;
    match axis {
        Axis::Codes { .. } => if sv { "Tema / kod" } else { "Theme / code" }.into(),
        Axis::Dimension { key } => f.dimension_name(key).unwrap_or(key).to_owned(),
        Axis::Attribute { name } => name.clone(),
        Axis::Documents => if sv { "Dokument" } else { "Document" }.into(),
        Axis::Coders => if sv { "Kodare" } else { "Coder" }.into(),
    }
}

impl App {
    pub(super) fn language(&self) -> Result<Language> {
        let settings = self
            .get_settings()
            .map_err(|e| Error::Internal { reason: e.message })?;
        Ok(settings.language.unwrap_or(settings.system_language))
    }

    /// The review tree with its counts and flags.
    pub fn review_tree(&self) -> ApiResult<ReviewView> {
        self.with(|s| Ok(analysis::review_tree(s.facts()?)))
    }

    /// What matrices can choose from.
    pub fn matrix_options(&self) -> ApiResult<MatrixOptions> {
        let dimensions = self.dimensions()?;
        self.with(|s| {
            let choices = analysis::matrix_choices(s.facts()?);
            Ok(MatrixOptions {
                dimensions,
                attributes: choices.attributes,
                coders: choices.coders,
            })
        })
    }

    /// Counts a matrix.
    pub fn matrix(&self, request: MatrixRequest) -> ApiResult<MatrixView> {
        self.with(|s| analysis::matrix(s.facts()?, &request))
    }

    /// The same matrix for two values of an attribute, side by side.
    pub fn compare_matrix(
        &self,
        request: MatrixRequest,
        attribute: &str,
        a: &str,
        b: &str,
    ) -> ApiResult<(MatrixView, MatrixView)> {
        self.with(|s| {
            let f = s.facts()?;
            let with = |value: &str| {
                let mut r = request.clone();
                r.restrict.push(analysis::Restriction::Attribute {
                    name: attribute.to_owned(),
                    value: value.to_owned(),
                });
                analysis::matrix(f, &r)
            };
            Ok((with(a)?, with(b)?))
        })
    }

    /// The codings of one cell of a matrix (or of a whole row), as ids.
    pub fn matrix_cell(
        &self,
        request: MatrixRequest,
        row: u32,
        column: Option<u32>,
    ) -> ApiResult<Vec<String>> {
        self.with(|s| {
            let ids = analysis::matrix_cell(
                s.facts()?,
                &request,
                row as usize,
                column.map(|c| c as usize),
            )?;
            Ok(ids.into_iter().map(|id| id.to_string()).collect())
        })
    }

    /// Counts a co-occurrence matrix.
    pub fn cooccurrence(&self, request: CooccurrenceRequest) -> ApiResult<MatrixView> {
        self.with(|s| analysis::cooccurrence(s.facts()?, &request))
    }

    /// The codings where two nodes meet, as ids.
    pub fn cooccurrence_cell(
        &self,
        request: CooccurrenceRequest,
        row: u32,
        column: u32,
    ) -> ApiResult<Vec<String>> {
        self.with(|s| {
            let ids =
                analysis::cooccurrence_cell(s.facts()?, &request, row as usize, column as usize)?;
            Ok(ids.into_iter().map(|id| id.to_string()).collect())
        })
    }

    /// Writes a matrix to a CSV or XLSX file.
    pub fn export_matrix(
        &self,
        request: MatrixRequest,
        path: &Path,
        how: TableExport,
    ) -> ApiResult<()> {
        let lang = self.language()?;
        self.with(|s| {
            let f = s.facts()?;
            let m = analysis::matrix(f, &request)?;
            let texts = table_texts(lang, &corner(lang, &request.rows, f));
            analysis::write_table(&m, &texts, path, &how)
        })
    }

    /// Writes a co-occurrence matrix to a CSV or XLSX file.
    pub fn export_cooccurrence(
        &self,
        request: CooccurrenceRequest,
        path: &Path,
        how: TableExport,
    ) -> ApiResult<()> {
        let lang = self.language()?;
        self.with(|s| {
            let m = analysis::cooccurrence(s.facts()?, &request)?;
            let texts = table_texts(lang, if lang == Language::Sv { "Kod" } else { "Code" });
            analysis::write_table(&m, &texts, path, &how)
        })
    }

    /// The thematic map, laid out.
    pub fn thematic_map(&self) -> ApiResult<MapView> {
        self.with(|s| {
            let name = s.project.info()?.name;
            Ok(analysis::thematic_map(s.facts()?, &name))
        })
    }

    /// Writes the thematic map to an SVG or PNG file.
    pub fn export_map(&self, path: &Path, format: MapFormat) -> ApiResult<()> {
        let texts = match self.language()? {
            Language::Sv => MapTexts::swedish(),
            Language::En => MapTexts::english(),
        };
        let map = self.thematic_map()?;
        let svg = analysis::map_svg(&map, &texts);
        let bytes = match format {
            MapFormat::Svg => svg.into_bytes(),
            MapFormat::Png => analysis::map_png(&svg, 2.0)?,
        };
        analysis::write_file(path, &bytes)?;
        Ok(())
    }
}
