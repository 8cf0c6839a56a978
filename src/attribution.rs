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
//!
//! A speaker label or case name that looks like a person's name ("Anna",
//! "Karin Lund") is never printed: `{speaker}` and `{case}` have no value
//! then ([`looks_like_personal_name`]).
//!
//! **Re-identification.** An attribution shows some attribute values
//! ("sjuksköterska", "team 3", "2023"). When fewer than *k* participants of
//! the project share all the values it shows, it may point at one person:
//! [`Population::risk`] says so with the values and the count, and
//! [`Population::coarser`] finds a template that shows less until it no
//! longer does.

use crate::error::{Error, Result};
use crate::ids::{CaseId, DocumentId};
use crate::storage::ProjectSettings;
use crate::{Coding, DocumentKind, Project};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

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
            "speaker" => self
                .speaker
                .clone()
                .filter(|s| !looks_like_personal_name(s)),
            "case" => self.case.clone().filter(|s| !looks_like_personal_name(s)),
            _ => self
                .attributes
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone()),
        };
        v.filter(|v| !v.trim().is_empty())
    }
}

#[derive(Clone, Debug, PartialEq)]
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

/// The attribution of a coding with the project's template for its kind
/// of document.
pub fn of_coding(p: &Project, c: &Coding) -> Result<Attribution> {
    of_coding_with(p, c, &Templates::of(&p.project_settings()?))
}

/// Whether a speaker label or case name looks like a person's name, so an
/// attribution must not print it: it does not read as a role (the rule of
/// [`crate::import::reads_as_role`], the same the importer uses to tell a
/// profession from a name). A case name ("fokusgrupp-1 / Sjuksköterska")
/// is judged by its last part.
pub fn looks_like_personal_name(label: &str) -> bool {
    let last = label.rsplit(" / ").next().unwrap_or(label).trim();
    !last.is_empty() && !crate::import::reads_as_role(last)
}

/// Writes pieces back as template text.
fn unparse(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Field { names, filter } => {
                out.push('{');
                out.push_str(&names.join("|"));
                if let Some(f) = filter {
                    out.push(':');
                    out.push_str(f);
                }
                out.push('}');
            }
            Piece::Optional(inner) => {
                out.push('[');
                out.push_str(&unparse(inner));
                out.push(']');
            }
        }
    }
    out
}

/// The placeholders that print a value for `src`, as (placeholder, value),
/// in the template's order: what the attribution shows of the participant.
/// `None` when inside brackets a value is missing (the part is left out).
fn collect(pieces: &[Piece], src: &Sources, optional: bool) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    for p in pieces {
        match p {
            Piece::Text(_) => {}
            Piece::Field { names, filter } => match field_value(names, filter, src) {
                Some(v) => out.push((names.join("|"), v)),
                None if optional => return None,
                None => {}
            },
            Piece::Optional(inner) => {
                if let Some(v) = collect(inner, src, true) {
                    out.extend(v);
                }
            }
        }
    }
    Some(out)
}

fn shown_values(pieces: &[Piece], src: &Sources) -> Vec<(String, String)> {
    collect(pieces, src, false).unwrap_or_default()
}

/// The templates of a project, by kind of document.
#[derive(Clone, Debug)]
pub struct Templates {
    /// For transcripts and texts.
    pub transcript: String,
    /// For survey answers.
    pub survey: String,
}

impl Templates {
    /// The templates a project's settings name.
    pub fn of(settings: &ProjectSettings) -> Templates {
        Templates {
            transcript: settings.transcript_attribution.clone(),
            survey: settings.survey_attribution.clone(),
        }
    }

    /// The template for a quote with these sources from this kind of document.
    pub fn for_quote(&self, src: &Sources, kind: DocumentKind) -> &str {
        if src.speaker.is_none() && kind == DocumentKind::SurveyAnswer {
            &self.survey
        } else {
            &self.transcript
        }
    }
}

/// [`sources`] and the kind of the coding's document, for a caller that
/// chooses the template itself.
pub fn sources_of(p: &Project, c: &Coding) -> Result<(Sources, DocumentKind)> {
    sources_and_kind(p, c)
}

/// Who a participant is, for counting participants: their case, or for a
/// speaker without one the speaker in that document.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Participant {
    Case(CaseId),
    Speaker(DocumentId, String),
    Document(DocumentId),
}

/// What a template shows of the participant occurrences, grouped: each
/// distinct list of shown values once, with the participants (indexes,
/// sorted, each once) it is shown of. A project has far fewer such lists
/// (professions × teams × rounds …) than occurrences, so a check walks
/// these.
type Shown = Arc<Vec<(Vec<(String, String)>, Vec<u32>)>>;

