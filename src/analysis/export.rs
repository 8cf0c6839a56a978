//! Matrices out of the app: CSV (for Swedish Excel: `;` and a byte-order
//! mark, by choice) and XLSX (numbers as numbers, a heatmap colour scale,
//! headers frozen).
//!
//! Text that a spreadsheet would take for a formula (starting with `=`,
//! `+`, `-` or `@`) is written as text: in XLSX as a string cell, in CSV
//! with a leading apostrophe ([`csv_text`]).

use super::matrix::MatrixView;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::Path;
use ts_rs::TS;

/// The kind of file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TableFormat {
    /// Comma- or semicolon-separated text.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

/// How to write a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TableExport {
    /// CSV or XLSX.
    pub format: TableFormat,
    /// CSV: the separator (";" for Swedish Excel, ",").
    pub separator: String,
    /// CSV: begin with a UTF-8 byte-order mark (Excel then reads UTF-8).
    pub bom: bool,
}

/// The words of a table that are not the project's: the corner cell, the
/// "no value" row or column, the totals, in the user's language.
#[derive(Clone, Debug)]
pub struct TableTexts {
    /// Over the row headers ("Tema", "Kod" …).
    pub corner: String,
    /// The row or column of codings without a value.
    pub none: String,
    /// The totals.
    pub total: String,
}

/// Whether a spreadsheet would read `text` as a formula.
pub fn looks_like_formula(text: &str) -> bool {
    matches!(
        text.trim_start().chars().next(),
        Some('=' | '+' | '-' | '@')
    ) || text.starts_with(['\t', '\r'])
}

/// A text cell for CSV: an apostrophe before a formula-looking text, as
/// spreadsheets take it for "this is text".
pub fn csv_text(text: &str) -> Cow<'_, str> {
    if looks_like_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::Io {
        path: path.to_owned(),
        source: e,
    }
}

/// A cell of a table written as CSV ([`csv_bytes`]): the matrices' and
/// the exports' of `crate::export` (codebook, coded segments).
pub(crate) enum Cell {
    /// Text, written as text even when it looks like a formula.
    Text(String),
    /// A number (with a decimal comma after `;`).
    Number(f64),
    /// Nothing.
    Empty,
}

/// The matrix as rows of cells: the header row, then one row per matrix
/// row, then the totals.
fn cells(m: &MatrixView, texts: &TableTexts) -> Vec<Vec<Cell>> {
    let label = |h: &super::MatrixHeader| {
        if h.key.is_empty() {
            texts.none.clone()
        } else {
            h.label.clone()
        }
    };
    let with_percent = m.percents.is_some();
    let mut out = Vec::new();
    let mut head = vec![Cell::Text(texts.corner.clone())];
    for c in &m.columns {
        head.push(Cell::Text(label(c)));
        if with_percent {
            head.push(Cell::Text(format!("{} %", label(c))));
        }
    }
    head.push(Cell::Text(texts.total.clone()));
    out.push(head);
    for (r, h) in m.rows.iter().enumerate() {
        let indent = "  ".repeat(h.depth as usize);
        let mut row = vec![Cell::Text(format!("{indent}{}", label(h)))];
        for c in 0..m.columns.len() {
            row.push(Cell::Number(m.counts[r][c] as f64));
            if let Some(p) = &m.percents {
                row.push(Cell::Number((p[r][c] * 10.0).round() / 10.0));
            }
        }
        row.push(Cell::Number(m.row_totals[r] as f64));
        out.push(row);
    }
    let mut totals = vec![Cell::Text(texts.total.clone())];
    for c in 0..m.columns.len() {
        totals.push(Cell::Number(m.column_totals[c] as f64));
        if with_percent {
            totals.push(Cell::Empty);
        }
    }
    totals.push(Cell::Number(m.total as f64));
    out.push(totals);
    out
}

/// Writes a matrix to `path` as CSV or XLSX ([`write_file`]: a failure
/// leaves no half-written file).
pub fn write_table(
    m: &MatrixView,
    texts: &TableTexts,
    path: &Path,
    how: &TableExport,
) -> Result<()> {
    write_file(path, &table_bytes(m, texts, how)?)
}

