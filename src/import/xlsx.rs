//! Survey exports as Excel workbooks (.xlsx), read with calamine.
//!
//! The archive is checked first (entry count, inflated sizes, no DOCTYPE:
//! see [`super::archive`]). Cells are then streamed one by one rather than
//! loaded as a dense range, because a dense range is as large as the
//! distance between the first and last used cell: one value in A1 and one
//! in XFD1048576 would ask for terabytes. The first row with a value is the
//! header; cells are located as Excel names them (`F14`).

use super::archive::{Archive, OLE_MAGIC};
use super::survey::{Layout, Row, Table, column_letters};
use super::{Location, OfficeFormat, Problem, ProblemKind};
use calamine::{DataRef, Reader, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::panic::AssertUnwindSafe;

/// Most non-empty cells read from a sheet.
pub const MAX_CELLS: usize = 2_000_000;

/// Reads the named sheet (or the first) of a workbook's bytes as a table.
pub(crate) fn read(bytes: &[u8], sheet: Option<&str>) -> Result<Table, Problem> {
    if bytes.starts_with(OLE_MAGIC) {
        return Err(ProblemKind::OldExcelFormat.into());
    }
    Archive::open(bytes, OfficeFormat::Xlsx)?.check_all()?;
    // calamine is third-party code reading untrusted input: should it panic
    // on something malformed, the file is refused rather than the program
    // brought down.
    std::panic::catch_unwind(AssertUnwindSafe(|| read_sheet(bytes, sheet)))
        .unwrap_or_else(|_| Err(ProblemKind::MalformedWorkbook.into()))
}

fn read_sheet(bytes: &[u8], wanted: Option<&str>) -> Result<Table, Problem> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        Problem::new(ProblemKind::UnreadableWorkbook {
            reason: e.to_string(),
        })
    })?;
    let names = workbook.sheet_names();
    let sheet = match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .or_else(|| names.iter().find(|n| n.to_lowercase() == w.to_lowercase()))
            .cloned()
            .ok_or_else(|| {
                Problem::new(ProblemKind::NoSuchSheet {
                    name: w.to_owned(),
                    sheets: names.clone(),
                })
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Problem::new(ProblemKind::NoSheets))?,
    };
    let at = |cell: String| Location::Cell {
        sheet: sheet.clone(),
        cell,
        column_name: None,
    };
    let in_sheet = || Location::Sheet {
        sheet: sheet.clone(),
    };
    let unreadable = |e: calamine::XlsxError| {
        Problem::at(
            in_sheet(),
            ProblemKind::UnreadableSheet {
                reason: e.to_string(),
            },
        )
    };
    let mut cells: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let mut count = 0usize;
    {
        let mut reader = workbook
            .worksheet_cells_reader(&sheet)
            .map_err(unreadable)?;
        loop {
            let cell = reader.next_cell().map_err(unreadable)?;
            let Some(cell) = cell else { break };
            let (row, col) = cell.get_position();
            let value = text(cell.get_value()).map_err(|m| {
                Problem::at(
                    at(format!("{}{}", column_letters(col), u64::from(row) + 1)),
                    m,
                )
            })?;
            if let Some(v) = value {
                count += 1;
                if count > MAX_CELLS {
                    return Err(Problem::at(
                        in_sheet(),
                        ProblemKind::TooManyCells { max: MAX_CELLS },
                    ));
                }
                cells.entry(row).or_default().push((col, v));
            }
        }
    }
    let mut rows_iter = cells.into_iter();
    let Some((header_row, header_cells)) = rows_iter.next() else {
        return Err(Problem::at(in_sheet(), ProblemKind::EmptySheet));
    };
    let first = header_cells.iter().map(|(c, _)| *c).min().unwrap_or(0);
    let last = header_cells.iter().map(|(c, _)| *c).max().unwrap_or(0);
    let width = (last - first) as usize + 1;
    let mut headers = vec![String::new(); width];
    for (col, v) in header_cells {
        headers[(col - first) as usize] = v.trim().to_owned();
    }
    let mut rows = Vec::new();
    for (row, values) in rows_iter {
        let number = u64::from(row) + 1;
        let mut cells = vec![None; width];
        for (col, v) in values {
            if col < first || col > last {
                return Err(Problem::at(
                    at(format!("{}{number}", column_letters(col))),
                    ProblemKind::CellWithoutHeader,
                ));
            }
            cells[(col - first) as usize] = Some(v);
        }
        rows.push(Row { number, cells });
    }
    let table = Table {
        headers,
        rows,
        header_row: u64::from(header_row) + 1,
        layout: Layout::Xlsx {
            sheet,
            first_column: first,
        },
    };
    table.check_headers()?;
    Ok(table)
}

/// A cell's value as text; `None` for an empty cell.
fn text(value: &DataRef) -> Result<Option<String>, ProblemKind> {
    Ok(match value {
        DataRef::Empty => None,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            (!s.is_empty()).then(|| s.clone())
        }
        DataRef::SharedString(s) => (!s.is_empty()).then(|| (*s).to_owned()),
        DataRef::Int(i) => Some(i.to_string()),
        DataRef::Float(f) => Some(number(*f)),
        DataRef::Bool(b) => Some(if *b { "TRUE" } else { "FALSE" }.to_owned()),
        DataRef::DateTime(d) => Some(excel_date(d.as_f64()).unwrap_or_else(|| number(d.as_f64()))),
        DataRef::Error(e) => {
            return Err(ProblemKind::CellError {
                value: e.to_string(),
            });
        }
    })
}

/// Whole numbers without a fraction (Excel stores respondent ids as floats).
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// An Excel serial date (days since 1899-12-30) as `YYYY-MM-DD[ hh:mm:ss]`.
fn excel_date(serial: f64) -> Option<String> {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let seconds = (serial * 86_400.0).round() as i64;
    let t = epoch.checked_add_signed(chrono::TimeDelta::try_seconds(seconds)?)?;
    Some(if seconds % 86_400 == 0 {
        t.format("%Y-%m-%d").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M:%S").to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_values_as_text() {
        assert_eq!(number(118_340_620.0), "118340620");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(excel_date(45_000.0).as_deref(), Some("2023-03-15"));
        assert_eq!(excel_date(45_000.5).as_deref(), Some("2023-03-15 12:00:00"));
        assert_eq!(excel_date(f64::NAN), None);
        assert_eq!(text(&DataRef::SharedString("")), Ok(None));
    }
}
