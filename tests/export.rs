//! Exports read back: the report's Word document opened (ZIP + XML) and its
//! paragraphs' styles checked (headings with outline levels, Quote,
//! Attribution, the Warning, a note as a comment or not), an
//! organisation's template's styles used by name, a file that is not Word
//! refused; Markdown and HTML escaping; the codebook as DOCX, Markdown and
//! CSV; the coded segments as CSV and XLSX (calamine), where a
//! formula-looking answer stays a string.

use crate::app::TestApp;
use crate::util::{TempDir, clock, transcript};
use calamine::{Data, Reader as _};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read};
use tematik::analysis::{Facts, TableExport, TableFormat};
use tematik::app::exports::{ExportFormat, ExportOptions};
use tematik::attribution::Population;
use tematik::export::{
    self, CodebookTexts, DocxOptions, NoteMode, Report, ReportQuote, ReportTexts, Section,
    SegmentOptions, SegmentTexts,
};
use tematik::model::Language;
use tematik::storage::{AttributeValue, CodeSpan, CodeUpdate, NewSource};
use tematik::{CoderId, DocumentId, Error, ErrorCode, Project, Template};

// ------------------------------------------------------------ reading DOCX

/// A part of a ZIP archive as text (`None` when it has no such part).
fn part(zip: &[u8], name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).expect("the file is a ZIP archive");
    let mut file = archive.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).expect("the part is UTF-8");
    Some(text)
}

fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value.as_ref().to_owned())
}

/// A paragraph of a document: its style id and its text.
#[derive(Debug, Clone, PartialEq)]
struct Para {
    style: Option<String>,
    text: String,
    /// A comment range starts in it.
    commented: bool,
}

