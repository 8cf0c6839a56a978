//! The search box's query language, parsed into tantivy queries.
//!
//! - `word` — stemmed: `samverka` finds samverkan, samverkar, samverkade;
//! - `"exact phrase"` — unstemmed, words in this order;
//! - `prefix*` — words starting with the prefix;
//! - `a AND b`, `a b` (AND is implied), `a OR b`, `NOT a`, `-a`, parentheses.

use super::fields::{self, Fields};
use crate::error::{Error, Result};
use std::ops::Bound;
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Prefix(String),
    Phrase(String),
    And,
    Or,
    Not,
    Open,
    Close,
}

fn lex(input: &str) -> Result<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' || c == '”' || c == '“' {
            chars.next();
            let mut phrase = String::new();
            let mut closed = false;
            for ch in chars.by_ref() {
                if ch == '"' || ch == '”' || ch == '“' {
                    closed = true;
                    break;
                }
                phrase.push(ch);
            }
            if !closed {
                return Err(syntax("a quoted phrase is not closed (missing \")"));
            }
            tokens.push(Token::Phrase(phrase));
        } else if c == '(' {
            chars.next();
            tokens.push(Token::Open);
        } else if c == ')' {
            chars.next();
            tokens.push(Token::Close);
        } else if c == '-' && tokens.last().is_none_or(|t| !matches!(t, Token::Word(_))) {
            chars.next();
            tokens.push(Token::Not);
        } else {
            let mut word = String::new();
            while let Some(&ch) = chars.peek() {
                if ch.is_whitespace() || ch == '(' || ch == ')' || ch == '"' {
                    break;
                }
                word.push(ch);
                chars.next();
            }
            tokens.push(match word.as_str() {
                "AND" | "OCH" => Token::And,
                "OR" | "ELLER" => Token::Or,
                "NOT" | "INTE" => Token::Not,
                w if w.len() > 1 && w.ends_with('*') => {
                    Token::Prefix(w.trim_end_matches('*').to_owned())
                }
                _ => Token::Word(word),
            });
        }
    }
    Ok(tokens)
}

/// A parsed query tree; `Not` only appears inside `And`.
#[derive(Debug)]
enum Node {
    Word(String),
    Prefix(String),
    Phrase(String),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }
    fn or(&mut self) -> Result<Node> {
        let mut items = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.pos += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::Or(items)
        })
    }
    fn and(&mut self) -> Result<Node> {
        let mut items = vec![self.unary()?];
        loop {
            match self.peek() {
                Some(Token::And) => {
                    self.pos += 1;
                    items.push(self.unary()?);
                }
                Some(Token::Or) | Some(Token::Close) | None => break,
                Some(_) => items.push(self.unary()?),
            }
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::And(items)
        })
    }
    fn unary(&mut self) -> Result<Node> {
        match self.tokens.get(self.pos).cloned() {
            Some(Token::Not) => {
                self.pos += 1;
                Ok(Node::Not(Box::new(self.unary()?)))
            }
            Some(Token::Open) => {
                self.pos += 1;
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(syntax("a parenthesis is not closed"));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(Token::Word(w)) => {
                self.pos += 1;
                Ok(Node::Word(w))
            }
            Some(Token::Prefix(p)) => {
                self.pos += 1;
                Ok(Node::Prefix(p))
            }
            Some(Token::Phrase(p)) => {
                self.pos += 1;
                Ok(Node::Phrase(p))
            }
            Some(t) => Err(syntax(format!("unexpected {t:?} in the query"))),
            None => Err(syntax("the query ends too early")),
        }
    }
}

/// A query that cannot be parsed, and why.
fn syntax(reason: impl Into<String>) -> Error {
    Error::QuerySyntax {
        reason: reason.into(),
    }
}

