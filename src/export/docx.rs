//! Word documents through docx-rs, in real styles: every paragraph refers
//! to a named style (Title, heading 1–3, Body Text, Quote, Attribution,
//! Warning, Source), so the author can restyle the whole report in Word
//! and its navigation pane and table of contents see the headings.
//!
//! [`Writer`] is the one place that knows the styles; the report and the
//! codebook only say which [`Role`] a paragraph has. With a template, the
//! roles are found in its styles by name ([`super::template`]) and only
//! the missing ones get Tematik's style, based on the template's.

use super::report::{DocxOptions, NoteMode, Report, Section};
use super::template::{self, Template};
use crate::error::{Error, Result};
use docx_rs::{
    AlignmentType, BreakType, BuildXML, Comment, Docx, LineSpacing, Paragraph, Run, RunFonts,
    Shading, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

/// What a paragraph is, and so its style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    /// The document's title.
    Title,
    /// The line under it.
    Subtitle,
    /// A heading, 1 to 3.
    Heading(u8),
    /// Running text: definitions, scope notes, table cells.
    Body,
    /// A quote.
    Quote,
    /// The attribution line under a quote.
    Attribution,
    /// A re-identification warning.
    Warning,
    /// Where a quote comes from.
    Source,
}

const ROLES: [Role; 10] = [
    Role::Title,
    Role::Subtitle,
    Role::Heading(1),
    Role::Heading(2),
    Role::Heading(3),
    Role::Body,
    Role::Quote,
    Role::Attribution,
    Role::Warning,
    Role::Source,
];

impl Role {
    /// Tematik's style id: Word's built-in id where there is one.
    fn id(self) -> &'static str {
        match self {
            Role::Title => "Title",
            Role::Subtitle => "Subtitle",
            Role::Heading(1) => "Heading1",
            Role::Heading(2) => "Heading2",
            Role::Heading(_) => "Heading3",
            Role::Body => "BodyText",
            Role::Quote => "Quote",
            Role::Attribution => "Attribution",
            Role::Warning => "Warning",
            Role::Source => "Source",
        }
    }

    /// The names the style goes by, the one Tematik writes first: Word's
    /// built-in (English) name, then the Swedish Word's.
    fn names(self) -> &'static [&'static str] {
        match self {
            Role::Title => &["Title", "Rubrik"],
            Role::Subtitle => &["Subtitle", "Underrubrik"],
            Role::Heading(1) => &["heading 1", "Rubrik 1"],
            Role::Heading(2) => &["heading 2", "Rubrik 2"],
            Role::Heading(_) => &["heading 3", "Rubrik 3"],
            Role::Body => &["Body Text", "Brödtext"],
            Role::Quote => &["Quote", "Citat"],
            Role::Attribution => &["Attribution", "Attribuering", "Citatkälla"],
            Role::Warning => &["Warning", "Varning"],
            Role::Source => &["Source", "Källa", "Källhänvisning"],
        }
    }

    /// The role a missing style is based on (so it looks like the rest).
    fn base(self) -> Option<Role> {
        match self {
            Role::Attribution => Some(Role::Quote),
            Role::Source => Some(Role::Attribution),
            Role::Warning => Some(Role::Body),
            _ => None,
        }
    }

    /// Tematik's style for the role, based on `base` (a style id) if any.
    fn style(self, id: &str, base: Option<&str>) -> Style {
        let s = Style::new(id, StyleType::Paragraph)
            .name(self.names()[0])
            .q_format(true);
        let s = match base {
            Some(b) => s.based_on(b),
            None => s.based_on("Normal"),
        };
        let spacing = |before: u32, after: u32| LineSpacing::new().before(before).after(after);
        match self {
            Role::Title => s
                .size(52)
                .color("1F3864")
                .line_spacing(spacing(0, 120))
                .next("Normal"),
            Role::Subtitle => s.size(28).color("595959").line_spacing(spacing(0, 360)),
            Role::Heading(level) => {
                let (size, before) = match level {
                    1 => (32, 480),
                    2 => (26, 360),
                    _ => (23, 240),
                };
                s.size(size)
                    .bold()
                    .color("2F5496")
                    .line_spacing(spacing(before, 120))
                    .outline_lvl(usize::from(level.clamp(1, 3) - 1))
                    .next(Role::Body.id())
            }
            Role::Body => s.line_spacing(spacing(0, 120)),
            Role::Quote => s
                .italic()
                .color("404040")
                .indent(Some(720), None, Some(720), None)
                .line_spacing(spacing(120, 40)),
            Role::Attribution => {
                let mut s = s.align(AlignmentType::Right).size(20);
                s.run_property = s.run_property.disable_italic();
                s.line_spacing(spacing(0, 200))
            }
            Role::Warning => s.bold().color("C00000").highlight("yellow"),
            Role::Source => s.size(17).color("767676").line_spacing(spacing(0, 200)),
        }
    }
}

