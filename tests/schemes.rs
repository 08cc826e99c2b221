//! Scheme views on every scheme vector (their fields, not just `Ok`), one test per Pix rule,
//! and the scheme builders.

mod common;

use emvqr::amount::{Amount, Currency};
use emvqr::build::Builder;
use emvqr::build::{MercadoPagoBuilder, PixBuilder};
use emvqr::rules::pix::{PixKeyKind, PixRule, classify_key, normalize_key};
use emvqr::schemes::mercadopago::MercadoPago;
use emvqr::schemes::pix::Pix;
use emvqr::schemes::{self, Scheme};
use emvqr::{ErrorKind, ParseOptions, Payload, Relaxation, TagPath};

/// Each vector (by its first 60 characters) and what its recognised accounts say, reviewed
/// against the vector notes (source and note columns of tests/vectors/*.tsv).
const EXPECTED: &[(&str, &str)] = &[
    // mercadopago.txt
    (
        "00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42",
        "Mercado Pago, order 4a9e4780-d0a6-42e8-98d7-f6805209d83a",
    ),
    (
        "00020101021243650016COM.MERCADOLIBRE0201306367fc3e0bd-b454-47",
        "Mercado Pago, order 7fc3e0bd-b454-474e-8840-ea67c934bb96",
    ),
    (
        "00020101021243650016COM.MERCADOLIBRE020130636cd8fce34-5045-43",
        "Mercado Pago, order cd8fce34-5045-43f2-96ff-ab36b717bbad",
    ),
    (
        "00020101021143520016com.mercadolibre0128https://mpago.la/pos/1525865",
        "Mercado Pago, point of sale https://mpago.la/pos/1525865, id 0009123456789",
    ),
    // other.txt: FPS, DuitNow, QR Ph
    (
        "00020101021226330012hk.com.hkicl0313+852-6789123452040000530334454031005802",
        "FPS, mobile +852-67891234",
    ),
    (
        "00020101021126400012hk.com.hkicl01030040313+852-87654321",
        "FPS, participant 004, mobile +852-87654321",
    ),
    (
        "00020101021226320012hk.com.hkicl0207600050906011520400005303344",
        "FPS, fps id 6000509",
    ),
    (
        "00020201021126420014A0000006150001010660334602",
        "DuitNow, participant 603346, merchant id MD00129546",
    ),
    (
        "00020101021127830012com.p2pqrpay0111GXCHPHM2XXX",
        "QR Ph, bic GXCHPHM2XXX, network 99964403, account id 217020000000656, account id 2 DWQM4TK3JDNWIWRDY",
    ),
    (
        "00020101021127770012com.p2pqrpay0111EAWRPHM2XXX",
        "QR Ph, bic EAWRPHM2XXX, network 99964403, account id 2 500013402046, mobile +63-9178817912",
    ),
    (
        "00020101021227630012com.p2pqrpay0111BNORPHMMXXX",
        "QR Ph, bic BNORPHMMXXX, network 99964403, account id 2 5267270022100867",
    ),
    // pix.txt
    (
        "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA",
        "Pix, evp key 123e4567-e12b-12d1-a456-426655440000, txid ***",
    ),
    (
        "00020126580014BR.GOV.BCB.PIX013611111111-1111-1111-1111-111111111111520400005303986540",
        "Pix, evp key 11111111-1111-1111-1111-111111111111, txid 1111111111111111111111",
    ),
    (
        "00020101021226850014br.gov.bcb.pix2563exemplodeurl2.com.br",
        "Pix, dynamic, location exemplodeurl2.com.br/qr/v2/11111111-1111-1111-1111-111111111111, txid ***",
    ),
    (
        "00020126490014BR.GOV.BCB.PIX0111111111111110212Vacina covid52040000530398654031005802",
        "Pix, invalid key 11111111111, info \"Vacina covid\", txid b4b4c4",
    ),
    (
        "00020126610014BR.GOV.BCB.PIX0111111111111110212Vacina covid0308",
        "Pix, invalid key 11111111111, info \"Vacina covid\", fss 16501555, txid aB1",
    ),
    (
        "00020126990014br.gov.bcb.pix2577qr-h.sandbox.pix.bcb.gov.br",
        "Pix, dynamic, location qr-h.sandbox.pix.bcb.gov.br/rest/api/v2/cobv/9b95a87c10a84d65bcbf55a48a2e50c8, txid ***",
    ),
    (
        "00020126580014BR.GOV.BCB.PIX0122jonnasfonini@gmail.com",
        "Pix, email key jonnasfonini@gmail.com, info \"Invoice #4\", txid ***",
    ),
    (
        "00020101021226770014BR.GOV.BCB.PIX2555pix.example.com",
        "Pix, dynamic, location pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99, txid ***",
    ),
    (
        "00020104141234567890123426660014BR.GOV.BCB.PIX0144",
        "Pix, invalid key 66756C616E6F32303139406578616D706C652E636F6D, txid RP12345678-2019",
    ),
    // promptpay.txt
    (
        "00020101021129370016A000000677010111011300668012345675802TH",
        "PromptPay, mobile 0066801234567",
    ),
    (
        "00020101021129370016A000000677010111021301234567890125802TH",
        "PromptPay, national id 0123456789012",
    ),
    (
        "00020101021129390016A00000067701011103150123456789012345802TH",
        "PromptPay, e-wallet 012345678901234",
    ),
    (
        "00020101021130550016A00000067701011201150999999999999900212111222333444",
        "PromptPay bill payment, biller 099999999999990, reference 1 111222333444",
    ),
    (
        "00020101021230650016A00000067701011201150994000165501000212123456789012",
        "PromptPay bill payment, biller 099400016550100, reference 1 123456789012, reference 2 670429",
    ),
    // qris.txt: the acquirer's template, then the national one
    (
        "00020101021226580006id.ovo01189360091200006049620215yq38ZDs7MI6oaz50303UKE5145",
        "QRIS, merchant pan 936009120000604962, merchant id yq38ZDs7MI6oaz5, criteria UKE | QRIS, merchant id ID1020041698835, criteria UKE",
    ),
    (
        "00020101021226610014COM.GO-JEK.WWW01189360091432343267810210G2343267810303UBE",
        "QRIS, merchant pan 936009143234326781, merchant id G234326781, criteria UBE | QRIS, merchant id ID2019014381600, criteria UBE",
    ),
    (
        "0002010102122654000200011893600014300061643802150008850006164380303UKE",
        "QRIS, merchant pan 936000143000616438, merchant id 000885000616438, criteria UKE",
    ),
    (
        "00020101021240550018ID.CO.ASTRAPAY.WWW0119936008223000200135502062001355204",
        "QRIS, merchant pan 9360082230002001355, merchant id 200135",
    ),
    // sgqr.txt
    (
        "00020101021126810011SG.COM.NETS",
        "SGQR, id 19052700AB92, version 01.0001, postal code 408830, level 01, unit 07, misc 0000, date 20190527",
    ),
    (
        "00020101021126500009SG.PAYNOW010100211+65123456780301004082030123152040000",
        "PayNow, proxy type 0, proxy +6512345678, editable 0, expiry 20301231",
    ),
    (
        "00020101021226400009SG.PAYNOW010120213200002150HWCF03010520400005303702",
        "PayNow, proxy type 2, proxy 200002150HWCF, editable 0",
    ),
    // vietqr.txt
    (
        "00020101021238590010A00000072701290006970422011566070406000012902",
        "VietQR, bank 970422, account 660704060000129, service QRIBFTTA",
    ),
    (
        "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC",
        "VietQR, bank 970403, account 9704031101234567, service QRIBFTTC",
    ),
    (
        "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA",
        "VietQR, bank 970403, account 0011012345678, service QRIBFTTA",
    ),
    // The beneficiary template swallowed the service code (its length counts it): read as written.
    (
        "00020101021138570010A00000072701390006970422011301234567890200208QRIBFTTA53037045802VN6304A3CF",
        "VietQR, bank 970422, account 0123456789020",
    ),
];

