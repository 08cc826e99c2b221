//! `emvqr check`: a file of payloads, one per line (a PSP export, a column of `qr_data`), each
//! checked as `decode` checks one. It streams: memory stays the same for any file size.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;

use emvqr::{Error, ParseOptions, Payload};
use serde::Serialize;

use crate::{Failure, input, out};

#[derive(clap::Args)]
pub struct Args {
    /// Tolerate field-rule violations, as `decode --lenient` does; the structure and the CRC
    /// must still hold.
    #[arg(long)]
    lenient: bool,
    /// One JSON object per checked line, then a summary object (docs/json.md).
    #[arg(long)]
    json: bool,
    /// The file; `-` or nothing reads standard input. Blank lines and lines starting with `#`
    /// are skipped; a trailing `\r` is dropped.
    file: Option<PathBuf>,
}

/// What one line holds, once framed.
enum Line<'a> {
    /// Blank, or a `#` comment.
    Skipped,
    Text(&'a str),
    NotUtf8 {
        valid_up_to: usize,
    },
    TooLong,
}

/// One checked line, as `--json` writes it.
#[derive(Serialize)]
struct Verdict<'a> {
    line: u64,
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a Error>,
    /// Why a line could not be read as a payload (not UTF-8, too long); no offset in a
    /// payload to give.
    #[serde(skip_serializing_if = "Option::is_none")]
    unreadable: Option<&'a str>,
    #[serde(skip_serializing_if = "<[Error]>::is_empty")]
    deviations: &'a [Error],
}

#[derive(Serialize)]
struct Summary {
    summary: Counts,
}

#[derive(Clone, Copy, Serialize)]
struct Counts {
    valid: u64,
    invalid: u64,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let source: Box<dyn Read> = match args.file.as_deref() {
        None => Box::new(io::stdin().lock()),
        Some(path) if path.as_os_str() == "-" => Box::new(io::stdin().lock()),
        Some(path) => Box::new(
            File::open(path)
                .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?,
        ),
    };
    let name = match args.file.as_deref() {
        Some(path) if path.as_os_str() != "-" => path.display().to_string(),
        _ => "standard input".to_owned(),
    };
    let options = if args.lenient {
        ParseOptions::lenient()
    } else {
        ParseOptions::strict()
    };
    let mut reader = Lines::new(BufReader::with_capacity(1 << 16, source));
    let mut output = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut counts = Counts {
        valid: 0,
        invalid: 0,
    };
    let mut number = 0u64;
    loop {
        let line = match reader.next_line() {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(error) => {
                let _ = output.flush();
                return Err(Failure::usage(format!(
                    "cannot read {name} after line {number}: {error}"
                )));
            }
        };
        number += 1;
        let text = match line {
            Line::Skipped => continue,
            Line::Text(text) => text,
            Line::NotUtf8 { valid_up_to } => {
                counts.invalid += 1;
                let why = format!("the line is not valid UTF-8 — at offset {valid_up_to}");
                report_unreadable(&mut output, args.json, number, &why)?;
                continue;
            }
            Line::TooLong => {
                counts.invalid += 1;
                let why = format!(
                    "the line holds more than {} bytes, more than any QR code",
                    input::MAX_PAYLOAD_BYTES
                );
                report_unreadable(&mut output, args.json, number, &why)?;
                continue;
            }
        };
        match Payload::parse_with(text, &options) {
            Ok(payload) => {
                counts.valid += 1;
                if args.json {
                    let verdict = Verdict {
                        line: number,
                        valid: true,
                        error: None,
                        unreadable: None,
                        deviations: payload.deviations(),
                    };
                    write_json(&mut output, &verdict)?;
                }
            }
            Err(error) => {
                counts.invalid += 1;
                if args.json {
                    let verdict = Verdict {
                        line: number,
                        valid: false,
                        error: Some(&error),
                        unreadable: None,
                        deviations: &[],
                    };
                    write_json(&mut output, &verdict)?;
                } else {
                    write_text(&mut output, number, &error.to_string())?;
                }
            }
        }
    }
    if args.json {
        write_json(&mut output, &Summary { summary: counts })?;
    } else {
        writeln!(output, "{} valid, {} invalid", counts.valid, counts.invalid)
            .map_err(out::write_failure)?;
    }
    output.flush().map_err(out::write_failure)?;
    if counts.invalid > 0 {
        // The lines said what is wrong; the exit code says that something is.
        Err(Failure::silent(1))
    } else {
        Ok(())
    }
}

