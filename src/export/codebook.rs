//! The codebook: themes, subthemes and codes with their definitions, scope
//! notes, review status and counts, as a table (like the NVOS report's
//! Tabell 7.2: Tema | Undertema/kod | Definition | Antal kodningar …) and
//! as a list with each node's pinned example quotes; to DOCX, Markdown and
//! CSV.
//!
//! The nodes and counts are the review tree's ([`analysis::review_tree`]),
//! so the codebook says what the review view says. Discarded nodes are
//! left out of the table and the list, and named in a final section
//! "Övrigt / kasserade" (the list's last heading; CSV leaves them out), so
//! a reader sees what was set aside without it mixing with the analysis.

use super::docx::{Role, Writer};
use super::report::{DocxOptions, Report, ReportQuote, ReportTexts, Section};
use crate::analysis::{self, Cell, Facts, ReviewNode, TableExport};
use crate::attribution::Population;
use crate::chapter;
use crate::error::Result;
use crate::model::{CodeRole, Language, ReviewStatus};
use crate::{CodeId, Project};
use std::fmt::Write;

/// One node of the codebook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodebookEntry {
    /// 0 = a theme, 1 = a subtheme or code under it …
    pub depth: u32,
    /// The names from the theme down to this node.
    pub path: Vec<String>,
    /// Theme, subtheme or code.
    pub role: CodeRole,
    /// Definition.
    pub definition: String,
    /// "Omfattar …".
    pub scope_includes: String,
    /// "Omfattar inte …".
    pub scope_excludes: String,
    /// Review status.
    pub status: ReviewStatus,
    /// Codings (of it and below it).
    pub codings: u32,
    /// Documents (a survey counts as one).
    pub documents: u32,
    /// Participants.
    pub participants: u32,
    /// Pinned example quotes, in their order.
    pub examples: Vec<ReportQuote>,
}

impl CodebookEntry {
    /// The node's own name.
    pub fn name(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }

    /// The node as a report section: its definition, scope notes and
    /// example quotes.
    pub fn section(&self) -> Section {
        Section {
            level: (self.depth + 1).min(3) as u8,
            title: self.name().to_owned(),
            definition: self.definition.clone(),
            scope_includes: self.scope_includes.clone(),
            scope_excludes: self.scope_excludes.clone(),
            quotes: self.examples.clone(),
        }
    }
}

/// The list's heading level of a node: under the list's own heading 1,
/// themes are 2, everything below 3.
fn list_level(e: &CodebookEntry) -> u8 {
    (e.depth + 2).min(3) as u8
}

/// The codebook as a report skeleton: a section per theme, subtheme and
/// code with its definition, scope notes and example quotes.
pub fn codebook_report(cb: &Codebook, t: &CodebookTexts) -> Report {
    Report {
        title: cb.project.clone(),
        subtitle: Some(t.list.clone()),
        sections: cb.entries.iter().map(CodebookEntry::section).collect(),
    }
}

/// The codebook of a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Codebook {
    /// The project's name.
    pub project: String,
    /// The nodes in the analysis, depth first in tree order.
    pub entries: Vec<CodebookEntry>,
    /// The paths ("Tema / Kod") of the discarded nodes.
    pub discarded: Vec<String>,
}

/// The words of a codebook that are not the project's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodebookTexts {
    /// The document's title.
    pub title: String,
    /// The heading over the table.
    pub table: String,
    /// The heading over the list.
    pub list: String,
    /// Column: the theme.
    pub theme: String,
    /// Column: the subtheme or code.
    pub code: String,
    /// Column: the definition.
    pub definition: String,
    /// Column: review status.
    pub status: String,
    /// Column: codings.
    pub codings: String,
    /// Column: documents.
    pub documents: String,
    /// Column: participants.
    pub participants: String,
    /// The status names: candidate, reviewed, final.
    pub statuses: [String; 3],
    /// The language of the words (and of a pinned example's
    /// re-identification warning).
    pub language: Language,
    /// The final section of discarded nodes.
    pub discarded: String,
    /// The list's labels ("Omfattar", "Omfattar inte" …).
    pub report: ReportTexts,
}

impl CodebookTexts {
    /// Swedish.
    pub fn sv() -> CodebookTexts {
        CodebookTexts {
            title: "Kodbok".into(),
            table: "Översikt".into(),
            list: "Teman och koder".into(),
            theme: "Tema".into(),
            code: "Undertema/kod".into(),
            definition: "Definition".into(),
            status: "Status".into(),
            codings: "Antal kodningar".into(),
            documents: "Dokument".into(),
            participants: "Deltagare".into(),
            statuses: ["Förslag".into(), "Granskad".into(), "Klar".into()],
            discarded: "Övrigt / kasserade".into(),
            report: ReportTexts::sv(),
            language: Language::Sv,
        }
    }

