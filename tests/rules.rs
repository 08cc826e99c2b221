//! One test per rule, named after it. Payloads are assembled from fields with a correct CRC,
//! so that each test breaks exactly the rule it names.

use emvqr::amount::AmountError;
use emvqr::fields::Format;
use emvqr::{Error, ErrorKind, MAX_DEVIATIONS, ParseOptions, Payload, Relaxation, crc16};

/// `ID LEN VALUE` with the length in characters.
fn tlv(id: u8, value: &str) -> String {
    format!("{id:02}{:02}{value}", value.chars().count())
}

/// The fields joined, with `6304` and the right CRC appended.
fn seal(fields: &[String]) -> String {
    let mut body: String = fields.concat();
    body.push_str("6304");
    let crc = crc16::to_hex(crc16::checksum(body.as_bytes()));
    body.push_str(core::str::from_utf8(&crc).unwrap());
    body
}

fn pix_account() -> String {
    tlv(
        26,
        &(tlv(0, "br.gov.bcb.pix") + &tlv(1, "123e4567-e12b-12d1-a456-426655440000")),
    )
}

/// A valid static Pix payload, as fields.
fn base() -> Vec<String> {
    vec![
        tlv(0, "01"),
        tlv(1, "11"),
        pix_account(),
        tlv(52, "0000"),
        tlv(53, "986"),
        tlv(54, "10.50"),
        tlv(58, "BR"),
        tlv(59, "Fulano de Tal"),
        tlv(60, "BRASILIA"),
        tlv(62, &tlv(5, "***")),
    ]
}

/// `base()` with field `id` replaced by `field` (or removed when `None`), sealed.
fn with(id: u8, field: Option<String>) -> String {
    let prefix = format!("{id:02}");
    let mut fields: Vec<String> = base()
        .into_iter()
        .filter(|f| !f.starts_with(&prefix))
        .collect();
    if let Some(field) = field {
        let at = fields
            .iter()
            .position(|f| f[..2] > prefix[..])
            .unwrap_or(fields.len());
        fields.insert(at, field);
    }
    seal(&fields)
}

fn strict_error(code: &str) -> Error {
    Payload::parse(code).unwrap_err()
}

fn kind_and_path(error: Error) -> (ErrorKind, String) {
    (error.kind(), error.path().to_string())
}

#[test]
fn base_payload_is_valid() {
    let code = seal(&base());
    let payload = Payload::parse(&code).unwrap();
    assert_eq!(payload.amount(), Some("10.50"));
    assert!(payload.deviations().is_empty());
}

// ----- structure and frame

#[test]
fn payload_rejects_empty_input() {
    assert_eq!(strict_error("").kind(), ErrorKind::Empty);
    assert_eq!(
        Payload::parse_lenient(" \n").unwrap_err().kind(),
        ErrorKind::Empty
    );
}

#[test]
fn format_indicator_must_come_first() {
    let mut fields = base();
    fields.swap(0, 1);
    let error = strict_error(&seal(&fields));
    assert_eq!(
        kind_and_path(error),
        (ErrorKind::FormatIndicatorNotFirst, "01".into())
    );
    assert_eq!(error.offset(), 0);
}

#[test]
fn format_indicator_must_be_01() {
    let error = strict_error(&with(0, Some(tlv(0, "02"))));
    assert_eq!(
        kind_and_path(error),
        (ErrorKind::ReservedValue, "00".into())
    );
    assert!(error.to_string().contains("allowed: 01"));
}

#[test]
fn crc_must_be_last() {
    let code = seal(&base()) + &tlv(61, "12345");
    assert_eq!(strict_error(&code).kind(), ErrorKind::CrcNotLast);
}

#[test]
fn crc_must_be_present() {
    let body: String = base().concat();
    let error = strict_error(&body);
    assert_eq!(
        (error.kind(), error.offset()),
        (ErrorKind::CrcMissing, body.len())
    );
}

#[test]
fn crc_must_declare_length_04() {
    let body: String = base().concat() + "63050ABCD";
    assert_eq!(
        strict_error(&body).kind(),
        ErrorKind::CrcLength { declared: 5 }
    );
}

#[test]
fn crc_must_be_hex() {
    let body: String = base().concat() + "6304XYZW";
    assert_eq!(strict_error(&body).kind(), ErrorKind::CrcNotHex);
}

