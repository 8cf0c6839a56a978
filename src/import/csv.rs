//! Survey exports as CSV.
//!
//! The encoding is detected (Excel writes UTF-8 with a BOM, or
//! Windows-1252), the delimiter sniffed (`;` in Swedish Excel, `,`, tab),
//! an Excel `sep=;` first line honoured, and quoted fields may hold
//! delimiters, quotes and line breaks. The first non-blank record is the
//! header; every other record must have exactly as many fields.

use super::encoding;
use super::survey::{Layout, Row, Table};
use super::{Location, Problem, ProblemKind};

/// In order of preference when two split the records equally well: tabs and
/// semicolons are rarer than commas in free text.
const DELIMITERS: [u8; 3] = [b'\t', b';', b','];

/// Reads a CSV file's bytes as a table.
pub(crate) fn read(bytes: &[u8]) -> Result<Table, Problem> {
    let decoded = encoding::decode(bytes)?;
    let mut text = decoded.text.as_str();
    let mut first_line = 1u64;
    let declared = text
        .strip_prefix("sep=")
        .and_then(|rest| rest.bytes().next())
        .filter(|&d| d != b'\n' && d != b'"');
    if declared.is_some() {
        text = text.split_once('\n').map(|(_, rest)| rest).unwrap_or("");
        first_line = 2;
    }
    let delimiter = declared.unwrap_or_else(|| sniff(text));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let line_of = |r: &csv::StringRecord| r.position().map_or(0, |p| p.line()) + first_line - 1;
    let mut headers: Option<(u64, Vec<String>)> = None;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line()) + first_line - 1;
            Problem::at(
                Location::line(line),
                ProblemKind::UnreadableCsv {
                    reason: e.to_string(),
                },
            )
        })?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = line_of(&record);
        let Some((_, names)) = &headers else {
            headers = Some((line, record.iter().map(|h| h.trim().to_owned()).collect()));
            continue;
        };
        if record.len() != names.len() {
            let (fields, expected) = (record.len(), names.len());
            let kind = if record.iter().any(|f| f.contains('\n')) {
                ProblemKind::UnclosedQuote { fields, expected }
            } else {
                ProblemKind::WrongFieldCount { fields, expected }
            };
            return Err(Problem::at(Location::line(line), kind));
        }
        let cells = record
            .iter()
            .map(|f| (!f.is_empty()).then(|| f.to_owned()))
            .collect();
        rows.push(Row {
            number: line,
            cells,
        });
    }
    let Some((header_line, headers)) = headers else {
        return Err(ProblemKind::NoHeaderRow.into());
    };
    let table = Table {
        headers,
        rows,
        header_row: header_line,
        layout: Layout::Csv {
            delimiter: char::from(delimiter),
            encoding: decoded.encoding,
        },
    };
    table.check_headers()?;
    Ok(table)
}

/// Picks the delimiter that splits the first records into the same number
/// of fields (more than one); failing that, the one giving the header the
/// most fields.
fn sniff(text: &str) -> u8 {
    let mut best = (false, 0usize, b',');
    for d in DELIMITERS {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let counts: Vec<usize> = reader
            .records()
            .take(20)
            .map_while(Result::ok)
            .map(|r| r.len())
            .collect();
        let Some(&header) = counts.first() else {
            continue;
        };
        if header < 2 {
            continue;
        }
        let consistent = counts.iter().all(|&c| c == header);
        if (consistent, header) > (best.0, best.1) {
            best = (consistent, header, d);
        }
    }
    best.2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters_and_reads_quoted_fields() {
        let t =
            read("id;Fråga\r\n1;\"Bra; men \"\"dyrt\"\"\nsåklart\"\r\n2;\r\n".as_bytes()).unwrap();
        assert_eq!(t.headers, ["id", "Fråga"]);
        assert_eq!(
            t.rows[0].cells[1].as_deref(),
            Some("Bra; men \"dyrt\"\nsåklart")
        );
        assert_eq!((t.rows[1].number, t.rows[1].cells[1].clone()), (4, None));

        let commas = read(b"id,Vad tycker du om a; b och c?\n1,Bra\n2,Inget").unwrap();
        assert_eq!(commas.headers.len(), 2);
        let tabs = read(b"id\tsvar, fritt\n1\tja, nej\n").unwrap();
        assert_eq!(tabs.rows[0].cells[1].as_deref(), Some("ja, nej"));
        let declared = read(b"sep=,\nid,svar;x\n1,a;b\n").unwrap();
        assert_eq!((declared.headers.len(), declared.rows[0].number), (2, 3));
    }

    #[test]
    fn ragged_rows_and_duplicate_headers_name_the_line() {
        let ragged = read(b"id;a;b\n1;x;y\n2;x\n").unwrap_err();
        assert_eq!(
            ragged,
            Problem::at(
                Location::line(3),
                ProblemKind::WrongFieldCount {
                    fields: 2,
                    expected: 3
                }
            )
        );
        let swallowed = read(b"id;a;b\n1;\"x;y\n2;x;y\n").unwrap_err();
        assert_eq!(swallowed.kind.key(), "unclosed_quote");
        let dup = read(b"id;Svar;Svar\n1;a;b\n").unwrap_err();
        assert_eq!(
            dup,
            Problem::at(
                Location::line(1),
                ProblemKind::DuplicateColumn {
                    name: "Svar".into(),
                    first: "2".into(),
                    second: "3".into()
                }
            )
        );
    }
}
