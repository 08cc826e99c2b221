//! [`Escaped`]: text from a payload or a server, made safe to show on a terminal.

use core::fmt;

/// Shows text with every character that would drive a terminal written as an escape: control
/// characters (C0, DEL, C1: ESC, a carriage return that prints over a line, a NUL) and the
/// bidirectional controls that reorder what a reader sees (U+202A–U+202E, U+2066–U+2069,
/// U+200E, U+200F, U+061C), as `\u{…}`. Printable text in any script shows unchanged. The
/// scheme views use it; so should a program that prints a payload's values.
///
/// ```
/// use emvqr::Escaped;
/// assert_eq!(Escaped("paid\r not paid").to_string(), "paid\\u{d} not paid");
/// assert_eq!(Escaped("São Paulo 北京").to_string(), "São Paulo 北京");
/// assert!(Escaped::needed("abc\u{202e}fed") && !Escaped::needed("abc"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Escaped<'a>(pub &'a str);

impl Escaped<'_> {
    /// Whether `text` holds a character that [`Escaped`] rewrites.
    pub fn needed(text: &str) -> bool {
        text.chars().any(is_hazard)
    }
}

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if is_hazard(c) {
                write!(f, "\\u{{{:x}}}", u32::from(c))?;
            } else {
                f.write_fmt(format_args!("{c}"))?;
            }
        }
        Ok(())
    }
}

fn is_hazard(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
        )
}
