//! Attribution of a quote ("– arbetsterapeut, team 3, 2023"), filled from a
//! template and the project's attributes: the one function the quotes view,
//! quote sets and every export call.
//!
//! A template is text with placeholders:
//! - `{Yrke}` — an attribute's value, looked up by name (case-insensitive)
//!   on the speaker's case first, then on the document (its respondent's
//!   case for a survey answer, then the document's own attributes);
//! - `{speaker}` — the speaker label of the turn the quote starts in;
//!   `{case}` — the name of the speaker's or respondent's case;
//! - `{Yrke|speaker}` — the first of several that has a value;
//! - `{Yrke:lower}` — the value in lower case (`:upper` too).
//!
//! A part in square brackets (`[, team {Team}]`) is left out when one of its
//! placeholders has no value. A placeholder outside brackets that has no
//! value is written as `…` (never as `{Yrke}`) and reported in
//! [`Attribution::missing`], so a view can flag it.

use crate::error::{Error, Result};
use crate::{Coding, DocumentKind, Project};

/// The default attribution of a quote from a transcript.
pub const TRANSCRIPT_TEMPLATE: &str = "– {Yrke|speaker:lower}[, team {Team}][, {Omgång}]";

/// The default attribution of a survey answer.
pub const SURVEY_TEMPLATE: &str = "– respondent {case}[, {Kommun}][, team {Team}][, {Omgång}]";

/// An attribution as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribution {
    /// The text, e.g. "– arbetsterapeut, team 3, 2023".
    pub text: String,
    /// Placeholders outside brackets that had no value (written as "…").
    pub missing: Vec<String>,
}

/// Where a template's values come from.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// The speaker label of the quote's turn.
    pub speaker: Option<String>,
    /// The name of the speaker's (or respondent's) case.
    pub case: Option<String>,
    /// Attributes in lookup order: the case's first, then the document's.
    pub attributes: Vec<(String, String)>,
}

impl Sources {
    fn value(&self, name: &str) -> Option<String> {
        let v = match name {
            "speaker" => self.speaker.clone(),
            "case" => self.case.clone(),
            _ => self
                .attributes
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone()),
        };
        v.filter(|v| !v.trim().is_empty())
    }
}

#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    Field {
        names: Vec<String>,
        filter: Option<String>,
    },
    Optional(Vec<Piece>),
}

fn parse(template: &str) -> Result<Vec<Piece>> {
    let bad = |reason: &str| Error::BadAttribution {
        template: template.to_owned(),
        reason: reason.to_owned(),
    };
    let mut stack: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut text = String::new();
    let mut chars = template.chars();
    let flush = |text: &mut String, stack: &mut Vec<Vec<Piece>>| {
        if !text.is_empty() {
            stack
                .last_mut()
                .expect("a level")
                .push(Piece::Text(std::mem::take(text)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                flush(&mut text, &mut stack);
                let mut field = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') => return Err(bad("a { inside a placeholder")),
                        Some(c) => field.push(c),
                        None => return Err(bad("a placeholder is not closed with }")),
                    }
                }
                let (names, filter) = match field.rsplit_once(':') {
                    Some((n, f)) => (n, Some(f.trim().to_lowercase())),
                    None => (field.as_str(), None),
                };
                if let Some(f) = &filter
                    && f != "lower"
                    && f != "upper"
                {
                    return Err(bad(&format!("unknown filter :{f} (use :lower or :upper)")));
                }
                let names: Vec<String> = names.split('|').map(|n| n.trim().to_owned()).collect();
                if names.iter().any(String::is_empty) {
                    return Err(bad("an empty placeholder"));
                }
                stack
                    .last_mut()
                    .expect("a level")
                    .push(Piece::Field { names, filter });
            }
            '}' => return Err(bad("a } without its {")),
            '[' => {
                flush(&mut text, &mut stack);
                stack.push(Vec::new());
            }
            ']' => {
                flush(&mut text, &mut stack);
                if stack.len() == 1 {
                    return Err(bad("a ] without its ["));
                }
                let inner = stack.pop().expect("checked");
                stack
                    .last_mut()
                    .expect("a level")
                    .push(Piece::Optional(inner));
            }
            c => text.push(c),
        }
    }
    flush(&mut text, &mut stack);
    if stack.len() != 1 {
        return Err(bad("a [ is not closed with ]"));
    }
    Ok(stack.pop().expect("one level"))
}

fn field_value(names: &[String], filter: &Option<String>, src: &Sources) -> Option<String> {
    let v = names.iter().find_map(|n| src.value(n))?;
    Some(match filter.as_deref() {
        Some("lower") => v.to_lowercase(),
        Some("upper") => v.to_uppercase(),
        _ => v,
    })
}

