//! `emvqr check` end to end, on the project's vector set: every line's verdict is the one
//! tests/vectors/*.tsv records, in text and JSON, strict and lenient.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn emvqr(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_emvqr"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // A command that stops reading early closes the pipe; that is its business.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

/// `(strict verdict, lenient verdict, payload)` of every vector.
fn vectors() -> Vec<(String, String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors");
    let mut rows = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            rows.push((
                cells[0].to_owned(),
                cells[1].to_owned(),
                cells[2].to_owned(),
            ));
        }
    }
    assert!(rows.len() > 100);
    rows
}

/// The vectors as a file a person would keep: a header comment, blank lines, CRLF line ends on
/// some lines. Returns the file and, for each payload, its 1-based line number.
fn as_file(rows: &[(String, String, String)]) -> (String, Vec<u64>) {
    let mut file = String::from("# qr_data exported 2026-12-01\n\n");
    let mut line = 2;
    let mut numbers = Vec::new();
    for (i, (_, _, payload)) in rows.iter().enumerate() {
        line += 1;
        numbers.push(line);
        file.push_str(payload);
        file.push_str(if i % 3 == 0 { "\r\n" } else { "\n" });
        if i % 10 == 9 {
            file.push_str("   \n# a comment\n");
            line += 2;
        }
    }
    (file, numbers)
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `kind@path:offset`, as the vector files write an error.
fn verdict_of(error: &serde_json::Value) -> String {
    format!(
        "{}@{}:{}",
        error["kind"].as_str().unwrap(),
        error["path"].as_str().unwrap(),
        error["offset"]
    )
}

#[test]
fn each_line_gets_the_strict_verdict_the_vectors_record() {
    let rows = vectors();
    let (file, numbers) = as_file(&rows);
    let out = emvqr(&["check", "--json"], file.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), rows.len() + 1);
    for ((line, number), (strict, _, payload)) in lines.iter().zip(&numbers).zip(&rows) {
        assert_eq!(line["line"], *number, "{payload}");
        if strict == "ok" {
            assert_eq!(line["valid"], true, "{payload}: {line}");
        } else {
            assert_eq!(line["valid"], false, "{payload}");
            assert_eq!(&verdict_of(&line["error"]), strict, "{payload}");
        }
    }
    let invalid = rows.iter().filter(|r| r.0 != "ok").count();
    assert_eq!(
        lines.last().unwrap()["summary"],
        serde_json::json!({"valid": rows.len() - invalid, "invalid": invalid})
    );
}

#[test]
fn text_lists_the_invalid_lines_by_number_then_a_summary() {
    let rows = vectors();
    let (file, numbers) = as_file(&rows);
    let out = emvqr(&["check", "-"], file.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let listed: Vec<u64> = stdout
        .lines()
        .filter_map(|l| l.split_once(": ")?.0.parse().ok())
        .collect();
    let expected: Vec<u64> = rows
        .iter()
        .zip(&numbers)
        .filter(|(r, _)| r.0 != "ok")
        .map(|(_, n)| *n)
        .collect();
    assert_eq!(listed, expected);
    let invalid = expected.len();
    assert_eq!(
        stdout.lines().last(),
        Some(format!("{} valid, {invalid} invalid", rows.len() - invalid).as_str())
    );
    // The message is the error `decode` prints for the same payload.
    let (first, number) = rows
        .iter()
        .zip(&numbers)
        .find(|(r, _)| r.0 != "ok")
        .unwrap();
    let decoded = emvqr(&["decode", &first.2], b"");
    let message = String::from_utf8(decoded.stderr).unwrap();
    let message = message
        .lines()
        .next()
        .unwrap()
        .strip_prefix("error: ")
        .unwrap();
    assert!(
        stdout.contains(&format!("{number}: {message}\n")),
        "{stdout}"
    );
}

#[test]
fn lenient_checks_keep_the_deviations_the_vectors_record() {
    let rows = vectors();
    let (file, _) = as_file(&rows);
    let out = emvqr(&["check", "--lenient", "--json"], file.as_bytes());
    let lines = json_lines(&out);
    for (line, (_, lenient, payload)) in lines.iter().zip(&rows) {
        if let Some(kinds) = lenient.strip_prefix("ok") {
            assert_eq!(line["valid"], true, "{payload}");
            let found: Vec<String> = line["deviations"]
                .as_array()
                .map(|d| {
                    d.iter()
                        .map(|e| {
                            format!(
                                "{}@{}",
                                e["kind"].as_str().unwrap(),
                                e["path"].as_str().unwrap()
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let expected: Vec<&str> = kinds
                .strip_prefix('+')
                .map(|k| k.split(',').collect())
                .unwrap_or_default();
            assert_eq!(found, expected, "{payload}");
        } else {
            assert_eq!(&verdict_of(&line["error"]), lenient, "{payload}");
        }
    }
    let all_lenient = rows.iter().all(|r| r.1.starts_with("ok"));
    assert_eq!(out.status.code(), Some(if all_lenient { 0 } else { 1 }));
}

#[test]
fn a_file_of_valid_codes_exits_0_whatever_its_size() {
    let valid: Vec<String> = vectors()
        .into_iter()
        .filter(|r| r.0 == "ok")
        .map(|r| r.2)
        .collect();
    // 100,000 lines through a pipe: streamed, counted, nothing printed but the summary.
    let mut file = String::new();
    for i in 0..100_000 {
        file.push_str(&valid[i % valid.len()]);
        file.push('\n');
    }
    let out = emvqr(&["check"], file.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "100000 valid, 0 invalid\n"
    );
}

#[test]
fn unreadable_lines_are_invalid_lines_and_unreadable_files_are_usage_errors() {
    let mut input = b"\xff\xfe0002\n".to_vec();
    input.extend(std::iter::repeat_n(b'0', 20_000));
    input.extend_from_slice(b"\n\x1b[31m\n");
    let out = emvqr(&["check"], &input);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(
            "1: the line is not valid UTF-8 — at offset 0\n2: the line holds more than "
        ),
        "{stdout}"
    );
    // A line's text is escaped before it reaches the terminal.
    assert!(
        stdout.contains("3: ") && !stdout.contains('\u{1b}'),
        "{stdout}"
    );
    assert!(stdout.ends_with("0 valid, 3 invalid\n"));
    let json = emvqr(&["check", "--json"], &input);
    let lines = json_lines(&json);
    assert_eq!(
        lines[0]["unreadable"],
        "the line is not valid UTF-8 — at offset 0"
    );
    assert_eq!(lines[0]["valid"], false);

    let missing = emvqr(&["check", "/nonexistent/codes.txt"], b"");
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8(missing.stderr)
            .unwrap()
            .contains("cannot read /nonexistent/codes.txt")
    );
    assert_eq!(emvqr(&["check", "--strictest"], b"").status.code(), Some(2));
}

#[test]
fn an_empty_input_has_nothing_invalid() {
    let out = emvqr(&["check"], b"# nothing yet\n\n");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "0 valid, 0 invalid\n"
    );
}
