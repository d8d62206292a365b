//! Twilio's `Contains` pattern for number searches.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Digit(u8),
    AnyOne,
    AnyRun,
}

/// A `Contains` pattern: digits, letters (mapped to keypad digits), `*` for one digit, `%`
/// for any run of digits, a leading `+` to anchor at the start of the E.164 number and a
/// trailing `$` to anchor at its end. Unanchored patterns match anywhere in the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainsPattern {
    anchored_start: bool,
    anchored_end: bool,
    tokens: Vec<Token>,
}

impl ContainsPattern {
    /// Parses a pattern as Twilio documents it: 2 to 16 characters, and when wildcards are
    /// used, at least two non-wildcard characters.
    ///
    /// # Errors
    /// A sentence explaining what is wrong.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let length = raw.chars().count();
        if !(2..=16).contains(&length) {
            return Err(format!(
                "Contains must be between 2 and 16 characters, got '{raw}'"
            ));
        }
        let (anchored_start, rest) = match raw.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let (anchored_end, body) = match rest.strip_suffix('$') {
            Some(body) => (true, body),
            None => (false, rest),
        };
        let mut tokens = Vec::new();
        for c in body.chars() {
            let token = match c {
                '0'..='9' => Token::Digit(c as u8 - b'0'),
                '*' => Token::AnyOne,
                '%' => Token::AnyRun,
                c if c.is_ascii_alphabetic() => Token::Digit(keypad_digit(c)),
                _ => {
                    return Err(format!(
                        "Contains may only hold digits, letters and the meta-characters * % + $, got '{raw}'"
                    ));
                }
            };
            tokens.push(token);
        }
        let literal = tokens
            .iter()
            .filter(|t| matches!(t, Token::Digit(_)))
            .count();
        let has_wildcard = tokens.len() != literal;
        if literal == 0 || (has_wildcard && literal < 2) {
            return Err(format!(
                "Contains needs at least two digits or letters besides wildcards, got '{raw}'"
            ));
        }
        Ok(Self {
            anchored_start,
            anchored_end,
            tokens,
        })
    }

    /// Whether the E.164 `number` matches.
    #[must_use]
    pub fn matches(&self, number: &str) -> bool {
        let digits: Vec<u8> = number
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        let starts: Vec<usize> = if self.anchored_start {
            vec![0]
        } else {
            (0..=digits.len()).collect()
        };
        starts
            .into_iter()
            .any(|start| self.match_from(&self.tokens, &digits, start))
    }

    fn match_from(&self, tokens: &[Token], digits: &[u8], pos: usize) -> bool {
        match tokens.split_first() {
            None => !self.anchored_end || pos == digits.len(),
            Some((Token::Digit(d), rest)) => {
                digits.get(pos) == Some(d) && self.match_from(rest, digits, pos + 1)
            }
            Some((Token::AnyOne, rest)) => {
                pos < digits.len() && self.match_from(rest, digits, pos + 1)
            }
            Some((Token::AnyRun, rest)) => {
                (pos..=digits.len()).any(|next| self.match_from(rest, digits, next))
            }
        }
    }
}

/// The telephone keypad digit for a letter.
fn keypad_digit(c: char) -> u8 {
    match c.to_ascii_lowercase() {
        'a'..='c' => 2,
        'd'..='f' => 3,
        'g'..='i' => 4,
        'j'..='l' => 5,
        'm'..='o' => 6,
        'p'..='s' => 7,
        't'..='v' => 8,
        _ => 9,
    }
}
