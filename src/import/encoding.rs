//! Turning a file's bytes into NFC text with `\n` line ends.
//!
//! The encoding is detected, never asked: a byte order mark decides
//! (UTF-8, UTF-16 LE/BE); without one, valid UTF-8 is UTF-8 and anything
//! else is guessed by chardetng (in practice Windows-1252 for Swedish text
//! saved by older Word and Excel versions).

use super::{Location, Problem, ProblemKind};
use crate::text;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Decoded text and the encoding it was read as.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// NFC text with `\n` line ends and no byte order mark.
    pub text: String,
    /// Name of the encoding detected ("UTF-8", "UTF-16LE", "windows-1252" …).
    pub encoding: &'static str,
}

/// Decodes `bytes` as text: detects the encoding, turns CRLF and lone CR
/// into LF, and NFC-normalises. Binary data is refused.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, Problem> {
    if bytes.is_empty() {
        return Err(ProblemKind::EmptyFile.into());
    }
    let (raw, encoding) = if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (strict_utf8(body)?, "UTF-8")
    } else if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(body, UTF_16LE)?, "UTF-16LE")
    } else if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(body, UTF_16BE)?, "UTF-16BE")
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_owned(), "UTF-8")
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        // Swedish material: the .se hint tips close calls towards the
        // encodings Swedish Windows machines write.
        let guess = detector.guess(Some(b"se"), chardetng::Utf8Detection::Deny);
        let (text, had_errors) = guess.decode_without_bom_handling(bytes);
        if had_errors {
            return Err(ProblemKind::UnknownEncoding {
                guess: guess.name().to_owned(),
            }
            .into());
        }
        (text.into_owned(), guess.name())
    };
    check_is_text(&raw)?;
    let text = text::nfc(&normalise_line_ends(raw));
    Ok(Decoded { text, encoding })
}

/// The text after a UTF-8 byte order mark, which must be UTF-8.
fn strict_utf8(bytes: &[u8]) -> Result<String, Problem> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            Err(Problem::at(
                Location::line(line),
                ProblemKind::BadUtf8AfterBom,
            ))
        }
    }
}

fn utf16(body: &[u8], encoding: &'static Encoding) -> Result<String, Problem> {
    if !body.len().is_multiple_of(2) {
        return Err(ProblemKind::Utf16OddLength {
            encoding: encoding.name().to_owned(),
        }
        .into());
    }
    encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .map(|s| s.into_owned())
        .ok_or_else(|| {
            Problem::new(ProblemKind::BadUtf16 {
                encoding: encoding.name().to_owned(),
            })
        })
}

/// CRLF and lone CR become LF.
pub(crate) fn normalise_line_ends(s: String) -> String {
    if !s.contains('\r') {
        return s;
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// Refuses data that is not text: a NUL character, or control characters
/// making up more than one in twenty characters (random bytes decoded as
/// Windows-1252 have about one in nine).
fn check_is_text(s: &str) -> Result<(), Problem> {
    let mut controls = 0usize;
    let mut total = 0usize;
    let mut line = 1usize;
    for c in s.chars() {
        total += 1;
        if c == '\n' {
            line += 1;
        }
        if c == '\0' {
            return Err(Problem::at(Location::line(line), ProblemKind::BinaryData));
        }
        let is_control = c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}');
        controls += usize::from(is_control);
    }
    if controls * 20 > total {
        return Err(ProblemKind::NotText { controls, total }.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_boms_and_windows_1252() {
        let text = "Sjuksköterska: Vi ses på måndag.\r\nIntervjuare: Tack!";
        let want = "Sjuksköterska: Vi ses på måndag.\nIntervjuare: Tack!";

        let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
        utf8_bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&utf8_bom).unwrap().text, want);

        let mut le = b"\xFF\xFE".to_vec();
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (want, "UTF-16LE"));

        let mut be = b"\xFE\xFF".to_vec();
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap().text, want);

        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let d = decode(&cp1252).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (want, "windows-1252"));
    }

    #[test]
    fn decomposed_letters_are_composed_and_lone_cr_is_a_line_end() {
        let d = decode("a\u{30a}r\rbo\u{308}r".as_bytes()).unwrap();
        assert_eq!(d.text, "år\nbör");
    }

    #[test]
    fn refuses_empty_binary_and_broken_input() {
        assert_eq!(decode(b"").unwrap_err(), ProblemKind::EmptyFile.into());
        assert_eq!(
            decode(b"ok\nnot\0ok").unwrap_err(),
            Problem::at(Location::line(2), ProblemKind::BinaryData)
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFa\nb\n\xFF").unwrap_err(),
            Problem::at(Location::line(3), ProblemKind::BadUtf8AfterBom)
        );
        assert_eq!(
            decode(b"\xFF\xFEa").unwrap_err().kind.key(),
            "utf16_odd_length"
        );
        // An unpaired surrogate.
        assert_eq!(
            decode(b"\xFF\xFE\x00\xD8a\x00").unwrap_err().kind.key(),
            "bad_utf16"
        );
    }
}
