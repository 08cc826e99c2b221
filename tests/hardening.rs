//! What an adversarial review of the library found, one test each: diagnoses that pointed at
//! the wrong field, builder errors that named the wrong limit or no field, control characters
//! that strict parsing let through.

use emvqr::build::{Builder, PixBuilder};
use emvqr::{ErrorKind, Payload, Relaxation, TagPath, crc16};

/// `body` (without 6304) sealed with its CRC.
fn seal(body: &str) -> String {
    let body = format!("{body}6304");
    let crc = crc16::to_hex(crc16::checksum(body.as_bytes()));
    format!("{body}{}", std::str::from_utf8(&crc).unwrap())
}

const PIX_TEMPLATE: &str = "26580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000";
const REST: &str = "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***";

// ----- diagnoses

#[test]
fn a_broken_id_after_an_intact_template_is_blamed_on_the_id_not_the_template() {
    // "AB01x" inserted after template 26, the CRC fixed: the walk breaks at "AB".
    let code = seal(&format!("000201{PIX_TEMPLATE}AB01x{REST}"));
    let error = Payload::parse(&code).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::IdNotDigits { found: ['A', 'B'] });
    assert_eq!(error.offset(), 68);
}

#[test]
fn a_value_longer_than_it_declares_says_so() {
    // 59 declares 7 characters and holds 8: the guess says 8 follow, not "only 8 fit".
    let code = seal(&format!(
        "000201{PIX_TEMPLATE}5204000053039865802BR5907Fulano X6008BRASILIA62070503***"
    ));
    let error = Payload::parse(&code).unwrap_err();
    assert_eq!(
        error.kind(),
        ErrorKind::LengthMismatch {
            declared: 7,
            actual: 8,
            next: 60
        }
    );
    let message = error.to_string();
    assert!(
        message.contains(
            "field 59 (merchant name) declares 7 characters but 8 follow before field 60"
        ),
        "{message}"
    );
}

#[test]
fn a_length_guess_must_leave_a_well_formed_template() {
    // Template 62 declares 12 but holds 11; shortening 26 (a well-formed template) to make the
    // rest walk would cut its key: only 62's own length explains the payload.
    let code = seal(&format!(
        "000201{PIX_TEMPLATE}5204000053039865802BR5913Fulano de Tal6008BRASILIA62120503***0702AB"
    ));
    let error = Payload::parse(&code).unwrap_err();
    match error.kind() {
        ErrorKind::LengthMismatch { declared: 12, .. } => {
            assert_eq!(error.path(), TagPath::new(62))
        }
        other => assert_ne!(error.path(), TagPath::new(26), "{other:?}"),
    }
}

// ----- builder errors

#[test]
fn builder_errors_give_the_real_length_and_the_fields_own_limit() {
    let name = "x".repeat(300);
    let mut builder = Builder::new();
    builder
        .merchant_account(26, "br.gov.bcb.pix", &[(1, "11144477735")])
        .merchant_category_code("0000")
        .currency_code("986")
        .country_code("BR")
        .merchant_name(&name)
        .merchant_city("RIO");
    let mut out = [0u8; 2048];
    let error = builder.build_into(&mut out).unwrap_err();
    assert_eq!(
        (error.kind(), error.path()),
        (
            ErrorKind::ValueTooLong {
                max: 25,
                actual: 300
            },
            TagPath::new(59)
        )
    );
    assert!(
        error
            .to_string()
            .contains("holds 300 characters; at most 25 are allowed"),
        "{error}"
    );
    // A 420-character name through the Pix builder: the name, not the buffer.
    let long = "y".repeat(420);
    let error = PixBuilder::new_static("11144477735", &long, "RIO")
        .build()
        .unwrap_err();
    assert_eq!(
        error.kind(),
        ErrorKind::ValueTooLong {
            max: 25,
            actual: 420
        }
    );
    assert_eq!(error.path(), TagPath::new(59));
}

#[test]
fn a_buffer_too_small_names_the_field_that_did_not_fit() {
    let mut builder = Builder::new();
    builder
        .merchant_account(26, "br.gov.bcb.pix", &[(1, "11144477735")])
        .merchant_category_code("0000")
        .currency_code("986")
        .country_code("BR")
        .merchant_name("Fulano de Tal")
        .merchant_city("RIO");
    let mut out = [0u8; 70];
    let error = builder.build_into(&mut out).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::OutputTooSmall { .. }));
    assert_eq!(error.path(), TagPath::new(59));
    assert!(
        error
            .to_string()
            .contains("writing field 59 (merchant name)"),
        "{error}"
    );
}

// ----- control characters

#[test]
fn strict_parsing_refuses_control_characters_in_every_format() {
    for (text, control) in [
        ("Pay\u{1b}[31mnow", '\u{1b}'),
        ("line\rover", '\r'),
        ("nul\0here", '\0'),
        ("bell\u{7}", '\u{7}'),
        ("c1\u{85}next", '\u{85}'),
    ] {
        // 26.02 (S: scheme-specific data) and 64.01 (S: name in another language).
        let info = format!(
            "{}0136123e4567-e12b-12d1-a456-4266554400000{}{}",
            "0014br.gov.bcb.pix",
            format_args!("2{:02}", text.chars().count()),
            text
        );
        let template = format!("26{:02}{info}", info.chars().count());
        let language = format!("0002ZH01{:02}{text}", text.chars().count());
        for code in [
            seal(&format!("000201{template}{REST}")),
            seal(&format!(
                "000201{PIX_TEMPLATE}{REST}64{:02}{language}",
                language.chars().count()
            )),
        ] {
            let error = Payload::parse(&code).unwrap_err();
            assert!(
                matches!(error.kind(), ErrorKind::InvalidCharacter { found, .. } if found == control),
                "{code:?}: {error}"
            );
            let lenient = Payload::parse_lenient(&code).unwrap();
            assert!(lenient.deviations().iter().any(|d| matches!(
                d.kind(),
                ErrorKind::InvalidCharacter { found, .. } if found == control
            )));
            let only_characters =
                emvqr::ParseOptions::strict().allow(Relaxation::InvalidCharacters);
            assert!(Payload::parse_with(&code, &only_characters).is_ok());
        }
    }
}

#[test]
fn views_escape_what_would_drive_a_terminal() {
    let info = "Pay\u{1b}[2J\u{202e}now";
    let account = format!(
        "0014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-42665544000002{:02}{info}",
        info.chars().count()
    );
    let code = seal(&format!(
        "00020126{:02}{account}{REST}",
        account.chars().count()
    ));
    let payload = Payload::parse_lenient(&code).unwrap();
    let shown = emvqr::schemes::recognise(&payload)
        .next()
        .unwrap()
        .to_string();
    assert!(
        shown.contains("info \"Pay\\u{1b}[2J\\u{202e}now\""),
        "{shown}"
    );
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{202e}'));
}
