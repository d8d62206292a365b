//! A small backtracking matcher for the ECMA-style `pattern`s OpenAPI schemas carry.
//!
//! Twilio's spec only uses SID patterns such as `^AC[0-9a-fA-F]{32}$` and
//! `^(SM|MM)[0-9a-fA-F]{32}$`, so this supports exactly what such patterns need and a little
//! more: anchors, literals, `.`, escapes (`\d`, `\w`, `\s` and escaped punctuation), character
//! classes with ranges and negation, groups with alternation, and the quantifiers `?`, `*`,
//! `+`, `{n}`, `{n,}` and `{n,m}`. Anything else is reported as unsupported instead of being
//! guessed at.

use std::fmt;

/// A pattern the matcher does not understand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsupportedPattern(pub String);

impl fmt::Display for UnsupportedPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unsupported pattern: {}", self.0)
    }
}

/// Whether `text` matches `pattern` (unanchored unless the pattern has `^`/`$`, as in ECMA
/// `RegExp.test`).
///
/// # Errors
/// [`UnsupportedPattern`] when the pattern uses syntax this matcher does not implement.
pub fn is_match(pattern: &str, text: &str) -> Result<bool, UnsupportedPattern> {
    let alternatives = Parser::new(pattern).parse()?;
    let chars: Vec<char> = text.chars().collect();
    for start in 0..=chars.len() {
        if matches_alternatives(&alternatives, &chars, start, &mut |_| true) {
            return Ok(true);
        }
    }
    Ok(false)
}

#[derive(Debug, Clone)]
enum Atom {
    Start,
    End,
    Any,
    Char(char),
    Class {
        negated: bool,
        items: Vec<ClassItem>,
    },
    Group(Vec<Vec<Piece>>),
}

#[derive(Debug, Clone)]
enum ClassItem {
    Range(char, char),
    Digit,
    Word,
    Space,
}

#[derive(Debug, Clone)]
struct Piece {
    atom: Atom,
    min: usize,
    max: Option<usize>,
}

struct Parser<'a> {
    source: &'a str,
    chars: Vec<char>,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn new(source: &'a str) -> Self {
        Self {
            source,
            chars: source.chars().collect(),
            pos: 0,
        }
    }

    fn unsupported(&self) -> UnsupportedPattern {
        UnsupportedPattern(self.source.to_owned())
    }

    fn parse(mut self) -> Result<Vec<Vec<Piece>>, UnsupportedPattern> {
        let alternatives = self.alternatives()?;
        if self.pos != self.chars.len() {
            return Err(self.unsupported());
        }
        Ok(alternatives)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn alternatives(&mut self) -> Result<Vec<Vec<Piece>>, UnsupportedPattern> {
        let mut alternatives = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alternatives.push(self.sequence()?);
        }
        Ok(alternatives)
    }

    fn sequence(&mut self) -> Result<Vec<Piece>, UnsupportedPattern> {
        let mut pieces = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let (min, max) = self.quantifier()?;
            pieces.push(Piece { atom, min, max });
        }
        Ok(pieces)
    }

    fn atom(&mut self) -> Result<Atom, UnsupportedPattern> {
        match self.next().ok_or_else(|| self.unsupported())? {
            '^' => Ok(Atom::Start),
            '$' => Ok(Atom::End),
            '.' => Ok(Atom::Any),
            '(' => {
                if self.peek() == Some('?') {
                    return Err(self.unsupported());
                }
                let inner = self.alternatives()?;
                if self.next() != Some(')') {
                    return Err(self.unsupported());
                }
                Ok(Atom::Group(inner))
            }
            '[' => self.class(),
            '\\' => match self.escape()? {
                ClassItem::Range(a, _) => Ok(Atom::Char(a)),
                item => Ok(Atom::Class {
                    negated: false,
                    items: vec![item],
                }),
            },
            '*' | '+' | '?' | '{' | ')' | ']' => Err(self.unsupported()),
            c => Ok(Atom::Char(c)),
        }
    }

    fn escape(&mut self) -> Result<ClassItem, UnsupportedPattern> {
        match self.next().ok_or_else(|| self.unsupported())? {
            'd' => Ok(ClassItem::Digit),
            'w' => Ok(ClassItem::Word),
            's' => Ok(ClassItem::Space),
            c if c.is_ascii_punctuation() => Ok(ClassItem::Range(c, c)),
            _ => Err(self.unsupported()),
        }
    }

    fn class(&mut self) -> Result<Atom, UnsupportedPattern> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut items = Vec::new();
        loop {
            let c = self.next().ok_or_else(|| self.unsupported())?;
            let item = match c {
                ']' if !items.is_empty() => break,
                '\\' => self.escape()?,
                c => ClassItem::Range(c, c),
            };
            let is_range_start = matches!(item, ClassItem::Range(a, b) if a == b)
                && self.peek() == Some('-')
                && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']');
            if let (true, ClassItem::Range(low, _)) = (is_range_start, &item) {
                self.pos += 1;
                let high = match self.next().ok_or_else(|| self.unsupported())? {
                    '\\' => match self.escape()? {
                        ClassItem::Range(h, _) => h,
                        _ => return Err(self.unsupported()),
                    },
                    h => h,
                };
                if high < *low {
                    return Err(self.unsupported());
                }
                items.push(ClassItem::Range(*low, high));
            } else {
                items.push(item);
            }
        }
        Ok(Atom::Class { negated, items })
    }

    fn quantifier(&mut self) -> Result<(usize, Option<usize>), UnsupportedPattern> {
        let bounds = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                self.pos += 1;
                let min = self.number()?;
                let max = match self.next() {
                    Some('}') => return Ok((min, Some(min))),
                    Some(',') if self.peek() == Some('}') => None,
                    Some(',') => Some(self.number()?),
                    _ => return Err(self.unsupported()),
                };
                if self.next() != Some('}') || max.is_some_and(|m| m < min) {
                    return Err(self.unsupported());
                }
                return Ok((min, max));
            }
            _ => return Ok((1, Some(1))),
        };
        self.pos += 1;
        Ok(bounds)
    }

    fn number(&mut self) -> Result<usize, UnsupportedPattern> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits: String = self.chars[start..self.pos].iter().collect();
        digits.parse().map_err(|_| self.unsupported())
    }
}

