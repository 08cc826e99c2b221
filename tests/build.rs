//! The builder: exact output on real payloads, refusals named after the rule, and round trips
//! (property tests: parse(build(x)) gives back x).

mod common;

use emvqr::amount::{Amount, AmountError, Currency};
use emvqr::build::{Builder, Case, Initiation, Order, PixBuilder, transliterate, truncate_for};
use emvqr::fields::Format;
use emvqr::rules::pix::PixRule;
use emvqr::schemes::Pix;
use emvqr::{ErrorKind, Payload, TagPath};
use proptest::prelude::*;

const BCB_STATIC: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";

fn bcb_static<'a>() -> Builder<'a> {
    let mut builder = Builder::new();
    builder
        .merchant_account(
            26,
            "br.gov.bcb.pix",
            &[(1, "123e4567-e12b-12d1-a456-426655440000")],
        )
        .merchant_category_code("0000")
        .currency(Currency::BRL)
        .country_code("BR")
        .merchant_name("Fulano de Tal")
        .merchant_city("BRASILIA")
        .reference_label("***");
    builder
}

#[test]
fn builds_the_bcb_manual_example_byte_for_byte() {
    assert_eq!(bcb_static().build().unwrap().as_str(), BCB_STATIC);
}

#[test]
fn a_field_set_again_replaces_its_value() {
    let mut builder = bcb_static();
    builder
        .merchant_name("Someone Else")
        .merchant_account(26, "br.gov.bcb.pix", &[(1, "+5561912345678")])
        .reference_label("TX1");
    let code = builder.build().unwrap();
    let payload = Payload::parse(&code).unwrap();
    assert_eq!(payload.merchant_name(), Some("Someone Else"));
    let pix = payload.merchant_account(26).unwrap();
    assert_eq!(pix.get(1), Some("+5561912345678"));
    assert_eq!(pix.field().subfields().count(), 2);
    assert_eq!(
        payload.additional_data().unwrap().reference_label(),
        Some("TX1")
    );
    // The same on a builder made from a parsed payload, whose fields were not set one by one.
    let parsed = Payload::parse(BCB_STATIC).unwrap();
    let mut builder = Builder::from_payload(&parsed);
    builder.merchant_city("SAO PAULO").reference_label("TX2");
    let code = builder.build().unwrap();
    let expected = BCB_STATIC.replace("6008BRASILIA62070503***", "6009SAO PAULO62070503TX2");
    // Everything but the CRC, which the new content changes.
    assert_eq!(code[..code.len() - 4], expected[..expected.len() - 4]);
    assert_eq!(
        Payload::parse(&code).unwrap().merchant_city(),
        Some("SAO PAULO")
    );
}

#[test]
fn canonical_order_ignores_the_order_of_the_calls() {
    let mut builder = Builder::new();
    builder
        .reference_label("***")
        .merchant_city("BRASILIA")
        .merchant_name("Fulano de Tal")
        .country_code("BR")
        .currency(Currency::BRL)
        .merchant_category_code("0000")
        .merchant_account(
            26,
            "br.gov.bcb.pix",
            &[(1, "123e4567-e12b-12d1-a456-426655440000")],
        );
    assert_eq!(builder.build().unwrap().as_str(), BCB_STATIC);
}

#[test]
fn as_given_order_keeps_the_calls_order() {
    let mut builder = bcb_static();
    builder
        .order(Order::AsGiven)
        .point_of_initiation(Initiation::Dynamic);
    let code = builder.build().unwrap();
    // 01 comes where it was given: after 62 (and before the CRC).
    assert!(code.contains("62070503***010212"), "{code}");
    assert!(Payload::parse(&code).unwrap().is_dynamic());
}

#[test]
fn lengths_count_characters_and_the_crc_covers_utf8_bytes() {
    let mut builder = bcb_static();
    builder.alternate_language("ZH", "最佳运输", Some("北京"));
    let code = builder.build().unwrap();
    assert!(code.contains("64200002ZH0104最佳运输0202北京"), "{code}");
    let payload = Payload::parse(&code).unwrap();
    assert_eq!(
        payload.language_template().unwrap().merchant_name(),
        Some("最佳运输")
    );
}

