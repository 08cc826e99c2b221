//! Small questions about text, answered byte by byte: `str::find`, `contains` and
//! `split_once` on a character go through the standard library's `memchr`, and `is_ascii`
//! reads words around unaligned ends; both are large on firmware and gain nothing on values
//! of a few dozen bytes.

/// The text before and after the first `byte` (an ASCII character), or `None` without one.
pub(crate) fn split_once_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == byte)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// Whether every byte of `bytes` is ASCII. (The standard library's `is_ascii` reads a word at
/// a time around unaligned ends, several hundred bytes of code on firmware; this loop is a
/// few dozen, and compilers for wide targets still take many bytes a step.)
pub(crate) fn is_ascii(bytes: &[u8]) -> bool {
    bytes.iter().fold(0, |seen, b| seen | b) < 0x80
}

/// Whether `text` starts with `prefix` (ASCII) in any letter case. (On bytes: a prefix of
/// `text` that matches ASCII ends at a character boundary, so no boundary needs checking.)
pub(crate) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
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
            assert_eq!(is_ascii(text.as_bytes()), text.is_ascii(), "{text}");
            for prefix in ["", "A", "a@", "AÇÃ", "no at"] {
                let standard = text
                    .get(..prefix.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(prefix));
                assert_eq!(starts_with_ignore_case(text, prefix), standard, "{text}");
            }
        }
    }
}