/// The paragraphs of `word/document.xml` (table cells' too), in order.
fn paragraphs(xml: &str) -> Vec<Para> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<Para> = None;
    let mut in_text = false;
    loop {
        match reader.read_event().expect("document.xml is XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "w:p" => {
                current = Some(Para {
                    style: None,
                    text: String::new(),
                    commented: false,
                });
            }
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:pStyle" => {
                    if let Some(p) = current.as_mut() {
                        p.style = attr(&e, "val");
                    }
                }
                "w:commentRangeStart" => {
                    if let Some(p) = current.as_mut() {
                        p.commented = true;
                    }
                }
                "w:t" => in_text = true,
                "w:br" => {
                    if let Some(p) = current.as_mut() {
                        p.text.push('\n');
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(p) = current.as_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = current.as_mut() {
                    let name: &str = r.as_ref();
                    p.text.push_str(match name {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unexpected entity {other}"),
                    });
                }
            }
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::End(e) if e.name().as_ref() == "w:p" => out.extend(current.take()),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// A style of `word/styles.xml`.
#[derive(Debug, Default, Clone)]
struct StyleInfo {
    id: String,
    name: String,
    based_on: Option<String>,
    outline: Option<String>,
    /// The raw XML of the style element, to look for fonts and the like.
    xml: String,
}

fn styles(xml: &str) -> Vec<StyleInfo> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<(StyleInfo, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event().expect("styles.xml is XML") {
            Event::Start(e) if e.name().as_ref() == "w:style" => {
                let s = StyleInfo {
                    id: attr(&e, "styleId").unwrap_or_default(),
                    ..Default::default()
                };
                current = Some((s, before));
            }
            Event::Start(e) | Event::Empty(e) => {
                if let Some((s, _)) = current.as_mut() {
                    match e.name().as_ref() {
                        "w:name" => s.name = attr(&e, "val").unwrap_or_default(),
                        "w:basedOn" => s.based_on = attr(&e, "val"),
                        "w:outlineLvl" => s.outline = attr(&e, "val"),
                        _ => {}
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == "w:style" => {
                if let Some((mut s, start)) = current.take() {
                    s.xml = xml[start..reader.buffer_position() as usize].to_owned();
                    out.push(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn style<'a>(all: &'a [StyleInfo], id: &str) -> &'a StyleInfo {
    all.iter().find(|s| s.id == id).unwrap_or_else(|| {
        panic!(
            "no style {id} in {:?}",
            all.iter().map(|s| &s.id).collect::<Vec<_>>()
        )
    })
}

fn with_text<'a>(paras: &'a [Para], text: &str) -> &'a Para {
    paras
        .iter()
        .find(|p| p.text == text)
        .unwrap_or_else(|| panic!("no paragraph {text:?} in {paras:#?}"))
}

// ------------------------------------------------------------ the report

const SCRIPT: &str = "<script>alert('x')</script> & *inte fetstil*";

fn report() -> Report {
    Report {
        title: "Samverkan i nära vård".into(),
        subtitle: Some("Kapitel 7".into()),
        sections: vec![
            Section {
                level: 1,
                title: "Samverkan".into(),
                definition: "Att verksamheter gör något tillsammans.".into(),
                scope_includes: "möten, SIP".into(),
                scope_excludes: "samarbete inom ett team".into(),
                quotes: vec![ReportQuote {
                    text: "Vi har ett kort möte samma dag […] och ingen behöver börja om.".into(),
                    attribution: "– sjuksköterska, team 1, 2023".into(),
                    note: "Bra inledning till kapitlet".into(),
                    warning: Some("bara 1 deltagare är sjuksköterska i team 1 2023".into()),
                    source: "fokusgrupp-team1 · Sjuksköterska · 00:12:31".into(),
                }],
            },
            Section {
                level: 2,
                title: "Samverkan vid flera aktörer".into(),
                definition: String::new(),
                scope_includes: String::new(),
                scope_excludes: String::new(),
                quotes: vec![ReportQuote {
                    text: SCRIPT.into(),
                    attribution: "– arbetsterapeut, team 3".into(),
                    ..Default::default()
                }],
            },
            Section {
                level: 3,
                title: "Önskelista".into(),
                ..Default::default()
            },
        ],
    }
}

fn options(notes: NoteMode) -> DocxOptions {
    DocxOptions {
        template: None,
        notes,
        texts: ReportTexts::sv(),
        include_sources: true,
    }
}

#[test]
fn a_report_is_a_word_document_in_real_styles_headings_quotes_attributions_and_warnings() {
    let bytes = export::docx(&report(), &options(NoteMode::Comment)).unwrap();
    let doc = part(&bytes, "word/document.xml").expect("a document part");
    let paras = paragraphs(&doc);
    let st = styles(&part(&bytes, "word/styles.xml").expect("a styles part"));

    assert_eq!(
        with_text(&paras, "Samverkan i nära vård").style.as_deref(),
        Some("Title")
    );
    assert_eq!(
        with_text(&paras, "Kapitel 7").style.as_deref(),
        Some("Subtitle")
    );
    // Headings per level, in Word's built-in heading styles, outline levels set.
    for (text, id, name, outline) in [
        ("Samverkan", "Heading1", "heading 1", "0"),
        ("Samverkan vid flera aktörer", "Heading2", "heading 2", "1"),
        ("Önskelista", "Heading3", "heading 3", "2"),
    ] {
        assert_eq!(with_text(&paras, text).style.as_deref(), Some(id), "{text}");
        let s = style(&st, id);
        assert_eq!(
            (s.name.as_str(), s.outline.as_deref()),
            (name, Some(outline))
        );
    }
    // The definition and scope notes in the body style.
    let definition = with_text(&paras, "Att verksamheter gör något tillsammans.");
    assert_eq!(definition.style.as_deref(), Some("BodyText"));
    assert_eq!(style(&st, "BodyText").name, "Body Text");
    assert_eq!(
        with_text(&paras, "Omfattar inte: samarbete inom ett team")
            .style
            .as_deref(),
        Some("BodyText")
    );
    // Each quote in Word's "Quote", its attribution in a style of its own based on it.
    let quote = with_text(
        &paras,
        "Vi har ett kort möte samma dag […] och ingen behöver börja om.",
    );
    assert_eq!(quote.style.as_deref(), Some("Quote"));
    assert_eq!(style(&st, "Quote").name, "Quote");
    assert_eq!(
        with_text(&paras, SCRIPT).style.as_deref(),
        Some("Quote"),
        "escaped by the XML writer, read back whole"
    );
    for a in ["– sjuksköterska, team 1, 2023", "– arbetsterapeut, team 3"] {
        assert_eq!(with_text(&paras, a).style.as_deref(), Some("Attribution"));
    }
    let attribution = style(&st, "Attribution");
    assert_eq!(attribution.name, "Attribution");
    assert_eq!(attribution.based_on.as_deref(), Some("Quote"));
    assert!(
        attribution.xml.contains("w:jc w:val=\"right\""),
        "{}",
        attribution.xml
    );
    // The warning is visibly marked, the source in its style.
    let warning = with_text(
        &paras,
        "⚠ Varning – risk för igenkänning: bara 1 deltagare är sjuksköterska i team 1 2023",
    );
    assert_eq!(warning.style.as_deref(), Some("Warning"));
    let w = style(&st, "Warning");
    assert!(
        w.xml.contains("C00000") && w.xml.contains("w:highlight"),
        "{}",
        w.xml
    );
    assert_eq!(
        with_text(&paras, "Källa: fokusgrupp-team1 · Sjuksköterska · 00:12:31")
            .style
            .as_deref(),
        Some("Source")
    );
    // The note is a comment on its quote, and only there.
    assert!(quote.commented, "the quote carries the comment");
    assert_eq!(paras.iter().filter(|p| p.commented).count(), 1);
    let comments = part(&bytes, "word/comments.xml").expect("a comments part");
    assert!(
        comments.contains("Bra inledning till kapitlet"),
        "{comments}"
    );
    assert!(
        !doc.contains("Bra inledning"),
        "the note is not in the text"
    );
}

#[test]
fn notes_are_left_out_when_asked_and_sources_when_not_wanted() {
    let mut o = options(NoteMode::Omit);
    o.include_sources = false;
    let bytes = export::docx(&report(), &o).unwrap();
    let doc = part(&bytes, "word/document.xml").unwrap();
    let paras = paragraphs(&doc);
    assert!(paras.iter().all(|p| !p.commented), "no comment range");
    let comments = part(&bytes, "word/comments.xml").unwrap_or_default();
    assert!(!comments.contains("Bra inledning"), "{comments}");
    assert!(!doc.contains("Bra inledning") && !doc.contains("00:12:31"));
    assert!(paras.iter().all(|p| p.style.as_deref() != Some("Source")));
}

/// An organisation's template made the way Word would: custom fonts and
/// Swedish style names with ids of their own, saved as .dotx.
fn template(dir: &TempDir) -> std::path::PathBuf {
    use docx_rs::{Docx, Paragraph, Run, RunFonts, Style, StyleType};
    let font = |name: &str| RunFonts::new().ascii(name).hi_ansi(name);
    let doc = Docx::new()
        .add_style(
            Style::new("Rubrik1", StyleType::Paragraph)
                .name("Rubrik 1")
                .fonts(font("Kommunsans Rubrik"))
                .outline_lvl(0),
        )
        .add_style(
            Style::new("Rubrik2", StyleType::Paragraph)
                .name("rubrik 2")
                .fonts(font("Kommunsans Rubrik"))
                .outline_lvl(1),
        )
        .add_style(
            Style::new("Citat", StyleType::Paragraph)
                .name("Citat")
                .fonts(font("Kommunserif Citat"))
                .italic(),
        )
        // A style with our id under another name: ours must not take it.
        .add_style(Style::new("Attribution", StyleType::Paragraph).name("Fotnot kommun"))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("Mall")));
    let path = dir.path("kommunens-mall.dotx");
    let file = std::fs::File::create(&path).unwrap();
    doc.build().pack(file).unwrap();
    path
}

#[test]
fn an_organisations_template_gives_its_styles_found_by_their_swedish_names() {
    let dir = TempDir::new();
    let mut o = options(NoteMode::Comment);
    o.template = Some(template(&dir));
    let bytes = export::docx(&report(), &o).unwrap();
    let styles_xml = part(&bytes, "word/styles.xml").unwrap();
    assert!(
        styles_xml.contains("Kommunsans Rubrik") && styles_xml.contains("Kommunserif Citat"),
        "the template's styles.xml, with its fonts, is the document's"
    );
    let st = styles(&styles_xml);
    let paras = paragraphs(&part(&bytes, "word/document.xml").unwrap());
    assert_eq!(
        with_text(&paras, "Samverkan").style.as_deref(),
        Some("Rubrik1")
    );
    assert_eq!(
        with_text(&paras, "Samverkan vid flera aktörer")
            .style
            .as_deref(),
        Some("Rubrik2"),
        "names match whatever their case"
    );
    assert_eq!(with_text(&paras, SCRIPT).style.as_deref(), Some("Citat"));
    // What the template lacks is added, based on its styles, under ids it does not use.
    let attribution_id = with_text(&paras, "– arbetsterapeut, team 3")
        .style
        .clone()
        .unwrap();
    assert_ne!(
        attribution_id, "Attribution",
        "the template's own Attribution id is another style"
    );
    let added = style(&st, &attribution_id);
    assert_eq!(added.name, "Attribution");
    assert_eq!(added.based_on.as_deref(), Some("Citat"));
    assert_eq!(
        style(&st, "Attribution").name,
        "Fotnot kommun",
        "the template's style is kept"
    );
    let h3 = with_text(&paras, "Önskelista").style.clone().unwrap();
    assert_eq!(style(&st, &h3).name, "heading 3");
    assert_eq!(st.iter().filter(|s| s.name == "Rubrik 1").count(), 1);
}

/// `docx` with parts added (or replaced).
fn with_parts(docx: &std::path::Path, parts: &[(&str, &str)]) {
    let bytes = std::fs::read(docx).unwrap();
    let mut src = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(docx).unwrap());
    for i in 0..src.len() {
        let file = src.by_index_raw(i).unwrap();
        let name = file.name().unwrap().into_owned();
        if !parts.iter().any(|(n, _)| *n == name) {
            out.raw_copy_file(file).unwrap();
        }
    }
    for (name, text) in parts {
        out.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut out, text.as_bytes()).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn a_templates_theme_and_numbering_come_along() {
    let dir = TempDir::new();
    let path = template(&dir);
    let theme = r#"<?xml version="1.0" encoding="UTF-8"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Kommunens tema"><a:themeElements/></a:theme>"#;
    let numbering = r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="7"/></w:numbering>"#;
    with_parts(
        &path,
        &[
            ("word/theme/theme1.xml", theme),
            ("word/numbering.xml", numbering),
        ],
    );
    let mut o = options(NoteMode::Comment);
    o.template = Some(path);
    let bytes = export::docx(&report(), &o).unwrap();
    assert_eq!(
        part(&bytes, "word/theme/theme1.xml").as_deref(),
        Some(theme)
    );
    assert_eq!(
        part(&bytes, "word/numbering.xml").as_deref(),
        Some(numbering)
    );
    let rels = part(&bytes, "word/_rels/document.xml.rels").unwrap();
    assert!(rels.contains("Target=\"theme/theme1.xml\""), "{rels}");
    let types = part(&bytes, "[Content_Types].xml").unwrap();
    assert!(types.contains("/word/theme/theme1.xml"), "{types}");
    assert!(
        part(&bytes, "word/document.xml").is_some(),
        "the rest is still there"
    );
    // Without a template, none of it.
    let plain = export::docx(&report(), &options(NoteMode::Comment)).unwrap();
    assert!(part(&plain, "word/theme/theme1.xml").is_none());
}

#[test]
fn a_template_that_is_not_a_word_document_is_refused_with_its_name() {
    let dir = TempDir::new();
    let not_zip = dir.path("mall.pdf");
    std::fs::write(&not_zip, b"%PDF-1.7 not a Word file").unwrap();
    let zip_without_word = dir.path("arkiv.docx");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&zip_without_word).unwrap());
        z.start_file("hej.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, b"hej").unwrap();
        z.finish().unwrap();
    }
    for (path, file) in [(not_zip, "mall.pdf"), (zip_without_word, "arkiv.docx")] {
        let mut o = options(NoteMode::Comment);
        o.template = Some(path.clone());
        let err = export::docx(&report(), &o).unwrap_err();
        assert!(
            matches!(&err, Error::NotAWordDocument { path: p, .. } if *p == path),
            "{err:?}"
        );
        assert_eq!(err.code(), ErrorCode::NotAWordDocument);
        assert_eq!(err.details()["file"], file);
        assert!(err.to_string().contains(file), "{err}");
    }
}

#[test]
fn markdown_text_and_html_escape_what_the_user_wrote() {
    let r = report();
    let t = ReportTexts::sv();
    let md = export::markdown(&r, &t);
    assert!(md.starts_with("# Samverkan i nära vård\n"), "{md}");
    assert!(md.contains("\n## Samverkan\n") && md.contains("\n### Samverkan vid flera aktörer\n"));
    assert!(!md.contains("<script>"), "{md}");
    assert!(
        md.contains("&lt;script&gt;") && md.contains("\\*inte fetstil\\*"),
        "{md}"
    );
    assert!(md.contains("> *– arbetsterapeut, team 3*"), "{md}");
    assert!(md.contains("**Omfattar:** möten, SIP"), "{md}");
    assert!(
        md.contains("**⚠ Varning – risk för igenkänning:** bara 1 deltagare"),
        "{md}"
    );

    let html = export::html(&r, &t);
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; *inte fetstil*"),
        "{html}"
    );
    assert!(html.contains("<h2>Samverkan</h2>") && html.contains("<blockquote"));
    assert!(html.contains("<p style=\"text-align:right\">– arbetsterapeut, team 3</p>"));

    let text = export::plain_text(&r, &t);
    assert!(
        text.contains(&format!("    {SCRIPT}\n    – arbetsterapeut, team 3\n")),
        "{text}"
    );
    assert!(
        text.starts_with("Samverkan i nära vård\n=====================\n"),
        "{text}"
    );
}