/// A Word document being written: paragraphs by role, tables, comments.
pub(crate) struct Writer {
    doc: Docx,
    /// The style id of each role, in [`ROLES`] order.
    ids: Vec<String>,
    template: Option<Template>,
    /// Styles the template lacked, as `<w:style>` XML.
    added: Vec<u8>,
    next_comment: usize,
    author: String,
}

impl Writer {
    /// A new document in Tematik's styles, or in those of the template at
    /// `template` (a .docx or .dotx).
    pub fn new(template: Option<&std::path::Path>, comment_author: &str) -> Result<Writer> {
        let template = template.map(template::read).transpose()?;
        let mut doc = Docx::new()
            .default_fonts(
                RunFonts::new()
                    .ascii("Calibri")
                    .hi_ansi("Calibri")
                    .cs("Calibri"),
            )
            .default_size(22);
        let mut ids: Vec<String> = Vec::with_capacity(ROLES.len());
        let mut added = Vec::new();
        for role in ROLES {
            let id = match &template {
                None => {
                    let base = role.base().map(|b| b.id());
                    doc = doc.add_style(role.style(role.id(), base));
                    role.id().to_owned()
                }
                Some(t) => match t.paragraph_style(role.names()) {
                    Some(found) => found.to_owned(),
                    None => {
                        let mut id = role.id().to_owned();
                        while t.has_id(&id) {
                            id.push('T');
                        }
                        let base = role.base().map(|b| ids[index(b)].clone());
                        added.extend(role.style(&id, base.as_deref()).build());
                        id
                    }
                },
            };
            ids.push(id);
        }
        Ok(Writer {
            doc,
            ids,
            template,
            added,
            next_comment: 1,
            author: comment_author.to_owned(),
        })
    }

    fn id(&self, role: Role) -> &str {
        &self.ids[index(role)]
    }

    fn styled(&self, role: Role) -> Paragraph {
        let p = Paragraph::new().style(self.id(role));
        if matches!(role, Role::Heading(_) | Role::Title) {
            p.keep_next(true)
        } else {
            p
        }
    }

    /// A paragraph of `text` (line breaks kept) in the role's style.
    pub fn paragraph(&mut self, role: Role, text: &str) {
        let p = self.styled(role).add_run(run(text));
        self.push(p);
    }

    /// A paragraph that begins with a bold label ("Definition: …").
    pub fn labelled(&mut self, role: Role, label: &str, text: &str) {
        let p = self
            .styled(role)
            .add_run(Run::new().add_text(format!("{label}: ")).bold())
            .add_run(run(text));
        self.push(p);
    }

    /// A paragraph with a Word comment on all of it.
    pub fn commented(&mut self, role: Role, text: &str, comment: &str) {
        let id = self.next_comment;
        self.next_comment += 1;
        let note = Comment::new(id)
            .author(self.author.clone())
            .add_paragraph(Paragraph::new().add_run(run(comment)));
        let p = self
            .styled(role)
            .add_comment_start(note)
            .add_run(run(text))
            .add_comment_end(id);
        self.push(p);
    }

    /// A table in 9 pt: a bold, shaded header row, then the rows, the
    /// first column of those marked `true` in bold (a codebook's themes);
    /// each column's width in
    /// twentieths of a point and whether its cells are numbers
    /// (right-aligned).
    pub fn table(
        &mut self,
        header: &[String],
        rows: &[(bool, Vec<String>)],
        columns: &[(usize, bool)],
    ) {
        let column = |i: usize| columns.get(i).copied().unwrap_or((1800, false));
        let cell = |text: &str, i: usize, head: bool, bold: bool| {
            let (width, number) = column(i);
            let r = run(text).size(18);
            let r = if head || bold { r.bold() } else { r };
            let p = Paragraph::new()
                .style(self.id(Role::Body))
                .line_spacing(LineSpacing::new().before(0).after(0))
                .add_run(r);
            let p = if number && !head {
                p.align(AlignmentType::Right)
            } else {
                p
            };
            let c = TableCell::new()
                .width(width, WidthType::Dxa)
                .add_paragraph(p);
            if head {
                c.shading(Shading::new().fill("D9E2F3"))
            } else {
                c
            }
        };
        let mut table_rows = vec![TableRow::new(
            header
                .iter()
                .enumerate()
                .map(|(i, h)| cell(h, i, true, true))
                .collect(),
        )];
        for (bold, row) in rows {
            table_rows.push(
                TableRow::new(
                    row.iter()
                        .enumerate()
                        .map(|(i, t)| cell(t, i, false, *bold && i == 0))
                        .collect(),
                )
                .cant_split(),
            );
        }
        let grid: Vec<usize> = (0..header.len()).map(|i| column(i).0).collect();
        let table = Table::new(table_rows).set_grid(grid);
        self.doc = std::mem::take(&mut self.doc).add_table(table);
    }