fn analyse(analyzer: &str, text: &str) -> Vec<String> {
    let mut a = fields::analyzer(analyzer);
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

fn term_or_phrase(field: Field, words: Vec<String>) -> Box<dyn Query> {
    match words.len() {
        0 => Box::new(EmptyQuery),
        1 => Box::new(TermQuery::new(
            Term::from_field_text(field, &words[0]),
            IndexRecordOption::WithFreqs,
        )),
        _ => Box::new(PhraseQuery::new(
            words
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect(),
        )),
    }
}

fn build(node: &Node, f: &Fields) -> Result<Box<dyn Query>> {
    Ok(match node {
        Node::Word(w) => {
            let stemmed = analyse(fields::STEMMED, w);
            if stemmed.len() > 1 {
                // "e-post" and the like: the parts, in order.
                term_or_phrase(f.exact, analyse(fields::EXACT, w))
            } else {
                term_or_phrase(f.text, stemmed)
            }
        }
        Node::Phrase(p) => term_or_phrase(f.exact, analyse(fields::EXACT, p)),
        Node::Prefix(p) => {
            let words = analyse(fields::EXACT, p);
            match words.as_slice() {
                [] => Box::new(EmptyQuery),
                // The range of terms that start with the prefix: a walk
                // through the term dictionary, where a regular expression
                // would first be compiled into an automaton.
                [one] => Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_text(f.exact, one)),
                    // Past every term that starts with the prefix (tokens
                    // are letters and digits, never U+10FFFF).
                    Bound::Excluded(Term::from_field_text(f.exact, &format!("{one}\u{10FFFF}"))),
                )),
                many => Box::new(tantivy::query::PhrasePrefixQuery::new(
                    many.iter()
                        .map(|w| Term::from_field_text(f.exact, w))
                        .collect(),
                )),
            }
        }
        Node::Or(items) => Box::new(BooleanQuery::new(
            items
                .iter()
                .map(|n| Ok((Occur::Should, build(n, f)?)))
                .collect::<Result<_>>()?,
        )),
        Node::And(items) => {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for n in items {
                match n {
                    Node::Not(inner) => clauses.push((Occur::MustNot, build(inner, f)?)),
                    other => clauses.push((Occur::Must, build(other, f)?)),
                }
            }
            if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                clauses.push((Occur::Must, Box::new(AllQuery)));
            }
            Box::new(BooleanQuery::new(clauses))
        }
        Node::Not(inner) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
            (Occur::MustNot, build(inner, f)?),
        ])),
    })
}

/// Parses the search box's text. An empty query matches everything (the
/// filters alone then decide).
pub(crate) fn parse(input: &str, fields: &Fields) -> Result<Box<dyn Query>> {
    let tokens = lex(input)?;
    if tokens.is_empty() {
        return Ok(Box::new(AllQuery));
    }
    let mut parser = Parser { tokens, pos: 0 };
    let node = parser.or()?;
    if parser.pos < parser.tokens.len() {
        return Err(syntax("unexpected ) in the query"));
    }
    build(&node, fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_operators_phrases_and_prefixes() {
        let t = lex("samverkan AND \"täta möten\" OR digit* -hemtjänst (a b)").unwrap();
        assert_eq!(
            t,
            vec![
                Token::Word("samverkan".into()),
                Token::And,
                Token::Phrase("täta möten".into()),
                Token::Or,
                Token::Prefix("digit".into()),
                Token::Not,
                Token::Word("hemtjänst".into()),
                Token::Open,
                Token::Word("a".into()),
                Token::Word("b".into()),
                Token::Close
            ]
        );
        assert!(lex("\"ej stängd").is_err());
    }

    #[test]
    fn swedish_analysis_stems_without_folding_letters() {
        assert_eq!(
            analyse(fields::STEMMED, "Brukaren brukarens samverkade"),
            analyse(fields::STEMMED, "brukare brukare samverkar")
        );
        assert_eq!(analyse(fields::EXACT, "Älg ÖL"), vec!["älg", "öl"]);
        let stem = analyse(fields::STEMMED, "år");
        assert!(stem[0].starts_with('å'), "å is kept: {stem:?}");
    }

    #[test]
    fn malformed_queries_are_errors_not_panics() {
        let (_, f) = fields::schema();
        for q in ["(a", "a)", "AND", "a OR", "\"x"] {
            assert!(parse(q, &f).is_err(), "{q}");
        }
        assert!(parse("   ", &f).is_ok());
    }
}
