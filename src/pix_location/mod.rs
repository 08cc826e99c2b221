//! Dynamic Pix: the charge behind a location, fetched and verified (feature `pix-location`).
//!
//! A dynamic Pix code carries no amount a payer may trust: field 26.25 (and, for Pix
//! Automático, sub-field 25 of the recurrence template) holds a *location*, and the receiving
//! PSP serves the charge there as a JWS signed with a key whose certificate chain must reach a
//! root the payer trusts. This module does each step, sans-IO, and names the step that fails:
//!
//! 1. [`locations`] lists a payload's locations, each a [`Location`] checked before any
//!    connection (no scheme, at most 77 characters, a DNS host, no port, credentials or query)
//!    or the [`LocationError`] that refuses it; [`Location::url`] is the address to fetch, with
//!    `codMun` and `DPP` for a `cobv` ([`CobvQuery`]).
//! 2. [`Verifier::header`] reads the answer as a compact JWS ([`Jws`], at most
//!    [`MAX_JWS_LEN`] bytes) and checks its header: `alg` RS256 or PS256 ([`Algorithm`]; `none`
//!    and HMAC refused), `kid`, `x5t` and/or `x5t#S256`, and a `jku` on `https://` at the
//!    location's host. The `jku` is the next address to fetch.
//! 3. [`Verifier::verify`] takes the key set the `jku` served (at most [`MAX_JWKS_LEN`] bytes)
//!    and checks the key the `kid` names: the header's thumbprints against the `x5c` leaf, the
//!    JWK against the leaf's key, the leaf's chain to a root of the [`TrustStore`] (Mozilla's,
//!    plus any the caller adds), valid now, naming the location's host, for TLS servers, with
//!    Key Usage digital signature; then the signature over `header.payload`.
//! 4. [`Charge::parse`] reads the payload by the Pix API's schema for the location's
//!    [`ChargeKind`] (`cob`, `cobv`, `rec`), and [`Charge::concerns`] says what stops the
//!    payment (status, expiry, due date) and which fields of the QR code it overrides.
//!
//! With feature `pix-location-ureq`, [`Resolver`] does the fetching over HTTPS, with TLS
//! checked against the same trust store, bounded answers, no redirects and a deadline.
//!
//! Not verified: revocation (CRL or OCSP), and the BCB's list of registered QR-site
//! certificates (CERTQRC), which only PSPs receive — a caller that has it gives those roots
//! with [`TrustStore::add_pem`]. The Manual de Segurança do Pix's rules are followed as public
//! sources quote them; where a rule could not be read, the stricter choice is taken.

mod charge;
mod der;
mod jws;
mod location;
mod verify;

#[cfg(feature = "pix-location-ureq")]
mod client;

use std::fmt;
use std::string::String;

pub use charge::{
    Charge, ChargeError, ChargeStatus, Cob, CobV, Concern, Document, Money, Party, Rec, Withdrawal,
    timestamp,
};
#[cfg(feature = "pix-location-ureq")]
pub use client::{Error, Resolution, Resolved, Resolver};
pub use jws::{Header, Jwk, Jws, MAX_JWKS_LEN, MAX_JWS_LEN, parse_jwks};
pub use location::{
    ChargeKind, CobvQuery, Date, FoundLocation, Location, LocationError, MAX_LOCATION_LEN,
    MunicipalityCode, QueryError, locations,
};
pub use verify::{Algorithm, Step, TrustStore, Verified, Verifier, now};