    /// English.
    pub fn en() -> CodebookTexts {
        CodebookTexts {
            title: "Codebook".into(),
            table: "Overview".into(),
            list: "Themes and codes".into(),
            theme: "Theme".into(),
            code: "Subtheme/code".into(),
            definition: "Definition".into(),
            status: "Status".into(),
            codings: "Codings".into(),
            documents: "Documents".into(),
            participants: "Participants".into(),
            statuses: ["Candidate".into(), "Reviewed".into(), "Final".into()],
            discarded: "Other / discarded".into(),
            report: ReportTexts::en(),
            language: Language::En,
        }
    }

    /// In this language.
    pub fn of(language: Language) -> CodebookTexts {
        match language {
            Language::Sv => CodebookTexts::sv(),
            Language::En => CodebookTexts::en(),
        }
    }

    fn status(&self, s: ReviewStatus) -> &str {
        match s {
            ReviewStatus::Candidate => &self.statuses[0],
            ReviewStatus::Reviewed => &self.statuses[1],
            ReviewStatus::Final => &self.statuses[2],
        }
    }
}

/// The codebook from the review tree's nodes and counts, with each node's
/// pinned examples as a chapter prints them: the project's attribution
/// templates, and a warning (in `lang`) where an attribution fits fewer
/// than k of the `population`'s participants.
pub fn codebook(
    p: &Project,
    facts: &Facts,
    population: &Population,
    lang: Language,
) -> Result<Codebook> {
    let settings = p.project_settings()?;
    let view = analysis::review_tree(facts);
    let examples = |ids: &[crate::CodingId]| -> Result<Vec<ReportQuote>> {
        Ok(chapter::quotes_of_codings(p, ids, population, &settings)?
            .iter()
            .map(|q| chapter::report_quote(q, lang))
            .collect())
    };
    let mut entries = Vec::new();
    let mut discarded = Vec::new();
    let mut path: Vec<String> = Vec::new();
    // The review tree's nodes are the facts' codes, in the same order.
    for (n, code) in view.nodes.iter().zip(&facts.codes) {
        path.truncate(n.depth as usize);
        path.push(n.name.clone());
        if n.discarded {
            discarded.push(path.join(" / "));
            continue;
        }
        entries.push(entry(p, n, code.id, path.clone(), &examples)?);
    }
    Ok(Codebook {
        project: p.info()?.name,
        entries,
        discarded,
    })
}

fn entry(
    p: &Project,
    n: &ReviewNode,
    id: CodeId,
    path: Vec<String>,
    examples: &dyn Fn(&[crate::CodingId]) -> Result<Vec<ReportQuote>>,
) -> Result<CodebookEntry> {
    // In the pinned order.
    let examples = if n.examples > 0 {
        examples(&p.code_examples(id)?)?
    } else {
        Vec::new()
    };
    Ok(CodebookEntry {
        depth: n.depth,
        path,
        role: n.role,
        definition: n.definition.clone(),
        scope_includes: n.scope_includes.clone(),
        scope_excludes: n.scope_excludes.clone(),
        status: n.status,
        codings: n.codings,
        documents: n.documents,
        participants: n.participants,
        examples,
    })
}

/// The table's columns.
fn header(t: &CodebookTexts) -> Vec<String> {
    vec![
        t.theme.clone(),
        t.code.clone(),
        t.definition.clone(),
        t.codings.clone(),
        t.documents.clone(),
        t.participants.clone(),
        t.status.clone(),
    ]
}

/// A node's row: the theme's name on the theme's own row, a code's name
/// (indented by depth below the subtheme level) on the others.
fn row(e: &CodebookEntry, t: &CodebookTexts) -> Vec<String> {
    let (theme, code) = if e.depth == 0 {
        (e.name().to_owned(), String::new())
    } else {
        (
            String::new(),
            format!("{}{}", "  ".repeat(e.depth as usize - 1), e.name()),
        )
    };
    vec![
        theme,
        code,
        e.definition.clone(),
        e.codings.to_string(),
        e.documents.to_string(),
        e.participants.to_string(),
        t.status(e.status).to_owned(),
    ]
}