fn describe(code: &str) -> String {
    let payload = Payload::parse_lenient(code).unwrap();
    schemes::recognise(&payload)
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn every_scheme_vector_reads_as_expected() {
    let payloads = common::payloads();
    for (prefix, expected) in EXPECTED {
        let matching: Vec<&String> = payloads.iter().filter(|p| p.starts_with(prefix)).collect();
        assert!(!matching.is_empty(), "no vector starts with {prefix}");
        for code in matching {
            assert_eq!(describe(code), *expected, "{code}");
        }
    }
}

#[test]
fn every_vector_of_a_scheme_file_is_recognised() {
    for file in [
        "mercadopago",
        "other",
        "pix",
        "promptpay",
        "qris",
        "sgqr",
        "vietqr",
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/vectors/{file}.tsv"));
        for line in std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let code = line.split('\t').nth(2).unwrap();
            if let Ok(payload) = Payload::parse_lenient(code) {
                assert!(
                    schemes::recognise(&payload).next().is_some(),
                    "{file}: nothing recognised in {code}"
                );
            }
        }
    }
}

#[test]
fn typed_views_give_the_fields() {
    let code = "00020101021129370016A000000677010111011300668012345675802TH530376463046197";
    let payload = Payload::parse_lenient(code).unwrap();
    let Some(Scheme::PromptPay(promptpay)) = schemes::recognise(&payload).next() else {
        panic!()
    };
    assert_eq!(
        (promptpay.mobile(), promptpay.biller_id()),
        (Some("0066801234567"), None)
    );
    let code = "00020101021238590010A0000007270129000697042201156607040600001290208QRIBFTTA52040000530370454031005802VN5914company_1_data6007Vietnam62150811INVTEST000163042656";
    let payload = Payload::parse(code).unwrap();
    let Some(Scheme::VietQr(vietqr)) = schemes::recognise(&payload).next() else {
        panic!()
    };
    assert_eq!(
        (vietqr.bank_bin(), vietqr.account_number(), vietqr.service()),
        (Some("970422"), Some("660704060000129"), Some("QRIBFTTA"))
    );
    assert_eq!(
        schemes::recognise(&payload).next().unwrap().name(),
        "VietQR"
    );
}

