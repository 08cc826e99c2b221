//! The 2026 rule books, one test per rule: Pix Automático's composite codes, the
//! alphanumeric CNPJ, Pix Saque, EMVCo 1.1's 62.10 and 62.11, KHQR, Bre-B, long payloads.
//! Each test starts from a public example (docs/schemes/) and breaks one rule.

use emvqr::amount::{Amount, Currency};
use emvqr::build::{KhqrBuilder, PixBuilder};
use emvqr::rules::breb::BreBRule;
use emvqr::rules::khqr::KhqrRule;
use emvqr::rules::pix::{PixKeyKind, PixRule, classify_key, is_cnpj, normalize_key};
use emvqr::schemes::breb::{BreB, KeyType};
use emvqr::schemes::khqr::{Khqr, KhqrKind};
use emvqr::schemes::pix::{Journey, Pix};
use emvqr::schemes::{self, Scheme};
use emvqr::{ErrorKind, ParseOptions, Payload, Relaxation, crc16};
use proptest::prelude::*;

/// `ID LEN VALUE`, lengths in characters.
fn tlv(id: u8, value: &str) -> String {
    format!("{id:02}{:02}{value}", value.chars().count())
}

/// `body` (without 6304) sealed with its CRC.
fn seal(body: &str) -> String {
    let body = format!("{body}6304");
    let crc = crc16::to_hex(crc16::checksum(body.as_bytes()));
    format!("{body}{}", std::str::from_utf8(&crc).unwrap())
}

/// A payload's code (without its CRC) with `from` replaced by `to`, sealed again.
fn edited(code: &str, from: &str, to: &str) -> String {
    let body = &code[..code.len() - 8];
    assert!(body.contains(from), "{from} not in {code}");
    seal(&body.replace(from, to))
}

fn rule_and_path<R: TryFrom<ErrorKind, Error = ErrorKind> + std::fmt::Debug>(
    code: &str,
) -> (R, String) {
    let error = Payload::parse(code).unwrap_err();
    match R::try_from(error.kind()) {
        Ok(rule) => (rule, error.path().to_string()),
        Err(other) => panic!("expected a scheme rule, got {other:?}: {error}"),
    }
}

/// The books read a template's sub-fields from the walk's record of them, and walk the
/// template themselves when a code has more than that record holds: both give the same answer.
#[test]
fn books_read_the_same_however_many_sub_fields_a_code_has() {
    // A GUI and 16 sub-fields of five characters: an unreserved template of 95 characters.
    let filler: String = (1..=16).map(|id| tlv(id, "x")).collect();
    for (key, txid, expected) in [
        ("+5511943214321", "a-b", (PixRule::InvalidTxid, "62.05")),
        ("+55119432", "***", (PixRule::InvalidPhone, "26.01")),
    ] {
        let account = tlv(26, &(tlv(0, "br.gov.bcb.pix") + &tlv(1, key)));
        let body = format!(
            "000201{account}5204000053039865802BR5903ANA6003RIO{}",
            tlv(62, &tlv(5, txid))
        );
        let few = seal(&body);
        let many = seal(&format!(
            "{body}{}{}",
            tlv(81, &(tlv(0, "com.example") + &filler)),
            tlv(82, &(tlv(0, "com.example") + &filler))
        ));
        for code in [&few, &many] {
            let error = Payload::parse(code).unwrap_err();
            assert_eq!(
                (
                    PixRule::try_from(error.kind()).unwrap(),
                    error.path().to_string().as_str()
                ),
                expected,
                "{code}"
            );
            assert_eq!(error.offset(), Payload::parse(&few).unwrap_err().offset());
        }
        // Mended, both parse.
        let mended = |code: &str| edited(code, &tlv(62, &tlv(5, txid)), &tlv(62, &tlv(5, "***")));
        if txid != "***" {
            assert!(Payload::parse(&mended(&many)).is_ok());
        }
    }
}

// ----- Pix Automático (BCB manual v2.10.0 §2.8)

