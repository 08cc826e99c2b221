//! What more there is to say about a payload that failed to parse, beyond its error: the
//! notes the CLI prints and the inspector page shows under a broken code.
//!
//! Apart from the diagnosis of the walk (`diagnose.rs`), because a note parses the payload
//! again, leniently: it sits above [`Payload`], not inside the parse.

use core::fmt;

use super::Payload;
use crate::crc16;
use crate::error::{Error, ErrorKind};

/// Something more to say about a payload that failed to parse, beyond its [`Error`]: what a
/// person needs next (see [`notes`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Note {
    /// Only field rules (or a scheme's rules) broke: lenient parsing reads the payload and
    /// lists every rule it breaks.
    LenientReads,
    /// The payload is broken, yet its CRC matches its content as written: it was made this
    /// way, not changed afterwards.
    CrcMatchesAsWritten {
        /// The CRC.
        crc: u16,
    },
    /// The CRC does not match the content either: the payload was changed after it was made
    /// (or damaged in transit).
    CrcMismatch {
        /// The CRC written in the payload.
        stated: u16,
        /// The CRC of its content.
        computed: u16,
        /// Byte offset of the four CRC digits.
        offset: usize,
    },
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Note::LenientReads => f.write_str(
                "the structure and CRC are sound; lenient parsing lists every rule this payload breaks",
            ),
            Note::CrcMatchesAsWritten { crc } => write!(
                f,
                "the CRC {crc:04X} matches the content as written: nothing changed after the CRC was computed"
            ),
            Note::CrcMismatch {
                stated,
                computed,
                offset,
            } => write!(
                f,
                "the CRC does not match either: the payload says {stated:04X}, its content gives {computed:04X} — at offset {offset}"
            ),
        }
    }
}

/// What more there is to say about `input`, which failed to parse with `error` (strictly, or
/// `lenient`ly): whether lenient parsing would read it, and, when the payload is broken beyond
/// that, what its CRC says about how it came to be. None for an error that is about the CRC
/// already. (One note at most today; an iterator, so that more kinds of note can come.)
///
/// ```
/// use emvqr::payload::{notes, Note};
/// use emvqr::Payload;
///
/// // The guide's payload whose merchant name was shortened after the code was made.
/// let code = "00020101021243650016COM.MERCADOLIBRE02013063638f1192a-5fd1-4180-a180-8bcae3556bc35204000053039865802BR5925IZABEL AAAA DE MELO6007BARUERI62070503***63040B6D";
/// let error = Payload::parse(code).unwrap_err();
/// let said: Vec<Note> = notes(code, &error, false).collect();
/// assert!(matches!(said[..], [Note::CrcMismatch { stated: 0x0B6D, .. }]));
/// ```
pub fn notes(input: &str, error: &Error, lenient: bool) -> impl Iterator<Item = Note> {
    let mut said = None;
    if !lenient && Payload::parse_lenient(input).is_ok() {
        said = Some(Note::LenientReads);
    } else if !matches!(
        error.kind(),
        ErrorKind::CrcMismatch { .. }
            | ErrorKind::CrcNotHex
            | ErrorKind::CrcLength { .. }
            | ErrorKind::CrcMissing
    ) {
        said = crc16::check_tail(input).map(|check| {
            if check.matches() {
                Note::CrcMatchesAsWritten { crc: check.stated }
            } else {
                Note::CrcMismatch {
                    stated: check.stated,
                    computed: check.computed,
                    offset: check.offset,
                }
            }
        });
    }
    said.into_iter()
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::format;
    use std::string::String;
    use std::vec::Vec;

    use super::*;

    fn notes_of(code: &str, lenient: bool) -> Vec<Note> {
        let error = if lenient {
            Payload::parse_lenient(code).unwrap_err()
        } else {
            Payload::parse(code).unwrap_err()
        };
        notes(code, &error, lenient).collect()
    }

    /// The Pix example with `content` in place of its city field, and its CRC recomputed.
    fn with_city_field(content: &str) -> String {
        let body = format!(
            "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal{content}62070503***6304"
        );
        format!("{body}{:04X}", crate::crc16::checksum(body.as_bytes()))
    }

    #[test]
    fn a_code_that_only_breaks_field_rules_is_read_leniently() {
        let accented = with_city_field("6008BRASÍLIA");
        assert_eq!(notes_of(&accented, false), [Note::LenientReads]);
        // Parsed leniently already: nothing more to say.
        assert_eq!(Payload::parse_lenient(&accented).map(|_| ()), Ok(()));
    }

    #[test]
    fn a_broken_length_with_its_crc_computed_over_it_was_made_that_way() {
        // City declared 9 characters, holding 8: the walk breaks, the CRC matches.
        let code = with_city_field("6009BRASILIA");
        let crc = u16::from_str_radix(&code[code.len() - 4..], 16).unwrap();
        assert_eq!(notes_of(&code, false), [Note::CrcMatchesAsWritten { crc }]);
        assert_eq!(notes_of(&code, true), [Note::CrcMatchesAsWritten { crc }]);
    }

    #[test]
    fn a_broken_length_under_a_crc_that_disagrees_was_edited_afterwards() {
        let made = with_city_field("6008BRASILIA");
        let edited = made.replace("6008BRASILIA", "6008SAO PAULO");
        let at = edited.len() - 4;
        let said = notes_of(&edited, false);
        assert_eq!(
            said,
            [Note::CrcMismatch {
                stated: u16::from_str_radix(&made[made.len() - 4..], 16).unwrap(),
                computed: crate::crc16::checksum(&edited.as_bytes()[..at]),
                offset: at,
            }]
        );
        assert!(format!("{}", said[0]).ends_with(&format!("at offset {at}")));
    }

    #[test]
    fn an_error_about_the_crc_gets_no_note_about_it() {
        let made = with_city_field("6008BRASILIA");
        let edited = made.replace("BRASILIA", "BRASILIO");
        assert!(notes_of(&edited, false).is_empty());
    }
}