#[test]
fn the_crc_keeps_its_leading_zeros() {
    // Find a name whose CRC is below 0x1000, so that the leading zero matters.
    let names: Vec<String> = (0..5000).map(|i| format!("LOJA {i}")).collect();
    let found = names.iter().find_map(|name| {
        let mut builder = bcb_static();
        builder.merchant_name(name);
        let code = builder.build().unwrap();
        code.ends_with(|_| true)
            .then(|| code.clone())
            .filter(|c| c[c.len() - 4..].starts_with('0'))
    });
    let code = found.expect("one of 5000 names has a CRC below 0x1000");
    assert_eq!(&code[code.len() - 8..code.len() - 4], "6304");
    assert!(Payload::parse(&code).is_ok());
}

#[test]
fn amounts_come_from_minor_units_exactly() {
    for (units, exponent, text) in [
        (1050, 2, "10.50"),
        (1, 2, "0.01"),
        (100, 0, "100"),
        (999_999_999_999, 2, "9999999999.99"),
    ] {
        let amount = Amount::from_minor_units(units, exponent).unwrap();
        let mut builder = bcb_static();
        builder.amount(&amount);
        let code = builder.build().unwrap();
        assert_eq!(Payload::parse(&code).unwrap().amount(), Some(text));
    }
    assert_eq!(Amount::from_minor_units(0, 2), Err(AmountError::Zero));
    assert_eq!(
        Amount::from_minor_units(u64::MAX, 2),
        Err(AmountError::TooLong)
    );
}

// ----- refusals

fn refusal(builder: &Builder<'_>) -> (ErrorKind, String) {
    let error = builder.build().unwrap_err();
    (error.kind(), error.path().to_string())
}

#[test]
fn refuses_a_name_over_25_characters() {
    let mut builder = bcb_static();
    builder.merchant_name("SUPERMERCADO BOA VISTA LTD");
    assert_eq!(
        refusal(&builder),
        (
            ErrorKind::ValueTooLong {
                max: 25,
                actual: 26
            },
            "59".into()
        )
    );
}

#[test]
fn refuses_an_accented_city_but_transliterates_on_request() {
    let city: heapless::String<15> = transliterate("São Paulo", Case::Upper).unwrap();
    let mut builder = bcb_static();
    builder.merchant_city("São Paulo");
    assert_eq!(
        refusal(&builder),
        (
            ErrorKind::InvalidCharacter {
                found: 'ã',
                format: Format::Ans
            },
            "60".into()
        )
    );
    builder.merchant_city(&city);
    assert!(builder.build().unwrap().contains("6009SAO PAULO"));
}

#[test]
fn truncates_only_on_request() {
    let long = "SUPERMERCADO BOA VISTA DO NORTE";
    let mut builder = bcb_static();
    builder.merchant_name(truncate_for(TagPath::new(59), long));
    assert!(
        builder
            .build()
            .unwrap()
            .contains("5925SUPERMERCADO BOA VISTA DO")
    );
}

#[test]
fn refuses_amounts_that_break_the_grammar() {
    assert_eq!(
        Amount::parse("10,50"),
        Err(AmountError::InvalidCharacter(','))
    );
    assert_eq!(Amount::parse("-5"), Err(AmountError::InvalidCharacter('-')));
    let mut builder = bcb_static();
    builder.field(TagPath::new(54), "10,50");
    assert_eq!(
        refusal(&builder),
        (
            ErrorKind::InvalidAmount(AmountError::InvalidCharacter(',')),
            "54".into()
        )
    );
}

#[test]
fn refuses_a_missing_mandatory_field() {
    let mut builder = Builder::new();
    builder
        .merchant_account(26, "br.gov.bcb.pix", &[(1, "key")])
        .merchant_category_code("0000")
        .currency(Currency::BRL)
        .country_code("BR")
        .merchant_city("BRASILIA");
    assert_eq!(refusal(&builder), (ErrorKind::MissingField, "59".into()));
}