/// Writes `pieces`; `None` when inside brackets a value is missing.
fn write(
    pieces: &[Piece],
    src: &Sources,
    optional: bool,
    missing: &mut Vec<String>,
) -> Option<String> {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Field { names, filter } => match field_value(names, filter, src) {
                Some(v) => out.push_str(&v),
                None if optional => return None,
                None => {
                    missing.push(names.join("|"));
                    out.push('…');
                }
            },
            Piece::Optional(inner) => {
                if let Some(t) = write(inner, src, true, missing) {
                    out.push_str(&t);
                }
            }
        }
    }
    Some(out)
}

/// Fills a template from `src`.
pub fn fill(template: &str, src: &Sources) -> Result<Attribution> {
    let pieces = parse(template)?;
    let mut missing = Vec::new();
    let text = write(&pieces, src, false, &mut missing).unwrap_or_default();
    Ok(Attribution { text, missing })
}

/// Checks a template without filling it (for a settings dialog).
pub fn check(template: &str) -> Result<()> {
    parse(template).map(|_| ())
}

/// Where the attribution of a coding takes its values: the turn it starts
/// in (speaker, the speaker's case), the document's respondent, and the
/// document's attributes.
pub fn sources(p: &Project, c: &Coding) -> Result<Sources> {
    Ok(sources_and_kind(p, c)?.0)
}

/// [`sources`], and the kind of the coding's document.
fn sources_and_kind(p: &Project, c: &Coding) -> Result<(Sources, DocumentKind)> {
    let mut src = Sources::default();
    let doc = p.document_summary(c.document_id)?;
    let mut case = None;
    if let Some(turn) = p.turn_at(c.document_id, c.start)? {
        src.speaker = Some(turn.speaker);
        case = turn.case_id;
    }
    let case = case.or(doc.case_id);
    if let Some(case) = case {
        let case = p.case(case)?;
        src.case = Some(case.name);
        src.attributes.extend(case.attributes);
    }
    src.attributes.extend(p.document_attributes(c.document_id)?);
    Ok((src, doc.kind))
}

/// The attribution of a coding with the default template for its kind of
/// document.
pub fn of_coding(p: &Project, c: &Coding) -> Result<Attribution> {
    let (src, kind) = sources_and_kind(p, c)?;
    let template = if src.speaker.is_none() && kind == DocumentKind::SurveyAnswer {
        SURVEY_TEMPLATE
    } else {
        TRANSCRIPT_TEMPLATE
    };
    fill(template, &src)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(speaker: Option<&str>, case: Option<&str>, attrs: &[(&str, &str)]) -> Sources {
        Sources {
            speaker: speaker.map(str::to_owned),
            case: case.map(str::to_owned),
            attributes: attrs
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn a_template_fills_from_attributes_with_fallbacks_filters_and_optional_parts() {
        let s = src(
            Some("Arbetsterapeut 1"),
            Some("fg1 / Arbetsterapeut 1"),
            &[
                ("Yrke", "Arbetsterapeut"),
                ("team", "3"),
                ("Omgång", "2023"),
            ],
        );
        let a = fill(TRANSCRIPT_TEMPLATE, &s).unwrap();
        assert_eq!(a.text, "– arbetsterapeut, team 3, 2023");
        assert!(a.missing.is_empty());
        // No profession: the speaker label stands in; no team: its part goes.
        let s = src(Some("Gruppledare"), None, &[("Omgång", "2022")]);
        assert_eq!(
            fill(TRANSCRIPT_TEMPLATE, &s).unwrap().text,
            "– gruppledare, 2022"
        );
        assert_eq!(
            fill(
                "En {Yrke:lower} i en {Kommunstorlek:lower} kommun",
                &src(
                    None,
                    None,
                    &[("Yrke", "Enhetschef"), ("Kommunstorlek", "Mellanstor")]
                )
            )
            .unwrap()
            .text,
            "En enhetschef i en mellanstor kommun"
        );
    }

    #[test]
    fn a_missing_value_is_reported_and_never_printed_as_its_placeholder() {
        let a = fill("– {Yrke}, {Kommun}", &src(None, None, &[("Kommun", "Åby")])).unwrap();
        assert_eq!(a.text, "– …, Åby");
        assert_eq!(a.missing, ["Yrke"]);
        assert!(!a.text.contains('{'));
        // A blank value counts as missing.
        let a = fill("[{Yrke}]x", &src(None, None, &[("Yrke", "  ")])).unwrap();
        assert_eq!(a.text, "x");
    }

    #[test]
    fn a_broken_template_is_refused_with_the_reason() {
        for t in [
            "– {Yrke",
            "– Yrke}",
            "[– {Yrke}",
            "– {Yrke}]",
            "{Yrke:fet}",
            "{}",
            "{a|}",
        ] {
            match fill(t, &Sources::default()) {
                Err(Error::BadAttribution { template, .. }) => assert_eq!(template, t),
                other => panic!("{t}: {other:?}"),
            }
        }
    }
}
