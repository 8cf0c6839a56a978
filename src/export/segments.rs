//! The coded segments as a table: one row per coding with its document,
//! speaker, participant, every attribute (one column each), code path,
//! every tag dimension (one column each, several values joined with ", "),
//! the coded text, coder and when it was made; to CSV and XLSX.
//!
//! The codings, participants, attribute values and effective tags are the
//! analysis facts' ([`Facts`]: a coding's effective tags and the lookup of
//! its attribute values live there, once); what the facts do not keep (the
//! texts, speakers, names and times) is read here in four queries.

use crate::analysis::{Cell, Facts, TableExport, csv_bytes};
use crate::error::{Error, Result};
use crate::{CodingId, DocumentId, Project};
use std::collections::HashMap;

/// Which codings are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SegmentOptions {
    /// Also the codings of discarded codes (left out by default, as they
    /// are out of every analysis).
    pub include_discarded: bool,
}

/// The column headers that are not the project's names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentTexts {
    /// The document.
    pub document: String,
    /// The speaker of the turn the coding starts in.
    pub speaker: String,
    /// The participant (case).
    pub participant: String,
    /// The code's path.
    pub code: String,
    /// The coded text.
    pub text: String,
    /// Who coded.
    pub coder: String,
    /// When.
    pub created: String,
    /// After an attribute's name that a tag dimension has too.
    pub attribute: String,
}

impl SegmentTexts {
    /// Swedish.
    pub fn sv() -> SegmentTexts {
        SegmentTexts {
            document: "Dokument".into(),
            speaker: "Talare".into(),
            participant: "Deltagare".into(),
            code: "Kod".into(),
            text: "Kodad text".into(),
            coder: "Kodare".into(),
            created: "Skapad (UTC)".into(),
            attribute: "attribut".into(),
        }
    }

    /// English.
    pub fn en() -> SegmentTexts {
        SegmentTexts {
            document: "Document".into(),
            speaker: "Speaker".into(),
            participant: "Participant".into(),
            code: "Code".into(),
            text: "Coded text".into(),
            coder: "Coder".into(),
            created: "Created (UTC)".into(),
            attribute: "attribute".into(),
        }
    }

    /// In this language.
    pub fn of(language: crate::model::Language) -> SegmentTexts {
        match language {
            crate::model::Language::Sv => SegmentTexts::sv(),
            crate::model::Language::En => SegmentTexts::en(),
        }
    }
}

/// What a column holds (its width in a workbook follows from it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentColumn {
    /// The document's name.
    Document,
    /// The speaker.
    Speaker,
    /// The participant.
    Participant,
    /// An attribute.
    Attribute,
    /// The code path.
    Code,
    /// A tag dimension.
    Dimension,
    /// The coded text.
    Text,
    /// The coder.
    Coder,
    /// The time.
    Created,
}

/// The coded segments as text cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentTable {
    /// Column headers.
    pub header: Vec<String>,
    /// What each column holds.
    pub columns: Vec<SegmentColumn>,
    /// One row per coding, in document order.
    pub rows: Vec<Vec<String>>,
}

