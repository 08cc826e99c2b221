//! `emvqr decode`: the field tree of a payload, or what is wrong with it.

use std::fmt::Write;

use emvqr::payload::Note;
use emvqr::tlv::Field;
use emvqr::{Error, ParseOptions, Payload};

use crate::{Failure, input, out};

#[derive(clap::Args)]
pub struct Args {
    /// Tolerate field-rule violations (missing fields, accents, over-long values, …) and list
    /// them; the structure and the CRC must still hold.
    #[arg(long)]
    lenient: bool,
    /// Print JSON instead of the tree.
    #[arg(long)]
    json: bool,
    /// The payload; `-` or nothing reads standard input (one trailing newline is ignored).
    payload: Option<String>,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let text = input::read_payload(args.payload.as_deref())?;
    let options = if args.lenient {
        ParseOptions::lenient()
    } else {
        ParseOptions::strict()
    };
    match Payload::parse_with(&text, &options) {
        Ok(payload) => {
            let out = if args.json {
                to_json(&payload, args.lenient)
            } else {
                to_tree(&payload, args.lenient)
            };
            if args.json {
                out::bytes(out.as_bytes())
            } else {
                out::text(&out)
            }
        }
        Err(error) => {
            if args.json {
                out::bytes(error_json(&error).as_bytes())?;
            }
            Err(explain(&text, &error, args.lenient))
        }
    }
}

/// The error, plus the library's notes (`emvqr::payload::notes`): whether lenient parsing
/// reads it, and what its CRC says.
pub fn explain(text: &str, error: &Error, lenient: bool) -> Failure {
    let mut failure = Failure::invalid(error.to_string());
    for note in emvqr::payload::notes(text, error, lenient) {
        failure = failure.note(match note {
            // Said in the command's own terms.
            Note::LenientReads => {
                "the structure and CRC are sound; `--lenient` lists every rule this payload breaks"
                    .to_owned()
            }
            other => other.to_string(),
        });
    }
    failure
}

fn to_tree(payload: &Payload<'_>, lenient: bool) -> String {
    let mut rows = Vec::new();
    for field in payload.fields() {
        collect_rows(&mut rows, field, 0);
    }
    let width = rows
        .iter()
        .map(|r| r.indent * 3 + r.name.len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for row in &rows {
        let pad = " ".repeat(row.indent * 3);
        let label = format!("{pad}{:02} {}", row.id, row.name);
        match row.value {
            Some(value) => {
                let _ = writeln!(out, "{label:<w$}  {}", printable(value), w = width + 3);
            }
            None => {
                let _ = writeln!(out, "{label}");
            }
        }
    }
    let schemes: Vec<String> = emvqr::schemes::recognise(payload)
        .map(|s| describe(&s))
        .collect();
    if !schemes.is_empty() {
        let _ = writeln!(out);
        for scheme in &schemes {
            let _ = writeln!(out, "scheme: {scheme}");
        }
    }
    for scheme in emvqr::schemes::recognise(payload) {
        if let emvqr::schemes::Scheme::Pix(pix) = scheme
            && let (Some(location), Some(journey)) = (pix.recurrence(), pix.journey())
        {
            let _ = writeln!(
                out,
                "recurring payment: the code asks the payer to authorise a recurrence (Pix \
                 Automático, journey {}: {})\n  recurrence location: {}",
                journey.number(),
                journey.description(),
                printable(location)
            );
        }
    }
    let mode = if lenient { "lenient" } else { "strict" };
    let _ = writeln!(
        out,
        "\nvalid ({mode}): {} characters, CRC {}",
        payload.as_str().chars().count(),
        payload.crc().unwrap_or("?")
    );
    if payload.deviation_count() > 0 {
        let _ = writeln!(out, "{} deviation(s) tolerated:", payload.deviation_count());
        for deviation in payload.deviations() {
            let _ = writeln!(out, "  - {deviation}");
        }
        let hidden = payload.deviation_count() - payload.deviations().len();
        if hidden > 0 {
            let _ = writeln!(out, "  … and {hidden} more");
        }
    }
    out
}

/// "Pix (template 26): evp key …", the scheme's name first.
fn describe(scheme: &emvqr::schemes::Scheme<'_>) -> String {
    let text = scheme.to_string();
    let details = text
        .strip_prefix(scheme.name())
        .unwrap_or(&text)
        .trim_start_matches(", ");
    let head = format!("{} (template {:02})", scheme.name(), scheme.account().id());
    if details.is_empty() {
        head
    } else {
        format!("{head}: {details}")
    }
}

struct Row<'a> {
    indent: usize,
    id: u8,
    name: &'static str,
    /// `None` for a template, whose sub-fields follow.
    value: Option<&'a str>,
}

fn collect_rows<'a>(rows: &mut Vec<Row<'a>>, field: Field<'a>, indent: usize) {
    let subfields: Option<Vec<Field<'a>>> = if field.is_template() {
        field.subfields().collect::<Result<_, _>>().ok()
    } else {
        None
    };
    match subfields {
        Some(subfields) => {
            rows.push(Row {
                indent,
                id: field.id(),
                name: field.name(),
                value: None,
            });
            for sub in subfields {
                collect_rows(rows, sub, indent + 1);
            }
        }
        None => rows.push(Row {
            indent,
            id: field.id(),
            name: field.name(),
            value: Some(field.value()),
        }),
    }
}

/// A value escaped so that a payload cannot drive the terminal (line breaks included, which
/// would otherwise break the tree's lines).
fn printable(value: &str) -> std::borrow::Cow<'_, str> {
    out::escape(value)
}

/// `{"valid": true, "mode", "fields", "schemes", "deviations", "deviation_count"}`: the
/// library's serialization of the payload, with the verdict and mode (docs/json.md).
pub fn to_json(payload: &Payload<'_>, lenient: bool) -> String {
    let mut value = serde_json::to_value(payload).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("valid".into(), true.into());
        object.insert(
            "mode".into(),
            (if lenient { "lenient" } else { "strict" }).into(),
        );
    }
    let mut out = crate::out::json_for_terminal(&serde_json::to_string(&value).unwrap_or_default())
        .into_owned();
    out.push('\n');
    out
}

/// `{"valid": false, "error": {"kind", "path", "offset", "message"}}`.
pub fn error_json(error: &Error) -> String {
    let mut out = crate::out::json_for_terminal(
        &serde_json::json!({ "valid": false, "error": error }).to_string(),
    )
    .into_owned();
    out.push('\n');
    out
}