/// The manual's composite examples, §2.8.5.1–3.
const RECURRENCE_ONLY: &str = "00020126180014br.gov.bcb.pix5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304F2DA";
const STATIC_AND_RECURRENCE: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865406100.505802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac12000263042875";
const DYNAMIC_AND_RECURRENCE: &str = "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304FB42";

#[test]
fn the_manuals_composites_parse_and_say_their_journey() {
    for (code, journey, number) in [
        (RECURRENCE_ONLY, Journey::RecurrenceOnly, 2),
        (STATIC_AND_RECURRENCE, Journey::StaticKey, 4),
        (DYNAMIC_AND_RECURRENCE, Journey::ImmediateCharge, 3),
    ] {
        let payload = Payload::parse(code).unwrap();
        let pix = Pix::find(&payload).unwrap();
        assert_eq!(
            pix.recurrence(),
            Some("pix.example.com/rec/2353c790eefb11eaadc10242ac120002")
        );
        assert_eq!(pix.journey(), Some(journey));
        assert_eq!(journey.number(), number);
    }
    let cobv = edited(
        DYNAMIC_AND_RECURRENCE,
        "2548pix.example.com/8b3",
        "2553pix.example.com/cobv/8b3",
    );
    let cobv = edited(&cobv, "26700014", "26750014");
    let pix = Pix::find(&Payload::parse(&cobv).unwrap()).unwrap();
    assert_eq!(pix.journey(), Some(Journey::DueDateCharge));
    // A code without a recurrence has no journey.
    let plain = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
    assert_eq!(
        Pix::find(&Payload::parse(plain).unwrap())
            .unwrap()
            .journey(),
        None
    );
}

#[test]
fn a_pix_template_with_its_gui_alone_needs_a_recurrence() {
    let without = edited(
        RECURRENCE_ONLY,
        "80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac120002",
        "",
    );
    assert_eq!(
        rule_and_path::<PixRule>(&without),
        (PixRule::MissingKeyOrUrl, "26".into())
    );
}

#[test]
fn both_locations_are_on_the_same_host() {
    let code = edited(
        DYNAMIC_AND_RECURRENCE,
        "2552pix.example.com/rec/",
        "2552pix.example.org/rec/",
    );
    assert_eq!(
        rule_and_path::<PixRule>(&code),
        (PixRule::RecurrenceHostMismatch, "80.25".into())
    );
}

#[test]
fn a_recurrence_location_has_no_scheme() {
    let code = edited(
        RECURRENCE_ONLY,
        "2552pix.example.com",
        "2560https://pix.example.com",
    );
    let code = edited(&code, "80740014", "80820014");
    assert_eq!(
        rule_and_path::<PixRule>(&code),
        (PixRule::UrlWithScheme, "80.25".into())
    );
}

#[test]
fn a_composite_code_carries_no_withdrawal() {
    let code = PixBuilder::new_static("123e4567-e12b-12d1-a456-426655440000", "Loja", "RIO")
        .fss("16501555")
        .recurrence("pix.example.com/rec/1")
        .build()
        .unwrap_err();
    assert_eq!(
        (PixRule::try_from(code.kind()), code.path().to_string()),
        (Ok(PixRule::WithdrawalWithRecurrence), "26.03".into())
    );
}

#[test]
fn one_unreserved_pix_template_at_most() {
    let second = tlv(
        81,
        &(tlv(0, "br.gov.bcb.pix") + &tlv(25, "pix.example.com/rec/2")),
    );
    let code = edited(
        RECURRENCE_ONLY,
        "2353c790eefb11eaadc10242ac120002",
        &format!("2353c790eefb11eaadc10242ac120002{second}"),
    );
    assert_eq!(
        rule_and_path::<PixRule>(&code),
        (PixRule::SeveralUnreservedTemplates, "81".into())
    );
}