    fn push(&mut self, p: Paragraph) {
        self.doc = std::mem::take(&mut self.doc).add_paragraph(p);
    }

    /// The document's bytes.
    pub fn finish(self) -> Result<Vec<u8>> {
        let mut xml = self.doc.build();
        let mut theme = None;
        if let Some(t) = &self.template {
            xml.styles = t.styles_with(&self.added);
            if let Some(n) = &t.numbering {
                xml.numberings = n.clone();
            }
            if let Some(th) = &t.theme {
                xml.content_type = insert_before(
                    &xml.content_type,
                    "</Types>",
                    r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>"#,
                )?;
                xml.document_rels = insert_before(
                    &xml.document_rels,
                    "</Relationships>",
                    r#"<Relationship Id="rIdTematikTheme" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>"#,
                )?;
                theme = Some(th.clone());
            }
        }
        let mut out = std::io::Cursor::new(Vec::new());
        xml.pack(&mut out).map_err(docx_zip_error)?;
        let out = out.into_inner();
        match theme {
            Some(th) => with_part(&out, "word/theme/theme1.xml", &th),
            None => Ok(out),
        }
    }
}

fn index(role: Role) -> usize {
    ROLES
        .iter()
        .position(|r| *r == role)
        .unwrap_or(ROLES.len() - 1)
}

/// A run of text, its line breaks as Word's.
fn run(text: &str) -> Run {
    let mut r = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(line.trim_end_matches('\r'));
    }
    r
}

fn docx_zip_error(e: impl std::fmt::Display) -> Error {
    Error::internal(format!("the Word document cannot be written: {e}"))
}

/// `part` (our own generated XML) with `what` inserted before its last
/// `close` tag.
fn insert_before(part: &[u8], close: &str, what: &str) -> Result<Vec<u8>> {
    let text = std::str::from_utf8(part).map_err(docx_zip_error)?;
    let at = text
        .rfind(close)
        .ok_or_else(|| Error::internal(format!("docx-rs wrote no {close}")))?;
    Ok(format!("{}{what}{}", &text[..at], &text[at..]).into_bytes())
}

/// The archive `docx` with one more part.
fn with_part(docx: &[u8], name: &str, bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(docx)).map_err(docx_zip_error)?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let file = src.by_index_raw(i).map_err(docx_zip_error)?;
        out.raw_copy_file(file).map_err(docx_zip_error)?;
    }
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    out.start_file(name, options).map_err(docx_zip_error)?;
    out.write_all(bytes).map_err(docx_zip_error)?;
    Ok(out.finish().map_err(docx_zip_error)?.into_inner())
}

/// A report as a Word document.
pub fn docx(report: &Report, options: &DocxOptions) -> Result<Vec<u8>> {
    let mut w = Writer::new(options.template.as_deref(), &options.texts.comment_author)?;
    w.paragraph(Role::Title, &report.title);
    if let Some(sub) = report.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        w.paragraph(Role::Subtitle, sub);
    }
    for s in &report.sections {
        section(&mut w, s, s.level, None, options);
    }
    w.finish()
}

/// A section under a heading of `level`: its definition and scope notes
/// (those not empty), an optional line (the codebook's counts), then each
/// quote with its attribution, warning and source, its note a comment.
pub(crate) fn section(
    w: &mut Writer,
    s: &Section,
    level: u8,
    summary: Option<&str>,
    options: &DocxOptions,
) {
    let texts = &options.texts;
    w.paragraph(Role::Heading(level.clamp(1, 3)), &s.title);
    if !s.definition.trim().is_empty() {
        w.paragraph(Role::Body, &s.definition);
    }
    if !s.scope_includes.trim().is_empty() {
        w.labelled(Role::Body, &texts.includes, &s.scope_includes);
    }
    if !s.scope_excludes.trim().is_empty() {
        w.labelled(Role::Body, &texts.excludes, &s.scope_excludes);
    }
    if let Some(line) = summary {
        w.paragraph(Role::Body, line);
    }
    for q in &s.quotes {
        match options.notes {
            NoteMode::Comment if !q.note.trim().is_empty() => {
                w.commented(Role::Quote, &q.text, &q.note);
            }
            _ => w.paragraph(Role::Quote, &q.text),
        }
        if !q.attribution.trim().is_empty() {
            w.paragraph(Role::Attribution, &q.attribution);
        }
        if let Some(reason) = &q.warning {
            w.labelled(Role::Warning, &format!("⚠ {}", texts.warning), reason);
        }
        if options.include_sources && !q.source.trim().is_empty() {
            w.labelled(Role::Source, &texts.source, &q.source);
        }
    }
}
