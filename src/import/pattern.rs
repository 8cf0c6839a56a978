//! File name patterns that turn parts of a file name into attributes:
//! `fokusgrupp-{Omgång}-team{Team}` on `fokusgrupp-2022-team1` gives
//! Omgång = 2022 and Team = 1.

use crate::error::{Error, Result};
use std::str::FromStr;

/// A pattern of literal text and `{Attribute}` fields, matched against a
/// file name without its extension. Each field matches one or more
/// characters; two fields must be separated by literal text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilenamePattern {
    parts: Vec<Part>,
    source: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Literal(Vec<char>),
    Field(String),
}

impl FromStr for FilenamePattern {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let bad = |why: &str| Error::BadPattern {
            pattern: s.to_owned(),
            reason: why.to_owned(),
        };
        let mut parts = Vec::new();
        let mut literal = Vec::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            match c {
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some('{') | None => return Err(bad("a \"{\" is not closed by \"}\"")),
                            Some(c) => name.push(c),
                        }
                    }
                    let name = name.trim().to_owned();
                    if name.is_empty() {
                        return Err(bad("a field \"{}\" needs an attribute name"));
                    }
                    if literal.is_empty() && matches!(parts.last(), Some(Part::Field(_))) {
                        return Err(bad("two fields must be separated by some text"));
                    }
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Field(name));
                }
                '}' => return Err(bad("a \"}\" has no \"{\" before it")),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        if !parts.iter().any(|p| matches!(p, Part::Field(_))) {
            return Err(bad("it has no {Attribute} fields"));
        }
        Ok(FilenamePattern {
            parts,
            source: s.to_owned(),
        })
    }
}

impl std::fmt::Display for FilenamePattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.source)
    }
}

impl FilenamePattern {
    /// The attribute names of the fields, in order.
    pub fn fields(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Field(name) => Some(name.as_str()),
                Part::Literal(_) => None,
            })
            .collect()
    }

    /// (attribute, value) for each field if `stem` matches the whole pattern.
    pub fn captures(&self, stem: &str) -> Option<Vec<(String, String)>> {
        let chars: Vec<char> = stem.chars().collect();
        let mut out = Vec::new();
        matches(&self.parts, &chars, &mut out).then_some(out)
    }
}

/// Backtracking match; a field takes the shortest text that lets the rest
/// match (the last field takes what is left).
fn matches(parts: &[Part], s: &[char], out: &mut Vec<(String, String)>) -> bool {
    match parts.split_first() {
        None => s.is_empty(),
        Some((Part::Literal(lit), rest)) => {
            s.starts_with(lit) && matches(rest, &s[lit.len()..], out)
        }
        Some((Part::Field(name), rest)) => {
            for end in 1..=s.len() {
                let mark = out.len();
                out.push((name.clone(), s[..end].iter().collect()));
                if matches(rest, &s[end..], out) {
                    return true;
                }
                out.truncate(mark);
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_capture_parts_of_the_name() {
        let p: FilenamePattern = "fokusgrupp-{Omgång}-team{Team}".parse().unwrap();
        assert_eq!(
            p.captures("fokusgrupp-2022-team1"),
            Some(vec![
                ("Omgång".into(), "2022".into()),
                ("Team".into(), "1".into())
            ])
        );
        assert_eq!(p.captures("intervju-organisation1"), None);
        assert_eq!(p.fields(), ["Omgång", "Team"]);
        let q: FilenamePattern = "{Typ}-{Nr}".parse().unwrap();
        assert_eq!(q.captures("a-b-c").unwrap()[1].1, "b-c");
    }

    #[test]
    fn bad_patterns_are_refused() {
        for bad in ["{A}{B}", "x{A", "x}A", "{}", "plain"] {
            assert!(bad.parse::<FilenamePattern>().is_err(), "{bad}");
        }
    }
}