/// The step of the verification that failed, and why, in words a PSP's engineer can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// An answer over its limit.
    TooLarge {
        /// `"JWS"` or `"JWK Set"`.
        what: &'static str,
        /// The limit, bytes.
        limit: usize,
    },
    /// The answer is not a compact JWS.
    NotCompactJws(String),
    /// A part is not encoded as RFC 7515 says.
    Encoding {
        /// Which part.
        what: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// The header is malformed.
    Header(String),
    /// A header parameter the Pix rules require is missing.
    MissingHeader(&'static str),
    /// `alg` is not allowed (only RS256 and PS256).
    Algorithm(String),
    /// `jku` is not an `https://` address with a DNS host.
    Jku(String),
    /// `jku` is on another host than the location.
    JkuHost {
        /// The `jku`'s host.
        jku_host: String,
        /// The location's.
        location_host: String,
    },
    /// The key set is malformed.
    Jwks(String),
    /// No key of the set has the header's `kid`.
    KeyNotFound {
        /// The header's `kid`.
        kid: String,
        /// The set's, joined by commas.
        kids: String,
    },
    /// The key has no certificate chain (`x5c`).
    NoChain {
        /// Its `kid`.
        kid: String,
    },
    /// A header thumbprint is not the leaf certificate's.
    Thumbprint {
        /// `x5t` or `x5t#S256`.
        name: &'static str,
        /// The header's, base64url.
        stated: String,
        /// The leaf's, base64url.
        computed: String,
    },
    /// A certificate cannot be read.
    Certificate(String),
    /// The key is not an RSA key.
    KeyType(String),
    /// The JWK is not the leaf certificate's key.
    KeyMismatch,
    /// The chain does not reach a trusted root, or a certificate is out of date.
    Untrusted(String),
    /// The leaf certificate does not name the key set's host (the location's).
    NameMismatch(String),
    /// The leaf's Key Usage lacks digital signature.
    KeyUsage,
    /// The signature does not verify.
    Signature(&'static str),
    /// The payload breaks the charge's schema.
    Charge(ChargeError),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::TooLarge { what, limit } => write!(
                f,
                "the {what} is larger than {limit} bytes, more than any charge needs; it was not read further"
            ),
            Failure::NotCompactJws(detail) => write!(f, "the answer is not a compact JWS: {detail}"),
            Failure::Encoding { what, detail } => write!(f, "{what} {detail}"),
            Failure::Header(detail) => write!(f, "the JWS header: {detail}"),
            Failure::MissingHeader(name) => write!(
                f,
                "the JWS header lacks {name}, which a location's JWS must carry (alg, jku, kid, and x5t or x5t#S256)"
            ),
            Failure::Algorithm(alg) => write!(
                f,
                "the JWS is signed with alg {alg:?}; a Pix location's JWS must use RS256 or PS256 (none and HMAC are never accepted)",
            ),
            Failure::Jku(detail) => write!(f, "the header's jku: {detail}"),
            Failure::JkuHost { jku_host, location_host } => write!(
                f,
                "the header's jku is on {jku_host}, but the location is on {location_host}: the key set must be hosted on the location's own site"
            ),
            Failure::Jwks(detail) => write!(f, "the key set: {detail}"),
            Failure::KeyNotFound { kid, kids } => write!(
                f,
                "no key of the key set has the header's kid {kid:?} (the set has: {kids})"
            ),
            Failure::NoChain { kid } => write!(
                f,
                "the key {kid:?} has no x5c: the key set must give its certificate chain"
            ),
            Failure::Thumbprint { name, stated, computed } => write!(
                f,
                "the header's {name} is {stated}, but the {} of the x5c leaf certificate (DER) is {computed}",
                if *name == "x5t" { "SHA-1" } else { "SHA-256" }
            ),
            Failure::Certificate(detail) => write!(f, "certificate: {detail}"),
            Failure::KeyType(kty) => write!(
                f,
                "the key is of type {kty:?}; RS256 and PS256 need an RSA key"
            ),
            Failure::KeyMismatch => f.write_str(
                "the key set's n and e are not the RSA key of its own x5c leaf certificate",
            ),
            Failure::Untrusted(detail) => write!(f, "{detail}"),
            Failure::NameMismatch(host) => write!(
                f,
                "the signing certificate does not name {host}, the host of the location and its key set"
            ),
            Failure::KeyUsage => f.write_str(
                "the signing certificate's Key Usage lacks digital signature (Manual de Segurança do Pix §5.1)",
            ),
            Failure::Signature(alg) => write!(
                f,
                "the {alg} signature does not verify: the header or payload was changed after signing, or another key signed it"
            ),
            Failure::Charge(error) => write!(f, "the charge: {error}"),
        }
    }
}

impl std::error::Error for Failure {}

impl From<ChargeError> for Failure {
    fn from(error: ChargeError) -> Failure {
        Failure::Charge(error)
    }
}
