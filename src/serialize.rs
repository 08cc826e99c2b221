//! `serde::Serialize` for what a program reports (feature `serde`, `no_std`): a payload's
//! field tree, its scheme views and deviations, errors, tag paths and amounts. Nothing is
//! allocated: sequences are streamed from the payload, text goes out as slices of it.
//!
//! The JSON shape (what `emvqr decode --json` prints) is described in `docs/json.md`, and
//! `tests/serde.rs` holds it to that.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::amount::Amount;
use crate::error::{Error, ErrorKind, SchemeRule};
use crate::path::TagPath;
use crate::payload::Payload;
use crate::schemes::{self, Scheme};
use crate::tlv::Field;

impl Serialize for TagPath {
    /// `"62.05"` (the payload itself: `""`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for Amount {
    /// The amount as written: `"10.50"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for SchemeRule {
    /// Its stable code: `"pix_invalid_cpf"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl Serialize for ErrorKind {
    /// Its stable code: `"crc_mismatch"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl Serialize for Error {
    /// `{"kind", "path", "offset" (null when the error has none), "message"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("kind", &self.kind())?;
        map.serialize_entry("path", &self.path())?;
        map.serialize_entry("offset", &self.has_offset().then(|| self.offset()))?;
        map.serialize_entry("message", &Displayed(self))?;
        map.end()
    }
}

impl Serialize for Field<'_> {
    /// `{"id", "path", "name", "offset", "value", "fields"}`: `fields`, the sub-fields, only
    /// for a template whose value is well-formed TLV.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let subfields = self.is_template() && self.subfields().all(|sub| sub.is_ok());
        let mut map = serializer.serialize_map(Some(5 + usize::from(subfields)))?;
        map.serialize_entry("id", &TwoDigits(self.id()))?;
        map.serialize_entry("path", &self.path())?;
        map.serialize_entry("name", self.name())?;
        map.serialize_entry("offset", &self.offset())?;
        map.serialize_entry("value", self.value())?;
        if subfields {
            map.serialize_entry(
                "fields",
                &Sequence(|| self.subfields().map_while(Result::ok)),
            )?;
        }
        map.end()
    }
}

impl Serialize for Payload<'_> {
    /// `{"fields", "schemes", "deviations", "deviation_count"}`: the root fields (templates
    /// with their sub-fields), the scheme views, what lenient parsing tolerated.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("fields", &Sequence(|| self.fields()))?;
        map.serialize_entry("schemes", &Sequence(|| schemes::recognise(self)))?;
        map.serialize_entry("deviations", self.deviations())?;
        map.serialize_entry("deviation_count", &self.deviation_count())?;
        map.end()
    }
}

impl Serialize for Scheme<'_> {
    /// `{"name", "id" (the template), "description", …}` and the view's typed fields: Pix's
    /// key, key kind, location, recurrence and journey; KHQR's account, merchant, bank and
    /// times; Bre-B's key, key type, network, channel, taxes and transaction ID; Mercado
    /// Pago's order and point of sale.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("name", self.name())?;
        map.serialize_entry("id", &TwoDigits(self.account().id()))?;
        map.serialize_entry("description", &Displayed(self))?;
        match self {
            Scheme::Pix(pix) => {
                optional(&mut map, "key", pix.key())?;
                optional(&mut map, "key_kind", pix.key_kind().map(|k| k.name()))?;
                optional(&mut map, "location", pix.url())?;
                optional(&mut map, "info", pix.info())?;
                optional(&mut map, "fss", pix.fss())?;
                optional(&mut map, "txid", pix.txid())?;
                optional(&mut map, "recurrence", pix.recurrence())?;
                map.serialize_entry("dynamic", &pix.is_dynamic())?;
                optional(&mut map, "journey", pix.journey().map(|j| j.number()))?;
            }
            Scheme::Khqr(khqr) => {
                optional(&mut map, "account_id", khqr.account_id())?;
                optional(&mut map, "account_information", khqr.account_information())?;
                optional(&mut map, "merchant_id", khqr.merchant_id())?;
                optional(&mut map, "acquiring_bank", khqr.acquiring_bank())?;
                optional(&mut map, "created_at_ms", khqr.created_at())?;
                optional(&mut map, "expires_at_ms", khqr.expires_at())?;
            }
            Scheme::BreB(breb) => {
                if let Some((kind, key)) = breb.key() {
                    map.serialize_entry("key", key)?;
                    map.serialize_entry("key_type", kind.name())?;
                }
                optional(&mut map, "network", breb.network())?;
                optional(&mut map, "merchant_code", breb.merchant_code())?;
                optional(&mut map, "aggregator_code", breb.aggregator_code())?;
                optional(&mut map, "channel", breb.channel())?;
                optional(&mut map, "iva_condition", breb.iva_condition())?;
                optional(&mut map, "iva", breb.iva())?;
                optional(&mut map, "iva_base", breb.iva_base())?;
                optional(&mut map, "inc_condition", breb.inc_condition())?;
                optional(&mut map, "inc", breb.inc())?;
                optional(&mut map, "transaction_id", breb.transaction_id())?;
                optional(&mut map, "security", breb.security())?;
            }
            Scheme::MercadoPago(mp) => {
                optional(&mut map, "order_id", mp.order_id())?;
                optional(&mut map, "pos_url", mp.pos_url())?;
                optional(&mut map, "pos_id", mp.pos_id())?;
            }
            _ => {}
        }
        map.end()
    }
}

/// An entry when there is a value, nothing when there is none.
fn optional<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &str,
    value: Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, &value),
        None => Ok(()),
    }
}

/// A sequence streamed from an iterator made on demand (no collection).
struct Sequence<F>(F);

impl<F, I> Serialize for Sequence<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for item in (self.0)() {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

/// A value's `Display`, as a string.
struct Displayed<'a, T>(&'a T);

impl<T: core::fmt::Display> Serialize for Displayed<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// An ID as its two digits: `"05"`.
struct TwoDigits(u8);

impl Serialize for TwoDigits {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = [b'0' + self.0 / 10 % 10, b'0' + self.0 % 10];
        serializer.serialize_str(core::str::from_utf8(&text).unwrap_or("00"))
    }
}
