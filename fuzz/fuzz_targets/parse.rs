//! Arbitrary bytes → strict and lenient parse. Never panics; what parses is sound: its fields
//! concatenate back to the payload, its CRC is right, and strict acceptance means lenient
//! acceptance without deviations.
#![no_main]

use emvqr::{ErrorKind, Payload, TagPath, crc16, tlv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let strict = Payload::parse(text);
    let lenient = Payload::parse_lenient(text);
    if strict.is_ok() {
        let lenient = lenient
            .as_ref()
            .expect("strict acceptance implies lenient acceptance");
        assert!(lenient.deviations().is_empty());
    }
    for result in [strict, lenient] {
        match result {
            Ok(payload) => {
                let joined: String = payload.fields().map(|f| f.raw()).collect();
                assert_eq!(joined, payload.as_str());
                let check = crc16::check_tail(payload.as_str())
                    .expect("a parsed payload ends with 6304 and a CRC");
                assert!(check.matches());
                // The root walks cleanly; past 512 characters only a lenient parse reads it, so
                // the walk skips the EMVCo length check there.
                let mut walk = tlv::Fields::template(payload.as_str(), 0, TagPath::root());
                assert!(walk.all(|f| f.is_ok()));
                if payload.as_str().chars().count() <= tlv::MAX_PAYLOAD_CHARS {
                    assert!(tlv::fields(payload.as_str()).all(|f| f.is_ok()));
                }
                assert!(payload.deviation_count() >= payload.deviations().len());
                for account in payload.merchant_accounts() {
                    let _ = (account.gui(), account.get(1));
                }
                let _ = payload.additional_data().map(|d| d.reference_label());
            }
            Err(error) => {
                assert!(error.has_offset(), "a parse error points at a byte");
                assert!(error.offset() <= text.len());
                let message = error.to_string();
                assert!(
                    message.contains(&format!("offset {}", error.offset())),
                    "{message}"
                );
                // A length guess explains the whole payload: with the length it names, the
                // root walks to its end (what lenient parsing walks: trimmed, any length).
                if let ErrorKind::LengthMismatch {
                    declared, actual, ..
                } = error.kind()
                {
                    let at = error.offset();
                    let header = &text[at..at + 4];
                    assert_eq!(header[2..].parse::<u8>().ok(), Some(declared), "{text:?}");
                    let repaired = format!(
                        "{}{}{actual:02}{}",
                        &text[..at],
                        &header[..2],
                        &text[at + 4..]
                    );
                    let mut walk = tlv::Fields::template(repaired.trim(), 0, TagPath::root());
                    assert!(walk.all(|f| f.is_ok()), "{text:?} -> {repaired:?}");
                }
            }
        }
    }
});