#[test]
fn crc_must_match_content() {
    let good = seal(&base());
    let bad = good.replace("BRASILIA", "BRASILIO");
    let error = strict_error(&bad);
    let stated = crc16::check_tail(&good).unwrap().stated;
    let computed = crc16::checksum(&bad.as_bytes()[..bad.len() - 4]);
    assert_eq!(error.kind(), ErrorKind::CrcMismatch { stated, computed });
    assert_eq!(error.offset(), bad.len() - 4);
    assert!(
        error
            .to_string()
            .starts_with(&format!("CRC mismatch: the payload says {stated:04X}"))
    );
}

#[test]
fn crc_is_computed_over_utf8_bytes() {
    let mut fields = base();
    fields.push(tlv(
        64,
        &(tlv(0, "ZH") + &tlv(1, "最佳运输") + &tlv(2, "北京")),
    ));
    let code = seal(&fields);
    let payload = Payload::parse(&code).unwrap();
    assert_eq!(
        payload.language_template().unwrap().merchant_city(),
        Some("北京")
    );
}

#[test]
fn crc_in_lowercase_is_refused_strictly_and_reported_leniently() {
    let code = seal(&base());
    let lower = format!(
        "{}{}",
        &code[..code.len() - 4],
        code[code.len() - 4..].to_ascii_lowercase()
    );
    if lower == code {
        return; // the CRC happens to have no letters
    }
    assert_eq!(strict_error(&lower).kind(), ErrorKind::CrcLowercase);
    let options = ParseOptions::strict().allow(Relaxation::LowercaseCrc);
    let payload = Payload::parse_with(&lower, &options).unwrap();
    assert_eq!(payload.deviations()[0].kind(), ErrorKind::CrcLowercase);
}

#[test]
fn whitespace_is_refused_strictly_and_trimmed_leniently() {
    let code = seal(&base());
    let padded = format!("  {code}\n");
    let error = strict_error(&padded);
    assert_eq!(
        (error.kind(), error.offset()),
        (
            ErrorKind::SurroundingWhitespace {
                crc_matches_without: true
            },
            0
        )
    );
    assert!(error.to_string().contains("without it, the CRC matches"));
    let payload = Payload::parse_lenient(&padded).unwrap();
    assert_eq!(payload.as_str(), code);
    // Offsets stay relative to the caller's string.
    assert_eq!(
        payload.get(59).unwrap().offset(),
        padded.find("5913").unwrap()
    );
    let trailing = strict_error(&format!("{code}\r\n"));
    assert_eq!(trailing.offset(), code.len());
    // Whitespace around a payload that is broken anyway: no such hint.
    let broken = strict_error(&format!("{} \n", code.replace("BRASILIA", "BRASILIO")));
    assert_eq!(
        broken.kind(),
        ErrorKind::SurroundingWhitespace {
            crc_matches_without: false
        }
    );
}

/// Every character Unicode calls white space, alone before or after a code, is found: ASCII
/// ones and those whose UTF-8 starts or ends with a byte that is not ASCII.
#[test]
fn every_white_space_character_at_either_end_is_found() {
    let code = seal(&base());
    let spaces = (0..=u32::from(char::MAX))
        .filter_map(char::from_u32)
        .filter(|c| c.is_whitespace());
    let mut tried = 0;
    for space in spaces {
        for (padded, start) in [
            (format!("{space}{code}"), space.len_utf8()),
            (format!("{code}{space}"), 0),
        ] {
            let error = strict_error(&padded);
            assert_eq!(
                error.kind(),
                ErrorKind::SurroundingWhitespace {
                    crc_matches_without: true
                },
                "{space:?}"
            );
            let payload = Payload::parse_lenient(&padded).unwrap();
            assert_eq!(payload.as_str(), code);
            assert_eq!(payload.get(0).unwrap().offset(), start, "{space:?}");
        }
        tried += 1;
    }
    assert_eq!(tried, 25);
}

#[test]
fn root_tlv_errors_are_fatal_even_when_lenient() {
    let code = seal(&base());
    let truncated = &code[..code.len() - 10];
    assert!(Payload::parse_lenient(truncated).is_err());
}