#[test]
fn scheme_names_are_the_documented_words() {
    let names: Vec<&str> = common::payloads()
        .iter()
        .filter_map(|code| Payload::parse_lenient(code).ok())
        .flat_map(|payload| {
            schemes::recognise(&payload)
                .map(|s| s.name())
                .collect::<Vec<_>>()
        })
        .collect();
    for expected in [
        "Pix",
        "Mercado Pago",
        "PayNow",
        "SGQR",
        "PromptPay",
        "QRIS",
        "VietQR",
        "DuitNow",
        "QR Ph",
        "FPS",
        "KHQR",
        "Bre-B",
        "Bharat QR",
        "KE-QR",
    ] {
        assert!(names.contains(&expected), "{expected}");
    }
}

// ----- Pix rules, one test each

/// `ID LEN VALUE`, lengths in characters.
fn tlv(id: u8, value: &str) -> String {
    format!("{id:02}{:02}{value}", value.chars().count())
}

/// A static Pix code with the given key template content (sub-fields of 26) and 62, sealed.
fn pix_code(account: &str, currency: &str, country: &str, additional: Option<&str>) -> String {
    let mut body = tlv(0, "01") + &tlv(26, &(tlv(0, "br.gov.bcb.pix") + account));
    body += &(tlv(52, "0000")
        + &tlv(53, currency)
        + &tlv(58, country)
        + &tlv(59, "Fulano de Tal")
        + &tlv(60, "BRASILIA"));
    if let Some(additional) = additional {
        body += &tlv(62, additional);
    }
    body.push_str("6304");
    let crc = emvqr::crc16::checksum(body.as_bytes());
    format!("{body}{crc:04X}")
}

fn with_key(key: &str) -> String {
    pix_code(&tlv(1, key), "986", "BR", Some(&tlv(5, "***")))
}

fn pix_error(code: &str) -> (PixRule, String) {
    let error = Payload::parse(code).unwrap_err();
    match PixRule::try_from(error.kind()) {
        Ok(rule) => (rule, error.path().to_string()),
        Err(other) => panic!("expected a Pix rule, got {other:?}"),
    }
}

#[test]
fn valid_keys_of_every_kind_pass() {
    for (key, kind) in [
        ("11144477735", PixKeyKind::Cpf),
        ("60701190000104", PixKeyKind::Cnpj),
        ("+5511943214321", PixKeyKind::Phone),
        ("+551133334444", PixKeyKind::Phone),
        ("fulano@example.com.br", PixKeyKind::Email),
        ("123e4567-e12b-12d1-a456-426655440000", PixKeyKind::Evp),
    ] {
        let code = with_key(key);
        let payload = Payload::parse(&code).unwrap();
        assert_eq!(Pix::find(&payload).unwrap().key_kind(), Some(kind), "{key}");
    }
}

