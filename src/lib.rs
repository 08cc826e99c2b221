//! Read, check, write and draw EMVCo merchant-presented QR payment codes.
//!
//! A payment QR code carries a `qr_data` string made of EMVCo tag-length-value fields:
//! `00` payload format, `01` static or dynamic, `26`–`51` merchant account templates (Pix's
//! `BR.GOV.BCB.PIX`, Mercado Pago's `COM.MERCADOLIBRE`, …), `52` merchant category, `53`
//! currency, `54` amount, `58`–`60` country, name and city, `62` additional data and `63` the
//! CRC-16 that closes it.
//!
//! [`Payload::parse`] reads such a string without allocating or copying: every accessor returns
//! a slice of the input. It is strict by default and says exactly which rule broke, at which
//! byte offset and in which field:
//!
//! ```
//! use emvqr::{ErrorKind, Payload};
//!
//! let code = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000\
//!             5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
//! let payload = Payload::parse(code)?;
//! assert_eq!(payload.merchant_name(), Some("Fulano de Tal"));
//! assert_eq!(payload.merchant_city(), Some("BRASILIA"));
//! assert_eq!(payload.currency(), Some(emvqr::amount::Currency::BRL));
//!
//! // One wrong character in the city and the checksum no longer matches.
//! let tampered = code.replace("BRASILIA", "BRASILIO");
//! let error = Payload::parse(&tampered).unwrap_err();
//! assert!(matches!(error.kind(), ErrorKind::CrcMismatch { stated: 0x1D3D, .. }));
//! assert_eq!(error.to_string(),
//!     "CRC mismatch: the payload says 1D3D, its content gives CC03 — at offset 133");
//! # Ok::<(), emvqr::Error>(())
//! ```
//!
//! # Memory and panics
//!
//! The library is `#![no_std]` (unless the `std` feature is on), never allocates, never panics
//! on any input and contains no `unsafe` code. A [`Payload`] is a few hundred bytes on the stack:
//! an index of where each root field starts, plus room for up to [`MAX_DEVIATIONS`] deviations
//! found in lenient mode.
//!
//! # Modules, in the order data flows
//!
//! - [`tlv`]: the tag-length-value walk (string → fields).
//! - [`fields`]: the table of EMVCo fields (ID, name, format, length, presence) that the
//!   validator, the builder and the command-line tool all read.
//! - [`payload`]: [`Payload`], EMVCo conformance, strict and lenient parsing.
//! - [`rules`]: each scheme's rule book (Pix, KHQR, Bre-B), applied by strict parsing to the
//!   payloads that carry the scheme.
//! - [`schemes`]: Pix, Mercado Pago, PayNow, PromptPay, QRIS, … recognised, with typed views.
//! - [`build`]: [`Builder`](build::Builder) and the scheme builders, fields → payload, checked
//!   by the same parser.
//! - [`amount`]: the decimal grammar of amounts, never floating point; [`crc16`]: the
//!   CRC-16/CCITT-FALSE of field 63.
//! - [`qr`]: the QR encoder, bytes → modules, bit-exact with qrcodegen.
//! - [`render`]: modules → terminal text, SVG, PNG (feature `png`) and embedded displays
//!   (feature `embedded-graphics`).
//! - `mercadopago` (feature `mercadopago`): Mercado Pago's in-store QR API, sans-IO, and a
//!   blocking client (feature `mercadopago-ureq`).
//!
//! # Stability
//!
//! Enums that grow are `#[non_exhaustive]`; types with invariants have constructors, not
//! public fields; codes (`ErrorKind::code`, `SchemeRule::code`) and JSON keys are stable, the
//! English of messages is not. `mercadopago` follows Mercado Pago's API and may change in a
//! minor release. The decisions, item by item, are in the repository's `docs/api.md`.
#![cfg_attr(not(any(test, feature = "std")), no_std)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(
    clippy::cast_lossless,
    clippy::cast_possible_truncation,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used
)]
#![cfg_attr(
    test,
    allow(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::cast_possible_truncation
    )
)]

// In the order data flows; each module imports only modules above it.
pub mod amount;
pub mod build;
pub mod crc16;
mod describe;
pub mod error;
mod escape;
pub mod fields;
mod ids;
#[cfg(feature = "mercadopago")]
pub mod mercadopago;
mod path;
pub mod payload;
#[cfg(feature = "pix-location")]
pub mod pix_location;
pub mod qr;
pub mod render;
pub mod rules;
pub mod schemes;
#[cfg(feature = "serde")]
mod serialize;
mod text;
pub mod tlv;

/// The `heapless` crate, whose `String` and `Vec` emvqr's API returns: depend on this one to
/// name them, so that a new `heapless` comes with a new emvqr.
pub use heapless;

pub use error::{Error, ErrorKind, SchemeRule};
pub use escape::Escaped;
pub use fields::Initiation;
pub use path::{InvalidTagPath, TagPath};
pub use payload::{MAX_DEVIATIONS, ParseOptions, Payload, Relaxation};

/// The README's Rust examples, run as doctests so that they cannot rot (they use every
/// feature, as the README's test command does).
#[cfg(all(
    doctest,
    feature = "mercadopago-ureq",
    feature = "pix-location-ureq",
    feature = "png",
    feature = "embedded-graphics"
))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
