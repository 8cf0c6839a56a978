//! Reading Office files (ZIP archives of XML) without trusting them.
//!
//! A .docx or .xlsx is a ZIP archive. A hostile one can claim small sizes
//! and inflate to gigabytes, hold millions of entries, or carry XML with a
//! DOCTYPE declaring entities. Every entry is read through a cap on its
//! inflated size (whatever its header claims), the archive's entries and
//! total inflated size are capped, and XML with a DOCTYPE is refused:
//! Office never writes one, and its entities are never resolved here.

use super::Problem;
use std::io::{Cursor, Read};
use zip::ZipArchive;
use zip::result::ZipError;

/// Most entries an archive may have (Word writes about 15, Excel a few per sheet).
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes one entry may inflate to.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes all entries together may inflate to.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// The first bytes of an OLE compound file: Word 97–2003 .doc, Excel .xls,
/// and password-protected (encrypted) Office files.
pub(crate) const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// An opened archive whose entry count and claimed sizes are within the caps.
pub(crate) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    inflated: u64,
}

impl<'a> Archive<'a> {
    /// Opens `bytes` as a ZIP archive; `what` names the expected format in
    /// messages ("a Word document (.docx)").
    pub fn open(bytes: &'a [u8], what: &str) -> Result<Self, Problem> {
        if bytes.is_empty() {
            return Err(Problem::new("the file is empty (0 bytes)"));
        }
        if !bytes.starts_with(b"PK") {
            return Err(Problem::new(format!(
                "this is not {what}: it is not a ZIP archive"
            )));
        }
        // Checked before the central directory is read into memory.
        if let Some(count) = declared_entries(bytes)
            && count > MAX_ENTRIES
        {
            return Err(too_many(count));
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Problem::new(format!(
                "this is not {what}: the ZIP archive is damaged ({e})"
            ))
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(too_many(zip.len()));
        }
        Ok(Archive { zip, inflated: 0 })
    }

    /// Names of all entries.
    pub fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect()
    }

    /// The inflated bytes of entry `name`, or `None` if there is no such entry.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, Problem> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let budget = MAX_ENTRY_BYTES.min(MAX_TOTAL_BYTES.saturating_sub(self.inflated));
        let mut entry = self.zip.by_index(index).map_err(|e| entry_error(name, e))?;
        if entry.size() > budget {
            return Err(bomb(name, entry.size()));
        }
        let mut out = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0).min(1 << 20));
        // Read one byte past the budget to tell "exactly at" from "over".
        (&mut entry)
            .take(budget + 1)
            .read_to_end(&mut out)
            .map_err(|e| {
                // The zip crate stops an entry that inflates past its declared size.
                let message = if e.to_string().contains("larger than its declared") {
                    "the archive entry inflates to more than its header says; it is refused as a possible ZIP bomb"
                        .to_owned()
                } else {
                    format!("the archive entry cannot be read ({e})")
                };
                Problem::at(name, message)
            })?;
        if out.len() as u64 > budget {
            return Err(bomb(name, out.len() as u64));
        }
        self.inflated += out.len() as u64;
        Ok(Some(out))
    }

    /// Reads every entry once through the caps and refuses XML with a
    /// DOCTYPE, so that a reader handed the archive afterwards (calamine)
    /// meets nothing hostile.
    pub fn check_all(&mut self) -> Result<(), Problem> {
        for name in self.names() {
            if name.ends_with('/') {
                continue;
            }
            if let Some(data) = self.read(&name)?
                && (name.ends_with(".xml") || name.ends_with(".rels") || name.ends_with(".vml"))
            {
                refuse_doctype(&name, &data)?;
            }
        }
        Ok(())
    }
}

/// The entry count in the end-of-central-directory record, if one is found.
/// ZIP64 archives say 0xFFFF here, which is over the cap: Office files never
/// need ZIP64's entry counts.
fn declared_entries(bytes: &[u8]) -> Option<usize> {
    // The record is 22 bytes plus a comment of at most 65,535 bytes.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let tail = &bytes[from..];
    let at = tail.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let record = tail.get(at..at + 22)?;
    Some(usize::from(u16::from_le_bytes([record[10], record[11]])))
}

fn too_many(count: usize) -> Problem {
    Problem::new(format!(
        "the archive has {count} entries (at most {MAX_ENTRIES} are read); it is refused as a possible ZIP bomb"
    ))
}

fn bomb(name: &str, size: u64) -> Problem {
    Problem::at(
        name,
        format!(
            "the archive entry inflates to more than {} MiB ({} MiB or more); it is refused as a possible ZIP bomb",
            MAX_ENTRY_BYTES / (1024 * 1024),
            size / (1024 * 1024)
        ),
    )
}

fn entry_error(name: &str, e: ZipError) -> Problem {
    let message = match e {
        ZipError::UnsupportedArchive(what)
            if what.contains("assword") || what.contains("ncrypt") =>
        {
            "the file is password-protected; remove the password and save it again".to_owned()
        }
        other => format!("the archive entry cannot be read ({other})"),
    };
    Problem::at(name, message)
}

/// Refuses XML that declares a document type: entity declarations (and
/// external entities) have no place in Office files.
pub(crate) fn refuse_doctype(name: &str, xml: &[u8]) -> Result<(), Problem> {
    let needle = b"<!doctype";
    let found = xml
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle));
    if found {
        return Err(Problem::at(
            name,
            "the XML has a DOCTYPE declaration; files with DTDs or entity declarations are refused (entities are never resolved)",
        ));
    }
    Ok(())
}