/// A matrix as the bytes of a CSV or XLSX file.
pub fn table_bytes(m: &MatrixView, texts: &TableTexts, how: &TableExport) -> Result<Vec<u8>> {
    let table = cells(m, texts);
    Ok(match how.format {
        TableFormat::Csv => csv_bytes(&table, how)?,
        TableFormat::Xlsx => xlsx_bytes(&table, m).map_err(|e| Error::Internal {
            reason: format!("the XLSX file cannot be made: {e}"),
        })?,
    })
}

/// Writes a file the user asked for whole or not at all: to a temporary
/// file beside it, synced, then moved into place.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (tmp, mut file) = tempfile_in(dir).map_err(|e| io(path, e))?;
    let written = std::io::Write::write_all(&mut file, bytes).and_then(|()| file.sync_all());
    drop(file);
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(path, e));
    }
    Ok(())
}

/// A new file in `dir` with a name no other file has.
fn tempfile_in(dir: &Path) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    loop {
        let p = dir.join(format!(
            ".tematik-export-{}.tmp",
            uuid::Uuid::new_v4().simple()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)
        {
            Ok(f) => return Ok((p, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Rows of cells as CSV: `how`'s separator and byte-order mark, every
/// text through [`csv_text`].
pub(crate) fn csv_bytes(table: &[Vec<Cell>], how: &TableExport) -> Result<Vec<u8>> {
    let sep = match how.separator.as_bytes() {
        [b] => *b,
        [] => b';',
        _ => {
            return Err(Error::BadValue {
                what: "CSV separator",
                value: how.separator.clone(),
                expected: "one character, such as ; or ,".into(),
            });
        }
    };
    let mut out = Vec::new();
    if how.bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(sep)
            .from_writer(&mut out);
        for row in table {
            let fields: Vec<Cow<str>> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(t) => csv_text(t),
                    Cell::Number(n) if sep == b';' => Cow::Owned(number(*n).replace('.', ",")),
                    Cell::Number(n) => Cow::Owned(number(*n)),
                    Cell::Empty => Cow::Borrowed(""),
                })
                .collect();
            w.write_record(fields.iter().map(|f| f.as_ref()))
                .map_err(|e| Error::Internal {
                    reason: format!("CSV: {e}"),
                })?;
        }
        w.flush().map_err(|e| Error::Internal {
            reason: format!("CSV: {e}"),
        })?;
    }
    Ok(out)
}

/// A number as text: whole numbers without decimals.
fn number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn xlsx_bytes(
    table: &[Vec<Cell>],
    m: &MatrixView,
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ConditionalFormat2ColorScale, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold().set_text_wrap();
    let one_decimal = Format::new().set_num_format("0.0");
    for (r, row) in table.iter().enumerate() {
        let header_row = r == 0 || r == table.len() - 1;
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Cell::Text(t) if header_row || c == 0 => {
                    sheet.write_string_with_format(r, c, t, &bold)?;
                }
                Cell::Text(t) => {
                    sheet.write_string(r, c, t)?;
                }
                Cell::Number(n) if n.fract() != 0.0 => {
                    sheet.write_number_with_format(r, c, *n, &one_decimal)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                Cell::Empty => {}
            }
        }
    }
    let width = table.first().map_or(1, Vec::len) as u16;
    let longest = m
        .rows
        .iter()
        .map(|h| h.label.chars().count() + 2 * h.depth as usize)
        .max()
        .unwrap_or(10);
    sheet.set_column_width(0, (longest as f64).clamp(12.0, 60.0))?;
    for c in 1..width {
        sheet.set_column_width(c, 14)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    // The counts as one heatmap (percent columns, when there, left plain).
    if !m.rows.is_empty() && !m.columns.is_empty() {
        let step: u16 = if m.percents.is_some() { 2 } else { 1 };
        let last_row = m.rows.len() as u32;
        let ranges: Vec<String> = (0..m.columns.len() as u16)
            .map(|k| 1 + k * step)
            .map(|c| rust_xlsxwriter::cell_range(1, c, last_row, c))
            .collect();
        let scale = ConditionalFormat2ColorScale::new()
            .set_minimum_color("#FFFFFF")
            .set_maximum_color("#3E7CB1")
            .set_multi_range(ranges.join(" "));
        sheet.add_conditional_format(1, 1, last_row, 1, &scale)?;
    }
    book.save_to_buffer()
}