#[test]
fn pix_builder_writes_the_manuals_composites_byte_for_byte() {
    let location = "pix.example.com/rec/2353c790eefb11eaadc10242ac120002";
    let only = PixBuilder::new_recurrence(location, "Fulano de Tal", "BRASILIA")
        .build()
        .unwrap();
    assert_eq!(only.as_str(), RECURRENCE_ONLY);
    let amount = Amount::parse("100.50").unwrap();
    let with_key = PixBuilder::new_static(
        "123e4567-e12b-12d1-a456-426655440000",
        "Fulano de Tal",
        "BRASILIA",
    )
    .amount(&amount)
    .recurrence(location)
    .build()
    .unwrap();
    assert_eq!(with_key.as_str(), STATIC_AND_RECURRENCE);
    let dynamic = PixBuilder::new_dynamic(
        "pix.example.com/8b3da2f39a4140d1a91abd93113bd441",
        "Fulano de Tal",
        "BRASILIA",
    )
    .recurrence(location)
    .build()
    .unwrap();
    assert_eq!(dynamic.as_str(), DYNAMIC_AND_RECURRENCE);
}

// ----- alphanumeric CNPJ (IN RFB 2.229/2024, NT COCAD/SUARA/RFB 49/2024)

#[test]
fn alphanumeric_cnpj_keys_are_cnpjs_with_their_check_digits() {
    // The Receita Federal's example, the Pix manual's (2.9.0), and others computed with the
    // published algorithm; numeric CNPJs are unchanged.
    for key in [
        "12ABC34501DE35",
        "A1B2C3D4000193",
        "ZZZZZZZZ000191",
        "00038166000105",
    ] {
        assert_eq!(classify_key(key), Ok(PixKeyKind::Cnpj), "{key}");
        let code = PixBuilder::new_static(key, "Loja", "RIO").build().unwrap();
        let payload = Payload::parse(&code).unwrap();
        assert_eq!(
            Pix::find(&payload).unwrap().key_kind(),
            Some(PixKeyKind::Cnpj)
        );
    }
    for (key, rule) in [
        ("12ABC34501DE36", PixRule::InvalidCnpj), // wrong second digit
        ("12ABC34501DE53", PixRule::InvalidCnpj), // digits swapped
        ("12abc34501de35", PixRule::UnknownKeyFormat), // letters are capitals
        ("12ABC34501DEA5", PixRule::UnknownKeyFormat), // a letter in a check digit
        ("00000000000000", PixRule::InvalidCnpj),
    ] {
        assert_eq!(classify_key(key), Err(rule), "{key}");
    }
    let refused = PixBuilder::new_static("12ABC34501DE36", "Loja", "RIO")
        .build()
        .unwrap_err();
    assert_eq!(PixRule::try_from(refused.kind()), Ok(PixRule::InvalidCnpj));
    assert_eq!(
        normalize_key("12.abc.345/01de-35").unwrap().1.as_str(),
        "12ABC34501DE35"
    );
}

// ----- Pix Saque (manual §2.6, §2.6.1)

#[test]
fn saque_takes_an_ispb_and_twelve_of_the_templates_characters() {
    let build = |fss: &str, info: &str| {
        PixBuilder::new_static("123e4567-e12b-12d1-a456-426655440000", "Loja", "RIO")
            .fss(fss)
            .info(info)
            .build()
    };
    let code = build("16501555", "Saque").unwrap();
    let pix = Pix::find(&Payload::parse(&code).unwrap()).unwrap();
    assert_eq!(pix.fss(), Some("16501555"));
    // Pix API 2.9.0: ISPBs may carry capitals.
    assert!(build("1650155A", "Saque").is_ok());
    for fss in ["1650155", "1650155a", "16501555X"] {
        let error = build(fss, "Saque").unwrap_err();
        assert_eq!(
            PixRule::try_from(error.kind()),
            Ok(PixRule::InvalidFss),
            "{fss}"
        );
    }
    // 36 + 25 = 61: the most key and information may have beside an fss.
    assert!(build("16501555", &"i".repeat(25)).is_ok());
    let error = build("16501555", &"i".repeat(26)).unwrap_err();
    assert_eq!(
        PixRule::try_from(error.kind()),
        Ok(PixRule::KeyAndInfoTooLong)
    );
}