#[test]
fn refuses_empty_values_and_values_over_99_characters() {
    let mut builder = bcb_static();
    builder.postal_code("");
    assert_eq!(
        refusal(&builder),
        (ErrorKind::ValueTooShort { min: 1, actual: 0 }, "61".into())
    );
    let long = "x".repeat(120);
    let mut builder = bcb_static();
    builder.unreserved_template(80, "com.example", &[(1, &long)]);
    assert_eq!(
        refusal(&builder),
        (
            ErrorKind::ValueTooLong {
                max: 99,
                actual: 120
            },
            "80.01".into()
        )
    );
}

#[test]
fn refuses_a_template_over_99_characters() {
    let part = "y".repeat(50);
    let mut builder = bcb_static();
    builder.unreserved_template(80, "com.example", &[(1, &part), (2, &part)]);
    let (kind, path) = refusal(&builder);
    assert!(
        matches!(kind, ErrorKind::ValueTooLong { max: 99, .. }),
        "{kind:?}"
    );
    assert_eq!(path, "80");
}

#[test]
fn refuses_ids_of_more_than_two_digits() {
    // 99 is an unreserved template and "0002ab" a well-formed one: an ID written as 99 would
    // make a valid code with the wrong field.
    for path in [TagPath::new(150), TagPath::new(62).child(100).unwrap()] {
        let mut builder = bcb_static();
        builder.field(path, "0002ab");
        let error = builder.build().unwrap_err();
        assert_eq!(error.kind(), ErrorKind::IdOutOfRange { first: 0, last: 99 });
        assert_eq!(error.path(), path);
    }
}

#[test]
fn refuses_sub_fields_of_a_primitive_and_values_beside_sub_fields() {
    let mut builder = bcb_static();
    builder.field("59.01".parse::<TagPath>().unwrap(), "x");
    assert_eq!(
        refusal(&builder),
        (ErrorKind::ConflictingFields, "59".into())
    );
    let mut builder = bcb_static();
    builder.field("61.01".parse::<TagPath>().unwrap(), "x");
    assert_eq!(refusal(&builder), (ErrorKind::NotATemplate, "61".into()));
}

#[test]
fn refuses_to_set_the_crc_and_ids_outside_a_setters_range() {
    let mut builder = bcb_static();
    builder.field(TagPath::new(63), "ABCD");
    assert_eq!(refusal(&builder), (ErrorKind::ComputedField, "63".into()));
    let mut builder = bcb_static();
    builder.merchant_account(52, "x", &[]);
    assert_eq!(
        refusal(&builder),
        (
            ErrorKind::IdOutOfRange {
                first: 26,
                last: 51
            },
            "52".into()
        )
    );
}

#[test]
fn refuses_an_output_buffer_that_is_too_small() {
    let mut out = [0u8; 50];
    let error = bcb_static().build_into(&mut out).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::OutputTooSmall { .. }));
    let mut out = [0u8; 200];
    assert_eq!(bcb_static().build_into(&mut out).unwrap(), BCB_STATIC);
    // Every size short of the payload is refused, and the payload's own size suffices.
    for size in 0..BCB_STATIC.len() {
        let error = bcb_static().build_into(&mut out[..size]).unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::OutputTooSmall { .. }),
            "{size}: {error}"
        );
    }
    let exact = &mut out[..BCB_STATIC.len()];
    assert_eq!(bcb_static().build_into(exact).unwrap(), BCB_STATIC);
}

#[test]
fn every_error_names_its_field_and_offset() {
    let mut builder = bcb_static();
    builder.merchant_name("x".repeat(30).leak());
    let message = builder.build().unwrap_err().to_string();
    assert!(
        message.contains("field 59 (merchant name)") && message.contains("offset"),
        "{message}"
    );
}

// ----- round trips

#[test]
fn every_vector_re_encodes_from_its_parsed_fields_byte_for_byte() {
    let mut reencoded = 0;
    for code in common::payloads() {
        let Ok(payload) = Payload::parse_lenient(&code) else {
            continue;
        };
        let mut out = [0u8; 2048];
        let built = Builder::from_payload(&payload)
            .build_into(&mut out)
            .unwrap();
        // Byte for byte, the one vector whose CRC is in lowercase hex (which only lenient
        // parsing accepts) included.
        assert_eq!(built, code);
        reencoded += 1;
    }
    assert!(reencoded >= 70, "only {reencoded} vectors re-encoded");
}

