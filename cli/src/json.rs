//! A small JSON writer: enough for the CLI's output, with correct string escaping.

use std::fmt::Write;

/// Appends `text` as a JSON string literal.
pub fn string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `"key":` (with a leading comma unless `first`).
pub fn key(out: &mut String, first: bool, name: &str) {
    if !first {
        out.push(',');
    }
    string(out, name);
    out.push(':');
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_quotes_controls_and_keeps_unicode() {
        let mut out = String::new();
        super::string(&mut out, "a\"b\\c\n\u{1}北京");
        assert_eq!(out, r#""a\"b\\c\n\u0001北京""#);
    }
}
