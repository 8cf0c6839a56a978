//! Plain-text transcripts (.txt, .md): one turn per line.
//!
//! A line is `Speaker: text`, optionally after a `[hh:mm:ss]` time stamp.
//! Blank lines are ignored. A line without a label continues the turn
//! before it (so `Speaker:` alone on a line followed by the text works);
//! unlabelled lines before the first turn are kept as paragraphs. A file
//! with no labels at all is plain text.

use super::transcript::{Block, Merge, Transcript, split_label, strip_timestamp};
use super::{Problem, ProblemKind};

/// Parses decoded text into blocks.
pub(crate) fn parse(text: &str) -> Result<Vec<Block>, Problem> {
    let mut t = Transcript::new(Merge::Never);
    let mut pending_ms = None;
    for line in text.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (ms, rest) = strip_timestamp(line);
        if rest.is_empty() {
            // A time stamp on a line of its own belongs to the next turn.
            pending_ms = ms;
            continue;
        }
        match split_label(rest) {
            Some((speaker, said)) => t.said(speaker, said, ms.or(pending_ms.take())),
            None => t.unlabelled(rest),
        }
    }
    let blocks = t.finish();
    if blocks.is_empty() {
        return Err(ProblemKind::NoText.into());
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_timestamps_and_continuations() {
        let text = "Fokusgrupp 3\n\n[00:00:04] Intervjuare: Välkomna.\n\nSjuksköterska:\nVi har\nteamträff.\n[00:01:00]\nIntervjuare: Tack.";
        let blocks = parse(text).unwrap();
        assert_eq!(
            blocks,
            vec![
                Block::Plain("Fokusgrupp 3".into()),
                Block::Turn {
                    speaker: "Intervjuare".into(),
                    text: "Välkomna.".into(),
                    start_ms: Some(4000)
                },
                Block::Turn {
                    speaker: "Sjuksköterska".into(),
                    text: "Vi har teamträff.".into(),
                    start_ms: None
                },
                Block::Turn {
                    speaker: "Intervjuare".into(),
                    text: "Tack.".into(),
                    start_ms: Some(60_000)
                },
            ]
        );
    }

    #[test]
    fn blank_file_is_refused() {
        assert_eq!(parse("\n  \n").unwrap_err().kind, ProblemKind::NoText);
    }
}
