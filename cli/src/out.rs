//! Everything `emvqr` writes: standard output whose failures are errors (a closed pipe ends the
//! program quietly with exit 141, a full disk is an error), and text from payloads and servers
//! escaped before it reaches a terminal.

use std::borrow::Cow;
use std::io::{self, Write};

use emvqr::Escaped;

use crate::Failure;

/// Writes `text` to standard output, each line escaped (see [`escape`]).
pub fn text(text: &str) -> Result<(), Failure> {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&escape(line));
    }
    bytes(out.as_bytes())
}

/// Writes `line` and a line break to standard output, escaped.
pub fn line(line: &str) -> Result<(), Failure> {
    text(&format!("{line}\n"))
}

/// Writes one line of tab-separated values to standard output, each value escaped (a tab or
/// a line break inside a value cannot shift the columns).
pub fn row(values: &[&str]) -> Result<(), Failure> {
    let cells: Vec<Cow<'_, str>> = values.iter().map(|value| escape(value)).collect();
    bytes(format!("{}\n", cells.join("\t")).as_bytes())
}

/// Writes `bytes` to standard output as they are: pictures, JSON (already escaped as JSON).
pub fn bytes(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(write_failure)
}

/// Writes `line` to standard error, escaped; a standard error that cannot be written is
/// nothing more can be said on.
pub fn note(line: &str) {
    let _ = writeln!(io::stderr(), "{}", escape(line));
}

/// JSON text with every character that would drive a terminal (DEL, C1 controls such as
/// CSI, bidirectional overrides; serde_json escapes only C0) written as a `\uXXXX` escape:
/// the same JSON to a parser, inert on a screen. Such characters occur only inside strings.
pub fn json_for_terminal(json: &str) -> Cow<'_, str> {
    if !Escaped::needed(json.trim_end_matches('\n')) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    let mut buffer = [0u8; 4];
    for c in json.chars() {
        if c != '\n' && Escaped::needed(c.encode_utf8(&mut buffer)) {
            for unit in c.encode_utf16(&mut [0u16; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

pub fn write_failure(error: io::Error) -> Failure {
    if error.kind() == io::ErrorKind::BrokenPipe {
        Failure::closed_pipe()
    } else {
        Failure::io(format!("cannot write to standard output: {error}"))
    }
}

/// `text` with every character that would drive a terminal written as an escape (see
/// [`emvqr::Escaped`]); printable text comes back unchanged, without a copy.
pub fn escape(text: &str) -> Cow<'_, str> {
    if Escaped::needed(text) {
        Cow::Owned(Escaped(text).to_string())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_what_drives_a_terminal_and_keeps_the_rest() {
        assert_eq!(escape("São Paulo 北京"), "São Paulo 北京");
        assert_eq!(escape("paid\r not paid"), "paid\\u{d} not paid");
        assert_eq!(escape("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(escape("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(escape("c1\u{9b}31m"), "c1\\u{9b}31m");
    }
}