// ----- EMVCo MPM 1.1: 62.10 and 62.11

#[test]
fn merchant_tax_id_and_channel_follow_emvco_1_1() {
    let code = |additional: &str| {
        seal(&format!(
            "000201{}5204000053039865802BR5913Fulano de Tal6008BRASILIA{}",
            tlv(26, &(tlv(0, "br.gov.bcb.pix") + &tlv(1, "11144477735"))),
            tlv(62, additional)
        ))
    };
    let good = code(&(tlv(5, "***") + &tlv(10, "12345678000195") + &tlv(11, "631")));
    assert!(Payload::parse(&good).is_ok());
    for (channel, position) in [("831", 1), ("641", 2), ("634", 3), ("6X1", 2)] {
        let bad = code(&(tlv(5, "***") + &tlv(11, channel)));
        let error = Payload::parse(&bad).unwrap_err();
        assert_eq!(
            (error.kind(), error.path().to_string()),
            (
                ErrorKind::InvalidMerchantChannel { position },
                "62.11".into()
            ),
            "{channel}"
        );
    }
    let short = code(&(tlv(5, "***") + &tlv(11, "63")));
    assert!(matches!(
        Payload::parse(&short).unwrap_err().kind(),
        ErrorKind::ValueTooShort { min: 3, .. }
    ));
    let long_tax_id = code(&(tlv(5, "***") + &tlv(10, &"1".repeat(21))));
    assert!(matches!(
        Payload::parse(&long_tax_id).unwrap_err().kind(),
        ErrorKind::ValueTooLong { max: 20, .. }
    ));
}

// ----- KHQR (NBC SDK documentation v2.3, bakong-khqr 1.0.20)

/// NBC's remittance example (guideline v1.3, p.07) and go-khqr's dynamic code with both
/// timestamps.
const KHQR_STATIC: &str = "00020101021129460016devbkhppxxx@devb011000000011120208Dev Bank5204599953031165802KH5910Jonh Smith6010Phnom Penh99170013163392463782863042ACD";
const KHQR_DYNAMIC: &str = "00020101021229180014jonhsmith@nbcq5204599953031165405500005802KH5910Jonh Smith6009Siam Reap62550117INV-2021-07-658220211855123456780305BKK-107060123459934001317267491176360113172674971763663049D4A";

#[test]
fn khqr_codes_are_recognised_and_read() {
    let payload = Payload::parse(KHQR_DYNAMIC).unwrap();
    let Some(Scheme::Khqr(khqr)) = schemes::recognise(&payload).next() else {
        panic!("not KHQR")
    };
    assert_eq!(khqr.kind(), KhqrKind::Individual);
    assert_eq!(khqr.account_id(), Some("jonhsmith@nbcq"));
    assert_eq!(
        (khqr.created_at(), khqr.expires_at()),
        (Some(1726749117636), Some(1726749717636))
    );
    let payload = Payload::parse(KHQR_STATIC).unwrap();
    let khqr = Khqr::find(&payload).unwrap();
    assert_eq!(
        (khqr.account_information(), khqr.acquiring_bank()),
        (Some("0000001112"), Some("Dev Bank"))
    );
}