#[test]
fn pix_needs_a_key_or_a_location() {
    let code = pix_code(&tlv(2, "info only"), "986", "BR", Some(&tlv(5, "***")));
    assert_eq!(pix_error(&code), (PixRule::MissingKeyOrUrl, "26".into()));
}

#[test]
fn pix_has_a_key_or_a_location_not_both() {
    let code = pix_code(
        &(tlv(1, "11144477735") + &tlv(25, "pix.example.com/qr/1")),
        "986",
        "BR",
        Some(&tlv(5, "***")),
    );
    assert_eq!(pix_error(&code), (PixRule::KeyAndUrl, "26.01".into()));
}

#[test]
fn pix_location_has_no_scheme() {
    let code = pix_code(
        &tlv(25, "https://pix.example.com/qr/1"),
        "986",
        "BR",
        Some(&tlv(5, "***")),
    );
    assert_eq!(pix_error(&code), (PixRule::UrlWithScheme, "26.25".into()));
}

#[test]
fn pix_key_is_at_most_77_characters() {
    // Template 26 holds 99 characters: with the GUI, a key of 77 fills it, so a parsed payload
    // cannot break this rule; keys and builders can.
    let long = format!("{}@example.com", "a".repeat(66));
    assert_eq!(
        emvqr::schemes::pix::classify_key(&long),
        Err(PixRule::KeyTooLong)
    );
    let error = PixBuilder::new_static(&long, "Fulano", "BRASILIA")
        .build()
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.path().to_string()),
        (ErrorKind::from(PixRule::KeyTooLong), "26.01".into())
    );
    let longest = format!("{}@example.com", "a".repeat(65));
    assert!(Payload::parse(&with_key(&longest)).is_ok());
}

#[test]
fn pix_key_and_info_are_at_most_73_characters() {
    let key = "123e4567-e12b-12d1-a456-426655440000";
    let info = "i".repeat(38);
    let error = PixBuilder::new_static(key, "Fulano", "BRASILIA")
        .info(&info)
        .build()
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.path().to_string()),
        (ErrorKind::from(PixRule::KeyAndInfoTooLong), "26.02".into())
    );
    let code = pix_code(
        &(tlv(1, key) + &tlv(2, &"i".repeat(37))),
        "986",
        "BR",
        Some(&tlv(5, "***")),
    );
    assert!(Payload::parse(&code).is_ok());
}

#[test]
fn pix_fss_is_8_digits() {
    let code = pix_code(
        &(tlv(1, "11144477735") + &tlv(3, "1650155")),
        "986",
        "BR",
        Some(&tlv(5, "***")),
    );
    assert_eq!(pix_error(&code), (PixRule::InvalidFss, "26.03".into()));
}

#[test]
fn pix_cpf_key_has_valid_check_digits() {
    assert_eq!(
        pix_error(&with_key("11144477736")),
        (PixRule::InvalidCpf, "26.01".into())
    );
    assert_eq!(
        pix_error(&with_key("11111111111")),
        (PixRule::InvalidCpf, "26.01".into())
    );
}

#[test]
fn pix_cnpj_key_has_valid_check_digits() {
    assert_eq!(
        pix_error(&with_key("60701190000105")),
        (PixRule::InvalidCnpj, "26.01".into())
    );
}

#[test]
fn pix_phone_key_is_plus_55_and_10_or_11_digits() {
    for key in [
        "+1415555010",
        "+55119432143210",
        "+55 11943214321",
        "+551194321",
    ] {
        assert_eq!(pix_error(&with_key(key)).0, PixRule::InvalidPhone, "{key}");
    }
}

#[test]
fn pix_email_key_is_shaped_like_an_address() {
    for key in [
        "fulano@",
        "@example.com",
        "fulano@example",
        "ful ano@example.com",
        "a@b@example.com",
        "fulano@.example.com",
        "fulano@example.com.",
        "fulano@example..com",
        "fulano@.",
    ] {
        assert_eq!(pix_error(&with_key(key)).0, PixRule::InvalidEmail, "{key}");
    }
    for key in [
        "fulano@example.com",
        "a@b.c",
        "fulano.tal@mail.example.com.br",
    ] {
        assert!(classify_key(key).is_ok(), "{key}");
    }
}

