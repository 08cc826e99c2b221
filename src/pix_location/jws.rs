//! Compact JWS (RFC 7515) and JWK Sets (RFC 7517), read as a Pix location serves them.

use std::string::String;
use std::vec::Vec;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Map, Value};

use super::Failure;

/// The largest JWS answer read: charges are a few kilobytes.
pub const MAX_JWS_LEN: usize = 64 * 1024;
/// The largest JWK Set read: a few keys, each with a certificate chain.
pub const MAX_JWKS_LEN: usize = 256 * 1024;

/// The JOSE header of a location's JWS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// `alg`.
    pub alg: String,
    /// `jku`: the JWK Set's address.
    pub jku: String,
    /// `kid`: the key's ID in the set.
    pub kid: String,
    /// `x5t`: the SHA-1 thumbprint of the signing certificate, decoded.
    pub x5t: Option<Vec<u8>>,
    /// `x5t#S256`: its SHA-256 thumbprint, decoded.
    pub x5t_s256: Option<Vec<u8>>,
}

/// A compact JWS, split and decoded; the signature not yet checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jws {
    header: Header,
    /// `base64url(header) . base64url(payload)`: what is signed.
    signing_input: String,
    payload: Vec<u8>,
    signature: Vec<u8>,
}

impl Jws {
    /// Splits and decodes `text`, the body a location served.
    pub fn parse(text: &[u8]) -> Result<Jws, Failure> {
        if text.len() > MAX_JWS_LEN {
            return Err(Failure::TooLarge {
                what: "JWS",
                limit: MAX_JWS_LEN,
            });
        }
        let text = core::str::from_utf8(text)
            .map_err(|_| Failure::NotCompactJws("the answer is not text (UTF-8)".into()))?;
        let text = text.trim_matches(|c: char| c.is_ascii_whitespace());
        let mut parts = text.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            let dots = text.matches('.').count();
            return Err(Failure::NotCompactJws(format!(
                "a compact JWS is three base64url parts joined by two dots; the answer has {dots} dots{}",
                if text.starts_with('{') {
                    " and starts with {: a JSON document, not a signed one"
                } else {
                    ""
                }
            )));
        };
        let header_bytes = base64url("the JWS header", header)?;
        let header = parse_header(&header_bytes)?;
        let payload_bytes = base64url("the JWS payload", payload)?;
        let signature = base64url("the JWS signature", signature)?;
        Ok(Jws {
            header,
            signing_input: text[..text.len() - signature_len(text)].into(),
            payload: payload_bytes,
            signature,
        })
    }

    /// The header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The payload: the charge, as JSON.
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// What the signature covers: the first two parts and the dot between them.
    pub fn signing_input(&self) -> &[u8] {
        self.signing_input.as_bytes()
    }

    /// The signature, decoded.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }
}

/// The length of `.signature` at the end of a three-part JWS.
fn signature_len(text: &str) -> usize {
    text.len() - text.rfind('.').unwrap_or(text.len())
}

fn base64url(what: &'static str, text: &str) -> Result<Vec<u8>, Failure> {
    URL_SAFE_NO_PAD.decode(text).map_err(|_| {
        let hint = if text.contains('=') || text.contains('+') || text.contains('/') {
            ": it is written in standard or padded base64, where RFC 7515 wants base64url without padding"
        } else {
            ""
        };
        Failure::Encoding {
            what,
            detail: format!("is not base64url{hint}"),
        }
    })
}