#[test]
fn khqr_rules_one_by_one() {
    let cases: [(String, KhqrRule, &str); 9] = [
        (
            edited(KHQR_STATIC, "0016devbkhppxxx@devb", "0016devb@hppxxx@devb"),
            KhqrRule::InvalidAccountId,
            "29.00",
        ),
        (
            edited(KHQR_STATIC, "5303116", "5303986"),
            KhqrRule::UnsupportedCurrency,
            "53",
        ),
        (
            edited(KHQR_STATIC, "5802KH", "5802TH"),
            KhqrRule::CountryNotKh,
            "58",
        ),
        (
            edited(KHQR_DYNAMIC, "540550000", "54075000.50"),
            KhqrRule::KhrAmountNotWhole,
            "54",
        ),
        (
            edited(
                &edited(KHQR_DYNAMIC, "540550000", "540650.125"),
                "5303116",
                "5303840",
            ),
            KhqrRule::UsdAmountDecimals,
            "54",
        ),
        (
            edited(KHQR_DYNAMIC, "540550000", ""),
            KhqrRule::DynamicWithoutAmount,
            "01",
        ),
        (
            edited(
                KHQR_DYNAMIC,
                "99340013172674911763601131726749717636",
                "991700131726749117636",
            ),
            KhqrRule::MissingExpiry,
            "99.01",
        ),
        (
            edited(KHQR_DYNAMIC, "01131726749717636", "0113172674971763X"),
            KhqrRule::InvalidTimestamp,
            "99.01",
        ),
        (
            edited(KHQR_DYNAMIC, "01131726749717636", "01131726749000000"),
            KhqrRule::ExpiryBeforeCreation,
            "99.01",
        ),
    ];
    for (code, rule, path) in cases {
        assert_eq!(
            rule_and_path::<KhqrRule>(&code),
            (rule, path.into()),
            "{code}"
        );
    }
    // A merchant's code needs its merchant ID and bank.
    let merchant = "00020101021230420016devbkhppxxx@devb01061234560208Dev Bank5204599953038405406100.505802KH5910Jonh Smith6010PHNOM PENH62430211855122334550311Coffee Shop0709Cashier_19917001316311538559786304B37C";
    let without_bank = edited(
        &edited(merchant, "0208Dev Bank", ""),
        "30420016",
        "30300016",
    );
    let rules: Vec<ErrorKind> = Payload::parse_lenient(&without_bank)
        .unwrap()
        .deviations()
        .iter()
        .map(|d| d.kind())
        .collect();
    assert!(
        rules.contains(&KhqrRule::MissingAcquiringBank.into()),
        "{rules:?}"
    );
    // The NBC's 2021 example has no expiry: strict refuses it as SDK 1.0.20 does.
    assert_eq!(
        rule_and_path::<KhqrRule>(merchant),
        (KhqrRule::MissingExpiry, "99.01".into())
    );
}

#[test]
fn khqr_builder_writes_what_the_nbc_sdk_writes() {
    let code = KhqrBuilder::individual("devbkhppxxx@devb", "Jonh Smith", "Phnom Penh")
        .account_information("0000001112")
        .acquiring_bank("Dev Bank")
        .created_at(1633924637828)
        .build()
        .unwrap();
    assert_eq!(code.as_str(), KHQR_STATIC);
    let amount = Amount::parse("50000").unwrap();
    let mut dynamic = KhqrBuilder::individual("jonhsmith@nbcq", "Jonh Smith", "Siam Reap");
    dynamic
        .amount(&amount)
        .created_at(1726749117636)
        .expires_at(1726749717636)
        .builder()
        .bill_number("INV-2021-07-65822")
        .mobile_number("85512345678")
        .store_label("BKK-1")
        .terminal_label("012345");
    assert_eq!(dynamic.build().unwrap().as_str(), KHQR_DYNAMIC);
    // An amount without an expiry is refused with the rule.
    let error = KhqrBuilder::individual("jonhsmith@nbcq", "Jonh Smith", "Siam Reap")
        .amount(&amount)
        .created_at(1726749117636)
        .build()
        .unwrap_err();
    assert_eq!(
        KhqrRule::try_from(error.kind()),
        Ok(KhqrRule::MissingExpiry)
    );
    let dollars = Amount::parse("1.5").unwrap();
    let usd = KhqrBuilder::merchant(
        "devbkhppxxx@devb",
        "123456",
        "Dev Bank",
        "Cafe",
        "Phnom Penh",
    )
    .currency(Currency::USD)
    .amount(&dollars)
    .created_at(1)
    .expires_at(2)
    .build()
    .unwrap_err();
    assert_eq!(
        KhqrRule::try_from(usd.kind()),
        Ok(KhqrRule::InvalidTimestamp)
    );
    // An account ID without `name@bank` would make a valid EMVCo code that is not KHQR (found
    // by the schemes fuzz target): refused, naming the field.
    for id in ["1", "name@", "@bank", "a@b@c"] {
        let error = KhqrBuilder::merchant(id, "0", "4", "6", "3")
            .created_at(556871728)
            .build()
            .unwrap_err();
        assert_eq!(
            KhqrRule::try_from(error.kind()),
            Ok(KhqrRule::InvalidAccountId),
            "{id}"
        );
        assert_eq!(error.path(), "30.00".parse().unwrap());
        assert!(!error.has_offset());
        let mut out = [0u8; 512];
        assert!(
            KhqrBuilder::individual(id, "6", "3")
                .build_into(&mut out)
                .is_err()
        );
    }
    // A timestamp that is not 13 digits, on a code without an amount: the rule book does not
    // check it there (the SDK ignores it), so the builder must (found by the schemes fuzz
    // target: a code that parsed, whose view could not read its expiry).
    let error = KhqrBuilder::individual("test_bakong@devb", "Lucky Supermarket", "Phnom Penh")
        .created_at(1633921024778)
        .expires_at(1375731712)
        .build()
        .unwrap_err();
    assert_eq!(
        KhqrRule::try_from(error.kind()),
        Ok(KhqrRule::InvalidTimestamp)
    );
    assert_eq!(error.path(), "99.01".parse().unwrap());
}

