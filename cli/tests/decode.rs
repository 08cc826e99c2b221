//! `emvqr decode` end to end: exit codes, output, stdin, JSON.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const MERCADO_PAGO: &str = "00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42e8-98d7-f6805209d83a5204000053039865802BR5909Test Test6009SAO PAULO62070503***63041A36";
const GUIDE_A: &str = "00020101021243650016COM.MERCADOLIBRE02013063638f1192a-5fd1-4180-a180-8bcae3556bc35204000053039865802BR5925IZABEL AAAA DE MELO6007BARUERI62070503***63040B6D";
const GUIDE_B: &str = "00020101021226940014BR.GOV.BCB.PIX2572pix-qr.mercadopago.com/instore/o/v2/fdf9ece0-6137-4e1e-a49d-94f55ec9eee25204000053039865802BR5925FELIPE AAAAAA AAAAA 6009SAO PAULO62070503***6304B61D";
const ACCENTED_CITY: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASÍLIA62070503***6304B4F6";

fn emvqr(args: &[&str], stdin: Option<&str>) -> Output {
    emvqr_bytes(args, stdin.unwrap_or("").as_bytes())
}

fn emvqr_bytes(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_emvqr"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn decode_prints_the_field_tree_and_exits_0() {
    let out = emvqr(&["decode", MERCADO_PAGO], None);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("59 merchant name"), "{stdout}");
    assert!(stdout.contains("Test Test"));
    // Sub-fields are indented under their template.
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("   00 globally unique identifier")
                && l.ends_with("COM.MERCADOLIBRE")),
        "{stdout}"
    );
    assert!(stdout.contains("valid (strict)"));
    assert!(out.stderr.is_empty());
}

#[test]
fn decode_reads_standard_input_for_a_dash_or_no_argument() {
    for args in [&["decode", "-"][..], &["decode"][..]] {
        let out = emvqr(args, Some(&format!("{MERCADO_PAGO}\n")));
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("SAO PAULO"));
    }
}

