//! Quotes with their context, a page at a time: the page's codings are read
//! in one query, and each document's text and turns once, however many of
//! the page's quotes it holds. (Reading them one quote at a time cost a
//! whole 60,000-word transcript per quote.)

use super::{Quote, QuoteContext};
use crate::error::Result;
use crate::ids::{CodingId, DocumentId};
use crate::model::Coding;
use crate::storage::Project;
use crate::storage::documents::{self, TextBytes};
use crate::text::ByteOffsets;
use rusqlite::Connection;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Quotes of codings `ids`, in that order (ids not in the project are
/// skipped).
pub(crate) fn quotes(
    project: &Project,
    ids: &[CodingId],
    context: QuoteContext,
) -> Result<Vec<Quote>> {
    let conn = project.connection();
    let mut codings: HashMap<CodingId, Coding> = project
        .codings_by_ids(ids)?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut texts: HashMap<DocumentId, DocumentText> = HashMap::new();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(coding) = codings.remove(id) else {
            continue;
        };
        // The document of the first of its quotes on the page, read for
        // all of them.
        let doc = match texts.entry(coding.document_id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let mine: Vec<&Coding> = codings
                    .values()
                    .filter(|c| c.document_id == coding.document_id)
                    .chain(std::iter::once(&coding))
                    .collect();
                e.insert(DocumentText::load(conn, &mine)?)
            }
        };
        out.push(doc.quote(coding, context));
    }
    Ok(out)
}

/// What quotes need of one document: its name, the turns the page's
/// codings are in, and the text around them.
struct DocumentText {
    name: String,
    /// (speaker, start, text_start, end), in order: the turns the page's
    /// codings start in (all of them if the whole text was read).
    turns: Vec<(String, usize, usize, usize)>,
    /// Length in code points.
    len: usize,
    /// Per coding, the text of its passage (and of itself): where it
    /// starts (code points) and its characters.
    windows: HashMap<CodingId, (usize, Vec<char>)>,
}

impl DocumentText {
    fn load(conn: &Connection, codings: &[&Coding]) -> Result<DocumentText> {
        let doc = codings[0].document_id;
        let (name, len) = documents::name_and_length(conn, doc)?;
        let mut this = DocumentText {
            name,
            turns: Vec::new(),
            len,
            windows: HashMap::new(),
        };
        // A coding in a transcript: the turn it starts in (and, if it runs
        // on, the one it ends in), read from the lines' bytes alone.
        let mut rest: Vec<&Coding> = Vec::new();
        let mut bytes: Option<TextBytes> = None;
        for c in codings {
            if !this.window_from_turns(conn, &mut bytes, c)? {
                rest.push(c);
            }
        }
        this.turns.sort_by_key(|t| t.1);
        this.turns.dedup_by_key(|t| t.1);
        if !rest.is_empty() {
            this.windows_from_text(conn, &rest)?;
        }
        Ok(this)
    }