// ----- Bre-B (EASPBV v1.4, 2025)

/// A real Redeban Bre-B code with an alphanumeric key (26.04).
const BREB: &str = "00020101021126330014CO.COM.RBM.LLA0411@jhon43720349250014CO.COM.RBM.RED0103RBM50290013CO.COM.RBM.CU01080000000051220013CO.COM.RBM.CA010105204000053031705802CO59010600106101062270710CC80144372080200110363180270016CO.COM.RBM.CANAL0103APP81250015CO.COM.RBM.CIVA01020282260014CO.COM.RBM.IVA01040.0083270015CO.COM.RBM.BASE01040.0084250015CO.COM.RBM.CINC01020285260014CO.COM.RBM.INC01040.0090430016CO.COM.RBM.TRXID0119000001Hnc8F81-4FW2h91460014CO.COM.RBM.SEC0124nW2B7BvQjf1jRoD475BbyCSs6304086E";

#[test]
fn breb_codes_are_one_scheme_with_their_key() {
    let payload = Payload::parse(BREB).unwrap();
    let found: Vec<Scheme<'_>> = schemes::recognise(&payload).collect();
    assert_eq!(found.len(), 1, "one view for the payload's four templates");
    let Scheme::BreB(breb) = found[0] else {
        panic!()
    };
    assert_eq!(breb.key(), Some((KeyType::Alphanumeric, "@jhon437203")));
    assert_eq!(
        (breb.iva_condition(), breb.security()),
        (Some("02"), Some("nW2B7BvQjf1jRoD475BbyCSs"))
    );
    // Without a key in 26, the merchant code of 50 is the key.
    let merchant = "00020101021126320014CO.COM.RBM.LLA0510002935349749250014CO.COM.RBM.RED0103RBM50310013CO.COM.RBM.CU011000293534975204000053031705502015802CO5922Supermercado pa mi gen600511001610511001622703030000703000080200110363180270016CO.COM.RBM.CANAL0103APP81250015CO.COM.RBM.CIVA01020182260014CO.COM.RBM.IVA01040.0083270015CO.COM.RBM.BASE01040.0084250015CO.COM.RBM.CINC01020185260014CO.COM.RBM.INC01040.0090430016CO.COM.RBM.TRXID0119000001I6ayJyyIOS_bD91460014CO.COM.RBM.SEC0124eFE7uHXU4FwbxK6MRAnHbf94630487B9";
    let breb = BreB::find(&Payload::parse(merchant).unwrap()).unwrap();
    assert_eq!(breb.key(), Some((KeyType::MerchantId, "0029353497")));
}