#[test]
fn pix_random_key_is_a_lowercase_uuid() {
    assert_eq!(
        pix_error(&with_key("123E4567-E12B-12D1-A456-426655440000")).0,
        PixRule::InvalidEvp
    );
    assert_eq!(
        pix_error(&with_key("123g4567-e12b-12d1-a456-426655440000")).0,
        PixRule::InvalidEvp
    );
    // A fifth hyphen where a hex digit belongs.
    assert_eq!(
        pix_error(&with_key("123e4567-e12b-12d1-a456-4266554400-0")).0,
        PixRule::InvalidEvp
    );
    assert_eq!(
        emvqr::schemes::pix::classify_key("123e4567-e12b-12d1-a456-426655440000"),
        Ok(emvqr::schemes::pix::PixKeyKind::Evp)
    );
}

#[test]
fn pix_key_of_no_known_kind_is_refused() {
    for key in ["12345", "66756C616E6F", "chave"] {
        assert_eq!(
            pix_error(&with_key(key)).0,
            PixRule::UnknownKeyFormat,
            "{key}"
        );
    }
}

#[test]
fn pix_needs_a_txid() {
    let code = pix_code(&tlv(1, "11144477735"), "986", "BR", None);
    assert_eq!(pix_error(&code), (PixRule::MissingTxid, "62.05".into()));
    let code = pix_code(&tlv(1, "11144477735"), "986", "BR", Some(&tlv(1, "BILL")));
    assert_eq!(pix_error(&code), (PixRule::MissingTxid, "62.05".into()));
}

#[test]
fn pix_txid_is_stars_or_up_to_25_letters_and_digits() {
    for txid in ["RP12345678-2019", "PEDIDO 1", "**"] {
        let code = pix_code(&tlv(1, "11144477735"), "986", "BR", Some(&tlv(5, txid)));
        assert_eq!(
            pix_error(&code),
            (PixRule::InvalidTxid, "62.05".into()),
            "{txid}"
        );
    }
    let code = pix_code(
        &tlv(1, "11144477735"),
        "986",
        "BR",
        Some(&tlv(5, "Pedido42")),
    );
    assert!(Payload::parse(&code).is_ok());
}

#[test]
fn pix_currency_is_986() {
    let code = pix_code(&tlv(1, "11144477735"), "840", "BR", Some(&tlv(5, "***")));
    assert_eq!(pix_error(&code), (PixRule::CurrencyNotBrl, "53".into()));
}

#[test]
fn pix_country_is_br() {
    let code = pix_code(&tlv(1, "11144477735"), "986", "PT", Some(&tlv(5, "***")));
    assert_eq!(pix_error(&code), (PixRule::CountryNotBr, "58".into()));
}

#[test]
fn pix_rules_become_deviations_in_lenient_mode() {
    let code = with_key("11111111111");
    let payload = Payload::parse_lenient(&code).unwrap();
    assert_eq!(
        payload.deviations()[0].kind(),
        ErrorKind::from(PixRule::InvalidCpf)
    );
    let only_schemes = ParseOptions::strict().allow(Relaxation::SchemeRules);
    assert!(Payload::parse_with(&code, &only_schemes).is_ok());
}

#[test]
fn pix_gui_is_recognised_in_any_case_and_any_template() {
    let upper = with_key("11144477735").replace("br.gov.bcb.pix", "BR.GOV.BCB.PIX");
    let body = &upper[..upper.len() - 4];
    let code = format!("{body}{:04X}", emvqr::crc16::checksum(body.as_bytes()));
    assert!(Pix::find(&Payload::parse(&code).unwrap()).is_some());
}

#[test]
fn every_pix_template_is_checked_not_only_the_first() {
    // A second Pix template (27) whose CPF key has wrong check digits.
    let second = tlv(27, &(tlv(0, "br.gov.bcb.pix") + &tlv(1, "11144477736")));
    let code = {
        let good = with_key("11144477735");
        let body = &good[..good.len() - 4];
        let at = body.find("5204").unwrap();
        let body = format!("{}{second}{}", &body[..at], &body[at..]);
        format!("{body}{:04X}", emvqr::crc16::checksum(body.as_bytes()))
    };
    assert_eq!(pix_error(&code), (PixRule::InvalidCpf, "27.01".into()));
}

#[test]
fn rule_books_can_be_left_out_one_by_one_or_all_at_once() {
    let code = with_key("11111111111");
    assert_eq!(pix_error(&code).0, PixRule::InvalidCpf);
    for options in [
        ParseOptions::strict().without_rule_book(emvqr::rules::RuleBook::Pix),
        ParseOptions::strict().without_rule_books(),
    ] {
        let payload = Payload::parse_with(&code, &options).unwrap();
        assert!(payload.deviations().is_empty());
    }
}

