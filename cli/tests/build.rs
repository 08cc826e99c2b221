//! `emvqr build`: the payload on the last line, exit 0; refusals on stderr, exit 1.

use std::process::{Command, Output};

use emvqr::Payload;
use emvqr::schemes::pix::{Pix, PixKeyKind};

fn emvqr(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emvqr"))
        .args(args)
        .output()
        .unwrap()
}

fn built(args: &[&str]) -> String {
    let out = emvqr(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_owned()
}

fn refused(args: &[&str]) -> String {
    let out = emvqr(args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn builds_a_static_pix_code() {
    let code = built(&[
        "build",
        "pix",
        "--key",
        "123e4567-e12b-12d1-a456-426655440000",
        "--name",
        "Fulano de Tal",
        "--city",
        "BRASILIA",
    ]);
    assert_eq!(
        code,
        "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
    );
}

#[test]
fn builds_a_static_pix_code_with_amount_txid_and_info() {
    let code = built(&[
        "build",
        "pix",
        "--key",
        "+5511943214321",
        "--name",
        "LOJA",
        "--city",
        "RIO",
        "--amount",
        "10.5",
        "--txid",
        "PEDIDO42",
        "--info",
        "Mesa 4",
    ]);
    let payload = Payload::parse(&code).unwrap();
    let pix = Pix::find(&payload).unwrap();
    assert_eq!(
        (pix.key_kind(), pix.info(), pix.txid()),
        (Some(PixKeyKind::Phone), Some("Mesa 4"), Some("PEDIDO42"))
    );
    assert_eq!(payload.amount(), Some("10.50"));
}

#[test]
fn builds_a_dynamic_pix_code() {
    let code = built(&[
        "build",
        "pix",
        "--url",
        "pix.example.com/qr/v2/9b95a87c",
        "--name",
        "LOJA",
        "--city",
        "RIO",
    ]);
    let payload = Payload::parse(&code).unwrap();
    assert!(payload.is_dynamic());
    assert_eq!(
        Pix::find(&payload).unwrap().url(),
        Some("pix.example.com/qr/v2/9b95a87c")
    );
}

#[test]
fn normalizes_keys_and_transliterates_on_request() {
    let stderr = refused(&[
        "build",
        "pix",
        "--key",
        "(11) 94321-4321",
        "--name",
        "LOJA",
        "--city",
        "RIO",
    ]);
    assert!(
        stderr.contains("--normalize-key would write the key as +5511943214321"),
        "{stderr}"
    );
    let code = built(&[
        "build",
        "pix",
        "--key",
        "(11) 94321-4321",
        "--normalize-key",
        "--name",
        "José",
        "--city",
        "São Paulo",
        "--transliterate",
    ]);
    assert!(
        code.contains("0114+5511943214321") && code.contains("5904Jose6009Sao Paulo"),
        "{code}"
    );
}

#[test]
fn builds_any_emvco_code_field_by_field() {
    let code = built(&[
        "build",
        "emv",
        "--field",
        "59=Fulano de Tal",
        "--field",
        "60=BRASILIA",
        "--field",
        "58=BR",
        "--field",
        "53=986",
        "--field",
        "52=0000",
        "--field",
        "26.00=br.gov.bcb.pix",
        "--field",
        "26.01=123e4567-e12b-12d1-a456-426655440000",
        "--field",
        "62.05=***",
    ]);
    assert_eq!(
        code,
        "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
    );
}

#[test]
fn refuses_a_name_over_25_characters() {
    let stderr = refused(&[
        "build",
        "pix",
        "--key",
        "11144477735",
        "--name",
        "SUPERMERCADO BOA VISTA LTDA",
        "--city",
        "RIO",
    ]);
    assert!(
        stderr.contains("field 59 (merchant name) holds 27 characters; at most 25"),
        "{stderr}"
    );
    // Unless asked to cut it.
    built(&[
        "build",
        "pix",
        "--key",
        "11144477735",
        "--name",
        "SUPERMERCADO BOA VISTA LTDA",
        "--city",
        "RIO",
        "--truncate",
    ]);
}

#[test]
fn refuses_bad_amounts() {
    for amount in ["10,50", "-5", "10.505", "0"] {
        let stderr = refused(&[
            "build",
            "pix",
            "--key",
            "11144477735",
            "--name",
            "LOJA",
            "--city",
            "RIO",
            "--amount",
            amount,
        ]);
        assert!(stderr.contains(&format!("--amount {amount:?}")), "{stderr}");
    }
}

#[test]
fn refuses_a_txid_with_a_hyphen() {
    let stderr = refused(&[
        "build",
        "pix",
        "--key",
        "11144477735",
        "--name",
        "LOJA",
        "--city",
        "RIO",
        "--txid",
        "PEDIDO-42",
    ]);
    assert!(
        stderr.contains(
            "field 62.05 (reference label): a Pix txid is *** or 1 to 25 letters and digits"
        ),
        "{stderr}"
    );
}

#[test]
fn refuses_an_invalid_cpf() {
    let stderr = refused(&[
        "build",
        "pix",
        "--key",
        "11144477736",
        "--name",
        "LOJA",
        "--city",
        "RIO",
    ]);
    assert!(stderr.contains("not a valid CPF"), "{stderr}");
}

#[test]
fn refuses_a_url_with_a_scheme() {
    let stderr = refused(&[
        "build",
        "pix",
        "--url",
        "https://pix.example.com/qr/1",
        "--name",
        "LOJA",
        "--city",
        "RIO",
    ]);
    assert!(stderr.contains("must not start with https://"), "{stderr}");
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(
        emvqr(&["build", "pix", "--name", "LOJA", "--city", "RIO"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        emvqr(&[
            "build", "pix", "--key", "k", "--url", "u", "--name", "L", "--city", "R"
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        emvqr(&["build", "emv", "--field", "59"]).status.code(),
        Some(2)
    );
    assert_eq!(
        emvqr(&["build", "emv", "--field", "5=x"]).status.code(),
        Some(2)
    );
}

#[test]
fn build_pix_writes_composites_with_a_recurrence() {
    let location = "pix.example.com/rec/2353c790eefb11eaadc10242ac120002";
    let run = |extra: &[&str]| {
        let mut args = vec![
            "build",
            "pix",
            "--name",
            "Fulano de Tal",
            "--city",
            "BRASILIA",
            "--recurrence",
            location,
        ];
        args.extend_from_slice(extra);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_emvqr"))
            .args(&args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    // Alone: the manual's recurrence-only example, byte for byte.
    let (code, stdout, _) = run(&[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout.trim(),
        "00020126180014br.gov.bcb.pix5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304F2DA"
    );
    // With a location on the same host: the manual's dynamic composite.
    let (code, stdout, _) = run(&["--url", "pix.example.com/8b3da2f39a4140d1a91abd93113bd441"]);
    assert_eq!(code, Some(0));
    assert!(stdout.trim().ends_with("6304FB42"), "{stdout}");
    // With a key, and refused on another host.
    let (code, _, _) = run(&["--key", "12ABC34501DE35"]);
    assert_eq!(code, Some(0));
    let (code, _, stderr) = run(&[
        "--url",
        "other.example.com/8b3da2f39a4140d1a91abd93113bd441",
    ]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("same host"), "{stderr}");
}
