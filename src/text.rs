//! Text positions.
//!
//! Every position Tematik stores is a count of Unicode code points into the
//! NFC-normalised document text, end exclusive. JavaScript counts UTF-16 code
//! units and Rust strings are UTF-8, so conversions happen at the edges with
//! the functions here, which refuse positions that fall inside a character.

use crate::error::{Error, Result};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// The NFC normalisation of `s` (å typed as a + combining ring becomes one
/// code point, so positions mean the same whatever produced the text).
pub fn nfc(s: &str) -> String {
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// Number of code points in `s`.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// The text between code point positions `start` (inclusive) and `end` (exclusive).
pub fn slice(text: &str, start: usize, end: usize) -> Result<&str> {
    if start > end {
        return Err(Error::EmptySpan { start, end });
    }
    let from = cp_to_utf8(text, start)?;
    let len = text[from..]
        .char_indices()
        .nth(end - start)
        .map(|(i, _)| i)
        .or_else(|| (text[from..].chars().count() == end - start).then(|| text.len() - from))
        .ok_or_else(|| out_of_range(end, text))?;
    Ok(&text[from..from + len])
}

fn out_of_range(pos: usize, text: &str) -> Error {
    Error::OutOfRange {
        what: "position",
        value: pos,
        limit: char_len(text),
    }
}

/// Code point position → UTF-8 byte offset.
pub fn cp_to_utf8(text: &str, cp: usize) -> Result<usize> {
    if cp == 0 {
        return Ok(0);
    }
    let mut seen = 0;
    for (byte, _) in text.char_indices() {
        if seen == cp {
            return Ok(byte);
        }
        seen += 1;
    }
    if seen == cp {
        Ok(text.len())
    } else {
        Err(out_of_range(cp, text))
    }
}

/// UTF-8 byte offset → code point position. The offset must be a character boundary.
pub fn utf8_to_cp(text: &str, byte: usize) -> Result<usize> {
    if byte > text.len() {
        return Err(Error::OutOfRange {
            what: "byte offset",
            value: byte,
            limit: text.len(),
        });
    }
    if !text.is_char_boundary(byte) {
        return Err(Error::InsideCharacter {
            what: "byte offset",
            value: byte,
        });
    }
    Ok(text[..byte].chars().count())
}

/// Code point position → UTF-16 code unit offset (what JavaScript counts).
pub fn cp_to_utf16(text: &str, cp: usize) -> Result<usize> {
    let mut units = 0;
    let mut chars = text.chars();
    for _ in 0..cp {
        units += chars
            .next()
            .ok_or_else(|| out_of_range(cp, text))?
            .len_utf16();
    }
    Ok(units)
}

/// UTF-16 code unit offset → code point position. The offset must not split a
/// surrogate pair.
pub fn utf16_to_cp(text: &str, units: usize) -> Result<usize> {
    let mut seen_units = 0;
    let mut cp = 0;
    for ch in text.chars() {
        if seen_units == units {
            return Ok(cp);
        }
        if seen_units > units {
            break;
        }
        seen_units += ch.len_utf16();
        cp += 1;
    }
    if seen_units == units {
        Ok(cp)
    } else if seen_units > units {
        Err(Error::InsideCharacter {
            what: "UTF-16 offset",
            value: units,
        })
    } else {
        Err(Error::OutOfRange {
            what: "UTF-16 offset",
            value: units,
            limit: seen_units,
        })
    }
}

/// Code point offsets of the chars of `text` paired with their byte offsets,
/// plus the end. Used to translate segmenter output (bytes) to code points.
fn byte_to_cp_table(text: &str) -> Vec<usize> {
    let mut table = vec![0usize; text.len() + 1];
    let mut cp = 0;
    for (byte, ch) in text.char_indices() {
        for slot in &mut table[byte..byte + ch.len_utf8()] {
            *slot = cp;
        }
        cp += 1;
    }
    table[text.len()] = cp;
    table
}

/// The part of `text` around `[start, end)` that a selection can be snapped
/// within: from the line break before `start` to the one after `end`.
/// Returns (code point offset of the window, the window).
fn window(text: &str, start: usize, end: usize) -> Result<(usize, &str)> {
    let s = cp_to_utf8(text, start)?;
    let e = cp_to_utf8(text, end)?;
    let from = text[..s].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let to = text[e..].find('\n').map(|i| e + i).unwrap_or(text.len());
    Ok((text[..from].chars().count(), &text[from..to]))
}

/// Widens `[start, end)` so that neither edge splits a grapheme cluster
/// (an emoji with modifiers, a letter with combining marks).
pub fn snap_to_graphemes(text: &str, start: usize, end: usize) -> Result<(usize, usize)> {
    if start > end {
        return Err(Error::EmptySpan { start, end });
    }
    let (offset, win) = window(text, start, end)?;
    let table = byte_to_cp_table(win);
    let (ls, le) = (start - offset, end - offset);
    let mut new_start = ls;
    let mut new_end = le;
    for (byte, g) in win.grapheme_indices(true) {
        let gs = table[byte];
        let ge = table[byte + g.len()];
        if gs < ls && ls < ge {
            new_start = gs;
        }
        if gs < le && le < ge {
            new_end = ge;
        }
    }
    Ok((new_start + offset, new_end + offset))
}

/// Snaps a selection the way a coder means it: surrounding white space is
/// dropped and an edge that falls inside a word is moved out to the word's
/// edge ("yrkes|grupper" selects "yrkesgrupper"). Grapheme clusters are never
/// split. A selection of only white space comes back empty (`start == end`).
pub fn snap_to_words(text: &str, start: usize, end: usize) -> Result<(usize, usize)> {
    let (start, end) = snap_to_graphemes(text, start, end)?;
    let (offset, win) = window(text, start, end)?;
    let chars: Vec<char> = win.chars().collect();
    let (mut s, mut e) = (start - offset, end - offset);
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    if s == e {
        return Ok((s + offset, s + offset));
    }
    let table = byte_to_cp_table(win);
    for (byte, w) in win.split_word_bound_indices() {
        let ws = table[byte];
        let we = table[byte + w.len()];
        let is_word = w.chars().any(char::is_alphanumeric);
        if !is_word {
            continue;
        }
        if ws < s && s < we {
            s = ws;
        }
        if ws < e && e < we {
            e = we;
        }
    }
    Ok((s + offset, e + offset))
}

/// Words in `text`, counted as Python's `str.split()` does: runs of
/// characters separated by Unicode white space.
pub fn word_count(text: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
        .filter(|w| !w.is_empty())
        .count()
}

/// The UTF-8 byte offsets in a text of a set of code point positions,
/// found in one pass over the text.
pub struct ByteOffsets {
    /// The positions, sorted, each once.
    positions: Vec<usize>,
    offsets: Vec<usize>,
}

impl ByteOffsets {
    /// Offsets of `positions` (any order, repeats allowed) in `text`;
    /// positions past the end map to the text's length.
    pub fn new(text: &str, positions: impl IntoIterator<Item = usize>) -> ByteOffsets {
        let mut positions: Vec<usize> = positions.into_iter().collect();
        positions.sort_unstable();
        positions.dedup();
        let mut offsets = Vec::with_capacity(positions.len());
        let mut chars = text.char_indices().map(|(b, _)| b).enumerate();
        let mut next = positions.iter().peekable();
        while let Some(&&pos) = next.peek() {
            match chars.next() {
                Some((i, b)) if i == pos => {
                    offsets.push(b);
                    next.next();
                }
                Some(_) => {}
                None => {
                    offsets.extend(next.by_ref().map(|_| text.len()));
                }
            }
        }
        ByteOffsets { positions, offsets }
    }

    /// The byte offset of `pos`, one of the positions given to `new`.
    pub fn of(&self, pos: usize) -> usize {
        let i = self
            .positions
            .binary_search(&pos)
            .expect("a position given to ByteOffsets::new");
        self.offsets[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn byte_offsets_of_positions_in_any_order() {
        let text = "på väg 😕 hem";
        let b = ByteOffsets::new(text, [9, 0, 2, 2, 30, 4]);
        for pos in [0, 2, 4, 9] {
            assert_eq!(b.of(pos), cp_to_utf8(text, pos).unwrap(), "position {pos}");
        }
        assert_eq!(b.of(30), text.len(), "past the end");
    }

    #[test]
    fn slices_by_code_points() {
        let t = "Häj 👩‍⚕️ där";
        assert_eq!(slice(t, 0, 3).unwrap(), "Häj");
        assert_eq!(slice(t, 9, 12).unwrap(), "där");
        assert_eq!(slice(t, 12, 12).unwrap(), "");
        assert!(slice(t, 0, 13).is_err());
        assert!(slice(t, 3, 2).is_err());
    }

    #[test]
    fn utf16_offsets_inside_a_surrogate_pair_are_refused() {
        let t = "a😀b";
        assert_eq!(cp_to_utf16(t, 2).unwrap(), 3);
        assert_eq!(utf16_to_cp(t, 3).unwrap(), 2);
        assert!(utf16_to_cp(t, 2).is_err());
        assert!(utf16_to_cp(t, 5).is_err());
    }

    #[test]
    fn utf8_offsets_inside_a_character_are_refused() {
        let t = "på";
        assert_eq!(utf8_to_cp(t, 3).unwrap(), 2);
        assert!(utf8_to_cp(t, 2).is_err());
    }

    #[test]
    fn nfc_composes_decomposed_swedish_letters() {
        let decomposed = "a\u{30a}a\u{308}o\u{308}";
        assert_eq!(nfc(decomposed), "åäö");
        assert_eq!(char_len(&nfc(decomposed)), 3);
    }

    #[test]
    fn word_snapping_widens_half_selected_words() {
        let t = "olika yrkesgrupper samverkar";
        // "yrkes|grupper": selection ends mid-word.
        assert_eq!(snap_to_words(t, 6, 11).unwrap(), (6, 18));
        // Starts mid-word, ends in white space.
        assert_eq!(snap_to_words(t, 8, 19).unwrap(), (6, 18));
        // Only white space selected.
        let (s, e) = snap_to_words(t, 5, 6).unwrap();
        assert_eq!(s, e);
    }

    #[test]
    fn word_snapping_keeps_punctuation_the_coder_selected() {
        let t = "Vi vet inte, tyvärr.";
        assert_eq!(snap_to_words(t, 3, 12).unwrap(), (3, 12));
    }

    #[test]
    fn grapheme_snapping_keeps_emoji_sequences_whole() {
        let t = "ok 👩‍⚕️ ok"; // woman health worker: 4 code points
        // A selection ending inside the ZWJ sequence is widened to its end.
        assert_eq!(snap_to_graphemes(t, 0, 4).unwrap(), (0, 7));
        // A selection starting inside it is widened to its start.
        assert_eq!(snap_to_graphemes(t, 5, 10).unwrap(), (3, 10));
    }

    #[test]
    fn grapheme_snapping_keeps_combining_marks_with_their_letter() {
        // Not normalised on purpose: "a" + combining ring is one grapheme.
        let t = "ba\u{30a}t";
        assert_eq!(snap_to_graphemes(t, 0, 2).unwrap(), (0, 3));
    }

    #[test]
    fn counts_words_like_python_split() {
        assert_eq!(word_count("  Ja, [skratt] vi\tvet\n nog  "), 5);
        assert_eq!(word_count(""), 0);
    }

    fn swedish_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "å",
            "ä",
            "ö",
            "Å",
            "a\u{30a}",
            "o\u{308}",
            "e\u{301}",
            "😀",
            "👩‍⚕️",
            "🇸🇪",
            " ",
            "\n",
            "ord",
            "samverkan",
            ",",
            ".",
            "x",
            "\u{1F44D}\u{1F3FD}",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn utf16_round_trips(raw in swedish_text(), frac in 0.0f64..=1.0) {
            let t = nfc(&raw);
            let n = char_len(&t);
            let cp = ((n as f64) * frac) as usize;
            let u = cp_to_utf16(&t, cp).unwrap();
            prop_assert_eq!(utf16_to_cp(&t, u).unwrap(), cp);
            let js_len: usize = t.encode_utf16().count();
            prop_assert_eq!(cp_to_utf16(&t, n).unwrap(), js_len);
        }

        #[test]
        fn utf8_round_trips(raw in swedish_text(), frac in 0.0f64..=1.0) {
            let t = nfc(&raw);
            let cp = ((char_len(&t) as f64) * frac) as usize;
            let b = cp_to_utf8(&t, cp).unwrap();
            prop_assert!(t.is_char_boundary(b));
            prop_assert_eq!(utf8_to_cp(&t, b).unwrap(), cp);
        }

        #[test]
        fn nfc_is_idempotent_and_never_longer(raw in swedish_text()) {
            let once = nfc(&raw);
            prop_assert_eq!(nfc(&once), once.clone());
            prop_assert!(char_len(&once) <= char_len(&raw));
        }

        #[test]
        fn snapped_spans_contain_the_selection_and_fall_on_grapheme_boundaries(
            raw in swedish_text(), a in 0.0f64..=1.0, b in 0.0f64..=1.0
        ) {
            let t = nfc(&raw);
            let n = char_len(&t);
            let (x, y) = (((n as f64) * a) as usize, ((n as f64) * b) as usize);
            let (start, end) = (x.min(y), x.max(y));
            let (gs, ge) = snap_to_graphemes(&t, start, end).unwrap();
            prop_assert!(gs <= start && end <= ge && ge <= n);
            let boundaries: Vec<usize> = {
                let table = byte_to_cp_table(&t);
                let mut v: Vec<usize> = t.grapheme_indices(true).map(|(i, _)| table[i]).collect();
                v.push(n);
                v
            };
            prop_assert!(boundaries.contains(&gs), "start {} not a grapheme boundary", gs);
            prop_assert!(boundaries.contains(&ge), "end {} not a grapheme boundary", ge);
            let (ws, we) = snap_to_words(&t, start, end).unwrap();
            prop_assert!(ws <= we && we <= n);
            prop_assert!(boundaries.contains(&ws) && boundaries.contains(&we));
            if ws < we {
                let s = slice(&t, ws, we).unwrap();
                prop_assert!(!s.starts_with(char::is_whitespace) && !s.ends_with(char::is_whitespace));
            }
        }
    }
}
