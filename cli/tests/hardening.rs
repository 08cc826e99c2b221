//! What an adversarial test of the command line found, one test each: hostile servers (a
//! redirect elsewhere, a Retry-After that never ends, text that drives the terminal), hostile
//! input (endless standard input and files), and outputs that cannot be written.

use std::io::Write;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use mockito::{Matcher, Server};

const TOKEN: &str = "APP_USR-6612-cli-token";
const QR_DATA: &str = "00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42e8-98d7-f6805209d83a5204000053039865802BR5909Test Test6009SAO PAULO62070503***63041A36";
const PIX: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
const ORDER: &str = r#"{"external_reference":"12345","title":"t","description":"d","total_amount":10,
  "items":[{"title":"x","unit_price":10,"quantity":1,"unit_measure":"unit","total_amount":10}]}"#;

fn emvqr() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_emvqr"));
    command.env("MP_ACCESS_TOKEN", TOKEN);
    command
}

fn run(command: &mut Command, stdin: &[u8]) -> Output {
    let mut child: Child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // The child may stop reading early: a broken pipe here is its answer, not a failure.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A standard output whose reader has gone: writes fail with a broken pipe.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

fn order_file(dir: &tempdir::Dir) -> String {
    let path = dir.path.join("order.json");
    std::fs::write(&path, ORDER).unwrap();
    path.display().to_string()
}

/// A directory of its own, removed afterwards (no dependency for so little).
mod tempdir {
    pub struct Dir {
        pub path: std::path::PathBuf,
    }

    impl Dir {
        pub fn new(name: &str) -> Dir {
            let path = std::env::temp_dir().join(format!("emvqr-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            Dir { path }
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

// ----- unbounded input

#[test]
fn an_endless_standard_input_is_refused_without_reading_it_all() {
    let zeros = vec![0u8; 8 << 20];
    let out = run(emvqr().args(["decode"]), &zeros);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("at most 7091 are read"),
        "{}",
        text(&out.stderr)
    );
    let long = "0".repeat(10_000);
    let out = run(emvqr().args(["decode", &long]), b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_order_file_over_a_mebibyte_is_refused() {
    let dir = tempdir::Dir::new("order");
    let path = dir.path.join("big.json");
    std::fs::write(&path, vec![b' '; (1 << 20) + 1]).unwrap();
    let out = run(
        emvqr()
            .args([
                "mp",
                "order",
                "create",
                "--user-id",
                "1",
                "--pos",
                "P",
                "--order",
            ])
            .arg(&path),
        b"",
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let out = run(
        emvqr().args([
            "mp",
            "order",
            "create",
            "--user-id",
            "1",
            "--pos",
            "P",
            "--order",
            "-",
        ]),
        &vec![b' '; 3 << 20],
    );
    assert_eq!(out.status.code(), Some(2));
}

// ----- outputs that cannot be written

#[test]
fn a_closed_pipe_ends_quietly_and_a_full_disk_is_an_error() {
    for args in [
        vec!["decode", PIX],
        vec![
            "build",
            "pix",
            "--key",
            "11144477735",
            "--name",
            "Loja",
            "--city",
            "RIO",
        ],
        vec!["qr", PIX],
    ] {
        let out = emvqr()
            .args(&args)
            .stdout(closed_pipe())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(141),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).contains("panicked"), "{args:?}");
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = emvqr()
            .args(&args)
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            text(&out.stderr).contains("No space left on device"),
            "{args:?}"
        );
    }
}

#[test]
fn a_created_order_is_named_before_anything_that_can_fail() {
    let mut server = Server::new();
    let created = server
        .mock("POST", Matcher::Any)
        .with_status(201)
        .with_body(format!(
            r#"{{"qr_data":"{QR_DATA}","in_store_order_id":"d4e8ca59"}}"#
        ))
        .expect(1)
        .create();
    let dir = tempdir::Dir::new("closed");
    let out = emvqr()
        .args([
            "mp",
            "order",
            "create",
            "--user-id",
            "1",
            "--pos",
            "P",
            "--order",
        ])
        .arg(order_file(&dir))
        .args(["--base-url", &server.url()])
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    created.assert();
    assert_eq!(out.status.code(), Some(141));
    assert!(
        text(&out.stderr).contains("in-store order d4e8ca59"),
        "{}",
        text(&out.stderr)
    );
}

// ----- hostile servers

#[test]
fn a_redirect_to_another_host_is_a_transport_failure_and_nothing_is_drawn() {
    let mut elsewhere = Server::new();
    let stolen = elsewhere
        .mock("GET", Matcher::Any)
        .with_body(format!(r#"{{"qr_data":"{QR_DATA}"}}"#))
        .expect(0)
        .create();
    let mut server = Server::new();
    server
        .mock("POST", Matcher::Any)
        .with_status(302)
        .with_header("location", &elsewhere.url())
        .create();
    let dir = tempdir::Dir::new("redirect");
    let out = run(
        emvqr()
            .args([
                "mp",
                "order",
                "create",
                "--user-id",
                "1",
                "--pos",
                "P",
                "--order",
            ])
            .arg(order_file(&dir))
            .args(["--base-url", &server.url()]),
        b"",
    );
    stolen.assert();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("redirect"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_deadline_bounds_retry_after_waits() {
    let mut server = Server::new();
    server
        .mock("GET", Matcher::Any)
        .with_status(429)
        .with_header("retry-after", "20")
        .create();
    let started = Instant::now();
    let out = run(
        emvqr().args([
            "mp",
            "order",
            "status",
            "--external-reference",
            "r",
            "--deadline",
            "1",
            "--base-url",
            &server.url(),
        ]),
        b"",
    );
    // Without a deadline the client waited 20 s, three times.
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("retry after 20 s"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_server_that_is_down_exits_3_not_1() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = run(
        emvqr().args([
            "mp",
            "order",
            "status",
            "--external-reference",
            "r",
            "--base-url",
            &format!("http://127.0.0.1:{port}"),
        ]),
        b"",
    );
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
}

#[test]
fn server_text_is_escaped_before_it_reaches_the_terminal() {
    let mut server = Server::new();
    server
        .mock("GET", Matcher::Any)
        .with_body(
            r#"{"elements":[{"id":1,"status":"opened","order_status":"payment_required\r                paid","total_amount":10,"paid_amount":0,"payments":[{"id":2,"status":"rejected","status_detail":"\u001b[2J\u202epaid","transaction_amount":10,"currency_id":"BRL"}]}],"next_offset":1,"total":1}"#,
        )
        .create();
    let out = run(
        emvqr().args([
            "mp",
            "order",
            "status",
            "--external-reference",
            "r",
            "--base-url",
            &server.url(),
        ]),
        b"",
    );
    let stdout = text(&out.stdout);
    assert!(
        !stdout.contains('\r') && !stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'),
        "{stdout:?}"
    );
    assert!(stdout.contains("payment_required\\u{d}"), "{stdout}");
    assert!(
        stdout.ends_with("not paid (act only on a closed merchant order)\n"),
        "{stdout}"
    );
    // An API error's message is escaped too.
    let mut server = Server::new();
    server
        .mock("GET", Matcher::Any)
        .with_status(400)
        .with_body("{\"message\":\"bad\\r\\u001b[31m request\",\"error\":\"bad_request\"}")
        .create();
    let out = run(
        emvqr().args([
            "mp",
            "order",
            "status",
            "--external-reference",
            "r",
            "--base-url",
            &server.url(),
        ]),
        b"",
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\r'),
        "{stderr:?}"
    );
}

#[test]
fn decode_escapes_bidi_overrides_and_keeps_json_exact() {
    // A merchant name in 64.01 (S) with a right-to-left override.
    let body = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***64150002ZH0105ab\u{202e}cd6304";
    let crc = {
        let mut crc: u16 = 0xFFFF;
        for &b in body.as_bytes() {
            crc ^= u16::from(b) << 8;
            for _ in 0..8 {
                crc = if crc & 0x8000 != 0 {
                    crc << 1 ^ 0x1021
                } else {
                    crc << 1
                };
            }
        }
        format!("{crc:04X}")
    };
    let code = format!("{body}{crc}");
    let out = run(emvqr().args(["decode", &code]), b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        !stdout.contains('\u{202e}') && stdout.contains("ab\\u{202e}cd"),
        "{stdout}"
    );
    // JSON keeps the value exact, written as a JSON escape: inert on a terminal.
    let out = run(emvqr().args(["decode", "--json", &code]), b"");
    let json = text(&out.stdout);
    assert!(
        !json.contains('\u{202e}') && json.contains("ab\\u202ecd"),
        "{json}"
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let template = value["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "64")
        .unwrap();
    assert_eq!(template["fields"][1]["value"], "ab\u{202e}cd", "{json}");
}

// ----- files

#[test]
fn qr_output_files_are_written_whole_never_through_a_link_and_replaced_only_with_force() {
    let dir = tempdir::Dir::new("files");
    let target = dir.path.join("code.svg");
    let out = run(emvqr().args(["qr", "-o"]).arg(&target).arg(PIX), b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let first = std::fs::read(&target).unwrap();
    // An existing file stays unless --force.
    let out = run(
        emvqr()
            .args(["qr", "--border", "2", "-o"])
            .arg(&target)
            .arg(PIX),
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&target).unwrap(), first);
    let out = run(
        emvqr()
            .args(["qr", "--force", "--border", "2", "-o"])
            .arg(&target)
            .arg(PIX),
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_ne!(std::fs::read(&target).unwrap(), first);
    // A symbolic link is refused, and what it points at is left alone.
    let victim = dir.path.join("victim");
    std::fs::write(&victim, "keep").unwrap();
    let link = dir.path.join("link.svg");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let out = run(
        emvqr().args(["qr", "--force", "-o"]).arg(&link).arg(PIX),
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    // A write that fails leaves nothing behind.
    let missing = dir.path.join("no-such-dir").join("code.png");
    let out = run(emvqr().args(["qr", "-o"]).arg(&missing).arg(PIX), b"");
    assert_eq!(out.status.code(), Some(1));
    let left: Vec<_> = std::fs::read_dir(&dir.path)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        left.iter().all(|n| !n.to_string_lossy().ends_with(".tmp")),
        "{left:?}"
    );
}
