//! Reading Office files (ZIP archives of XML) without trusting them.
//!
//! A .docx or .xlsx is a ZIP archive. A hostile one can claim small sizes
//! and inflate to gigabytes, hold millions of entries, or carry XML with a
//! DOCTYPE declaring entities. Every entry is read through a cap on its
//! inflated size (whatever its header claims), the archive's entries and
//! total inflated size are capped, and XML with a DOCTYPE is refused:
//! Office never writes one, and its entities are never resolved here.

use super::{Location, OfficeFormat, Problem, ProblemKind};
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
    /// Opens `bytes` as a ZIP archive; `format` is the expected format,
    /// named in problems.
    pub fn open(bytes: &'a [u8], format: OfficeFormat) -> Result<Self, Problem> {
        if bytes.is_empty() {
            return Err(ProblemKind::EmptyFile.into());
        }
        if !bytes.starts_with(b"PK") {
            return Err(ProblemKind::NotZip { format }.into());
        }
        // Checked before the central directory is read into memory.
        if let Some(count) = declared_entries(bytes)
            && count > MAX_ENTRIES
        {
            return Err(too_many(count));
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Problem::new(ProblemKind::DamagedArchive {
                format,
                reason: e.to_string(),
            })
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
            return Err(bomb(name, entry.size(), budget));
        }
        let mut out = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0).min(1 << 20));
        // Read one byte past the budget to tell "exactly at" from "over".
        (&mut entry)
            .take(budget + 1)
            .read_to_end(&mut out)
            .map_err(|e| {
                // The zip crate stops an entry that inflates past its declared size.
                let kind = if e.to_string().contains("larger than its declared") {
                    ProblemKind::LargerThanDeclared
                } else {
                    ProblemKind::UnreadableEntry {
                        reason: e.to_string(),
                    }
                };
                Problem::at(Location::part(name), kind)
            })?;
        if out.len() as u64 > budget {
            return Err(bomb(name, out.len() as u64, budget));
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
    Problem::new(ProblemKind::TooManyEntries {
        count,
        max: MAX_ENTRIES,
    })
}

/// An entry over the cap; `limit` is the cap it met (one entry's, or what
/// was left of the archive's).
fn bomb(name: &str, size: u64, limit: u64) -> Problem {
    Problem::at(
        Location::part(name),
        ProblemKind::ZipBomb {
            limit_mib: limit / (1024 * 1024),
            size_mib: size / (1024 * 1024),
        },
    )
}

fn entry_error(name: &str, e: ZipError) -> Problem {
    let kind = match e {
        ZipError::UnsupportedArchive(what)
            if what.contains("assword") || what.contains("ncrypt") =>
        {
            ProblemKind::PasswordProtected
        }
        other => ProblemKind::UnreadableEntry {
            reason: other.to_string(),
        },
    };
    Problem::at(Location::part(name), kind)
}

/// Refuses XML that declares a document type: entity declarations (and
/// external entities) have no place in Office files.
pub(crate) fn refuse_doctype(name: &str, xml: &[u8]) -> Result<(), Problem> {
    let needle = b"<!doctype";
    let found = xml
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle));
    if found {
        return Err(Problem::at(Location::part(name), ProblemKind::XmlDoctype));
    }
    Ok(())
}
