//! Word documents (.docx): one paragraph per turn.
//!
//! The speaker label is a bold run ending in `:` at the start of the
//! paragraph (`**Sjuksköterska:** Vi har …`), optionally after a time stamp;
//! a paragraph without a bold label may still start with a plain
//! `Speaker: ` label. Other paragraphs continue the turn before them.
//! Deleted tracked changes, field codes and text boxes are not text.

use super::archive::{Archive, OLE_MAGIC, refuse_doctype};
use super::transcript::{Block, Merge, Transcript, split_label, strip_timestamp};
use super::{Location, OfficeFormat, Problem, ProblemKind};
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

const PART: &str = "word/document.xml";

/// Parses a .docx file's bytes into blocks.
pub(crate) fn parse(bytes: &[u8]) -> Result<Vec<Block>, Problem> {
    if bytes.starts_with(OLE_MAGIC) {
        return Err(ProblemKind::OldWordFormat.into());
    }
    let mut archive = Archive::open(bytes, OfficeFormat::Docx)?;
    let xml = archive.read(PART)?.ok_or_else(|| {
        Problem::new(ProblemKind::NotWordDocument {
            missing: PART.to_owned(),
        })
    })?;
    refuse_doctype(PART, &xml)?;
    let xml =
        std::str::from_utf8(xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&xml)).map_err(|e| {
            Problem::at(
                Location::part(PART),
                ProblemKind::XmlNotUtf8 {
                    byte: e.valid_up_to(),
                },
            )
        })?;
    let mut t = Transcript::new(Merge::Never);
    for p in paragraphs(xml)? {
        paragraph(&p, &mut t);
    }
    let blocks = t.finish();
    if blocks.is_empty() {
        return Err(ProblemKind::NoText.into());
    }
    Ok(blocks)
}

/// A paragraph's characters, each with whether it is bold.
type Paragraph = Vec<(char, bool)>;

/// Reads the body's paragraphs.
fn paragraphs(xml: &str) -> Result<Vec<Paragraph>, Problem> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut out = Vec::new();
    let mut current: Option<Paragraph> = None;
    // Depth inside elements whose content is not text.
    let mut skip = 0usize;
    // Inside w:pPr, whose w:rPr formats the paragraph mark, not a run.
    let mut in_ppr = 0usize;
    let mut in_rpr = false;
    let mut in_text = false;
    let mut bold = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            Problem::at(
                Location::part(PART),
                ProblemKind::MalformedXml {
                    byte: reader.error_position(),
                    reason: e.to_string(),
                },
            )
        })?;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip > 0 || is_skipped(name) {
                    skip += 1;
                    continue;
                }
                match name {
                    "p" => {
                        current.get_or_insert_with(Vec::new);
                    }
                    "pPr" => in_ppr += 1,
                    "r" => bold = false,
                    "rPr" => in_rpr = true,
                    "t" => in_text = true,
                    "b" if in_rpr && in_ppr == 0 => bold = is_on(&e),
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                let name = e.local_name();
                match name.as_ref() {
                    "b" if in_rpr && in_ppr == 0 => bold = is_on(&e),
                    "tab" if in_ppr == 0 => push(&mut current, "\t", bold),
                    "br" | "cr" => push(&mut current, " ", bold),
                    "noBreakHyphen" => push(&mut current, "-", bold),
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    "p" => out.extend(current.take()),
                    "pPr" => in_ppr = in_ppr.saturating_sub(1),
                    "rPr" => in_rpr = false,
                    "t" => in_text = false,
                    _ => {}
                }
            }
            Event::Text(e) if in_text && skip == 0 => push(&mut current, &e.xml10_content(), bold),
            Event::CData(e) if in_text && skip == 0 => push(&mut current, &e.xml10_content(), bold),
            Event::GeneralRef(r) if in_text && skip == 0 => {
                let c = reference(&r).map_err(|k| Problem::at(Location::part(PART), k))?;
                push(&mut current, c.encode_utf8(&mut [0; 4]), bold);
            }
            Event::GeneralRef(r) => {
                reference(&r).map_err(|k| Problem::at(Location::part(PART), k))?;
            }
            Event::DocType(_) => {
                return Err(Problem::at(Location::part(PART), ProblemKind::XmlDoctype));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Elements whose content is not running text of the document.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "del"
            | "delText"
            | "instrText"
            | "Fallback"
            | "txbxContent"
            | "moveFrom"
            | "rPrChange"
            | "pPrChange"
    )
}

/// `<w:b/>` and `<w:b w:val="true"/>` are bold; `w:val="0|false|off"` is not.
fn is_on(e: &BytesStart) -> bool {
    for attr in e.attributes().flatten() {
        if attr.key.local_name().as_ref() == "val" {
            return !matches!(attr.value.as_ref(), "0" | "false" | "off" | "none");
        }
    }
    true
}