/// What the property tests generate: a valid payload's fields.
/// A merchant account template: ID, GUI, sub-fields.
type Account = (u8, String, Vec<(u8, String)>);

#[derive(Debug, Clone)]
struct Spec {
    accounts: Vec<Account>,
    mcc: String,
    currency: String,
    amount: Option<u64>,
    country: String,
    name: String,
    city: String,
    postal: Option<String>,
    additional: Vec<(u8, String)>,
    language: Option<(String, String)>,
    unreserved: Option<(u8, String, String)>,
}

fn ans(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[ -~]{{1,{max}}}")).unwrap()
}

fn spec() -> impl Strategy<Value = Spec> {
    let account = (
        "[A-Za-z0-9.]{1,20}",
        prop::collection::btree_map(1u8..=99, "[ -~éãç北]{1,12}", 0..3),
    )
        .prop_map(|(gui, subs)| (gui, subs.into_iter().collect::<Vec<_>>()));
    (
        prop::collection::btree_map(26u8..=51, account, 1..3).prop_map(|m| {
            m.into_iter()
                .map(|(id, (gui, subs))| (id, gui, subs))
                .collect::<Vec<_>>()
        }),
        "[0-9]{4}",
        "[0-9]{3}",
        prop::option::of(1u64..1_000_000_000),
        "[A-Z]{2}",
        ans(25),
        ans(15),
        prop::option::of("[0-9A-Z-]{1,10}"),
        prop::collection::btree_map(1u8..=8, ans(25), 0..3)
            .prop_map(|m| m.into_iter().collect::<Vec<_>>()),
        prop::option::of(("[A-Z]{2}", "[a-zA-Z çãé北京]{1,25}")),
        prop::option::of((80u8..=99, "[a-z.]{1,20}", "[ -~]{1,30}")),
    )
        .prop_map(
            |(
                accounts,
                mcc,
                currency,
                amount,
                country,
                name,
                city,
                postal,
                additional,
                language,
                unreserved,
            )| Spec {
                accounts,
                mcc,
                currency,
                amount,
                country,
                name,
                city,
                postal,
                additional,
                language,
                unreserved,
            },
        )
}

fn build(spec: &Spec, amount: &Option<Amount>) -> Result<heapless::String<512>, emvqr::Error> {
    let mut builder = Builder::new();
    for (id, gui, subs) in &spec.accounts {
        let subs: Vec<(u8, &str)> = subs.iter().map(|(i, v)| (*i, v.as_str())).collect();
        builder.merchant_account(*id, gui, &subs);
    }
    builder
        .merchant_category_code(&spec.mcc)
        .currency_code(&spec.currency)
        .country_code(&spec.country);
    builder.merchant_name(&spec.name).merchant_city(&spec.city);
    if let Some(amount) = amount {
        builder.amount(amount);
    }
    if let Some(postal) = &spec.postal {
        builder.postal_code(postal);
    }
    for (id, value) in &spec.additional {
        builder.additional_data(*id, value);
    }
    if let Some((language, name)) = &spec.language {
        builder.alternate_language(language, name, None);
    }
    if let Some((id, gui, value)) = &spec.unreserved {
        builder.unreserved_template(*id, gui, &[(1, value)]);
    }
    builder.build()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn parse_of_build_gives_back_the_fields(spec in spec()) {
        let amount = spec.amount.map(|units| Amount::from_minor_units(units, 2).unwrap());
        let code = match build(&spec, &amount) {
            Ok(code) => code,
            // Only the size limits can refuse these fields: 512 characters in all, 99 per
            // template (several long sub-fields).
            Err(error) => {
                prop_assert!(matches!(error.kind(), ErrorKind::ValueTooLong { max: 99, .. } | ErrorKind::InputTooLong { .. } | ErrorKind::OutputTooSmall { .. }), "{error}");
                return Ok(());
            }
        };
        let payload = Payload::parse(&code).unwrap();
        prop_assert_eq!(payload.merchant_name(), Some(spec.name.as_str()));
        prop_assert_eq!(payload.merchant_city(), Some(spec.city.as_str()));
        prop_assert_eq!(payload.merchant_category_code(), Some(spec.mcc.as_str()));
        prop_assert_eq!(payload.currency_code(), Some(spec.currency.as_str()));
        prop_assert_eq!(payload.amount(), amount.as_ref().map(|a| a.as_str()));
        prop_assert_eq!(payload.postal_code(), spec.postal.as_deref());
        for (id, gui, subs) in &spec.accounts {
            let account = payload.merchant_account(*id).unwrap();
            prop_assert_eq!(account.gui(), Some(gui.as_str()));
            for (sub, value) in subs {
                prop_assert_eq!(account.get(*sub), Some(value.as_str()));
            }
        }
        for (id, value) in &spec.additional {
            prop_assert_eq!(payload.additional_data().unwrap().get(*id), Some(value.as_str()));
        }
        if let Some((language, name)) = &spec.language {
            let template = payload.language_template().unwrap();
            prop_assert_eq!(template.language_preference(), Some(language.as_str()));
            prop_assert_eq!(template.merchant_name(), Some(name.as_str()));
        }
        // And the parsed payload builds back to the same string.
        let mut out = [0u8; 2048];
        prop_assert_eq!(Builder::from_payload(&payload).build_into(&mut out).unwrap(), code.as_str());
    }
}

