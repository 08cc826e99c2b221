//! Explanations for payloads whose TLV walk breaks: the error a person needs is rarely "ID 'RU'
//! is not two digits" but "field 59 declares 25 characters and holds 19".
//!
//! These run only after the walk has failed, so they may re-walk the payload a few times; they
//! never change what is accepted. They walk spans with the check's own cursor, and make a
//! field's path and offset only for the error they return.

use crate::error::{Error, ErrorKind};
use crate::fields;
use crate::path::TagPath;
use crate::text::is_ascii;
use crate::tlv::{Cursor, Span, byte_len_of_chars, check_payload_length, two_digits};

/// How many fields before the break are tried as the culprit of a wrong length.
const SUSPECTS: usize = 4;

/// Turns the error of a failed root walk into the most useful explanation found.
pub(crate) fn root_failure(text: &str, start: usize, failure: Error) -> Error {
    match failure.kind() {
        // These say exactly what is wrong already.
        ErrorKind::InputTooLong { .. } | ErrorKind::Empty | ErrorKind::ZeroLength => failure,
        // Bytes first: when the whole payload walks with byte lengths, that is the cause, even
        // though shortening the first accented value would also mend the walk.
        _ => lengths_in_bytes(text, start)
            .or_else(|| length_mismatch(text, start))
            .unwrap_or(failure),
    }
}

/// A field whose declared length disagrees with where the next field starts: tries other
/// lengths for the last few fields before the break, and reports the first that explains the
/// whole payload: the field's corrected value is well formed (a template's walks as TLV, a
/// value fits its format), and the rest of the payload walks cleanly to a final `6304` CRC
/// field. A guess that explains less is not offered; the walk's own error stands.
fn length_mismatch(text: &str, start: usize) -> Option<Error> {
    // A payload past the 512 characters is not diagnosed: its length is what is wrong.
    check_payload_length(text).ok()?;
    let mut recent: [Option<Span>; SUSPECTS] = [None; SUSPECTS];
    let mut walked = 0;
    let mut cursor = Cursor::new(text, is_ascii(text.as_bytes()));
    while let Some(Ok(span)) = cursor.next() {
        if let Some(slot) = recent.get_mut(walked % SUSPECTS) {
            *slot = Some(span);
        }
        walked += 1;
    }
    for back in 1..=walked.min(SUSPECTS) {
        let suspect = (*recent.get((walked - back) % SUSPECTS)?)?;
        let path = TagPath::new(suspect.id);
        let declared = usize::from(suspect.len);
        let value = text.get(suspect.value_start()..)?;
        // Only lengths the field may have: a repair that gives the two-letter country code six
        // characters is a coincidence, not an explanation.
        let (min, max) =
            fields::rule_at(path).map_or((1, 99), |r| (usize::from(r.min), usize::from(r.max)));
        // Shorter first: values edited after the code was made are usually shortened (redacted
        // names), and a shorter guess cannot swallow the field that follows.
        for actual in (min..declared).rev().chain((declared + 1).max(min)..=max) {
            let Ok(bytes) = byte_len_of_chars(value, actual) else {
                break;
            };
            let corrected = value.get(..bytes).unwrap_or_default();
            if !well_formed(path, corrected) {
                continue;
            }
            if let Some(next) = value.get(bytes..).and_then(walks_to_crc) {
                let kind = ErrorKind::LengthMismatch {
                    declared: suspect.len,
                    actual: u8::try_from(actual).unwrap_or(u8::MAX),
                    next,
                };
                return Some(Error::new(kind, start + suspect.start, path));
            }
        }
    }
    None
}

/// Whether `value` is a well-formed value for the root field at `path`: a template's walks as
/// TLV to its end, a primitive's characters fit the field's format.
fn well_formed(path: TagPath, value: &str) -> bool {
    match fields::rule_at(path) {
        Some(rule) if rule.template().is_some() => {
            let mut cursor = Cursor::new(value, is_ascii(value.as_bytes()));
            core::iter::from_fn(|| cursor.next()).all(|sub| sub.is_ok())
        }
        Some(rule) => value.chars().all(|c| rule.format.allows(c)),
        None => true,
    }
}