#[test]
fn breb_rules_one_by_one() {
    let cases: [(String, BreBRule, &str); 7] = [
        (
            edited(BREB, "80270016CO.COM.RBM.CANAL0103APP", ""),
            BreBRule::MissingTemplate,
            "80",
        ),
        (
            edited(BREB, "0103APP", "0103WEB"),
            BreBRule::InvalidChannel,
            "80.01",
        ),
        (
            edited(
                BREB,
                "81250015CO.COM.RBM.CIVA010202",
                "81250015CO.COM.RBM.CIVA010204",
            ),
            BreBRule::InvalidTaxCondition,
            "81.01",
        ),
        (
            edited(BREB, "0802001103631", "0802091103631"),
            BreBRule::InvalidPurpose,
            "62.08",
        ),
        (
            edited(BREB, "62270710CC80144372", "6213"),
            BreBRule::MissingField,
            "62.07",
        ),
        (
            edited(
                &edited(BREB, "0411@jhon437203", "0411@jhon43720302103001010101"),
                "26330014",
                "26470014",
            ),
            BreBRule::InvalidKeyType,
            "26.04",
        ),
        (
            edited(
                &edited(BREB, "0119000001Hnc8F81-4FW2h", "0120000001Hnc8F81-4FW2hx"),
                "90430016",
                "90440016",
            ),
            BreBRule::TransactionIdTooLong,
            "90.01",
        ),
    ];
    for (code, rule, path) in cases {
        assert_eq!(
            rule_and_path::<BreBRule>(&code),
            (rule, path.into()),
            "{code}"
        );
    }
}

#[test]
fn codes_over_512_characters_are_read_leniently_only() {
    // A real Bre-B code of 521 characters.
    let code = "00020101021126320014CO.COM.RBM.LLA0510009204096849250014CO.COM.RBM.RED0103RBM50310013CO.COM.RBM.CU0110009204096851250013CO.COM.RBM.CA010499995204999953031705502015802CO5922JHON FREDY DAZA CARDEN60051100161051100162200703001080200110363180270016CO.COM.RBM.CANAL0103APP81250015CO.COM.RBM.CIVA01020382260014CO.COM.RBM.IVA01040.0083270015CO.COM.RBM.BASE01040.0084250015CO.COM.RBM.CINC01020385260014CO.COM.RBM.INC01040.0090430016CO.COM.RBM.TRXID0119000000fT1l3DZn6_yBF91460014CO.COM.RBM.SEC0124I2vx0Ujo6wN8al5LWr1PrhXu63046F27";
    assert_eq!(code.chars().count(), 521);
    assert_eq!(
        Payload::parse(code).unwrap_err().kind(),
        ErrorKind::InputTooLong { chars: 521 }
    );
    let options = ParseOptions::strict().allow(Relaxation::LongPayloads);
    let payload = Payload::parse_with(code, &options).unwrap();
    assert_eq!(
        payload.deviations()[0].kind(),
        ErrorKind::InputTooLong { chars: 521 }
    );
    assert_eq!(payload.merchant_name(), Some("JHON FREDY DAZA CARDEN"));
    assert!(BreB::find(&payload).is_some());
    // Beyond what any QR code holds, not even leniently.
    let huge = seal(&format!("000201{}", "8199".to_owned() + &"9".repeat(99)).repeat(70));
    assert!(matches!(
        Payload::parse_lenient(&huge).unwrap_err().kind(),
        ErrorKind::InputTooLong { .. }
    ));
}

// ----- Bharat QR and KE-QR views

