//! Small questions about text, answered byte by byte: `str::find`, `contains` and
//! `split_once` on a character go through the standard library's `memchr`, which is large on
//! firmware and gains nothing on values of a few dozen bytes.

/// The text before and after the first `byte` (an ASCII character), or `None` without one.
pub(crate) fn split_once_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == byte)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// Whether `text` holds `byte` (an ASCII character).
pub(crate) fn has_byte(text: &str, byte: u8) -> bool {
    text.bytes().any(|b| b == byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_the_standard_library_does() {
        for text in [
            "",
            "@",
            "a@b",
            "@b",
            "a@",
            "a@b@c",
            "ação@é.br",
            "no at sign",
            "é",
        ] {
            assert_eq!(split_once_byte(text, b'@'), text.split_once('@'), "{text}");
            assert_eq!(has_byte(text, b'@'), text.contains('@'), "{text}");
            assert_eq!(has_byte(text, b'.'), text.contains('.'), "{text}");
        }
    }
}