/// The codebook as a Word document: a title, the table (header row
/// shaded), then the list in heading styles with definitions, scope notes,
/// counts and example quotes, and last the discarded nodes.
pub fn codebook_docx(
    cb: &Codebook,
    t: &CodebookTexts,
    template: Option<&std::path::Path>,
) -> Result<Vec<u8>> {
    let mut w = Writer::new(template, "Tematik")?;
    w.paragraph(Role::Title, &t.title);
    w.paragraph(Role::Subtitle, &cb.project);
    w.paragraph(Role::Heading(1), &t.table);
    let rows: Vec<(bool, Vec<String>)> = cb
        .entries
        .iter()
        .map(|e| (e.depth == 0, row(e, t)))
        .collect();
    // Twentieths of a point: 8,500 fill the text width of an A4 page.
    w.table(
        &header(t),
        &rows,
        &[
            (1100, false),
            (1500, false),
            (1850, false),
            (1050, true),
            (1050, true),
            (1050, true),
            (900, false),
        ],
    );
    w.paragraph(Role::Heading(1), &t.list);
    let options = DocxOptions::new(t.report.clone());
    for e in &cb.entries {
        let s = e.section();
        super::docx::section(&mut w, &s, list_level(e), Some(&counts(e, t)), &options);
    }
    if !cb.discarded.is_empty() {
        w.paragraph(Role::Heading(1), &t.discarded);
        for d in &cb.discarded {
            w.paragraph(Role::Body, d);
        }
    }
    w.finish()
}

/// "Klar · 12 Antal kodningar · 3 Dokument · 5 Deltagare" as a line.
fn counts(e: &CodebookEntry, t: &CodebookTexts) -> String {
    format!(
        "{}: {} · {}: {} · {}: {} · {}: {}",
        t.status,
        t.status(e.status),
        t.codings,
        e.codings,
        t.documents,
        e.documents,
        t.participants,
        e.participants
    )
}

/// Escapes a table cell of Markdown: its pipes and line breaks.
fn md_cell(text: &str) -> String {
    super::text::md_escape(text).replace('\n', "<br>")
}

/// The codebook as Markdown: a pipe table, then the list.
pub fn codebook_markdown(cb: &Codebook, t: &CodebookTexts) -> String {
    let esc = super::text::md_escape;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n\n*{}*\n", esc(&t.title), esc(&cb.project));
    let _ = writeln!(out, "## {}\n", esc(&t.table));
    let head = header(t);
    let _ = writeln!(
        out,
        "| {} |",
        head.iter()
            .map(|h| md_cell(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(out, "|{}", " --- |".repeat(head.len()));
    for e in &cb.entries {
        let cells: Vec<String> = row(e, t).iter().map(|c| md_cell(c.trim())).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    let _ = writeln!(out, "\n## {}\n", esc(&t.list));
    for e in &cb.entries {
        let hashes = usize::from(list_level(e)) + 1;
        let summary = counts(e, t);
        super::text::markdown_section(&mut out, &e.section(), &t.report, hashes, Some(&summary));
    }
    if !cb.discarded.is_empty() {
        let _ = writeln!(out, "## {}\n", esc(&t.discarded));
        for d in &cb.discarded {
            let _ = writeln!(out, "- {}", esc(d));
        }
    }
    out
}

/// The codebook as CSV: one row per node with its path, the scope notes
/// in columns of their own and the counts as numbers (discarded nodes left
/// out), through the one formula-safe CSV writer.
pub fn codebook_csv(cb: &Codebook, t: &CodebookTexts, how: &TableExport) -> Result<Vec<u8>> {
    let text = |s: &str| Cell::Text(s.to_owned());
    let mut table = vec![
        [
            &t.theme,
            &t.code,
            &t.definition,
            &t.report.includes,
            &t.report.excludes,
            &t.status,
            &t.codings,
            &t.documents,
            &t.participants,
        ]
        .iter()
        .map(|h| text(h))
        .collect::<Vec<_>>(),
    ];
    for e in &cb.entries {
        table.push(vec![
            text(e.path.first().map_or("", String::as_str)),
            text(&e.path[1..].join(" / ")),
            text(&e.definition),
            text(&e.scope_includes),
            text(&e.scope_excludes),
            text(t.status(e.status)),
            Cell::Number(f64::from(e.codings)),
            Cell::Number(f64::from(e.documents)),
            Cell::Number(f64::from(e.participants)),
        ]);
    }
    analysis::csv_bytes(&table, how)
}