#[test]
fn bharat_qr_and_ke_qr_are_recognised() {
    let bharat = "000201010212021643926300000000850415540461000000008061661005900000000890827YESB0CMSNOC222333004882700126430010A0000005240117razorpaybqr@icici02041.1027350010A0000005240117RZPGT8ildsFTgS5Sp52047531530335654041.105802IN5906zxcbmn6005Delhi610611008562300514GT8ildsFTgS5Sp070838R004506304B6A9";
    let payload = Payload::parse(bharat).unwrap();
    let names: Vec<String> = schemes::recognise(&payload)
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "Bharat QR, vpa razorpaybqr@icici, minimum amount 1.10, transaction reference RZPGT8ildsFTgS5Sp"
        ]
    );
    let kenya = "00020101021129230008ke.go.qr680722266655204541153034045802KE5919Thika Vivian Stores6002KE61020082310008ke.go.qr011511062025T1259066304AA94";
    let payload = Payload::parse(kenya).unwrap();
    let Some(Scheme::KeQr(keqr)) = schemes::recognise(&payload).next() else {
        panic!()
    };
    assert!(keqr.is_bank());
    assert_eq!(keqr.provider_account(), Some((68, "2226665")));
}

// ----- round trips

fn cnpj_with_check_digits(base: &str) -> String {
    let value = |c: u8| u32::from(c) - u32::from(b'0');
    let digit = |chars: &[u8], weights: &[u32]| {
        let r = chars
            .iter()
            .zip(weights)
            .map(|(&c, w)| value(c) * w)
            .sum::<u32>()
            % 11;
        if r < 2 { 0 } else { 11 - r }
    };
    let first = digit(base.as_bytes(), &[5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
    let with_first = format!("{base}{first}");
    let second = digit(
        with_first.as_bytes(),
        &[6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2],
    );
    format!("{with_first}{second}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any alphanumeric CNPJ with the right check digits is a CNPJ key that builds and reads
    /// back; with one check digit changed it is refused.
    #[test]
    fn alphanumeric_cnpj_keys_round_trip(base in "[0-9A-Z]{12}") {
        let cnpj = cnpj_with_check_digits(&base);
        prop_assume!(cnpj.bytes().any(|b| b != cnpj.as_bytes()[0]));
        prop_assert!(is_cnpj(&cnpj));
        let code = PixBuilder::new_static(&cnpj, "Loja", "RIO").build().unwrap();
        let payload = Payload::parse(&code).unwrap();
        let pix = Pix::find(&payload).unwrap();
        prop_assert_eq!(pix.key(), Some(cnpj.as_str()));
        prop_assert_eq!(pix.key_kind(), Some(PixKeyKind::Cnpj));
        let last = cnpj.as_bytes()[13] - b'0';
        let wrong = format!("{}{}", &cnpj[..13], (last + 1) % 10);
        prop_assert!(!is_cnpj(&wrong));
    }

    /// Composite codes (a recurrence beside a key, a location, or alone) build, parse strictly
    /// and read back their locations and journey.
    #[test]
    fn composites_round_trip(
        host in "[a-z]{1,12}\\.com\\.br",
        rec in "[0-9a-f]{32}",
        charge in proptest::option::of("(cobv/)?[0-9a-f]{32}"),
        static_key in any::<bool>(),
    ) {
        let recurrence = format!("{host}/rec/{rec}");
        let location = charge.as_ref().map(|c| format!("{host}/{c}"));
        let mut builder = match (&location, static_key) {
            (Some(location), _) => PixBuilder::new_dynamic(location, "Loja", "RIO"),
            (None, true) => PixBuilder::new_static("12ABC34501DE35", "Loja", "RIO"),
            (None, false) => PixBuilder::new_recurrence(&recurrence, "Loja", "RIO"),
        };
        if location.is_some() || static_key {
            builder.recurrence(&recurrence);
        }
        let code = builder.build().unwrap();
        let payload = Payload::parse(&code).unwrap();
        let pix = Pix::find(&payload).unwrap();
        prop_assert_eq!(pix.recurrence(), Some(recurrence.as_str()));
        prop_assert_eq!(pix.url(), location.as_deref());
        let journey = pix.journey().unwrap();
        let expected = match (&charge, static_key) {
            (Some(c), _) if c.starts_with("cobv/") => Journey::DueDateCharge,
            (Some(_), _) => Journey::ImmediateCharge,
            (None, true) => Journey::StaticKey,
            (None, false) => Journey::RecurrenceOnly,
        };
        prop_assert_eq!(journey, expected);
    }
}
