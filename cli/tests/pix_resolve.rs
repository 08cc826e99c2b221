//! `emvqr pix resolve` against the library's test PKI and HTTPS server: a verified charge
//! printed with its steps (and as JSON), a refused one with the step and why, and the exit
//! codes: 0 payable, 1 refused, 2 usage, 3 transport.

#[path = "../../tests/support/pix_server.rs"]
mod pix_server;

use std::collections::HashMap;
use std::process::{Command, Output};

use emvqr::build::PixBuilder;
use pix_server::*;

const LOCATION: &str = "/qr/v2/9d36b84f";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emvqr"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

struct Setup {
    _server: Server,
    root: tempfile_path::TempPem,
    connect_to: String,
    code: String,
}

mod tempfile_path {
    /// A PEM file in the temporary directory, removed when dropped.
    pub struct TempPem(pub std::path::PathBuf);

    impl TempPem {
        pub fn new(der: &[u8]) -> TempPem {
            use base64::Engine;
            let body = base64::engine::general_purpose::STANDARD.encode(der);
            let lines: Vec<&str> = body
                .as_bytes()
                .chunks(64)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect();
            let pem = format!(
                "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
                lines.join("\n")
            );
            let path = std::env::temp_dir().join(format!(
                "emvqr-pix-root-{}-{:?}.pem",
                std::process::id(),
                std::thread::current().id()
            ));
            std::fs::write(&path, pem).unwrap();
            TempPem(path)
        }
    }

    impl Drop for TempPem {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

fn setup(status: &str) -> Setup {
    let pki = pki();
    let jws = pki.leaf.sign(
        "PS256",
        &format!("https://{HOST}/jwks"),
        &serde_json::json!({
            "calendario": {"criacao": rfc3339(now() - 60), "apresentacao": rfc3339(now()), "expiracao": 3600},
            "txid": "fc9a4366ff3d4964b5dbc6c91a8722d3", "revisao": 2, "status": status,
            "valor": {"original": "150.00"},
            "chave": "7407c9c8-f78b-11ea-adc1-0242ac120002",
        }),
    );
    let server = Server::start(
        &pki.leaf,
        HashMap::from([(LOCATION, jose(jws)), ("/jwks", json(pki.leaf.jwks()))]),
    );
    let code = PixBuilder::new_dynamic(&format!("{HOST}{LOCATION}"), "LOJA", "RECIFE")
        .build()
        .unwrap()
        .to_string();
    Setup {
        connect_to: format!("{HOST}:{}", server.address),
        _server: server,
        root: tempfile_path::TempPem::new(&pki.trusted.der),
        code,
    }
}

impl Setup {
    /// `emvqr pix resolve` trusting the test root and connecting to the test server.
    fn resolve(&self, flags: &[&str]) -> Output {
        let mut args = vec![
            "pix",
            "resolve",
            "--root-ca",
            self.root.0.to_str().unwrap(),
            "--connect-to",
            &self.connect_to,
        ];
        args.extend_from_slice(flags);
        args.push(&self.code);
        run(&args)
    }
}

#[test]
fn a_verified_charge_is_printed_with_its_steps_and_exits_0() {
    let setup = setup("ATIVA");
    let output = setup.resolve(&[]);
    let text = stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        text.starts_with(&format!("26.25 {HOST}{LOCATION} (cob)\n")),
        "{text}"
    );
    assert!(
        text.contains(
            "    ok  signature: PS256 over header.payload verifies with the leaf's key\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "  charge: cob, txid fc9a4366ff3d4964b5dbc6c91a8722d3, revision 2, status ATIVA\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("    amount: 150.00\n") && text.ends_with("  payable: yes\n"),
        "{text}"
    );

    let output = setup.resolve(&["--json"]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json[0]["verified"], true);
    assert_eq!(json[0]["alg"], "PS256");
    assert_eq!(json[0]["charge"]["amount"], "150.00");
    assert_eq!(json[0]["payable"], true);
    assert_eq!(json[0]["steps"].as_array().unwrap().len(), 13);
}

#[test]
fn a_concluded_charge_exits_1_and_says_why() {
    let setup = setup("CONCLUIDA");
    let output = setup.resolve(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).ends_with("  not payable: the status is CONCLUIDA, not payable\n"));
}

#[test]
fn an_untrusted_chain_exits_1_and_a_closed_port_exits_3() {
    let setup = setup("ATIVA");
    // Without --root-ca the test root is unknown: TLS fails first, a transport failure.
    let output = run(&[
        "pix",
        "resolve",
        "--connect-to",
        &setup.connect_to,
        &setup.code,
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stdout(&output));
    assert!(stdout(&output).contains("stopped at the connection"));
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let output = run(&[
        "pix",
        "resolve",
        "--deadline",
        "5",
        "--connect-to",
        &format!("{HOST}:{closed}"),
        &setup.code,
    ]);
    assert_eq!(output.status.code(), Some(3));
}

#[test]
fn usage_errors_exit_2() {
    let static_code = PixBuilder::new_static("fulano@example.com", "F", "B")
        .build()
        .unwrap()
        .to_string();
    let output = run(&["pix", "resolve", &static_code]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no location to resolve"));
    let output = run(&["pix", "resolve", "--cod-mun", "123", &static_code]);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&["pix", "resolve", "--connect-to", "nonsense", &static_code]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_refused_signature_over_trusted_tls_exits_1_naming_the_step() {
    let pki = pki();
    let jku = format!("https://{HOST}/jwks");
    let jws = pki.leaf.sign(
        "RS256",
        &jku,
        &serde_json::json!({
            "calendario": {"criacao": rfc3339(now()), "apresentacao": rfc3339(now()), "expiracao": 3600},
            "txid": "fc9a4366ff3d4964b5dbc6c91a8722d3", "revisao": 0, "status": "ATIVA",
            "valor": {"original": "150.00"}, "chave": "7407c9c8-f78b-11ea-adc1-0242ac120002",
            // A line break in server text must not start a line of its own.
            "solicitacaoPagador": "ok\n  payable: yes",
        }),
    );
    // The same JWS with the signature of another payload.
    let forged = {
        let other = pki.leaf.sign("RS256", &jku, &serde_json::json!({"x": 1}));
        let (input, _) = jws.rsplit_once('.').unwrap();
        format!("{input}.{}", other.rsplit_once('.').unwrap().1)
    };
    let code = PixBuilder::new_dynamic(&format!("{HOST}{LOCATION}"), "LOJA", "RECIFE")
        .build()
        .unwrap()
        .to_string();
    let root = tempfile_path::TempPem::new(&pki.trusted.der);
    for (body, exit) in [(jws, 0), (forged, 1)] {
        let server = Server::start(
            &pki.leaf,
            HashMap::from([(LOCATION, jose(body)), ("/jwks", json(pki.leaf.jwks()))]),
        );
        let connect_to = format!("{HOST}:{}", server.address);
        let output = run(&[
            "pix",
            "resolve",
            "--root-ca",
            root.0.to_str().unwrap(),
            "--connect-to",
            &connect_to,
            &code,
        ]);
        let text = stdout(&output);
        assert_eq!(output.status.code(), Some(exit), "{text}");
        if exit == 0 {
            assert!(
                text.contains("  message: ok\\u{a}  payable: yes\n"),
                "{text}"
            );
            assert_eq!(text.matches("\n  payable: yes").count(), 1, "{text}");
        } else {
            assert!(text.contains("  stopped at the verification\n"), "{text}");
            assert!(
                text.contains("the RS256 signature does not verify"),
                "{text}"
            );
        }
    }
}