/// Every participant of a project where they occur (each document they
/// speak in or answer), with the values an attribution could show of them.
#[derive(Debug, Default)]
pub struct Population {
    /// (participant index, sources) per occurrence.
    occurrences: Vec<(u32, Sources)>,
    participants: usize,
    /// What each template asked about shows of every occurrence.
    shown: Mutex<HashMap<String, Shown>>,
}

/// An attribution that may identify someone.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Risk {
    /// How many participants of the project share every value it shows.
    pub participants: u32,
    /// The smallest group the project accepts (k).
    pub k: u32,
    /// What the attribution shows, as (placeholder, value).
    pub shown: Vec<(String, String)>,
}

impl Population {
    /// Reads every participant occurrence of a project: each speaker of each
    /// transcript (with their case, if any), and each respondent of a survey
    /// answer, with the case's and the document's attributes.
    pub fn read(p: &Project) -> Result<Population> {
        let conn = p.connection();
        let mut case_attrs: HashMap<CaseId, Vec<(String, String)>> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT v.case_id, a.name, v.value FROM case_attributes v
               JOIN attributes a ON a.id = v.attribute_id ORDER BY a.sort_key",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
            let (case, name, value): (CaseId, String, String) = row?;
            case_attrs.entry(case).or_default().push((name, value));
        }
        let mut doc_attrs: HashMap<DocumentId, Vec<(String, String)>> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT v.document_id, a.name, v.value FROM document_attributes v
               JOIN attributes a ON a.id = v.attribute_id ORDER BY a.sort_key",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
            let (doc, name, value): (DocumentId, String, String) = row?;
            doc_attrs.entry(doc).or_default().push((name, value));
        }
        let case_names: HashMap<CaseId, String> = conn
            .prepare("SELECT id, name FROM cases")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let sources = |doc: DocumentId, speaker: Option<String>, case: Option<CaseId>| {
            let mut attributes = case
                .and_then(|c| case_attrs.get(&c))
                .cloned()
                .unwrap_or_default();
            attributes.extend(doc_attrs.get(&doc).cloned().unwrap_or_default());
            Sources {
                speaker,
                case: case.and_then(|c| case_names.get(&c).cloned()),
                attributes,
            }
        };
        let mut occurrences: Vec<(Participant, Sources)> = Vec::new();
        // Speakers: the turn's case, else the document's (as `sources`).
        let mut stmt = conn.prepare(
            "SELECT DISTINCT t.document_id, t.speaker, COALESCE(t.case_id, d.case_id)
               FROM turns t JOIN documents d ON d.id = t.document_id",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
            let (doc, speaker, case): (DocumentId, String, Option<CaseId>) = row?;
            let who = match case {
                Some(c) => Participant::Case(c),
                None => Participant::Speaker(doc, speaker.clone()),
            };
            occurrences.push((who, sources(doc, Some(speaker), case)));
        }
        // Documents without turns: a survey answer's respondent, or the
        // document itself.
        let mut stmt = conn.prepare(
            "SELECT d.id, d.case_id FROM documents d
              WHERE NOT EXISTS (SELECT 1 FROM turns t WHERE t.document_id = d.id)",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (doc, case): (DocumentId, Option<CaseId>) = row?;
            let who = match case {
                Some(c) => Participant::Case(c),
                None => Participant::Document(doc),
            };
            occurrences.push((who, sources(doc, None, case)));
        }
        Ok(Population::of(occurrences))
    }

    fn of(occurrences: Vec<(Participant, Sources)>) -> Population {
        let mut index: HashMap<Participant, u32> = HashMap::new();
        let occurrences = occurrences
            .into_iter()
            .map(|(who, src)| {
                let next = index.len() as u32;
                (*index.entry(who).or_insert(next), src)
            })
            .collect();
        Population {
            occurrences,
            participants: index.len(),
            shown: Mutex::default(),
        }
    }

    /// How many participants the project has.
    pub fn participants(&self) -> usize {
        self.participants
    }

    /// What `pieces` shows of every occurrence, worked out once per template.
    fn shown_by(&self, pieces: &[Piece]) -> Shown {
        let key = unparse(pieces);
        let mut cache = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(key)
            .or_insert_with(|| {
                let mut groups: HashMap<Vec<(String, String)>, Vec<u32>> = HashMap::new();
                for (p, src) in &self.occurrences {
                    groups
                        .entry(shown_values(pieces, src))
                        .or_default()
                        .push(*p);
                }
                Arc::new(
                    groups
                        .into_iter()
                        .map(|(shown, mut who)| {
                            who.sort_unstable();
                            who.dedup();
                            (shown, who)
                        })
                        .collect(),
                )
            })
            .clone()
    }

    /// How many participants share every value in `shown` (with the same
    /// template): all of them when it shows nothing.
    fn sharing(&self, pieces: &[Piece], shown: &[(String, String)]) -> u32 {
        if shown.is_empty() {
            return self.participants as u32;
        }
        let groups = self.shown_by(pieces);
        let matching: Vec<&[u32]> = groups
            .iter()
            .filter(|(theirs, _)| shown.iter().all(|s| theirs.contains(s)))
            .map(|(_, who)| who.as_slice())
            .collect();
        match matching.as_slice() {
            // The common case: the values a quote shows are all its group has.
            [one] => one.len() as u32,
            // Several groups may share participants.
            many => {
                let who: HashSet<u32> = many.iter().flat_map(|w| w.iter().copied()).collect();
                who.len() as u32
            }
        }
    }

    /// Whether the attribution `template` writes for `src` may identify
    /// someone: the values it shows fit fewer than `k` participants.
    pub fn risk(&self, template: &str, src: &Sources, k: u32) -> Result<Option<Risk>> {
        let pieces = parse(template)?;
        let shown = shown_values(&pieces, src);
        let n = self.sharing(&pieces, &shown);
        Ok((!shown.is_empty() && n < k).then_some(Risk {
            participants: n,
            k,
            shown,
        }))
    }

    /// A template that shows less than `template` until the attribution
    /// fits at least `k` participants, leaving out a placeholder or a part
    /// in brackets at a time: of the removals that make it safe, the last
    /// in the template (templates name what matters most first: the
    /// profession before the team and the year); when none does yet, the
    /// one that leaves the largest group. `None` when `template` is safe
    /// already.
    pub fn coarser(&self, template: &str, src: &Sources, k: u32) -> Result<Option<String>> {
        let mut pieces = parse(template)?;
        if self.risk(template, src, k)?.is_none() {
            return Ok(None);
        }
        loop {
            let mut best: Option<(u32, Vec<Piece>)> = None;
            for candidate in removals(&pieces) {
                let shown = shown_values(&candidate, src);
                let n = self.sharing(&candidate, &shown);
                // Removals come in template order: a later safe one wins.
                let better = match &best {
                    None => true,
                    Some((m, _)) => (n >= k && *m >= k) || n > *m,
                };
                if better {
                    best = Some((n, candidate));
                }
            }
            match best {
                Some((n, candidate)) => {
                    pieces = candidate;
                    if n >= k {
                        return Ok(Some(tidy(&unparse(&pieces))));
                    }
                }
                None => return Ok(Some(tidy(&unparse(&pieces)))),
            }
        }
    }
}

