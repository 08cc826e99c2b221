//! `emvqr qr` end to end: pictures that scan, refusals, the overrides and their warnings.

mod common;

use std::process::{Command, Output};

use common::{scan, scan_terminal};

const MERCADO_PAGO: &str = "00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42e8-98d7-f6805209d83a5204000053039865802BR5909Test Test6009SAO PAULO62070503***63041A36";
const GUIDE_A: &str = "00020101021243650016COM.MERCADOLIBRE02013063638f1192a-5fd1-4180-a180-8bcae3556bc35204000053039865802BR5925IZABEL AAAA DE MELO6007BARUERI62070503***63040B6D";
const ACCENTED_CITY: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASÍLIA62070503***6304B4F6";

fn emvqr(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emvqr"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn scan_png(path: &std::path::Path) -> Vec<u8> {
    let file = std::fs::File::open(path).unwrap();
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    assert_eq!(reader.info().bit_depth, png::BitDepth::One);
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    let stride = frame.line_size;
    scan(frame.width as usize, frame.height as usize, |x, y| {
        pixels[y * stride + x] < 128
    })
}

fn temp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("emvqr-cli-qr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn qr_draws_a_terminal_picture_that_scans_on_either_background() {
    for background in ["dark", "light"] {
        let out = emvqr(&["qr", "--background", background, MERCADO_PAGO]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(
            scan_terminal(&text(&out.stdout), background),
            MERCADO_PAGO.as_bytes()
        );
        assert!(text(&out.stderr).starts_with("version 7, error correction Medium"));
    }
}

#[test]
fn qr_writes_a_png_that_scans_its_format_taken_from_the_extension() {
    let path = temp_path("code.png");
    let out = emvqr(&[
        "qr",
        "--ecc",
        "h",
        "-o",
        path.to_str().unwrap(),
        MERCADO_PAGO,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert_eq!(scan_png(&path), MERCADO_PAGO.as_bytes());
    assert!(text(&out.stderr).contains("error correction High"));
}

#[test]
fn qr_writes_svg_with_the_scale_and_border_asked_for() {
    let path = temp_path("code.svg");
    let out = emvqr(&[
        "qr",
        "--format",
        "svg",
        "--scale",
        "5",
        "--border",
        "2",
        "-o",
        path.to_str().unwrap(),
        MERCADO_PAGO,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let svg = std::fs::read_to_string(&path).unwrap();
    // Version 7: 45 modules and 2 on each side, 5 pixels each.
    assert!(
        svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" width="245" height="245" viewBox="0 0 49 49""#),
        "{svg}"
    );
    assert_eq!(svg.matches("<path").count(), 1);
}

#[test]
fn qr_refuses_an_invalid_payload_and_writes_nothing() {
    let path = temp_path("refused.png");
    let out = emvqr(&["qr", "-o", path.to_str().unwrap(), GUIDE_A]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("error: field 59"),
        "{}",
        text(&out.stderr)
    );
    assert!(!path.exists());
}

#[test]
fn qr_lenient_draws_with_the_broken_rules_listed_on_stderr() {
    let strict = emvqr(&["qr", ACCENTED_CITY]);
    assert_eq!(strict.status.code(), Some(1));
    let out = emvqr(&["qr", "--lenient", "--background", "light", ACCENTED_CITY]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("warning: validated leniently; 1 rule(s) broken"),
        "{stderr}"
    );
    assert!(stderr.contains("field 60"), "{stderr}");
    assert_eq!(
        scan_terminal(&text(&out.stdout), "light"),
        ACCENTED_CITY.as_bytes()
    );
}

#[test]
fn qr_no_validate_draws_any_text_with_a_warning() {
    let out = emvqr(&[
        "qr",
        "--no-validate",
        "--background",
        "light",
        "hello, world",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).starts_with("warning: not validated"));
    assert_eq!(scan_terminal(&text(&out.stdout), "light"), b"hello, world");
}

#[test]
fn qr_usage_errors_exit_2() {
    for args in [
        &["qr", "--lenient", "--no-validate", MERCADO_PAGO][..],
        &["qr", "--scale", "0", MERCADO_PAGO][..],
        &["qr", "--ecc", "x", MERCADO_PAGO][..],
        &["qr", "--format", "gif", MERCADO_PAGO][..],
    ] {
        assert_eq!(emvqr(args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn the_readme_picture_is_what_the_cli_draws() {
    const PIX: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
    let path = temp_path("readme.svg");
    let out = emvqr(&["qr", "-o", path.to_str().unwrap(), PIX]);
    assert_eq!(out.status.code(), Some(0));
    let readme_picture = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/pix-code.svg");
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        std::fs::read_to_string(readme_picture).unwrap(),
        "regenerate docs/pix-code.svg with the command in the README"
    );
}