#[test]
fn no_prefix_or_suffix_of_a_valid_payload_panics_or_passes() {
    let code = seal(&base()) + "";
    for end in 0..code.len() {
        if let Some(prefix) = code.get(..end) {
            assert!(Payload::parse(prefix).is_err());
            assert!(Payload::parse_lenient(prefix).is_err());
        }
        if let Some(suffix) = code.get(end + 1..) {
            assert!(Payload::parse(suffix).is_err());
        }
    }
}

// ----- field rules

#[test]
fn duplicate_root_ids_are_rejected() {
    let mut fields = base();
    fields.insert(5, tlv(53, "986"));
    let code = seal(&fields);
    let error = strict_error(&code);
    let first = code.find("5303986").unwrap() as u32;
    assert_eq!(
        kind_and_path(error),
        (ErrorKind::DuplicateField { first }, "53".into())
    );
    let lenient = Payload::parse_lenient(&code).unwrap();
    assert_eq!(lenient.currency_code(), Some("986"));
}

#[test]
fn duplicate_subfield_ids_are_rejected() {
    let code = with(62, Some(tlv(62, &(tlv(5, "***") + &tlv(5, "ABC")))));
    assert_eq!(kind_and_path(strict_error(&code)).1, "62.05");
}

#[test]
fn mandatory_root_fields_are_required() {
    for id in [52, 53, 58, 59, 60] {
        let error = strict_error(&with(id, None));
        assert_eq!(
            kind_and_path(error),
            (ErrorKind::MissingField, format!("{id}"))
        );
    }
}

#[test]
fn a_merchant_account_is_required() {
    let error = strict_error(&with(26, None));
    assert_eq!(error.kind(), ErrorKind::MissingMerchantAccount);
}

#[test]
fn card_scheme_accounts_count_as_merchant_accounts() {
    let code = with(26, Some(tlv(4, "5412345678901234")));
    let payload = Payload::parse(&code).unwrap();
    let account = payload.merchant_accounts().next().unwrap();
    assert_eq!(
        (account.id(), account.gui(), account.value()),
        (4, None, "5412345678901234")
    );
}

#[test]
fn point_of_initiation_must_be_11_or_12() {
    let error = strict_error(&with(1, Some(tlv(1, "13"))));
    assert_eq!(
        kind_and_path(error),
        (ErrorKind::ReservedValue, "01".into())
    );
}

#[test]
fn numeric_fields_reject_letters() {
    let code = with(52, Some(tlv(52, "00A0")));
    let error = strict_error(&code);
    assert_eq!(
        error.kind(),
        ErrorKind::InvalidCharacter {
            found: 'A',
            format: Format::N
        }
    );
    assert_eq!(error.offset(), code.find("00A0").unwrap() + 2);
}

#[test]
fn ans_fields_reject_non_ascii() {
    let code = with(60, Some(tlv(60, "SÃO PAULO")));
    let error = strict_error(&code);
    assert_eq!(
        error.kind(),
        ErrorKind::InvalidCharacter {
            found: 'Ã',
            format: Format::Ans
        }
    );
    assert_eq!(error.offset(), code.find('Ã').unwrap());
}

#[test]
fn ans_fields_reject_control_characters() {
    let error = strict_error(&with(59, Some(tlv(59, "Fulano\tde Tal"))));
    assert_eq!(
        error.kind(),
        ErrorKind::InvalidCharacter {
            found: '\t',
            format: Format::Ans
        }
    );
    assert!(error.to_string().contains("U+0009"));
}

#[test]
fn s_fields_accept_any_unicode() {
    let mut fields = base();
    fields.push(tlv(64, &(tlv(0, "PT") + &tlv(1, "Fulano de Tál 😀"))));
    assert!(Payload::parse(&seal(&fields)).is_ok());
}

#[test]
fn merchant_name_is_at_most_25_characters() {
    let error = strict_error(&with(59, Some(tlv(59, &"N".repeat(26)))));
    assert_eq!(
        kind_and_path(error),
        (
            ErrorKind::ValueTooLong {
                max: 25,
                actual: 26
            },
            "59".into()
        )
    );
    assert!(Payload::parse(&with(59, Some(tlv(59, &"N".repeat(25))))).is_ok());
}

#[test]
fn merchant_city_is_at_most_15_characters() {
    let error = strict_error(&with(60, Some(tlv(60, "Sao Joao del Rei"))));
    assert_eq!(
        error.kind(),
        ErrorKind::ValueTooLong {
            max: 15,
            actual: 16
        }
    );
}