/// Every template one step coarser than `pieces`: a part in brackets left
/// out, or a placeholder outside brackets left out with the text before it
/// from its last separator on.
fn removals(pieces: &[Piece]) -> Vec<Vec<Piece>> {
    let mut out = Vec::new();
    for (i, p) in pieces.iter().enumerate() {
        match p {
            Piece::Optional(inner) if has_field(inner) => {
                let mut v = pieces.to_vec();
                v.remove(i);
                out.push(v);
            }
            Piece::Field { .. } => {
                let mut v = pieces.to_vec();
                v.remove(i);
                // The text before it from its last separator on (", team "
                // in "{A}, team {B}"); when there is none ("– " in "– {A}[,
                // {B}]"), the separator the next part starts with, so the
                // attribution does not start "– , ".
                let cut_before = i > 0
                    && match &mut v[i - 1] {
                        Piece::Text(t) => match t.rfind(SEPARATORS) {
                            Some(at) => {
                                t.truncate(at);
                                true
                            }
                            None => false,
                        },
                        _ => false,
                    };
                if !cut_before {
                    strip_leading_separator(&mut v[i..]);
                }
                out.push(v);
            }
            _ => {}
        }
    }
    out
}

/// What separates the parts of an attribution.
const SEPARATORS: [char; 4] = [',', ';', '/', '·'];

/// Takes the separator off the start of the first text in `pieces`
/// (looking into a part in brackets).
fn strip_leading_separator(pieces: &mut [Piece]) {
    match pieces.first_mut() {
        Some(Piece::Text(t)) => {
            let trimmed = t.trim_start();
            if let Some(rest) = trimmed.strip_prefix(SEPARATORS) {
                *t = rest.trim_start().to_owned();
            }
        }
        Some(Piece::Optional(inner)) => strip_leading_separator(inner),
        _ => {}
    }
}

fn has_field(pieces: &[Piece]) -> bool {
    pieces.iter().any(|p| match p {
        Piece::Field { .. } => true,
        Piece::Optional(inner) => has_field(inner),
        Piece::Text(_) => false,
    })
}