#[test]
fn decode_keeps_extra_whitespace_for_the_parser_to_judge() {
    let out = emvqr(&["decode"], Some(&format!(" {MERCADO_PAGO}\n")));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("whitespace"));
    let out = emvqr(
        &["decode", "--lenient"],
        Some(&format!(" {MERCADO_PAGO}\n")),
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn decode_explains_the_guide_payloads_with_field_59() {
    for (code, holds, offset) in [(GUIDE_A, 19, 102), (GUIDE_B, 20, 131)] {
        let out = emvqr(&["decode", code], None);
        assert_eq!(out.status.code(), Some(1));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("field 59 (merchant name) declares 25 characters"),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("only {holds} fit before field 60")),
            "{stderr}"
        );
        assert!(stderr.contains(&format!("at offset {offset}")), "{stderr}");
        assert!(stderr.contains("the CRC does not match either"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn decode_lenient_lists_deviations() {
    let out = emvqr(&["decode", ACCENTED_CITY], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--lenient"));
    let out = emvqr(&["decode", "--lenient", ACCENTED_CITY], None);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("1 deviation(s) tolerated"), "{stdout}");
    assert!(
        stdout.contains("field 60 (merchant city) allows printable ASCII only (ANS) but holds 'Í'"),
        "{stdout}"
    );
}

#[test]
fn decode_json_is_valid_json_with_the_tree() {
    let out = emvqr(&["decode", "--json", MERCADO_PAGO], None);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["valid"], true);
    let fields = json["fields"].as_array().unwrap();
    let account = fields.iter().find(|f| f["id"] == "43").unwrap();
    assert_eq!(account["fields"][0]["value"], "COM.MERCADOLIBRE");
    assert_eq!(
        fields.iter().find(|f| f["id"] == "59").unwrap()["value"],
        "Test Test"
    );
}

#[test]
fn decode_json_reports_errors_too() {
    let out = emvqr(&["decode", "--json", GUIDE_A], None);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["valid"], false);
    assert_eq!(json["error"]["kind"], "length_mismatch");
    assert_eq!(json["error"]["path"], "59");
    assert_eq!(json["error"]["offset"], 102);
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(
        emvqr(&["decode", "--no-such-flag", MERCADO_PAGO], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(emvqr(&["no-such-command"], None).status.code(), Some(2));
}

#[test]
fn invalid_utf8_on_stdin_is_an_invalid_payload() {
    let out = emvqr_bytes(&["decode"], b"000201\xff");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not valid UTF-8 — at offset 6"));
}

#[test]
fn decode_names_the_schemes_and_the_pix_key_kind() {
    let pix = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
    let stdout = text(&emvqr(&["decode", pix], None).stdout);
    assert!(
        stdout.contains(
            "scheme: Pix (template 26): evp key 123e4567-e12b-12d1-a456-426655440000, txid ***"
        ),
        "{stdout}"
    );
    let stdout = text(&emvqr(&["decode", MERCADO_PAGO], None).stdout);
    assert!(
        stdout.contains(
            "scheme: Mercado Pago (template 43): order 4a9e4780-d0a6-42e8-98d7-f6805209d83a"
        ),
        "{stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&emvqr(&["decode", "--json", pix], None).stdout).unwrap();
    assert_eq!(json["schemes"][0]["name"], "Pix");
    assert_eq!(json["schemes"][0]["key_kind"], "evp");
    assert_eq!(json["schemes"][0]["dynamic"], false);
    let promptpay = "00020101021129370016A000000677010111011300668012345675802TH530376463046197";
    let stdout = text(&emvqr(&["decode", "--lenient", promptpay], None).stdout);
    assert!(
        stdout.contains("scheme: PromptPay (template 29): mobile 0066801234567"),
        "{stdout}"
    );
}

#[test]
fn decode_names_the_2026_schemes_the_cnpj_key_and_the_recurrence() {
    let khqr = "00020101021129460016devbkhppxxx@devb011000000011120208Dev Bank5204599953031165802KH5910Jonh Smith6010Phnom Penh99170013163392463782863042ACD";
    let breb = "00020101021126330014CO.COM.RBM.LLA0411@jhon43720349250014CO.COM.RBM.RED0103RBM50290013CO.COM.RBM.CU01080000000051220013CO.COM.RBM.CA010105204000053031705802CO59010600106101062270710CC80144372080200110363180270016CO.COM.RBM.CANAL0103APP81250015CO.COM.RBM.CIVA01020282260014CO.COM.RBM.IVA01040.0083270015CO.COM.RBM.BASE01040.0084250015CO.COM.RBM.CINC01020285260014CO.COM.RBM.INC01040.0090430016CO.COM.RBM.TRXID0119000001Hnc8F81-4FW2h91460014CO.COM.RBM.SEC0124nW2B7BvQjf1jRoD475BbyCSs6304086E";
    for (code, expected) in [
        (
            khqr,
            "scheme: KHQR (template 29): individual, account devbkhppxxx@devb",
        ),
        (
            breb,
            "scheme: Bre-B (template 26): alphanumeric key @jhon437203, network RBM",
        ),
    ] {
        let out = emvqr(&["decode", code], None);
        assert_eq!(out.status.code(), Some(0));
        let stdout = text(&out.stdout);
        assert!(stdout.contains(expected), "{stdout}");
    }
    let cnpj = text(
        &emvqr(
            &[
                "build",
                "pix",
                "--key",
                "12ABC34501DE35",
                "--name",
                "Loja",
                "--city",
                "RIO",
            ],
            None,
        )
        .stdout,
    );
    let out = emvqr(&["decode", "--json", cnpj.trim()], None);
    assert!(
        text(&out.stdout).contains("\"key_kind\":\"cnpj\""),
        "{}",
        text(&out.stdout)
    );
    let composite = "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304FB42";
    let stdout = text(&emvqr(&["decode", composite], None).stdout);
    assert!(
        stdout.contains(
            "the code asks the payer to authorise a recurrence (Pix Automático, journey 3"
        ) && stdout
            .contains("recurrence location: pix.example.com/rec/2353c790eefb11eaadc10242ac120002"),
        "{stdout}"
    );
    let json = text(&emvqr(&["decode", "--json", composite], None).stdout);
    assert!(json.contains("\"journey\":3"), "{json}");
}