#[test]
fn fixed_length_fields_need_their_exact_length() {
    let error = strict_error(&with(52, Some(tlv(52, "000"))));
    assert_eq!(error.kind(), ErrorKind::ValueTooShort { min: 4, actual: 3 });
    assert!(error.to_string().contains("exactly 4 characters"));
    let error = strict_error(&with(53, Some(tlv(53, "9860"))));
    assert_eq!(error.kind(), ErrorKind::ValueTooLong { max: 3, actual: 4 });
}

#[test]
fn amount_rejects_a_decimal_comma() {
    let error = strict_error(&with(54, Some(tlv(54, "10,50"))));
    assert_eq!(
        kind_and_path(error),
        (
            ErrorKind::InvalidAmount(AmountError::InvalidCharacter(',')),
            "54".into()
        )
    );
}

#[test]
fn amount_rejects_two_decimal_points() {
    let error = strict_error(&with(54, Some(tlv(54, "1.0.5"))));
    assert_eq!(
        error.kind(),
        ErrorKind::InvalidAmount(AmountError::SeveralDecimalPoints)
    );
}

#[test]
fn amount_rejects_zero() {
    for zero in ["0", "0.00", "000."] {
        let error = strict_error(&with(54, Some(tlv(54, zero))));
        assert_eq!(error.kind(), ErrorKind::InvalidAmount(AmountError::Zero));
    }
}

#[test]
fn amount_rejects_a_missing_integer_part() {
    let error = strict_error(&with(54, Some(tlv(54, ".50"))));
    assert_eq!(
        error.kind(),
        ErrorKind::InvalidAmount(AmountError::MissingIntegerPart)
    );
}

#[test]
fn amount_rejects_signs() {
    let error = strict_error(&with(54, Some(tlv(54, "-5"))));
    assert_eq!(
        error.kind(),
        ErrorKind::InvalidAmount(AmountError::InvalidCharacter('-'))
    );
}

#[test]
fn amount_accepts_a_trailing_point_and_no_decimals() {
    for amount in ["10.", "10", "0.01", "1234567890.12"] {
        assert!(
            Payload::parse(&with(54, Some(tlv(54, amount)))).is_ok(),
            "{amount}"
        );
    }
}

#[test]
fn amount_is_at_most_13_characters() {
    let error = strict_error(&with(54, Some(tlv(54, "12345678901.23"))));
    assert_eq!(
        error.kind(),
        ErrorKind::ValueTooLong {
            max: 13,
            actual: 14
        }
    );
}

#[test]
fn amount_may_be_absent() {
    assert_eq!(Payload::parse(&with(54, None)).unwrap().amount(), None);
}

#[test]
fn tip_indicator_must_be_01_02_or_03() {
    let error = strict_error(&with(55, Some(tlv(55, "04"))));
    assert_eq!(
        kind_and_path(error),
        (ErrorKind::ReservedValue, "55".into())
    );
    assert!(Payload::parse(&with(55, Some(tlv(55, "01")))).is_ok());
}

#[test]
fn fixed_fee_needs_indicator_02() {
    let error = strict_error(&with(56, Some(tlv(56, "1.00"))));
    assert_eq!(
        kind_and_path(error),
        (ErrorKind::UnexpectedConvenienceFee, "56".into())
    );
}

#[test]
fn indicator_02_needs_a_fixed_fee() {
    let error = strict_error(&with(55, Some(tlv(55, "02"))));
    assert_eq!(
        kind_and_path(error),
        (ErrorKind::MissingConvenienceFee, "56".into())
    );
    let mut fields = base();
    fields.insert(6, tlv(55, "02"));
    fields.insert(7, tlv(56, "1.00"));
    assert_eq!(
        Payload::parse(&seal(&fields))
            .unwrap()
            .convenience_fee_fixed(),
        Some("1.00")
    );
}

#[test]
fn fixed_fee_follows_the_amount_grammar() {
    let mut fields = base();
    fields.insert(6, tlv(55, "02"));
    fields.insert(7, tlv(56, "0"));
    let error = strict_error(&seal(&fields));
    assert_eq!(
        kind_and_path(error),
        (ErrorKind::InvalidAmount(AmountError::Zero), "56".into())
    );
}

