//! Table tests over every real payload in `tests/vectors/*.tsv` (copies of the project's shared vector set,
//! with emvqr's expected strict and lenient verdicts in the first two columns).

use std::path::{Path, PathBuf};

use emvqr::{Error, Payload};

/// One row of a vector file.
struct Vector {
    file: String,
    line: usize,
    strict: String,
    lenient: String,
    payload: String,
}

fn vector_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

fn vectors() -> Vec<Vector> {
    let mut files: Vec<_> = std::fs::read_dir(vector_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut columns = line.split('\t');
            let (strict, lenient, payload) = (
                columns.next().unwrap(),
                columns.next().unwrap(),
                columns.next().unwrap(),
            );
            out.push(Vector {
                file: path.file_name().unwrap().to_string_lossy().into_owned(),
                line: i + 1,
                strict: strict.to_owned(),
                lenient: lenient.to_owned(),
                payload: payload.to_owned(),
            });
        }
    }
    assert!(
        out.len() >= 80,
        "expected the whole vector set, found {}",
        out.len()
    );
    out
}

fn error_verdict(error: &Error) -> String {
    format!(
        "{}@{}:{}",
        error.kind().code(),
        error.path(),
        error.offset()
    )
}

fn verdict(result: Result<Payload<'_>, Error>) -> String {
    match result {
        Err(error) => error_verdict(&error),
        Ok(payload) if payload.deviations().is_empty() => "ok".to_owned(),
        Ok(payload) => {
            let deviations: Vec<String> = payload
                .deviations()
                .iter()
                .map(|d| format!("{}@{}", d.kind().code(), d.path()))
                .collect();
            format!("ok+{}", deviations.join(","))
        }
    }
}

#[test]
fn every_vector_gets_its_expected_strict_verdict() {
    let mut failures = Vec::new();
    for v in vectors() {
        let got = verdict(Payload::parse(&v.payload));
        if got != v.strict {
            failures.push(format!(
                "{}:{}: strict: expected {}, got {}",
                v.file, v.line, v.strict, got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_vector_gets_its_expected_lenient_verdict() {
    let mut failures = Vec::new();
    for v in vectors() {
        let got = verdict(Payload::parse_lenient(&v.payload));
        if got != v.lenient {
            failures.push(format!(
                "{}:{}: lenient: expected {}, got {}",
                v.file, v.line, v.lenient, got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn strict_acceptance_implies_lenient_acceptance_without_deviations() {
    for v in vectors() {
        if Payload::parse(&v.payload).is_ok() {
            let lenient = Payload::parse_lenient(&v.payload).unwrap();
            assert!(lenient.deviations().is_empty(), "{}:{}", v.file, v.line);
        }
    }
}

#[test]
fn parsed_fields_concatenate_back_to_the_payload() {
    for v in vectors() {
        if let Ok(payload) = Payload::parse_lenient(&v.payload) {
            let joined: String = payload.fields().map(|f| f.raw()).collect();
            assert_eq!(joined, v.payload, "{}:{}", v.file, v.line);
        }
    }
}

#[test]
fn every_error_message_names_its_offset() {
    for v in vectors() {
        for result in [
            Payload::parse(&v.payload),
            Payload::parse_lenient(&v.payload),
        ] {
            if let Err(error) = result {
                let message = error.to_string();
                assert!(
                    message.contains(&format!("offset {}", error.offset())),
                    "{message}"
                );
            }
        }
    }
}

/// The two payloads of the Mercado Pago guide this project starts from: the merchant name was
/// shortened after the code was made. The error must name field 59, the offset and why.
#[test]
fn guide_payloads_are_explained_with_field_59() {
    let cases = [
        (
            "00020101021243650016COM.MERCADOLIBRE02013063638f1192a-5fd1-4180-a180-8bcae3556bc35204000053039865802BR5925IZABEL AAAA DE MELO6007BARUERI62070503***63040B6D",
            19,
            102,
        ),
        (
            "00020101021226940014BR.GOV.BCB.PIX2572pix-qr.mercadopago.com/instore/o/v2/fdf9ece0-6137-4e1e-a49d-94f55ec9eee25204000053039865802BR5925FELIPE AAAAAA AAAAA 6009SAO PAULO62070503***6304B61D",
            20,
            131,
        ),
    ];
    for (code, actual, offset) in cases {
        let error = Payload::parse(code).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "field 59 (merchant name) declares 25 characters but only {actual} fit before field 60; \
                 the value was probably edited after the code was made — at offset {offset}"
            )
        );
    }
}