/// A template with the spaces a removal left doubled or dangling taken out.
fn tidy(template: &str) -> String {
    let mut t = template.to_owned();
    while t.contains("  ") {
        t = t.replace("  ", " ");
    }
    t.trim_end_matches([',', ' ', ';']).to_owned()
}

/// The attribution of a coding with the project's template for its kind of
/// document.
pub fn of_coding_with(p: &Project, c: &Coding, templates: &Templates) -> Result<Attribution> {
    let (src, kind) = sources_and_kind(p, c)?;
    fill(templates.for_quote(&src, kind), &src)
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
    fn personal_names_are_told_from_role_labels() {
        for name in [
            "Anna",
            "anna k",
            "Karin Lund",
            "Per-Olof Ek",
            "Mohammed",
            "Åsa B.",
        ] {
            assert!(looks_like_personal_name(name), "{name}");
        }
        for role in [
            "Moderator",
            "Arbetsterapeut 1",
            "IP3",
            "Intervjuare",
            "Deltagare B2",
            "Enhetschef",
            "Biståndsbedömare",
            "fokusgrupp-2022-team1 / Undersköterska 2",
            "",
        ] {
            assert!(!looks_like_personal_name(role), "{role}");
        }
        // Never printed by a template: the fallback stands in, or it is missing.
        let s = src(Some("Karin Lund"), Some("Karin Lund"), &[]);
        assert_eq!(fill("– {speaker}", &s).unwrap().missing, ["speaker"]);
        assert_eq!(fill("– {Yrke|case}[ ({speaker})]", &s).unwrap().text, "– …");
    }

    fn population(people: &[(&str, &[(&str, &str)])]) -> Population {
        Population::of(
            people
                .iter()
                .map(|(who, attrs)| {
                    (
                        Participant::Speaker(DocumentId(uuid::Uuid::nil()), (*who).to_owned()),
                        src(Some(who), None, attrs),
                    )
                })
                .collect(),
        )
    }

    #[test]
    fn an_attribution_fitting_fewer_than_k_participants_warns_and_a_coarser_one_does_not() {
        let people: Vec<(&str, &[(&str, &str)])> = vec![
            (
                "A",
                &[("Yrke", "Sjuksköterska"), ("Team", "3"), ("Omgång", "2023")],
            ),
            (
                "B",
                &[("Yrke", "Sjuksköterska"), ("Team", "1"), ("Omgång", "2023")],
            ),
            (
                "C",
                &[("Yrke", "Sjuksköterska"), ("Team", "2"), ("Omgång", "2023")],
            ),
            (
                "D",
                &[
                    ("Yrke", "Arbetsterapeut"),
                    ("Team", "3"),
                    ("Omgång", "2023"),
                ],
            ),
            (
                "E",
                &[
                    ("Yrke", "Arbetsterapeut"),
                    ("Team", "3"),
                    ("Omgång", "2023"),
                ],
            ),
            (
                "F",
                &[
                    ("Yrke", "Arbetsterapeut"),
                    ("Team", "3"),
                    ("Omgång", "2023"),
                ],
            ),
        ];
        let pop = population(&people);
        let t = "– {Yrke:lower}[, team {Team}][, {Omgång}]";
        let a = src(Some("A"), None, people[0].1);
        let risk = pop.risk(t, &a, 3).unwrap().expect("one nurse in team 3");
        assert_eq!(risk.participants, 1);
        assert_eq!(
            risk.shown,
            [
                ("Yrke".to_owned(), "sjuksköterska".to_owned()),
                ("Team".to_owned(), "3".to_owned()),
                ("Omgång".to_owned(), "2023".to_owned())
            ]
        );
        // Three occupational therapists in team 3: no warning.
        let d = src(Some("D"), None, people[3].1);
        assert_eq!(pop.risk(t, &d, 3).unwrap(), None);
        // The coarser template leaves out the team and is safe.
        let coarser = pop.coarser(t, &a, 3).unwrap().expect("a coarser one");
        assert_eq!(coarser, "– {Yrke:lower}[, {Omgång}]");
        assert_eq!(pop.risk(&coarser, &a, 3).unwrap(), None);
        assert_eq!(pop.coarser(t, &d, 3).unwrap(), None, "safe already");
        // k = 4: even "sjuksköterska, 2023" is too few; the profession goes.
        let c4 = pop.coarser(t, &a, 4).unwrap().unwrap();
        assert_eq!(pop.risk(&c4, &a, 4).unwrap(), None, "{c4}");
        assert!(!c4.contains("Yrke"), "{c4}");
        // A placeholder outside brackets goes with its separator.
        let c = pop
            .coarser("– {Yrke:lower}, team {Team}", &a, 3)
            .unwrap()
            .unwrap();
        assert_eq!(c, "– {Yrke:lower}");
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