#[test]
fn percentage_fee_needs_indicator_03() {
    let error = strict_error(&with(57, Some(tlv(57, "3.5"))));
    assert_eq!(
        kind_and_path(error),
        (ErrorKind::UnexpectedConvenienceFee, "57".into())
    );
    let error = strict_error(&with(55, Some(tlv(55, "03"))));
    assert_eq!(
        kind_and_path(error),
        (ErrorKind::MissingConvenienceFee, "57".into())
    );
}

#[test]
fn percentage_fee_is_between_00_01_and_99_99() {
    for (value, ok) in [
        ("3.5", true),
        ("99.99", true),
        ("00.01", true),
        ("0", false),
        ("100", false),
        ("5%", false),
    ] {
        let mut fields = base();
        fields.insert(6, tlv(55, "03"));
        fields.insert(7, tlv(57, value));
        let code = seal(&fields);
        let result = Payload::parse(&code);
        assert_eq!(result.is_ok(), ok, "{value}: {result:?}");
    }
}

#[test]
fn country_code_is_two_uppercase_letters() {
    let error = strict_error(&with(58, Some(tlv(58, "br"))));
    assert_eq!(
        kind_and_path(error),
        (ErrorKind::InvalidCountryCode, "58".into())
    );
}

#[test]
fn merchant_account_template_needs_a_gui() {
    let code = with(
        26,
        Some(tlv(26, &tlv(1, "123e4567-e12b-12d1-a456-426655440000"))),
    );
    let error = strict_error(&code);
    assert_eq!(kind_and_path(error), (ErrorKind::MissingGui, "26".into()));
    assert_eq!(error.offset(), code.find("2640").unwrap());
}

#[test]
fn gui_is_at_most_32_characters() {
    let code = with(26, Some(tlv(26, &(tlv(0, &"A".repeat(33)) + &tlv(1, "x")))));
    assert_eq!(
        kind_and_path(strict_error(&code)),
        (
            ErrorKind::ValueTooLong {
                max: 32,
                actual: 33
            },
            "26.00".into()
        )
    );
}

#[test]
fn unreserved_template_needs_a_gui() {
    let mut fields = base();
    fields.push(tlv(80, &tlv(1, "data")));
    assert_eq!(
        kind_and_path(strict_error(&seal(&fields))),
        (ErrorKind::MissingGui, "80".into())
    );
}

#[test]
fn templates_must_be_well_formed_tlv() {
    let code = with(26, Some(tlv(26, "0014br.gov.bcb.pix01")));
    let error = strict_error(&code);
    assert_eq!(error.kind(), ErrorKind::TruncatedHeader { remaining: 2 });
    assert_eq!(error.path().to_string(), "26");
    let lenient = Payload::parse_lenient(&code).unwrap();
    assert_eq!(
        lenient.deviations()[0].kind(),
        ErrorKind::TruncatedHeader { remaining: 2 }
    );
}

#[test]
fn additional_data_subfields_are_at_most_25_characters() {
    let code = with(62, Some(tlv(62, &tlv(5, &"A".repeat(26)))));
    assert_eq!(
        kind_and_path(strict_error(&code)),
        (
            ErrorKind::ValueTooLong {
                max: 25,
                actual: 26
            },
            "62.05".into()
        )
    );
}

#[test]
fn consumer_data_request_holds_a_m_e_once_each() {
    for (value, ok) in [("AME", true), ("E", true), ("AA", false), ("AX", false)] {
        let code = with(62, Some(tlv(62, &(tlv(5, "***") + &tlv(9, value)))));
        assert_eq!(Payload::parse(&code).is_ok(), ok, "{value}");
    }
}

#[test]
fn payment_system_templates_in_62_need_a_gui() {
    let code = with(
        62,
        Some(tlv(62, &(tlv(5, "***") + &tlv(50, &tlv(1, "1.0.0"))))),
    );
    assert_eq!(
        kind_and_path(strict_error(&code)),
        (ErrorKind::MissingGui, "62.50".into())
    );
    let code = with(
        62,
        Some(tlv(
            62,
            &(tlv(5, "***") + &tlv(50, &(tlv(0, "br.gov.bcb.brcode") + &tlv(1, "1.0.0")))),
        )),
    );
    let payload = Payload::parse(&code).unwrap();
    let brcode = payload
        .additional_data()
        .unwrap()
        .payment_system_templates()
        .next()
        .unwrap();
    assert_eq!(
        (brcode.gui(), brcode.get(1)),
        (Some("br.gov.bcb.brcode"), Some("1.0.0"))
    );
}