fn parse_header(bytes: &[u8]) -> Result<Header, Failure> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| Failure::NotCompactJws(format!("the JWS header is not JSON: {e}")))?;
    let Value::Object(object) = value else {
        return Err(Failure::NotCompactJws(
            "the JWS header is not a JSON object".into(),
        ));
    };
    if let Some(critical) = object.get("crit") {
        return Err(Failure::Header(format!(
            "the header marks {critical} as critical (crit), extensions a Pix reader does not know"
        )));
    }
    let text = |name: &'static str| -> Result<Option<String>, Failure> {
        match object.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(Failure::Header(format!("{name} is {other}, not a string"))),
        }
    };
    let required = |name: &'static str| -> Result<String, Failure> {
        text(name)?.ok_or(Failure::MissingHeader(name))
    };
    let thumbprint = |name: &'static str, len: usize| -> Result<Option<Vec<u8>>, Failure> {
        let Some(written) = text(name)? else {
            return Ok(None);
        };
        let bytes = base64url(if len == 20 { "x5t" } else { "x5t#S256" }, &written)?;
        if bytes.len() != len {
            return Err(Failure::Encoding {
                what: if len == 20 { "x5t" } else { "x5t#S256" },
                detail: format!(
                    "decodes to {} bytes; a {} thumbprint has {len}",
                    bytes.len(),
                    if len == 20 { "SHA-1" } else { "SHA-256" }
                ),
            });
        }
        Ok(Some(bytes))
    };
    let header = Header {
        alg: required("alg")?,
        jku: required("jku")?,
        kid: required("kid")?,
        x5t: thumbprint("x5t", 20)?,
        x5t_s256: thumbprint("x5t#S256", 32)?,
    };
    if header.x5t.is_none() && header.x5t_s256.is_none() {
        return Err(Failure::MissingHeader("x5t or x5t#S256"));
    }
    Ok(header)
}

/// A key of a JWK Set, as the verification needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jwk {
    /// `kid`.
    pub kid: Option<String>,
    /// `kty`.
    pub kty: String,
    /// `n` and `e` of an RSA key, decoded, without leading zeros.
    pub rsa: Option<(Vec<u8>, Vec<u8>)>,
    /// `x5c`: the certificate chain, leaf first, DER.
    pub x5c: Vec<Vec<u8>>,
}

/// Reads a JWK Set (`{"keys": [...]}`).
pub fn parse_jwks(bytes: &[u8]) -> Result<Vec<Jwk>, Failure> {
    if bytes.len() > MAX_JWKS_LEN {
        return Err(Failure::TooLarge {
            what: "JWK Set",
            limit: MAX_JWKS_LEN,
        });
    }
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| Failure::Jwks(format!("the JWK Set is not JSON: {e}")))?;
    let keys = value
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| Failure::Jwks("the JWK Set has no \"keys\" array".into()))?;
    keys.iter()
        .enumerate()
        .map(|(index, key)| {
            let Value::Object(key) = key else {
                return Err(Failure::Jwks(format!("keys[{index}] is not an object")));
            };
            parse_jwk(index, key)
        })
        .collect()
}

fn parse_jwk(index: usize, key: &Map<String, Value>) -> Result<Jwk, Failure> {
    let text = |name: &str| key.get(name).and_then(Value::as_str);
    let kty = text("kty")
        .ok_or_else(|| Failure::Jwks(format!("keys[{index}] has no kty")))?
        .to_owned();
    let rsa = match (kty.as_str(), text("n"), text("e")) {
        ("RSA", Some(n), Some(e)) => {
            let decode = |part: &str, name: &str| {
                URL_SAFE_NO_PAD
                    .decode(part)
                    .map(|bytes| super::der::unsigned(&bytes).to_vec())
                    .map_err(|_| Failure::Jwks(format!("keys[{index}].{name} is not base64url")))
            };
            Some((decode(n, "n")?, decode(e, "e")?))
        }
        ("RSA", _, _) => {
            return Err(Failure::Jwks(format!(
                "keys[{index}] is RSA without n and e"
            )));
        }
        _ => None,
    };
    let x5c = match key.get("x5c") {
        None => Vec::new(),
        Some(Value::Array(chain)) => chain
            .iter()
            .enumerate()
            .map(|(at, certificate)| {
                // RFC 7517 §4.7: standard base64 of the DER. Line breaks inside it occur in
                // the wild and are harmless: the DER is checked after.
                let Some(text) = certificate.as_str() else {
                    return Err(Failure::Jwks(format!(
                        "keys[{index}].x5c[{at}] is not a string"
                    )));
                };
                let text: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
                STANDARD.decode(text.as_bytes()).map_err(|_| {
                    Failure::Jwks(format!("keys[{index}].x5c[{at}] is not base64 DER"))
                })
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(Failure::Jwks(format!("keys[{index}].x5c is not an array"))),
    };
    Ok(Jwk {
        kid: text("kid").map(str::to_owned),
        kty,
        rsa,
        x5c,
    })
}