    /// The window of a coding that starts inside a turn whose bytes are
    /// known: the lines from that turn to the one it ends in. False if the
    /// coding is not in such turns.
    fn window_from_turns<'c>(
        &mut self,
        conn: &'c Connection,
        bytes: &mut Option<TextBytes<'c>>,
        c: &Coding,
    ) -> Result<bool> {
        let doc = c.document_id;
        let Some(first) = documents::turn_at_or_before(conn, doc, c.start)? else {
            return Ok(false);
        };
        if c.start >= first.end {
            return Ok(false);
        }
        let last = if c.end > first.end {
            match documents::turn_at_or_before(conn, doc, c.end - 1)? {
                Some(l) if c.end <= l.end => l,
                _ => return Ok(false),
            }
        } else {
            first.clone()
        };
        let (Some((b0, _)), Some((_, b1))) = (first.bytes, last.bytes) else {
            return Ok(false);
        };
        if bytes.is_none() {
            *bytes = Some(TextBytes::open(conn, doc)?);
        }
        let Some(lines) = bytes.as_ref().expect("opened above").read(b0, b1)? else {
            return Ok(false);
        };
        self.windows
            .insert(c.id, (first.start, lines.chars().collect()));
        self.turns
            .push((first.speaker, first.start, first.text_start, first.end));
        Ok(true)
    }

    /// The windows of codings not inside a turn with known bytes (plain
    /// text, mostly short answers; a transcript's blank lines): the whole
    /// text and all turns are read, and each window is its turn, else its
    /// line, widened to the coding itself.
    fn windows_from_text(&mut self, conn: &Connection, codings: &[&Coding]) -> Result<()> {
        let doc = codings[0].document_id;
        let text = documents::read_text(conn, doc)?;
        let all: Vec<(String, usize, usize, usize)> = conn
            .prepare_cached(
                "SELECT speaker, start, text_start, \"end\" FROM turns WHERE document_id = ?1 ORDER BY idx",
            )?
            .query_map([doc], |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, i64>(1)? as usize,
                    r.get::<_, i64>(2)? as usize,
                    r.get::<_, i64>(3)? as usize,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        if !all.is_empty() {
            self.turns = all;
        }
        let mut spans: Vec<(CodingId, usize, usize)> = Vec::new();
        let mut plain: Vec<&Coding> = Vec::new();
        for c in codings {
            match self.turn(c.start) {
                Some((_, _, s, e)) => spans.push((c.id, s.min(c.start), e.max(c.end))),
                None => plain.push(c),
            }
        }
        if !plain.is_empty() {
            let chars: Vec<char> = text.chars().collect();
            for c in plain {
                let (s, e) = line_around(&chars, c.start, c.end);
                spans.push((c.id, s.min(c.start), e.max(c.end)));
            }
        }
        for span in &mut spans {
            span.2 = span.2.min(self.len).max(span.1);
        }
        let bytes = ByteOffsets::new(&text, spans.iter().flat_map(|&(_, s, e)| [s, e]));
        for &(id, s, e) in &spans {
            self.windows
                .insert(id, (s, text[bytes.of(s)..bytes.of(e)].chars().collect()));
        }
        Ok(())
    }

    /// The turn a position is in: (speaker, start, text_start, end).
    fn turn(&self, pos: usize) -> Option<(&str, usize, usize, usize)> {
        let i = self.turns.partition_point(|t| t.1 <= pos);
        let t = self.turns.get(i.checked_sub(1)?)?;
        (pos < t.3).then_some((t.0.as_str(), t.1, t.2, t.3))
    }

    /// A coding's quote: the turn (or line) around it, or `n` sentences
    /// before and after it within that.
    fn quote(&self, coding: Coding, context: QuoteContext) -> Quote {
        let len = self.len;
        let turn = self.turn(coding.start);
        let (wstart, window) = self
            .windows
            .get(&coding.id)
            .map(|(s, w)| (*s, w.as_slice()))
            .unwrap_or((coding.start, &[]));
        // Characters [a, b) of the document, from the window.
        let at = |a: usize, b: usize| {
            let a = a.saturating_sub(wstart).min(window.len());
            &window[a..b.saturating_sub(wstart).clamp(a, window.len())]
        };
        // The passage: the turn, else the line.
        let (mut from, mut to) = match turn {
            Some((_, _, s, e)) => (s, e),
            None => {
                let (s, e) = line_around(
                    window,
                    coding.start.saturating_sub(wstart),
                    coding.end.saturating_sub(wstart),
                );
                (wstart + s, wstart + e)
            }
        };
        if let QuoteContext::Sentences(n) = context {
            let is_end = |c: char| matches!(c, '.' | '!' | '?' | '…');
            let mut s = coding.start.min(len);
            for _ in 0..=n {
                match at(from, s.saturating_sub(1).max(from))
                    .iter()
                    .rposition(|c| is_end(*c))
                {
                    Some(i) if from + i + 1 < s => s = from + i + 1,
                    _ => {
                        s = from;
                        break;
                    }
                }
            }
            let mut e = coding.end.min(len);
            for _ in 0..n {
                match at(e.min(to), to).iter().position(|c| is_end(*c)) {
                    Some(i) => e = e + i + 1,
                    None => {
                        e = to;
                        break;
                    }
                }
            }
            from = s.min(coding.start);
            to = e.max(coding.end).min(to.max(coding.end));
        }
        from = from.min(coding.start);
        to = to.max(coding.end).min(len);
        let context_text: String = at(from, to).iter().collect();
        let trimmed = context_text.trim_start();
        Quote {
            speaker: turn.map(|t| t.0.to_owned()),
            document_name: self.name.clone(),
            context_start: from + (context_text.chars().count() - trimmed.chars().count()),
            context: trimmed.to_owned(),
            coding,
        }
    }
}

/// The line (between newlines) around `[start, end)` of `chars`.
fn line_around(chars: &[char], start: usize, end: usize) -> (usize, usize) {
    let from = chars[..start.min(chars.len())]
        .iter()
        .rposition(|c| *c == '\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let to = chars[end.min(chars.len())..]
        .iter()
        .position(|c| *c == '\n')
        .map(|i| end + i)
        .unwrap_or(chars.len());
    (from, to)
}