fn class_item_matches(item: &ClassItem, c: char) -> bool {
    match item {
        ClassItem::Range(low, high) => (*low..=*high).contains(&c),
        ClassItem::Digit => c.is_ascii_digit(),
        ClassItem::Word => c.is_ascii_alphanumeric() || c == '_',
        ClassItem::Space => c.is_whitespace(),
    }
}

/// Matches one of `alternatives` at `pos`, then calls `rest` with the end position; true as
/// soon as some way through satisfies `rest` (continuation-passing backtracking).
fn matches_alternatives(
    alternatives: &[Vec<Piece>],
    text: &[char],
    pos: usize,
    rest: &mut dyn FnMut(usize) -> bool,
) -> bool {
    alternatives
        .iter()
        .any(|sequence| matches_sequence(sequence, text, pos, rest))
}

fn matches_sequence(
    pieces: &[Piece],
    text: &[char],
    pos: usize,
    rest: &mut dyn FnMut(usize) -> bool,
) -> bool {
    match pieces.split_first() {
        None => rest(pos),
        Some((piece, tail)) => matches_repeated(piece, 0, text, pos, &mut |next| {
            matches_sequence(tail, text, next, rest)
        }),
    }
}

/// Greedy repetition of `piece`, having matched it `count` times already.
fn matches_repeated(
    piece: &Piece,
    count: usize,
    text: &[char],
    pos: usize,
    rest: &mut dyn FnMut(usize) -> bool,
) -> bool {
    let may_repeat = piece.max.is_none_or(|max| count < max);
    if may_repeat
        && matches_atom(&piece.atom, text, pos, &mut |next| {
            if next == pos {
                // A zero-width match (an anchor, an empty group) would repeat forever; it
                // stands for every remaining repetition at once.
                rest(next)
            } else {
                matches_repeated(piece, count + 1, text, next, rest)
            }
        })
    {
        return true;
    }
    count >= piece.min && rest(pos)
}

fn matches_atom(
    atom: &Atom,
    text: &[char],
    pos: usize,
    rest: &mut dyn FnMut(usize) -> bool,
) -> bool {
    match atom {
        Atom::Start => pos == 0 && rest(pos),
        Atom::End => pos == text.len() && rest(pos),
        Atom::Any => text.get(pos).is_some_and(|&c| c != '\n') && rest(pos + 1),
        Atom::Char(expected) => text.get(pos) == Some(expected) && rest(pos + 1),
        Atom::Class { negated, items } => {
            text.get(pos)
                .is_some_and(|&c| items.iter().any(|item| class_item_matches(item, c)) != *negated)
                && rest(pos + 1)
        }
        Atom::Group(alternatives) => matches_alternatives(alternatives, text, pos, rest),
    }
}

#[cfg(test)]
mod tests {
    use super::is_match;

    const ACCOUNT: &str = "^AC[0-9a-fA-F]{32}$";
    const MESSAGE: &str = "^(SM|MM)[0-9a-fA-F]{32}$";

    #[test]
    fn sid_patterns_accept_well_formed_sids() {
        assert_eq!(
            is_match(ACCOUNT, "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            Ok(true)
        );
        assert_eq!(
            is_match(MESSAGE, "MM0123456789abcdefABCDEF0123456789"),
            Ok(true)
        );
    }

    #[test]
    fn sid_patterns_reject_wrong_prefix_length_or_digits() {
        assert_eq!(
            is_match(ACCOUNT, "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            Ok(false)
        );
        assert_eq!(is_match(ACCOUNT, "ACaaaa"), Ok(false));
        assert_eq!(
            is_match(ACCOUNT, "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            Ok(false)
        );
        assert_eq!(
            is_match(ACCOUNT, "ACgaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            Ok(false)
        );
        assert_eq!(
            is_match(MESSAGE, "SNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            Ok(false)
        );
    }

    #[test]
    fn unanchored_patterns_search_and_quantifiers_backtrack() {
        assert_eq!(is_match("b+c", "aaabbbc"), Ok(true));
        assert_eq!(is_match("^a*ab$", "aaab"), Ok(true));
        assert_eq!(is_match("^\\d{2,3}-x?$", "123-"), Ok(true));
        assert_eq!(is_match("^\\d{2,3}-x?$", "1234-"), Ok(false));
        assert_eq!(is_match("^[^0-9]+$", "abc"), Ok(true));
        assert_eq!(is_match("^[^0-9]+$", "ab1"), Ok(false));
        assert_eq!(is_match("^\\+[1-9]\\d{1,14}$", "+14155550100"), Ok(true));
    }

    #[test]
    fn unsupported_syntax_is_reported_not_guessed() {
        assert!(is_match("(?i)ac", "AC").is_err());
        assert!(is_match("a{2", "aa").is_err());
        assert!(is_match("\\p{L}", "a").is_err());
    }
}
