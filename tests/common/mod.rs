//! What the integration tests share: the payloads of the vector set, `tests/vectors/*.tsv`
//! (columns: strict verdict, lenient verdict, payload, source, note; `#` lines are comments).
#![allow(dead_code)] // Each test file uses its own part.

/// Every payload of the vector set, valid or not, files in name order.
pub fn payloads() -> Vec<String> {
    rows().into_iter().map(|(_, payload)| payload).collect()
}

/// The payloads that parse, strictly or leniently: the codes people show.
pub fn valid_payloads() -> Vec<String> {
    let valid: Vec<String> = rows()
        .into_iter()
        .filter(|(lenient, _)| lenient.starts_with("ok"))
        .map(|(_, payload)| payload)
        .collect();
    assert!(valid.len() >= 30, "only {} valid payloads", valid.len());
    valid
}

/// (lenient verdict, payload) of each row.
fn rows() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        for line in text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let columns: Vec<&str> = line.split('\t').collect();
            out.push((columns[1].to_owned(), columns[2].to_owned()));
        }
    }
    assert!(out.len() > 80, "only {} vectors", out.len());
    out
}
