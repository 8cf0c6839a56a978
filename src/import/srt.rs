//! SubRip subtitles (.srt).
//!
//! Cues are a number, a `hh:mm:ss,mmm --> hh:mm:ss,mmm` line and text lines,
//! separated by blank lines. Cue text starting with `Speaker: ` names the
//! speaker; a cue without one continues the current speaker. A cue's lines
//! are joined with a space and consecutive cues of one speaker form one turn
//! (the repeated `Speaker: ` prefix is dropped). Formatting tags (`<i>`,
//! `<font …>`, `{\an8}`) are removed.

use super::transcript::{Block, Merge, Transcript, parse_clock, split_label};
use super::{Location, Problem, ProblemKind};

/// Parses decoded text into blocks.
pub(crate) fn parse(text: &str) -> Result<Vec<Block>, Problem> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut t = Transcript::new(Merge::SameSpeaker);
    let mut i = 0;
    let mut cues = 0usize;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        cue(&lines[start..i], start + 1, &mut t)?;
        cues += 1;
    }
    let blocks = t.finish();
    if blocks.is_empty() {
        return Err(Problem::new(if cues == 0 {
            ProblemKind::NoCues
        } else {
            ProblemKind::NoCueText
        }));
    }
    Ok(blocks)
}

fn cue(block: &[&str], line_no: usize, t: &mut Transcript) -> Result<(), Problem> {
    let first = block[0].trim();
    let timing_at = if first.contains("-->") {
        0
    } else if first.bytes().all(|b| b.is_ascii_digit()) && block.len() > 1 {
        1
    } else if first.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::at(
            Location::line(line_no),
            ProblemKind::CueNumberWithoutTiming,
        ));
    } else {
        return Err(Problem::at(
            Location::line(line_no),
            ProblemKind::ExpectedSrtCue,
        ));
    };
    let timing_no = line_no + timing_at;
    let start_ms = timing(block[timing_at], timing_no)?;
    for (k, raw) in block[timing_at + 1..].iter().enumerate() {
        let line = strip_tags(raw);
        if line.contains("-->") {
            return Err(Problem::at(
                Location::line(timing_no + 1 + k),
                ProblemKind::ArrowInCueText,
            ));
        }
        // The first line may name the speaker; a later one only if it
        // names someone already speaking in the file, so that wrapped
        // text is not mistaken for a label.
        match split_label(&line) {
            Some((speaker, said)) if k == 0 || t.knows_speaker(speaker) => {
                t.said(speaker, said, Some(start_ms))
            }
            _ => t.unlabelled(&line),
        }
    }
    Ok(())
}

/// Parses `start --> end`, returning the start in milliseconds.
fn timing(line: &str, line_no: usize) -> Result<u64, Problem> {
    let at = || Location::line(line_no);
    let (left, right) = line.split_once("-->").unwrap_or((line, ""));
    let end_text = right.split_whitespace().next().unwrap_or_default();
    let stamp = |s: &str| {
        parse_clock(s).ok_or_else(|| {
            Problem::at(
                at(),
                ProblemKind::BadSrtTime {
                    value: s.to_owned(),
                },
            )
        })
    };
    let start = stamp(left.trim())?;
    let end = stamp(end_text)?;
    if end < start {
        return Err(Problem::at(at(), ProblemKind::CueEndsBeforeStart));
    }
    Ok(start)
}

/// Removes `<…>` and `{…}` formatting tags.
fn strip_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let close = match c {
            '<' => '>',
            '{' => '}',
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
                continue;
            }
        };
        match rest.find(close) {
            Some(end) if rest[1..end].len() <= 64 => rest = &rest[end + 1..],
            _ => {
                out.push(c);
                rest = &rest[1..];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_merge_by_speaker() {
        let text = "1\n00:00:04,000 --> 00:00:07,121\nIntervjuare: Välkomna allihop och\ntack för att ni\n\n2\n00:00:07,121 --> 00:00:10,633\nIntervjuare: kom.\n\n3\n00:00:16,023 --> 00:00:20,675\n<i>Sjuksköterska:</i> Eh, ja.\nIntervjuare: Bra.\n\n4\n00:00:21,000 --> 00:00:22,000\nmen sen";
        assert_eq!(
            parse(text).unwrap(),
            vec![
                Block::Turn {
                    speaker: "Intervjuare".into(),
                    text: "Välkomna allihop och tack för att ni kom.".into(),
                    start_ms: Some(4000)
                },
                Block::Turn {
                    speaker: "Sjuksköterska".into(),
                    text: "Eh, ja.".into(),
                    start_ms: Some(16_023)
                },
                Block::Turn {
                    speaker: "Intervjuare".into(),
                    text: "Bra. men sen".into(),
                    start_ms: Some(16_023)
                },
            ]
        );
    }

    #[test]
    fn malformed_cues_name_the_line() {
        let bad = "1\n00:00:04,000 --> 00:00:07,121\nA: x\n\nnot a number\n00:00:07,121 --> 00:00:08,000\nA: y";
        assert_eq!(
            parse(bad).unwrap_err(),
            Problem::at(Location::line(5), ProblemKind::ExpectedSrtCue)
        );
        let bad_time = "1\n00:00:04 --> 00:0x:07,121\nA: x";
        assert_eq!(
            parse(bad_time).unwrap_err(),
            Problem::at(
                Location::line(2),
                ProblemKind::BadSrtTime {
                    value: "00:0x:07,121".into()
                }
            )
        );
        assert_eq!(parse("\n\n").unwrap_err(), ProblemKind::NoCues.into());
        assert_eq!(
            parse("1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n").unwrap_err(),
            ProblemKind::NoCueText.into()
        );
    }
}
