//! A report as Markdown, plain text and HTML (the clipboard's rich text,
//! with [`plain_text`] as its plain fallback).
//!
//! Every text of the user's is escaped for the format, so a quote that
//! holds `<script>` or `*stars*` comes out as written. A quote's note and
//! source are written when the report holds them (the caller leaves them
//! empty to leave them out).

use super::report::{Report, ReportQuote, ReportTexts, Section};
use std::fmt::Write;

/// Escapes Markdown's markup characters (and HTML's, which Markdown lets
/// through) in one line of user text.
pub(crate) fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    let mut out = quick_xml::escape::partial_escape(&out).into_owned();
    // A line starting as a list item or ordered list stays text.
    if out.starts_with(['-', '+']) || leading_number_dot(&out) {
        out.insert(0, '\\');
    }
    out
}

fn leading_number_dot(s: &str) -> bool {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && s[digits..].starts_with(['.', ')'])
}

/// Escapes text for HTML content (`&`, `<`, `>`): user text is only ever
/// content here, never an attribute value, and Word's HTML import does not
/// know every entity (`&apos;` is not HTML 4's).
fn html_escape(text: &str) -> String {
    quick_xml::escape::partial_escape(text).into_owned()
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').map(|l| l.trim_end_matches('\r'))
}

fn nonempty(s: &str) -> Option<&str> {
    Some(s).filter(|s| !s.trim().is_empty())
}

/// The scope notes and definition of a section, as (label, text).
fn body(s: &Section, t: &ReportTexts) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    if let Some(d) = nonempty(&s.definition) {
        out.push((None, d.to_owned()));
    }
    if let Some(i) = nonempty(&s.scope_includes) {
        out.push((Some(t.includes.clone()), i.to_owned()));
    }
    if let Some(e) = nonempty(&s.scope_excludes) {
        out.push((Some(t.excludes.clone()), e.to_owned()));
    }
    out
}

/// The lines written under a quote, as (label, text).
fn under(q: &ReportQuote, t: &ReportTexts) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(w) = q.warning.as_deref().and_then(nonempty) {
        out.push((format!("⚠ {}", t.warning), w.to_owned()));
    }
    if let Some(n) = nonempty(&q.note) {
        out.push((t.note.clone(), n.to_owned()));
    }
    if let Some(s) = nonempty(&q.source) {
        out.push((t.source.clone(), s.to_owned()));
    }
    out
}

/// A report as Markdown: `#` title, `##`–`####` for the levels, quotes as
/// block quotes with the attribution as their last line.
pub fn markdown(report: &Report, texts: &ReportTexts) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md_escape(&report.title));
    if let Some(sub) = report.subtitle.as_deref().and_then(nonempty) {
        let _ = writeln!(out, "*{}*\n", md_escape(sub));
    }
    for s in &report.sections {
        markdown_section(
            &mut out,
            s,
            texts,
            usize::from(s.level.clamp(1, 3)) + 1,
            None,
        );
    }
    out
}

/// One section as Markdown under a heading of `hashes` #s, with an
/// optional line (the codebook's counts) after its definition.
pub(crate) fn markdown_section(
    out: &mut String,
    s: &Section,
    texts: &ReportTexts,
    hashes: usize,
    summary: Option<&str>,
) {
    let _ = writeln!(out, "{} {}\n", "#".repeat(hashes), md_escape(&s.title));
    for (label, text) in body(s, texts) {
        let text: Vec<String> = lines(&text).map(md_escape).collect();
        match label {
            Some(l) => {
                let _ = writeln!(out, "**{}:** {}\n", md_escape(&l), text.join("  \n"));
            }
            None => {
                let _ = writeln!(out, "{}\n", text.join("  \n"));
            }
        }
    }
    if let Some(line) = summary {
        let _ = writeln!(out, "{}\n", md_escape(line));
    }
    for q in &s.quotes {
        for line in lines(&q.text) {
            let _ = writeln!(out, "> {}  ", md_escape(line));
        }
        if let Some(a) = nonempty(&q.attribution) {
            let _ = writeln!(out, ">\n> *{}*", md_escape(a));
        }
        out.push('\n');
        for (label, text) in under(q, texts) {
            let _ = writeln!(out, "**{}:** {}\n", md_escape(&label), md_escape(&text));
        }
    }
}

/// A report as plain text: headings underlined, quotes indented.
pub fn plain_text(report: &Report, texts: &ReportTexts) -> String {
    let mut out = String::new();
    let underline = |out: &mut String, text: &str, c: char| {
        let _ = writeln!(
            out,
            "{text}\n{}",
            c.to_string().repeat(text.chars().count())
        );
    };
    underline(&mut out, &report.title, '=');
    if let Some(sub) = report.subtitle.as_deref().and_then(nonempty) {
        let _ = writeln!(out, "{sub}");
    }
    for s in &report.sections {
        out.push('\n');
        match s.level {
            0 | 1 => underline(&mut out, &s.title, '='),
            2 => underline(&mut out, &s.title, '-'),
            _ => {
                let _ = writeln!(out, "{}", s.title);
            }
        }
        for (label, text) in body(s, texts) {
            match label {
                Some(l) => {
                    let _ = writeln!(out, "{l}: {text}");
                }
                None => {
                    let _ = writeln!(out, "{text}");
                }
            }
        }
        for q in &s.quotes {
            out.push('\n');
            for line in lines(&q.text) {
                let _ = writeln!(out, "    {line}");
            }
            if let Some(a) = nonempty(&q.attribution) {
                let _ = writeln!(out, "    {a}");
            }
            for (label, text) in under(q, texts) {
                let _ = writeln!(out, "    {label}: {text}");
            }
        }
    }
    out
}

/// A report as HTML for the clipboard: headings, paragraphs, each quote a
/// block quote with its attribution right-aligned, so it pastes into Word
/// as a report, not as one run of text.
pub fn html(report: &Report, texts: &ReportTexts) -> String {
    let e = html_escape;
    let with_breaks = |t: &str| lines(t).map(html_escape).collect::<Vec<_>>().join("<br>");
    let mut out = String::from("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">");
    let _ = writeln!(out, "<title>{}</title></head><body>", e(&report.title));
    let _ = writeln!(out, "<h1>{}</h1>", e(&report.title));
    if let Some(sub) = report.subtitle.as_deref().and_then(nonempty) {
        let _ = writeln!(out, "<p><em>{}</em></p>", e(sub));
    }
    for s in &report.sections {
        let h = s.level.clamp(1, 3) + 1;
        let _ = writeln!(out, "<h{h}>{}</h{h}>", e(&s.title));
        for (label, text) in body(s, texts) {
            match label {
                Some(l) => {
                    let _ = writeln!(
                        out,
                        "<p><strong>{}:</strong> {}</p>",
                        e(&l),
                        with_breaks(&text)
                    );
                }
                None => {
                    let _ = writeln!(out, "<p>{}</p>", with_breaks(&text));
                }
            }
        }
        for q in &s.quotes {
            let _ = write!(
                out,
                "<blockquote style=\"margin-left:2em;margin-right:2em\"><p><em>{}</em></p>",
                with_breaks(&q.text)
            );
            if let Some(a) = nonempty(&q.attribution) {
                let _ = write!(out, "<p style=\"text-align:right\">{}</p>", e(a));
            }
            out.push_str("</blockquote>\n");
            for (label, text) in under(q, texts) {
                let _ = writeln!(
                    out,
                    "<p><strong>{}:</strong> {}</p>",
                    e(&label),
                    with_breaks(&text)
                );
            }
        }
    }
    out.push_str("</body></html>\n");
    out
}