/// If `rest` is well-formed TLV ending with a `63` field of length 4, the ID of its first field.
fn walks_to_crc(rest: &str) -> Option<u8> {
    let mut first = None;
    let mut last = None;
    let mut cursor = Cursor::new(rest, is_ascii(rest.as_bytes()));
    while let Some(span) = cursor.next() {
        let span = span.ok()?;
        first.get_or_insert(span.id);
        last = Some(span);
    }
    let last = last?;
    (last.id == 63 && last.len == 4).then_some(first?)
}

/// A payload that walks cleanly when lengths count UTF-8 bytes: the generator counted bytes.
/// Reports the first field whose byte and character counts differ.
fn lengths_in_bytes(text: &str, start: usize) -> Option<Error> {
    if is_ascii(text.as_bytes()) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut culprit = None;
    let mut last = None;
    while at < bytes.len() {
        let (id, len) = match bytes.get(at..at + 4)? {
            &[i0, i1, l0, l1] => (two_digits(i0, i1)?, two_digits(l0, l1)?),
            _ => return None,
        };
        let end = at + 4 + usize::from(len);
        let value = text.get(at + 4..end)?;
        if culprit.is_none() && !is_ascii(value.as_bytes()) {
            culprit = Some((at, id));
        }
        last = Some((id, len));
        at = end;
    }
    let (offset, id) = culprit?;
    (last == Some((63, 4))).then(|| {
        Error::new(
            ErrorKind::LengthCountsBytes,
            start + offset,
            TagPath::new(id),
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::{ErrorKind, Payload};

    /// The redacted payload A of the Mercado Pago guide: 59 declares 25, holds 19.
    const GUIDE_A: &str = "00020101021243650016COM.MERCADOLIBRE02013063638f1192a-5fd1-4180-a180-8bcae3556bc35204000053039865802BR5925IZABEL AAAA DE MELO6007BARUERI62070503***63040B6D";
    /// Payload B: 59 declares 25, holds 20.
    const GUIDE_B: &str = "00020101021226940014BR.GOV.BCB.PIX2572pix-qr.mercadopago.com/instore/o/v2/fdf9ece0-6137-4e1e-a49d-94f55ec9eee25204000053039865802BR5925FELIPE AAAAAA AAAAA 6009SAO PAULO62070503***6304B61D";

    #[test]
    fn diagnosis_names_the_field_whose_length_was_not_updated() {
        for (code, actual, offset) in [(GUIDE_A, 19, 102), (GUIDE_B, 20, 131)] {
            let err = Payload::parse_lenient(code).unwrap_err();
            assert_eq!(
                err.kind(),
                ErrorKind::LengthMismatch {
                    declared: 25,
                    actual,
                    next: 60
                }
            );
            assert_eq!(err.path().to_string(), "59");
            assert_eq!(err.offset(), offset);
        }
    }

    #[test]
    fn diagnosis_finds_a_template_length_one_too_long() {
        // From a gist: 62 declares 08 but holds 7; the CRC was computed over the broken text.
        let code = "00020126360014BR.GOV.BCB.PIX0114+5511943214321520400005303986540566.665802BR5907EMPRESA6008BRASILIA62080503***6304170E";
        let err = Payload::parse(code).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::LengthMismatch {
                declared: 8,
                actual: 7,
                next: 63
            }
        );
        assert_eq!(err.path().to_string(), "62");
    }

    #[test]
    fn diagnosis_leaves_explicit_errors_alone() {
        // 62 with length 00: a repair giving 58 six characters would also walk; it is wrong.
        let code = "00020101021138570010A00000072701390006970422011301234567890200208QRIBFTTA5303704540440005802VN62006304A6AF";
        let err = Payload::parse(code).unwrap_err();
        assert_eq!(
            (err.kind(), err.path().to_string()),
            (ErrorKind::ZeroLength, "62".into())
        );
    }

    #[test]
    fn diagnosis_recognises_lengths_counted_in_bytes() {
        // Name "JOÃO" written with its byte length (5) instead of its 4 characters.
        let body =
            "00020126330014br.gov.bcb.pix0111123456789015204000053039865802BR5905JOÃO6005TOKYO6304";
        let code = format!(
            "{body}{}",
            core::str::from_utf8(&crate::crc16::to_hex(crate::crc16::checksum(
                body.as_bytes()
            )))
            .unwrap()
        );
        let err = Payload::parse(&code).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::LengthCountsBytes);
        assert_eq!(err.path().to_string(), "59");
    }
}