/// Reads the coded segments of a project.
pub fn segments(
    p: &Project,
    f: &Facts,
    options: SegmentOptions,
    texts: &SegmentTexts,
) -> Result<SegmentTable> {
    use SegmentColumn as C;
    let conn = p.connection();
    // Document names and the speakers of their turns, in the facts' order.
    let mut doc_names = vec![String::new(); f.docs.len()];
    let mut stmt =
        conn.prepare_cached("SELECT id, name FROM documents INDEXED BY documents_summary")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, DocumentId>(0)?, r.get(1)?)))? {
        let (id, name): (DocumentId, String) = row?;
        if let Some(&d) = f.doc_index.get(&id) {
            doc_names[d as usize] = name;
        }
    }
    let mut speakers: Vec<Vec<String>> = vec![Vec::new(); f.docs.len()];
    let mut stmt = conn.prepare_cached(
        "SELECT document_id, speaker FROM turns INDEXED BY turns_span ORDER BY document_id, start",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, DocumentId>(0)?, r.get(1)?)))? {
        let (id, speaker): (DocumentId, String) = row?;
        if let Some(&d) = f.doc_index.get(&id) {
            speakers[d as usize].push(speaker);
        }
    }
    let mut case_names = vec![String::new(); f.cases.len()];
    let mut stmt = conn.prepare_cached("SELECT id, name FROM cases")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, crate::CaseId>(0)?, r.get(1)?)))? {
        let (id, name): (crate::CaseId, String) = row?;
        if let Some(&c) = f.case_index.get(&id) {
            case_names[c as usize] = name;
        }
    }
    let mut own: HashMap<CodingId, (String, String)> = HashMap::with_capacity(f.codings.len());
    let mut stmt = conn.prepare_cached("SELECT id, created_at, text FROM codings")?;
    for row in stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))? {
        let (id, v): (CodingId, (String, String)) = row?;
        own.insert(id, v);
    }
    // Code paths, once per code.
    let paths: Vec<String> = (0..f.codes.len() as u32)
        .map(|c| {
            let mut names: Vec<&str> = f
                .ancestors(c)
                .map(|a| f.codes[a as usize].name.as_str())
                .collect();
            names.reverse();
            names.join(" / ")
        })
        .collect();

    let mut header = vec![
        texts.document.clone(),
        texts.speaker.clone(),
        texts.participant.clone(),
    ];
    let mut columns = vec![C::Document, C::Speaker, C::Participant];
    // An attribute named as a dimension (a survey's "Fokusområde" column)
    // says that it is the attribute.
    header.extend(f.attributes.iter().map(|a| {
        if f.dims.iter().any(|d| d.name.eq_ignore_ascii_case(a)) {
            format!("{a} ({})", texts.attribute)
        } else {
            a.clone()
        }
    }));
    columns.extend(f.attributes.iter().map(|_| C::Attribute));
    header.push(texts.code.clone());
    columns.push(C::Code);
    header.extend(f.dims.iter().map(|d| d.name.clone()));
    columns.extend(f.dims.iter().map(|_| C::Dimension));
    header.extend([
        texts.text.clone(),
        texts.coder.clone(),
        texts.created.clone(),
    ]);
    columns.extend([C::Text, C::Coder, C::Created]);

    let mut chosen: Vec<_> = f
        .codings
        .iter()
        .filter(|c| options.include_discarded || !f.codes[c.code as usize].out)
        .collect();
    chosen.sort_by_key(|c| {
        (
            f.docs[c.doc as usize].sort_key,
            c.doc,
            c.start,
            c.end,
            c.code,
        )
    });
    let mut rows = Vec::with_capacity(chosen.len());
    for c in chosen {
        let mut row = Vec::with_capacity(header.len());
        row.push(doc_names[c.doc as usize].clone());
        row.push(
            c.turn
                .and_then(|t| speakers[c.doc as usize].get(t as usize))
                .cloned()
                .unwrap_or_default(),
        );
        row.push(
            c.participant
                .map(|p| case_names[p as usize].clone())
                .unwrap_or_default(),
        );
        for a in 0..f.attributes.len() as u32 {
            row.push(f.attribute(c, a).unwrap_or_default().to_owned());
        }
        row.push(paths[c.code as usize].clone());
        for d in &f.dims {
            let values: Vec<&str> = c
                .tags
                .iter()
                .filter(|v| d.values.contains(v))
                .map(|&v| f.values[v as usize].label.as_str())
                .collect();
            row.push(values.join(", "));
        }
        let (created, text) = own
            .remove(&c.id)
            .ok_or_else(|| Error::internal(format!("coding {} was not read", c.id)))?;
        row.push(text);
        row.push(f.coders[c.coder as usize].name.clone());
        row.push(minute(&created)?);
        rows.push(row);
    }
    Ok(SegmentTable {
        header,
        columns,
        rows,
    })
}

/// A stored time as "YYYY-MM-DD HH:MM" (UTC): Excel and people read it,
/// and it sorts as text.
fn minute(stored: &str) -> Result<String> {
    Ok(crate::storage::parse_time(stored)?
        .format("%Y-%m-%d %H:%M")
        .to_string())
}

/// The table as CSV (`how`: separator and byte-order mark), every cell
/// text, formula-looking ones made safe by the one CSV writer.
pub fn segments_csv(table: &SegmentTable, how: &TableExport) -> Result<Vec<u8>> {
    let text = |row: &[String]| row.iter().map(|t| Cell::Text(t.clone())).collect();
    let mut cells: Vec<Vec<Cell>> = Vec::with_capacity(table.rows.len() + 1);
    cells.push(text(&table.header));
    cells.extend(table.rows.iter().map(|r| text(r)));
    csv_bytes(&cells, how)
}

/// The table as an Excel workbook: the header row bold and frozen, an
/// autofilter over it, widths by what a column holds; every cell written
/// as a string (`write_string`), so an answer such as `=SUM(A1)` stays
/// text and is never a formula.
pub fn segments_xlsx(table: &SegmentTable) -> Result<Vec<u8>> {
    xlsx(table).map_err(|e| Error::internal(format!("the XLSX file cannot be made: {e}")))
}

fn xlsx(table: &SegmentTable) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    for (c, kind) in table.columns.iter().enumerate() {
        let width = match kind {
            SegmentColumn::Document => 28.0,
            SegmentColumn::Speaker | SegmentColumn::Participant => 18.0,
            SegmentColumn::Attribute | SegmentColumn::Dimension => 14.0,
            SegmentColumn::Code => 36.0,
            SegmentColumn::Text => 80.0,
            SegmentColumn::Coder => 16.0,
            SegmentColumn::Created => 17.0,
        };
        sheet.set_column_width(c as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (c, h) in table.header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, text)?;
            }
        }
    }
    let last_col = table.header.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, table.rows.len() as u32, last_col)?;
    book.save_to_buffer()
}