#[test]
fn refuses_a_value_and_sub_fields_for_one_field_in_either_order() {
    // Found by the roundtrip fuzz target: sub-fields given first, then a value.
    for order in [Order::AsGiven, Order::Canonical] {
        let mut builder = bcb_static();
        builder.order(order);
        builder.field("89.00".parse::<TagPath>().unwrap(), "gui");
        builder.field(TagPath::new(89), "value");
        assert_eq!(
            refusal(&builder),
            (ErrorKind::ConflictingFields, "89".into())
        );
    }
}

#[test]
fn from_payload_keeps_repeated_sub_fields() {
    // Found by the roundtrip fuzz target: a template whose sub-fields repeat an ID (only
    // lenient parsing accepts it) must still re-encode exactly.
    let body = "00020126280014br.gov.bcb.pix0101A0101B5204000053039865802BR5901N6001C";
    let code = format!(
        "{body}6304{:04X}",
        emvqr::crc16::checksum(format!("{body}6304").as_bytes())
    );
    let payload = Payload::parse_lenient(&code).unwrap();
    assert_eq!(
        payload.deviations()[0].kind(),
        ErrorKind::DuplicateField { first: 28 }
    );
    assert_eq!(
        Builder::from_payload(&payload).build().unwrap().as_str(),
        code
    );
}

// ------------------------------------------------------------------ PixBuilder's own check

/// The general builder is the reference for `PixBuilder`: the same fields, written by
/// `Builder` and walked by the parser's strict check with every rule book. `PixBuilder` checks
/// each field as it writes it instead; both must give the same code or the same error, offset
/// and path included. (Its own refusals of a key or key and information too long for template
/// 26 come first and have no offset; the general builder refuses those codes too.)
fn agrees_with_the_general_builder(pix: &PixBuilder<'_>) -> Result<(), TestCaseError> {
    let direct = pix.build();
    let general = pix.to_builder().build();
    match &direct {
        Err(error) if !error.has_offset() => {
            prop_assert!(
                matches!(
                    PixRule::try_from(error.kind()),
                    Ok(PixRule::KeyTooLong | PixRule::KeyAndInfoTooLong)
                ),
                "{error:?}"
            );
            prop_assert!(general.is_err(), "{general:?}");
        }
        _ => prop_assert_eq!(&direct, &general),
    }
    // Into buffers too small by a little, by a lot and by everything, and one just large
    // enough: the same refusal (the field that stopped fitting, and what was needed) or code.
    if let Ok(code) = &direct {
        for size in [
            0,
            20,
            code.len() / 2,
            code.len() - 4,
            code.len() - 1,
            code.len(),
        ] {
            let mut direct_out = vec![0u8; size];
            let mut general_out = vec![0u8; size];
            prop_assert_eq!(
                pix.build_into(&mut direct_out),
                pix.to_builder().build_into(&mut general_out)
            );
        }
    }
    Ok(())
}

