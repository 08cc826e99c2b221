//! Where input comes from: the argument, or standard input for `-` or no argument; and the
//! files `mp` reads. Every read is bounded: nothing a QR code or an order needs is larger.

use std::io::Read;
use std::path::Path;

use crate::Failure;

/// The most bytes a payload may have: the most characters any QR code holds (7,089 digits)
/// and a line break.
pub const MAX_PAYLOAD_BYTES: usize = emvqr::tlv::MAX_LENIENT_CHARS + 2;

/// The most bytes an order file (`mp … --order`) may have.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// Reads the payload named by the command line. From standard input, one trailing line break
/// is line framing and is removed; anything else (spaces, more line breaks) stays, so that the
/// parser decides about it.
pub fn read_payload(argument: Option<&str>) -> Result<String, Failure> {
    match argument {
        Some(text) if text != "-" => {
            if text.len() > MAX_PAYLOAD_BYTES {
                return Err(too_large("the payload", text.len(), MAX_PAYLOAD_BYTES));
            }
            Ok(text.to_owned())
        }
        _ => {
            let bytes = read_bounded(std::io::stdin().lock(), "standard input", MAX_PAYLOAD_BYTES)?;
            let mut text = String::from_utf8(bytes).map_err(|e| {
                Failure::invalid(format!(
                    "the payload is not valid UTF-8 — at offset {}",
                    e.utf8_error().valid_up_to()
                ))
            })?;
            if text.ends_with("\r\n") {
                text.truncate(text.len() - 2);
            } else if text.ends_with('\n') {
                text.truncate(text.len() - 1);
            }
            Ok(text)
        }
    }
}

/// Reads a file (`-` for standard input) of at most [`MAX_FILE_BYTES`], as UTF-8.
pub fn read_file(path: &Path) -> Result<String, Failure> {
    let name = path.display().to_string();
    let bytes = if path.as_os_str() == "-" {
        read_bounded(std::io::stdin().lock(), "standard input", MAX_FILE_BYTES)?
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| Failure::usage(format!("cannot read {name}: {e}")))?;
        read_bounded(file, &name, MAX_FILE_BYTES)?
    };
    String::from_utf8(bytes).map_err(|e| {
        Failure::usage(format!(
            "{name} is not UTF-8 text — at offset {}",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Reads at most `limit` bytes of `source`; more is an error, found without reading it all.
fn read_bounded(source: impl Read, name: &str, limit: usize) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    source
        .take(u64::try_from(limit).unwrap_or(u64::MAX) + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::usage(format!("cannot read {name}: {e}")))?;
    if bytes.len() > limit {
        return Err(too_large(name, bytes.len(), limit));
    }
    Ok(bytes)
}

fn too_large(name: &str, bytes: usize, limit: usize) -> Failure {
    let seen = if bytes > limit {
        format!("more than {limit}")
    } else {
        bytes.to_string()
    };
    Failure::usage(format!(
        "{name} holds {seen} bytes; at most {limit} are read (no QR code or order is larger)"
    ))
}