// ------------------------------------------------------------ a coded project

struct Coded {
    p: Project,
    by: CoderId,
    doc: DocumentId,
}

fn span(p: &Project, doc: DocumentId, needle: &str) -> (usize, usize) {
    let text = p.document(doc).unwrap().text;
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// The NVOS codebook and one focus group with attributes on its speakers
/// and itself, coded with levels and focus areas; one code given a default
/// level; a code in the discard pile with a coding.
fn coded() -> Coded {
    let mut p = Project::create_in_memory("Studie", clock()).unwrap();
    let by = p.ensure_throwaway_coder("Anna").unwrap();
    tematik::template::apply(&mut p, by, Template::Nvos).unwrap();
    let mut doc = transcript(
        "fokusgrupp-team3",
        &[
            ("Sjuksköterska", "Vi träffas varje vecka; det fungerar väl."),
            (
                "Arbetsterapeut",
                "=SUM(A1) skrev jag i enkäten, och +46 är ett nummer.",
            ),
            ("Undersköterska", "<script>alert(1)</script> sa ingen."),
        ],
    );
    for (turn, yrke) in
        doc.turns
            .iter_mut()
            .zip(["Sjuksköterska", "Arbetsterapeut", "Undersköterska"])
    {
        if let Some(case) = turn.case.as_mut() {
            case.attributes = vec![AttributeValue::category("Yrke", yrke)];
        }
    }
    doc.attributes = vec![AttributeValue::category("Team", "3")];
    let source = NewSource {
        file_name: "fokusgrupp-team3.txt".into(),
        sha256: "sha-team3".into(),
        format: "txt".into(),
    };
    let doc = p.import(by, source, vec![doc]).unwrap().documents[0];
    let mikro = p.find_tag_value(Some("niva"), "mikro").unwrap().id;
    let meso = p.find_tag_value(Some("niva"), "meso").unwrap().id;
    let samverkan = p
        .find_tag_value(Some("fokusomrade"), "samverkan")
        .unwrap()
        .id;
    let delaktighet = p
        .find_tag_value(Some("fokusomrade"), "delaktighet")
        .unwrap()
        .id;
    let aktorer = p.find_code("Samverkan vid flera aktörer").unwrap().id;
    let bemotande = p.find_code("Bemötande").unwrap().id;
    p.set_code_default_tags(by, bemotande, vec![meso]).unwrap();
    p.update_code(
        by,
        aktorer,
        CodeUpdate {
            definition: Some("=HYPERLINK(\"x\"); flera \"aktörer\"".into()),
            scope_includes: Some("SIP".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let code = |p: &mut Project, needle: &str, code, tags| {
        let (start, end) = span(p, doc, needle);
        p.code_span(
            by,
            CodeSpan {
                document_id: doc,
                start,
                end,
                code_id: code,
                tags,
            },
        )
        .unwrap()
    };
    code(
        &mut p,
        "Vi träffas varje vecka; det fungerar väl.",
        aktorer,
        vec![mikro, samverkan, delaktighet],
    );
    code(&mut p, "=SUM(A1) skrev jag i enkäten", aktorer, vec![meso]);
    code(
        &mut p,
        "<script>alert(1)</script> sa ingen.",
        bemotande,
        vec![],
    );
    let skrap = crate::util::code(&mut p, by, "Skräp", None);
    code(&mut p, "det fungerar väl", skrap, vec![]);
    p.discard_code(by, skrap).unwrap();
    Coded { p, by, doc }
}

#[test]
fn the_coded_segments_are_one_row_per_coding_with_attributes_code_path_and_each_dimension() {
    let c = coded();
    let f = Facts::read(&c.p).unwrap();
    let t = export::segments(&c.p, &f, SegmentOptions::default(), &SegmentTexts::sv()).unwrap();
    let col = |name: &str| {
        t.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", t.header))
    };
    assert_eq!(
        t.rows.len(),
        3,
        "the discarded code's coding is left out: {:?}",
        t.rows
    );
    let row = |text: &str| {
        t.rows
            .iter()
            .find(|r| r[col("Kodad text")].starts_with(text))
            .unwrap_or_else(|| panic!("no row {text}"))
    };
    let first = row("Vi träffas");
    assert_eq!(first[col("Dokument")], "fokusgrupp-team3");
    assert_eq!(first[col("Talare")], "Sjuksköterska");
    assert_eq!(first[col("Deltagare")], "fokusgrupp-team3 / Sjuksköterska");
    assert_eq!(first[col("Yrke")], "Sjuksköterska");
    assert_eq!(first[col("Team")], "3", "a document attribute");
    assert_eq!(first[col("Kod")], "Samverkan / Samverkan vid flera aktörer");
    assert_eq!(first[col("Nivå")], "Mikronivå");
    assert_eq!(
        first[col("Fokusområde")],
        "Samverkan, Delaktighet och brukarinflytande"
    );
    assert_eq!(first[col("Kodare")], "Anna");
    assert!(
        first[col("Skapad (UTC)")].starts_with("2024-03-01 09:0"),
        "{first:?}"
    );
    // Effective tags: the code's default level where the coding sets none.
    let script = row("<script>");
    assert_eq!(script[col("Nivå")], "Mesonivå", "Bemötande's default");
    assert_eq!(script[col("Fokusområde")], "");
    assert_eq!(script[col("Yrke")], "Undersköterska");

    let all = export::segments(
        &c.p,
        &f,
        SegmentOptions {
            include_discarded: true,
        },
        &SegmentTexts::sv(),
    )
    .unwrap();
    assert_eq!(all.rows.len(), 4);
    assert!(all.rows.iter().any(|r| r[col("Kod")] == "Skräp"));
    let _ = (c.by, c.doc);
}

#[test]
fn the_coded_segments_as_xlsx_keep_a_formula_looking_answer_a_string() {
    let c = coded();
    let f = Facts::read(&c.p).unwrap();
    let t = export::segments(&c.p, &f, SegmentOptions::default(), &SegmentTexts::sv()).unwrap();
    let bytes = export::segments_xlsx(&t).unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let header: Vec<String> = (0..t.header.len() as u32)
        .map(|c| sheet.get_value((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(header, t.header);
    let text_col = t.header.iter().position(|h| h == "Kodad text").unwrap() as u32;
    let cells: Vec<&Data> = (1..=t.rows.len() as u32)
        .map(|r| sheet.get_value((r, text_col)).unwrap())
        .collect();
    assert!(
        cells.contains(&&Data::String("=SUM(A1) skrev jag i enkäten".into())),
        "{cells:?}"
    );
    let xml = part(&bytes, "xl/worksheets/sheet1.xml").unwrap();
    assert!(
        !xml.contains("<f>") && !xml.contains("<f "),
        "no formula cell"
    );
    assert!(
        xml.contains("<autoFilter ref=\"A1:"),
        "an autofilter over the header"
    );
    assert!(xml.contains("ySplit=\"1\""), "the header row frozen");
    let styles = part(&bytes, "xl/styles.xml").unwrap();
    assert!(styles.contains("<b/>"), "a bold header format");
}

#[test]
fn the_coded_segments_as_csv_have_a_bom_semicolons_quoting_and_no_formula() {
    let c = coded();
    let f = Facts::read(&c.p).unwrap();
    let t = export::segments(&c.p, &f, SegmentOptions::default(), &SegmentTexts::sv()).unwrap();
    let how = TableExport {
        format: TableFormat::Csv,
        separator: ";".into(),
        bom: true,
    };
    let bytes = export::segments_csv(&t, &how).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.trim_start_matches('\u{feff}')
            .starts_with("Dokument;Talare;Deltagare;"),
        "{text}"
    );
    assert!(
        text.contains(";\"Vi träffas varje vecka; det fungerar väl.\";"),
        "{text}"
    );
    assert!(text.contains(";'=SUM(A1) skrev jag i enkäten;"), "{text}");
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(r.records().count(), 3);

    let comma = TableExport {
        separator: ",".into(),
        bom: false,
        ..how
    };
    let text = String::from_utf8(export::segments_csv(&t, &comma).unwrap()).unwrap();
    assert!(text.starts_with("Dokument,Talare,"), "{text}");
    assert!(
        text.contains(",\"Samverkan, Delaktighet och brukarinflytande\","),
        "{text}"
    );
}

#[test]
fn the_codebook_is_the_review_trees_nodes_and_counts_as_a_table_and_a_list() {
    let c = coded();
    let f = Facts::read(&c.p).unwrap();
    let cb = export::codebook(&c.p, &f, &Population::read(&c.p).unwrap(), Language::Sv).unwrap();
    let view = tematik::analysis::review_tree(&f);
    let kept: Vec<_> = view.nodes.iter().filter(|n| !n.discarded).collect();
    assert_eq!(cb.entries.len(), kept.len());
    for (e, n) in cb.entries.iter().zip(&kept) {
        assert_eq!(
            (e.name(), e.codings, e.documents, e.participants),
            (n.name.as_str(), n.codings, n.documents, n.participants)
        );
    }
    assert_eq!(cb.discarded, vec!["Skräp".to_owned()]);
    let aktorer = cb
        .entries
        .iter()
        .find(|e| e.name() == "Samverkan vid flera aktörer")
        .unwrap();
    assert_eq!((aktorer.codings, aktorer.participants), (2, 2));
    assert_eq!(aktorer.path, ["Samverkan", "Samverkan vid flera aktörer"]);

    let t = CodebookTexts::sv();
    let bytes = export::codebook_docx(&cb, &t, None).unwrap();
    let doc = part(&bytes, "word/document.xml").unwrap();
    assert_eq!(doc.matches("<w:tbl>").count(), 1, "one table");
    let paras = paragraphs(&doc);
    let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
    let header = [
        "Tema",
        "Undertema/kod",
        "Definition",
        "Antal kodningar",
        "Dokument",
        "Deltagare",
        "Status",
    ];
    let at = texts.iter().position(|t| *t == "Tema").unwrap();
    assert_eq!(&texts[at..at + header.len()], header);
    // The Samverkan theme's row, then its code's: the counts of the review tree.
    let row = texts
        .iter()
        .position(|t| *t == "Samverkan vid flera aktörer")
        .unwrap();
    assert_eq!(&texts[row + 2..row + 6], ["2", "1", "2", "Förslag"]);
    // The list in heading styles, the discarded node last under its own heading.
    let heading = |text: &str| {
        paras
            .iter()
            .rfind(|p| p.text == text)
            .and_then(|p| p.style.clone())
            .unwrap()
    };
    assert_eq!(heading("Samverkan"), "Heading2");
    assert_eq!(heading("Samverkan vid flera aktörer"), "Heading3");
    assert_eq!(heading("Övrigt / kasserade"), "Heading1");
    assert_eq!(texts.last(), Some(&"Skräp"));
    assert!(texts.contains(&"Omfattar: SIP"));

    let md = export::codebook_markdown(&cb, &t);
    assert!(md.contains(
        "| Tema | Undertema/kod | Definition | Antal kodningar | Dokument | Deltagare | Status |"
    ));
    assert!(md.contains("|  | Samverkan vid flera aktörer | =HYPERLINK(\"x\"); flera \"aktörer\" | 2 | 1 | 2 | Förslag |"), "{md}");
    assert!(md.contains("\n## Övrigt / kasserade\n\n- Skräp\n"), "{md}");

    let how = TableExport {
        format: TableFormat::Csv,
        separator: ";".into(),
        bom: true,
    };
    let csv = String::from_utf8(export::codebook_csv(&cb, &t, &how).unwrap()).unwrap();
    assert!(csv.starts_with("\u{feff}Tema;Undertema/kod;Definition;Omfattar;Omfattar inte;Status;Antal kodningar;Dokument;Deltagare"), "{csv}");
    assert!(
        csv.contains("Samverkan;Samverkan vid flera aktörer;\"'=HYPERLINK(\"\"x\"\"); flera \"\"aktörer\"\"\";SIP;;Förslag;2;1;2"),
        "{csv}"
    );
    assert!(!csv.contains("Skräp"), "discarded nodes are not in the CSV");
}

#[test]
fn pinned_examples_are_the_codebooks_quotes_with_their_attribution() {
    let mut c = coded();
    let aktorer = c.p.find_code("Samverkan vid flera aktörer").unwrap().id;
    let codings = c.p.codings_of_code(aktorer, false).unwrap();
    let second = codings
        .iter()
        .find(|x| x.text.starts_with("=SUM"))
        .unwrap()
        .id;
    let first = codings
        .iter()
        .find(|x| x.text.starts_with("Vi träffas"))
        .unwrap()
        .id;
    c.p.pin_example(c.by, aktorer, second, None).unwrap();
    c.p.pin_example(c.by, aktorer, first, Some(0)).unwrap();
    let codebook = |p: &Project| {
        let cb = export::codebook(
            p,
            &Facts::read(p).unwrap(),
            &Population::read(p).unwrap(),
            Language::Sv,
        )
        .unwrap();
        cb.entries
            .into_iter()
            .find(|e| e.name() == "Samverkan vid flera aktörer")
            .unwrap()
    };
    let e = codebook(&c.p);
    let quotes: Vec<(&str, &str)> = e
        .examples
        .iter()
        .map(|q| (q.text.as_str(), q.attribution.as_str()))
        .collect();
    assert_eq!(
        quotes,
        [
            (
                "Vi träffas varje vecka; det fungerar väl.",
                "– sjuksköterska, team 3"
            ),
            ("=SUM(A1) skrev jag i enkäten", "– arbetsterapeut, team 3"),
        ],
        "in the pinned order"
    );
    // Each attribution fits one participant of the project (k = 3): the
    // codebook flags them as a chapter would, with the reason.
    let warnings: Vec<Option<&str>> = e.examples.iter().map(|q| q.warning.as_deref()).collect();
    assert!(
        warnings
            .iter()
            .all(|w| w.is_some_and(|w| w.contains("1 deltagare"))),
        "{warnings:?}"
    );
    let cb = export::Codebook {
        project: "P".into(),
        entries: vec![e.clone()],
        discarded: Vec::new(),
    };
    let bytes = export::codebook_docx(&cb, &CodebookTexts::sv(), None).unwrap();
    let paras = paragraphs(&part(&bytes, "word/document.xml").unwrap());
    let q = paras.iter().position(|p| p.text == quotes[0].0).unwrap();
    assert_eq!(paras[q].style.as_deref(), Some("Quote"));
    assert_eq!(
        (paras[q + 1].text.as_str(), paras[q + 1].style.as_deref()),
        (quotes[0].1, Some("Attribution"))
    );
    assert_eq!(
        paras[q + 2].style.as_deref(),
        Some("Warning"),
        "the warning under the attribution: {:?}",
        paras[q + 2].text
    );
    // With k = 1 an attribution that fits one participant is safe.
    let mut settings = c.p.project_settings().unwrap();
    settings.reidentification_k = 1;
    c.p.set_project_settings(c.by, &settings).unwrap();
    assert!(codebook(&c.p).examples.iter().all(|q| q.warning.is_none()));
}

// ------------------------------------------------------------ the app

#[test]
fn the_app_writes_the_codebook_and_segments_and_says_what_it_wrote() {
    let t = TestApp::new();
    let info = t.app.open_demo_project().unwrap();
    let docx = t.dir.path("kodbok.docx");
    let w = t
        .app
        .export_codebook(ExportFormat::Docx, &docx, ExportOptions::default())
        .unwrap();
    let nodes = t.app.review_tree().unwrap().nodes.len();
    assert_eq!(
        (w.rows as usize, w.bytes),
        (nodes, std::fs::metadata(&docx).unwrap().len())
    );
    assert!(part(&std::fs::read(&docx).unwrap(), "word/document.xml").is_some());
    assert!(w.elapsed_ms > 0.0, "the time it took is said");

    let xlsx = t.dir.path("segment.xlsx");
    let w = t
        .app
        .export_segments(ExportFormat::Xlsx, &xlsx, ExportOptions::default())
        .unwrap();
    assert_eq!(w.rows, info.codings);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(
        book.worksheet_range_at(0).unwrap().unwrap().height(),
        info.codings as usize + 1
    );

    let csv = t.dir.path("kodbok.csv");
    t.app
        .export_codebook(ExportFormat::Csv, &csv, ExportOptions::default())
        .unwrap();
    assert!(
        std::fs::read(&csv)
            .unwrap()
            .starts_with("\u{feff}Tema;".as_bytes())
    );

    let refused = t
        .app
        .export_segments(
            ExportFormat::Docx,
            &t.dir.path("x.docx"),
            ExportOptions::default(),
        )
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::BadValue);
    assert!(!t.dir.path("x.docx").exists());

    let bad = t.dir.path("mall.txt");
    std::fs::write(&bad, "ingen mall").unwrap();
    let err = t
        .app
        .export_codebook(
            ExportFormat::Docx,
            &t.dir.path("y.docx"),
            ExportOptions {
                template: Some(bad.to_string_lossy().into_owned()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAWordDocument);
    assert_eq!(err.details["file"], "mall.txt");
    assert!(!t.dir.path("y.docx").exists(), "nothing written");
}

// ------------------------------------------------------------ chapters from the app

/// The UTF-16 offset of the end of the `n`th word of `text`.
fn after_words(text: &str, n: usize) -> u32 {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == n {
                    return text[..i].encode_utf16().count() as u32;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    text.encode_utf16().count() as u32
}

#[test]
fn a_quote_set_exports_as_a_chapter_with_its_trim_attribution_warning_note_and_source() {
    let t = TestApp::new();
    t.app.open_demo_project().unwrap();
    t.app
        .set_project_settings(tematik::app::views::ProjectSettingsView {
            transcript_attribution: "– {Yrke:lower}[, team {Team}][, {Omgång}]".into(),
            survey_attribution: "– respondent {case}".into(),
            reidentification_k: 3,
        })
        .unwrap();
    let samverkan = t
        .app
        .code_tree()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "Samverkan")
        .unwrap()
        .id;
    let found = t
        .app
        .quote_finder(tematik::app::views::FinderRequest {
            code: samverkan.clone(),
            filters: Default::default(),
            query: String::new(),
            limit: 3,
        })
        .unwrap();
    assert!(found.candidates.len() >= 2, "{found:?}");
    let (a, b) = (
        found.candidates[0].quote.coding.clone(),
        found.candidates[1].quote.coding.clone(),
    );
    let set = t.app.create_quote_set("Kapitel 6").unwrap().id;
    t.app.add_to_quote_set(&set, &a.id, None).unwrap();
    t.app.add_to_quote_set(&set, &b.id, None).unwrap();
    // Keep a's first two words and its last word: the gap prints as […].
    let words: Vec<&str> = a.text.split_whitespace().collect();
    assert!(words.len() > 4, "{}", a.text);
    let end = a.text.encode_utf16().count() as u32;
    let last_start = end - words.last().unwrap().encode_utf16().count() as u32;
    let view = t
        .app
        .trim_quote(
            &set,
            &a.id,
            Some(vec![(0, after_words(&a.text, 2)), (last_start, end)]),
        )
        .unwrap();
    let printed = format!("{} {} […] {}", words[0], words[1], words.last().unwrap());
    assert_eq!(view.quotes[0].text, printed);
    let view = t.app.set_quote_note(&set, &b.id, "Bra avslutning").unwrap();
    let quote_a = view.quotes[0].clone();
    let warning = quote_a
        .warning
        .clone()
        .expect("one nurse in a team of the demo");

    let docx = t.dir.path("kapitel6.docx");
    let source = tematik::app::views::ChapterSource::QuoteSets {
        ids: vec![set.clone()],
    };
    let w = t
        .app
        .export_chapter(
            source.clone(),
            ExportFormat::Docx,
            &docx,
            ExportOptions::default(),
        )
        .unwrap();
    assert_eq!((w.rows, w.warnings), (2, view.warnings));
    let bytes = std::fs::read(&docx).unwrap();
    assert_eq!(w.bytes, bytes.len() as u64);
    let paras = paragraphs(&part(&bytes, "word/document.xml").unwrap());
    assert_eq!(
        with_text(&paras, "Kapitel 6").style.as_deref(),
        Some("Heading1")
    );
    let at = paras
        .iter()
        .position(|p| p.text == printed)
        .expect("the trimmed quote");
    assert_eq!(paras[at].style.as_deref(), Some("Quote"));
    assert_eq!(paras[at + 1].text, quote_a.attribution);
    assert_eq!(paras[at + 1].style.as_deref(), Some("Attribution"));
    let flagged = paras
        .iter()
        .find(|p| p.text.contains(&warning.reason))
        .expect("the warning is in the file");
    assert_eq!(flagged.style.as_deref(), Some("Warning"));
    assert!(
        paras.iter().any(
            |p| p.style.as_deref() == Some("Source") && p.text.contains(&quote_a.document_name)
        ),
        "the source line"
    );
    assert!(
        part(&bytes, "word/comments.xml").is_some_and(|c| c.contains("Bra avslutning")),
        "the note is a comment"
    );
    // Markdown and the clipboard say the same; a CSV chapter is refused.
    let md = t.dir.path("kapitel6.md");
    t.app
        .export_chapter(
            source.clone(),
            ExportFormat::Md,
            &md,
            ExportOptions::default(),
        )
        .unwrap();
    // (Markdown escapes the omission's brackets; they render as "[…]".)
    let md = std::fs::read_to_string(&md)
        .unwrap()
        .replace("\\[", "[")
        .replace("\\]", "]");
    assert!(
        md.contains(&printed) && md.contains(&warning.reason),
        "{md}"
    );
    let clip = t.app.chapter_clipboard(source.clone()).unwrap();
    assert!(clip.text.contains(&printed) && clip.html.contains("Kapitel 6"));
    let refused = t
        .app
        .export_chapter(
            source,
            ExportFormat::Csv,
            &t.dir.path("k.csv"),
            ExportOptions::default(),
        )
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::BadValue);
    assert!(!t.dir.path("k.csv").exists());

    // The coarser attribution, one click: no warning in the next export.
    let coarser = quote_a.coarser.expect("a coarser attribution").template;
    let view = t
        .app
        .set_quote_attribution(&set, &a.id, Some(coarser))
        .unwrap();
    assert!(view.quotes[0].warning.is_none());

    // A report skeleton of the theme: its heading, its definition, at most
    // three quotes, its subthemes under it.
    let skeleton = t.dir.path("rapport.docx");
    let w = t
        .app
        .export_chapter(
            tematik::app::views::ChapterSource::Report {
                themes: vec![samverkan],
                quotes_per_theme: 3,
            },
            ExportFormat::Docx,
            &skeleton,
            ExportOptions::default(),
        )
        .unwrap();
    let paras = paragraphs(&part(&std::fs::read(&skeleton).unwrap(), "word/document.xml").unwrap());
    assert_eq!(
        with_text(&paras, "Samverkan").style.as_deref(),
        Some("Heading1")
    );
    let quotes = paras
        .iter()
        .filter(|p| p.style.as_deref() == Some("Quote"))
        .count();
    assert!((1..=3).contains(&quotes), "{quotes}");
    assert_eq!(w.rows as usize, quotes);
    assert!(paras.iter().any(|p| p.style.as_deref() == Some("Heading2")));
}