#[test]
fn a_key_of_77_characters_without_information_fills_template_26_exactly() {
    let key = format!("{}@example.com", "a".repeat(65));
    assert_eq!(key.len(), 77);
    let code = PixBuilder::new_static(&key, "LOJA", "RIO").build().unwrap();
    assert!(code.contains(&format!("26990014br.gov.bcb.pix0177{key}")));
    assert_eq!(
        Pix::find(&Payload::parse(&code).unwrap()).unwrap().key(),
        Some(key.as_str())
    );
    // With any information beside it, both are refused by the Pix rule.
    let error = PixBuilder::new_static(&key, "LOJA", "RIO")
        .info("X")
        .build()
        .unwrap_err();
    assert_eq!(
        PixRule::try_from(error.kind()),
        Ok(PixRule::KeyAndInfoTooLong)
    );
    agrees_with_the_general_builder(PixBuilder::new_static(&key, "LOJA", "RIO").info("X")).unwrap();
}

#[test]
fn pix_builder_writes_what_the_general_builder_writes_for_every_real_pix_code() {
    let mut rebuilt = 0;
    for code in common::valid_payloads() {
        let Ok(payload) = Payload::parse(&code) else {
            continue;
        };
        let Some(pix) = Pix::find(&payload) else {
            continue;
        };
        let name = payload.merchant_name().unwrap();
        let city = payload.merchant_city().unwrap();
        let mut builder = match (pix.key(), pix.url(), pix.recurrence()) {
            (Some(key), _, _) => PixBuilder::new_static(key, name, city),
            (None, Some(url), _) => PixBuilder::new_dynamic(url, name, city),
            (None, None, Some(recurrence)) => PixBuilder::new_recurrence(recurrence, name, city),
            (None, None, None) => continue,
        };
        if let (Some(recurrence), true) =
            (pix.recurrence(), pix.key().is_some() || pix.url().is_some())
        {
            builder.recurrence(recurrence);
        }
        let amount = payload.amount().map(|a| Amount::parse(a).unwrap());
        if let Some(amount) = &amount {
            builder.amount(amount);
        }
        if let Some(info) = pix.info() {
            builder.info(info);
        }
        if let Some(fss) = pix.fss() {
            builder.fss(fss);
        }
        if let Some(txid) = pix.txid() {
            builder.txid(txid);
        }
        if let Some(mcc) = payload.merchant_category_code() {
            builder.merchant_category_code(mcc);
        }
        if let Some(postal_code) = payload.postal_code() {
            builder.postal_code(postal_code);
        }
        if let Some(initiation) = payload.initiation() {
            builder.point_of_initiation(initiation);
        }
        agrees_with_the_general_builder(&builder).unwrap();
        // What it wrote is the real code's content: it parses, and reads back the same.
        let written = builder.build().unwrap();
        let again = Payload::parse(&written).unwrap();
        let again_pix = Pix::find(&again).unwrap();
        assert_eq!(
            (
                again_pix.key(),
                again_pix.url(),
                again_pix.recurrence(),
                again.amount()
            ),
            (pix.key(), pix.url(), pix.recurrence(), payload.amount()),
            "{code}"
        );
        rebuilt += 1;
    }
    assert!(rebuilt >= 15, "only {rebuilt} Pix codes rebuilt");
}

/// Keys of every kind, valid and not, and text that is no key at all.
fn any_key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("11144477735".to_owned()),
        Just("11144477736".to_owned()),
        Just("12ABC34501DE35".to_owned()),
        Just("12ABC34501DE36".to_owned()),
        Just("+5511943214321".to_owned()),
        Just("+551194321432".to_owned()),
        Just("123e4567-e12b-12d1-a456-426655440000".to_owned()),
        Just("123E4567-E12B-12D1-A456-426655440000".to_owned()),
        "[a-z]{1,12}@[a-z]{1,10}\\.(com|br)",
        // Long e-mail keys, 62 to 78 characters: around what template 26 leaves a key.
        "[a-z]{50,66}@example\\.com",
        "[a-z@.]{0,20}",
        "[0-9]{0,16}",
        "\\PC{0,90}",
    ]
}