fn report_unreadable(
    output: &mut impl Write,
    json: bool,
    number: u64,
    why: &str,
) -> Result<(), Failure> {
    if json {
        let verdict = Verdict {
            line: number,
            valid: false,
            error: None,
            unreadable: Some(why),
            deviations: &[],
        };
        write_json(output, &verdict)
    } else {
        write_text(output, number, why)
    }
}

fn write_text(output: &mut impl Write, number: u64, message: &str) -> Result<(), Failure> {
    writeln!(output, "{number}: {}", out::escape(message)).map_err(out::write_failure)
}

fn write_json(output: &mut impl Write, value: &impl Serialize) -> Result<(), Failure> {
    serde_json::to_writer(&mut *output, value)
        .map_err(io::Error::from)
        .and_then(|()| output.write_all(b"\n"))
        .map_err(out::write_failure)
}

/// Splits a reader into lines without holding more than one line of at most
/// [`input::MAX_PAYLOAD_BYTES`]: a longer line is read to its end and dropped, not stored.
struct Lines<R> {
    reader: R,
    line: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    fn new(reader: R) -> Lines<R> {
        Lines {
            reader,
            line: Vec::with_capacity(input::MAX_PAYLOAD_BYTES + 1),
        }
    }

    fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        self.line.clear();
        let mut too_long = false;
        let mut read_any = false;
        loop {
            let buffer = match self.reader.fill_buf() {
                Ok(buffer) => buffer,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if buffer.is_empty() {
                if !read_any {
                    return Ok(None);
                }
                break;
            }
            read_any = true;
            let (chunk, used, done) = match buffer.iter().position(|&b| b == b'\n') {
                Some(end) => (&buffer[..end], end + 1, true),
                None => (buffer, buffer.len(), false),
            };
            if !too_long {
                if self.line.len() + chunk.len() > input::MAX_PAYLOAD_BYTES {
                    too_long = true;
                    self.line.clear();
                } else {
                    self.line.extend_from_slice(chunk);
                }
            }
            self.reader.consume(used);
            if done {
                break;
            }
        }
        if too_long {
            return Ok(Some(Line::TooLong));
        }
        let mut bytes = self.line.as_slice();
        if let [rest @ .., b'\r'] = bytes {
            bytes = rest;
        }
        if bytes.iter().all(u8::is_ascii_whitespace) || bytes.first() == Some(&b'#') {
            return Ok(Some(Line::Skipped));
        }
        Ok(Some(match std::str::from_utf8(bytes) {
            Ok(text) => Line::Text(text),
            Err(error) => Line::NotUtf8 {
                valid_up_to: error.valid_up_to(),
            },
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(input: &[u8]) -> Vec<String> {
        let mut lines = Lines::new(io::BufReader::with_capacity(7, input));
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            out.push(match line {
                Line::Skipped => "skipped".to_owned(),
                Line::Text(text) => format!("text {text:?}"),
                Line::NotUtf8 { valid_up_to } => format!("not utf-8 at {valid_up_to}"),
                Line::TooLong => "too long".to_owned(),
            });
        }
        out
    }

    #[test]
    fn lines_are_framed_across_buffer_refills() {
        let long = vec![b'0'; input::MAX_PAYLOAD_BYTES + 1];
        let mut data = b"0002010102\r\n\n# note\n  \nab\xffc\n".to_vec();
        data.extend_from_slice(&long);
        data.extend_from_slice(b"\nlast without newline");
        assert_eq!(
            framed(&data),
            [
                "text \"0002010102\"",
                "skipped",
                "skipped",
                "skipped",
                "not utf-8 at 2",
                "too long",
                "text \"last without newline\"",
            ]
        );
        // A line of exactly the limit is read.
        let exact = vec![b'1'; input::MAX_PAYLOAD_BYTES];
        assert_eq!(framed(&exact).len(), 1);
        assert!(framed(&exact)[0].starts_with("text"));
    }
}