#[test]
fn language_template_needs_language_and_name() {
    let mut fields = base();
    fields.push(tlv(64, &tlv(0, "ZH")));
    assert_eq!(
        kind_and_path(strict_error(&seal(&fields))),
        (ErrorKind::MissingField, "64.01".into())
    );
}

#[test]
fn reserved_root_ids_are_tolerated() {
    let mut fields = base();
    fields.push(tlv(65, "00"));
    let code = seal(&fields);
    assert_eq!(
        Payload::parse(&code).unwrap().get(65).unwrap().name(),
        "reserved for EMVCo"
    );
}

// ----- lenient mode

#[test]
fn lenient_mode_reports_every_deviation_in_payload_order() {
    let mut fields = base();
    fields[7] = tlv(59, &"N".repeat(26));
    fields[8] = tlv(60, "BRASÍLIA");
    fields.remove(3); // 52
    let code = seal(&fields);
    let payload = Payload::parse_lenient(&code).unwrap();
    let found: Vec<(&str, String)> = payload
        .deviations()
        .iter()
        .map(|d| (d.kind().code(), d.path().to_string()))
        .collect();
    assert_eq!(
        found,
        [
            ("value_too_long", "59".into()),
            ("invalid_character", "60".into()),
            ("missing_field", "52".into())
        ]
    );
    assert_eq!(payload.merchant_name().unwrap().len(), 26);
}

#[test]
fn a_relaxation_tolerates_only_its_own_rule() {
    let code = with(60, Some(tlv(60, "BRASÍLIA")));
    let lengths_only = ParseOptions::strict().allow(Relaxation::InvalidLengths);
    assert!(Payload::parse_with(&code, &lengths_only).is_err());
    let characters = ParseOptions::strict().allow(Relaxation::InvalidCharacters);
    assert!(Payload::parse_with(&code, &characters).is_ok());
}

#[test]
fn deviations_beyond_capacity_are_counted() {
    // Twenty unreserved templates without a GUI.
    let mut body = vec![
        tlv(0, "01"),
        pix_account(),
        tlv(52, "0000"),
        tlv(53, "986"),
        tlv(58, "BR"),
        tlv(59, "N"),
        tlv(60, "C"),
        tlv(62, &tlv(5, "***")),
    ];
    for id in 80..=99 {
        body.push(tlv(id, &tlv(1, "x")));
    }
    let code = seal(&body);
    let payload = Payload::parse_lenient(&code).unwrap();
    assert_eq!(payload.deviation_count(), 20);
    assert_eq!(payload.deviations().len(), MAX_DEVIATIONS);
}

#[test]
fn strict_mode_prefers_crc_errors_to_field_rule_errors() {
    let code = with(59, Some(tlv(59, &"N".repeat(26))));
    let broken = code.replace("BRASILIA", "BRASILIO");
    assert!(matches!(
        strict_error(&broken).kind(),
        ErrorKind::CrcMismatch { .. }
    ));
}

// ----- nesting

#[test]
fn a_field_three_levels_deep_has_no_subfields_and_every_field_keeps_its_id() {
    // 62.50 is a payment-system template; its 01 holds text that reads like TLV.
    let additional =
        tlv(5, "***") + &tlv(50, &(tlv(0, "BR.GOV.BCB.BRCODE") + &tlv(1, "0201x0401y")));
    let code = with(62, Some(tlv(62, &additional)));
    let payload = Payload::parse(&code).unwrap();
    let deep = payload
        .get(62)
        .and_then(|data| data.subfield(50))
        .and_then(|template| template.subfield(1))
        .unwrap();
    assert_eq!((deep.id(), deep.path().to_string()), (1, "62.50.01".into()));
    // Nothing is nested deeper: the walk says so instead of naming sub-fields 02 and 04 "01".
    let walk: Vec<_> = deep.subfields().collect();
    assert_eq!(walk.len(), 1);
    let error = walk[0].unwrap_err();
    assert_eq!(
        (error.kind(), error.path()),
        (ErrorKind::NotATemplate, deep.path())
    );
    assert_eq!(error.offset(), deep.offset());
    assert!(deep.subfield(2).is_none());
    assert_eq!(deep.path().child(2), None);
}
