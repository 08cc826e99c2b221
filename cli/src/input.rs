//! Where a payload comes from: the argument, or standard input for `-` or no argument.

use std::io::Read;

use crate::Failure;

/// Reads the payload named by the command line. From standard input, one trailing line break
/// is line framing and is removed; anything else (spaces, more line breaks) stays, so that the
/// parser decides about it.
pub fn read_payload(argument: Option<&str>) -> Result<String, Failure> {
    match argument {
        Some(text) if text != "-" => Ok(text.to_owned()),
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::usage(format!("cannot read standard input: {e}")))?;
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