/// Resolves a character reference or one of XML's five predefined entities.
/// Any other entity is undeclared (a DOCTYPE is never accepted to declare it).
fn reference(r: &BytesRef) -> Result<char, ProblemKind> {
    if let Some(c) = r
        .resolve_char_ref()
        .map_err(|e| ProblemKind::BadCharacterReference {
            reference: r.as_ref().to_owned(),
            reason: e.to_string(),
        })?
    {
        return Ok(c);
    }
    match r.as_ref() {
        "amp" => Ok('&'),
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "quot" => Ok('"'),
        "apos" => Ok('\''),
        other => Err(ProblemKind::UndeclaredEntity {
            entity: other.to_owned(),
        }),
    }
}

fn push(current: &mut Option<Paragraph>, s: &str, bold: bool) {
    if let Some(p) = current {
        p.extend(s.chars().map(|c| (c, bold)));
    }
}

/// Turns one paragraph into a turn, a continuation, or nothing.
fn paragraph(p: &Paragraph, t: &mut Transcript) {
    let text: String = p.iter().map(|(c, _)| c).collect();
    if text.trim().is_empty() {
        return;
    }
    // Position (in chars) after leading white space and a time stamp.
    let lead = text.chars().take_while(|c| c.is_whitespace()).count();
    let after_lead: String = text.chars().skip(lead).collect();
    let (ms, rest) = strip_timestamp(&after_lead);
    let from = p.len() - rest.chars().count();
    let bold_len = p[from..].iter().take_while(|(_, b)| *b).count();
    if bold_len > 0 {
        let bold_text: String = p[from..from + bold_len].iter().map(|(c, _)| c).collect();
        let after: String = p[from + bold_len..].iter().map(|(c, _)| c).collect();
        let label = match bold_text.trim_end().strip_suffix(':') {
            Some(label) => Some((label.trim().to_owned(), after)),
            // A bold name followed by a plain colon.
            None => after
                .strip_prefix(':')
                .map(|a| (bold_text.trim().to_owned(), a.to_owned())),
        };
        if let Some((label, said)) = label
            && !label.is_empty()
            && label.chars().count() <= 80
        {
            t.said(&label, &said, ms);
            return;
        }
    }
    match split_label(rest) {
        Some((speaker, said)) => t.said(speaker, said, ms),
        None => t.unlabelled(rest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        )
    }

    fn run(text: &str, bold: bool) -> String {
        let rpr = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
        format!(r#"<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>"#)
    }

    fn parse_xml(body: &str) -> Vec<Block> {
        let mut t = Transcript::new(Merge::Never);
        for p in paragraphs(&doc(body)).unwrap() {
            paragraph(&p, &mut t);
        }
        t.finish()
    }

    #[test]
    fn bold_labels_split_runs_and_plain_labels() {
        let body = [
            format!(
                "<w:p>{}{}</w:p>",
                run("Intervjuare:", true),
                run(" Välkomna &amp; tack.", false)
            ),
            format!(
                "<w:p>{}{}{}</w:p>",
                run("Anna", true),
                run(":", true),
                run(" Hej<w:br/>igen", false)
            ),
            format!("<w:p>{}</w:p>", run("Bo: utan fetstil", false)),
            format!("<w:p>{}</w:p>", run("fortsättning", false)),
            format!(
                "<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr>{}</w:p>",
                run("Inte fet: text", false)
            ),
            "<w:p/>".to_owned(),
            format!(
                "<w:p><w:del>{}</w:del>{}{}</w:p>",
                run("Borttaget", false),
                run("Cecilia", true),
                run(": ja", false)
            ),
        ]
        .concat();
        let blocks = parse_xml(&body);
        let turns: Vec<(String, String)> = blocks
            .into_iter()
            .map(|b| match b {
                Block::Turn { speaker, text, .. } => (speaker, text),
                Block::Plain(p) => ("-".into(), p),
            })
            .collect();
        let want = [
            ("Intervjuare", "Välkomna & tack."),
            ("Anna", "Hej igen"),
            // Bold on the paragraph mark (w:pPr) does not make a label.
            ("Bo", "utan fetstil fortsättning Inte fet: text"),
            ("Cecilia", "ja"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(s, t)| (s.to_string(), t.to_string()))
            .collect();
        assert_eq!(turns, want);
    }

    #[test]
    fn entities_and_doctypes_are_refused() {
        let body = format!("<w:p>{}</w:p>", run("&xxe;", false));
        assert_eq!(
            paragraphs(&doc(&body)).unwrap_err(),
            Problem::at(
                Location::part(PART),
                ProblemKind::UndeclaredEntity {
                    entity: "xxe".into()
                }
            )
        );
        let with_doctype = r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><d>&xxe;</d>"#;
        assert_eq!(
            paragraphs(with_doctype).unwrap_err().kind,
            ProblemKind::XmlDoctype
        );
        assert!(paragraphs("<w:p><w:r></w:p>").is_err());
    }
}