#[test]
fn qris_is_named_by_its_own_templates_not_by_a_card_account_and_the_country() {
    // A Visa merchant account (02) in an Indonesian code: a card scheme's field, not QRIS.
    let body = tlv(0, "01")
        + &tlv(2, "4000123456789012")
        + &tlv(52, "5812")
        + &tlv(53, "360")
        + &tlv(58, "ID")
        + &tlv(59, "WARUNG")
        + &tlv(60, "JAKARTA")
        + &tlv(61, "10110")
        + "6304";
    let code = format!("{body}{:04X}", emvqr::crc16::checksum(body.as_bytes()));
    let payload = Payload::parse(&code).unwrap();
    assert_eq!(schemes::recognise(&payload).count(), 0, "{code}");
}

// ----- builders

#[test]
fn pix_builder_writes_static_and_dynamic_codes() {
    let amount = Amount::from_minor_units(1050, Currency::BRL.exponent).unwrap();
    let code = PixBuilder::new_static(
        "123e4567-e12b-12d1-a456-426655440000",
        "Fulano de Tal",
        "BRASILIA",
    )
    .amount(&amount)
    .build()
    .unwrap();
    let payload = Payload::parse(&code).unwrap();
    let pix = Pix::find(&payload).unwrap();
    assert_eq!(
        (pix.key_kind(), pix.txid(), payload.amount()),
        (Some(PixKeyKind::Evp), Some("***"), Some("10.50"))
    );
    // The dynamic example of the gist (pix.txt), byte for byte; it writes the GUI in capitals.
    let pix = PixBuilder::new_dynamic(
        "pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99",
        "EMPRESA",
        "SAO PAULO",
    );
    let mut dynamic = pix.to_builder();
    dynamic.field("26.00".parse::<TagPath>().unwrap(), "BR.GOV.BCB.PIX");
    assert_eq!(
        dynamic.build().unwrap().as_str(),
        "00020101021226770014BR.GOV.BCB.PIX2555pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a995204000053039865802BR5907EMPRESA6009SAO PAULO62070503***6304EEAB"
    );
}

#[test]
fn pix_builder_refuses_invalid_keys_with_the_rule() {
    let error = PixBuilder::new_static("111.444.777-35", "Fulano", "BRASILIA")
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::from(PixRule::UnknownKeyFormat));
    let (_, key) = normalize_key("111.444.777-35").unwrap();
    assert!(
        PixBuilder::new_static(&key, "Fulano", "BRASILIA")
            .build()
            .is_ok()
    );
    let error = PixBuilder::new_static("11144477736", "Fulano", "BRASILIA")
        .build()
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.path()),
        (
            ErrorKind::from(PixRule::InvalidCpf),
            "26.01".parse::<TagPath>().unwrap()
        )
    );
    let error = PixBuilder::new_static("11144477735", "Fulano", "BRASILIA")
        .txid("PEDIDO-1")
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::from(PixRule::InvalidTxid));
}

#[test]
fn mercado_pago_builder_writes_the_vector() {
    let code = MercadoPagoBuilder::new(
        "cd8fce34-5045-43f2-96ff-ab36b717bbad",
        "Test Test",
        "SAO PAULO",
    )
    .build()
    .unwrap();
    assert_eq!(
        code.as_str(),
        "00020101021243650016COM.MERCADOLIBRE020130636cd8fce34-5045-43f2-96ff-ab36b717bbad5204000053039865802BR5909Test Test6009SAO PAULO62070503***63045742"
    );
    let payload = Payload::parse(&code).unwrap();
    assert_eq!(MercadoPago::find(&payload).unwrap().kind(), Some("3"));
}

#[test]
fn a_plain_builder_applies_the_pix_rules_too() {
    let mut builder = Builder::new();
    builder
        .merchant_account(26, "br.gov.bcb.pix", &[(1, "+1415555010")])
        .merchant_category_code("0000")
        .currency(Currency::BRL)
        .country_code("BR")
        .merchant_name("X")
        .merchant_city("Y")
        .reference_label("***");
    assert_eq!(
        builder.build().unwrap_err().kind(),
        ErrorKind::from(PixRule::InvalidPhone)
    );
}
