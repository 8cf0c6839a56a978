//! The organisation's Word template (.docx or .dotx): its styles, read so
//! that an export looks like their other reports.
//!
//! The exported document takes the template's `word/styles.xml` whole
//! (fonts, colours, spacing), its numbering (numbered headings) and its
//! theme (the fonts and colours styles refer to by theme name). Our
//! paragraphs refer to the template's styles found by *name*, since the
//! style ids of a template made in a Swedish Word differ from an English
//! one's while Word's built-in names ("heading 1", "Quote") or their
//! Swedish forms ("Rubrik 1", "Citat") say what a style is for. Styles
//! the template lacks are added to its styles.xml.

use crate::error::{Error, Result};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A style of the template.
#[derive(Clone, Debug)]
pub(crate) struct TemplateStyle {
    /// `w:styleId`.
    pub id: String,
    /// `w:name`, as written.
    pub name: String,
    /// `w:type`: paragraph, character, table, numbering.
    pub kind: String,
}

/// What an export takes from a template.
#[derive(Clone, Debug)]
pub(crate) struct Template {
    /// `word/styles.xml` as it is.
    styles_xml: Vec<u8>,
    /// Where its closing `</w:styles>` begins: added styles go there.
    end: usize,
    /// The styles it declares.
    pub styles: Vec<TemplateStyle>,
    /// `word/numbering.xml`, if it has one.
    pub numbering: Option<Vec<u8>>,
    /// `word/theme/theme1.xml`, if it has one.
    pub theme: Option<Vec<u8>>,
}

/// The biggest part read from a template: a styles.xml of a few MB is
/// already unusual.
const MAX_PART: u64 = 32 << 20;

fn refused(path: &Path, reason: impl Into<String>) -> Error {
    Error::NotAWordDocument {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

/// Reads a template from a .docx or .dotx file.
pub(crate) fn read(path: &Path) -> Result<Template> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: PathBuf::from(path),
        source: e,
    })?;
    parse(path, &bytes)
}

/// Reads a template from its bytes (`path` names it in errors).
pub(crate) fn parse(path: &Path, bytes: &[u8]) -> Result<Template> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| {
        refused(
            path,
            "it is not a ZIP archive, as .docx and .dotx files are",
        )
    })?;
    let mut part = |name: &str| -> Result<Option<Vec<u8>>> {
        let Ok(file) = zip.by_name(name) else {
            return Ok(None);
        };
        let mut out = Vec::new();
        file.take(MAX_PART)
            .read_to_end(&mut out)
            .map_err(|e| refused(path, format!("its part {name} cannot be read: {e}")))?;
        Ok(Some(out))
    };
    if part("word/document.xml")?.is_none() {
        return Err(refused(path, "it has no word/document.xml"));
    }
    let styles_xml = part("word/styles.xml")?
        .ok_or_else(|| refused(path, "it has no styles (word/styles.xml)"))?;
    let numbering = part("word/numbering.xml")?;
    let theme = part("word/theme/theme1.xml")?;
    let (styles, end) = scan_styles(&styles_xml)
        .map_err(|reason| refused(path, format!("its styles cannot be read: {reason}")))?;
    Ok(Template {
        styles_xml,
        end,
        styles,
        numbering,
        theme,
    })
}

fn attribute(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The styles of a styles.xml, and where its root element closes.
fn scan_styles(xml: &[u8]) -> std::result::Result<(Vec<TemplateStyle>, usize), String> {
    let mut reader = Reader::from_reader(xml);
    let mut styles = Vec::new();
    let mut current: Option<TemplateStyle> = None;
    let mut depth = 0usize;
    let mut root_seen = false;
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                depth += 1;
                match (depth, e.local_name().as_ref()) {
                    (1, "styles") => root_seen = e.name().as_ref() == "w:styles",
                    (1, other) => {
                        return Err(format!("the root is <{}>, not <w:styles>", other));
                    }
                    (2, "style") => current = Some(style_start(&e)),
                    (3, "name") => {
                        if let (Some(s), Some(name)) = (current.as_mut(), attribute(&e, "val")) {
                            s.name = name;
                        }
                    }
                    _ => {}
                }
            }
            // An empty element is one level below the open ones.
            Event::Empty(e) => match (depth + 1, e.local_name().as_ref()) {
                (2, "style") => styles.push(style_start(&e)),
                (3, "name") => {
                    if let (Some(s), Some(name)) = (current.as_mut(), attribute(&e, "val")) {
                        s.name = name;
                    }
                }
                _ => {}
            },
            Event::End(_) => {
                if depth == 2
                    && let Some(s) = current.take()
                {
                    styles.push(s);
                }
                if depth == 1 {
                    if !root_seen {
                        return Err("the root is not <w:styles>".into());
                    }
                    return Ok((styles, before));
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => return Err("it ends before </w:styles>".into()),
            _ => {}
        }
    }
}

fn style_start(e: &BytesStart) -> TemplateStyle {
    TemplateStyle {
        id: attribute(e, "styleId").unwrap_or_default(),
        name: String::new(),
        kind: attribute(e, "type").unwrap_or_else(|| "paragraph".into()),
    }
}

/// A style name as compared: case and runs of white space ignored.
fn fold(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Template {
    /// The id of the first paragraph style named one of `names`.
    pub fn paragraph_style(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|n| {
            let n = fold(n);
            self.styles
                .iter()
                .find(|s| s.kind == "paragraph" && fold(&s.name) == n)
                .map(|s| s.id.as_str())
        })
    }

    /// Whether a style (of any kind) has this id.
    pub fn has_id(&self, id: &str) -> bool {
        self.styles.iter().any(|s| s.id == id)
    }

    /// Its styles.xml with `added` (`<w:style>` elements) before the end.
    pub fn styles_with(&self, added: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.styles_xml.len() + added.len());
        out.extend_from_slice(&self.styles_xml[..self.end]);
        out.extend_from_slice(added);
        out.extend_from_slice(&self.styles_xml[self.end..]);
        out
    }
}