/// Locations, with and without a scheme, on a few hosts.
fn any_location() -> impl Strategy<Value = String> {
    "(https://|HTTP://)?(pix\\.example\\.com|qr\\.psp\\.com\\.br)/(cobv/)?[0-9a-z]{0,80}"
}

/// Text for the merchant's fields: printable ASCII, accents and control characters, empty or
/// too long.
fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::string::string_regex(&format!("[A-Z ]{{1,{max}}}")).unwrap(),
        1 => proptest::string::string_regex(&format!("[ -~áÇ\t]{{0,{}}}", max + 4)).unwrap(),
    ]
}

#[derive(Debug, Clone)]
struct PixSpec {
    kind: u8,
    key: String,
    location: String,
    recurrence: Option<String>,
    name: String,
    city: String,
    info: Option<String>,
    fss: Option<String>,
    txid: Option<String>,
    mcc: Option<String>,
    postal_code: Option<String>,
    amount: Option<u64>,
    initiation: Option<bool>,
}

fn pix_spec() -> impl Strategy<Value = PixSpec> {
    (
        (
            0u8..3,
            any_key(),
            any_location(),
            proptest::option::of(any_location()),
        ),
        (any_text(25), any_text(15)),
        (
            proptest::option::of("\\PC{0,40}"),
            proptest::option::of("[0-9A-Za-z]{7,9}"),
            proptest::option::of(prop_oneof![
                "[0-9A-Za-z]{0,27}",
                Just("***".to_owned()),
                "[0-9A-Z-]{1,25}"
            ]),
            proptest::option::of("[0-9]{3,5}|[0-9a]{4}"),
            proptest::option::of("[0-9A-Z-]{0,12}"),
        ),
        (
            proptest::option::of(1u64..10_000_000_000_000),
            proptest::option::of(any::<bool>()),
        ),
    )
        .prop_map(
            |(
                (kind, key, location, recurrence),
                (name, city),
                (info, fss, txid, mcc, postal_code),
                (amount, initiation),
            )| PixSpec {
                kind,
                key,
                location,
                recurrence,
                name,
                city,
                info,
                fss,
                txid,
                mcc,
                postal_code,
                amount,
                initiation,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// For any input, valid or not, PixBuilder gives what the general builder and the strict
    /// parser's check give: the same code, or the same error at the same place.
    #[test]
    fn pix_builder_agrees_with_the_general_builder(spec in pix_spec()) {
        let recurrence = spec.recurrence.as_deref().unwrap_or(&spec.location);
        let mut pix = match spec.kind {
            0 => PixBuilder::new_static(&spec.key, &spec.name, &spec.city),
            1 => PixBuilder::new_dynamic(&spec.location, &spec.name, &spec.city),
            _ => PixBuilder::new_recurrence(recurrence, &spec.name, &spec.city),
        };
        if spec.kind < 2 && let Some(recurrence) = &spec.recurrence {
            pix.recurrence(recurrence);
        }
        let amount = spec.amount.and_then(|units| Amount::from_minor_units(units, 2).ok());
        if let Some(amount) = &amount {
            pix.amount(amount);
        }
        if let Some(info) = &spec.info {
            pix.info(info);
        }
        if let Some(fss) = &spec.fss {
            pix.fss(fss);
        }
        if let Some(txid) = &spec.txid {
            pix.txid(txid);
        }
        if let Some(mcc) = &spec.mcc {
            pix.merchant_category_code(mcc);
        }
        if let Some(postal_code) = &spec.postal_code {
            pix.postal_code(postal_code);
        }
        if let Some(dynamic) = spec.initiation {
            pix.point_of_initiation(if dynamic { Initiation::Dynamic } else { Initiation::Static });
        }
        agrees_with_the_general_builder(&pix)?;
    }
}
