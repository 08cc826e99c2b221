//! Writing payloads: fields → a `qr_data` string, without allocating.
//!
//! [`Builder`] collects fields (borrowing the caller's strings), then writes them in the
//! canonical EMVCo order or in the order given, counts every length in characters, appends
//! `6304` and the CRC in uppercase hex, and checks the result with the same strict parser that
//! reads payloads. So it can only produce payloads that [`Payload::parse`] accepts, and when it
//! refuses, the error names the rule and the field: a name over 25 characters, an accented city,
//! an amount written `10,50`, a missing mandatory field. [`PixBuilder`], whose fields are fixed,
//! checks each as it writes it instead, with the same outcome.
//!
//! ```
//! use emvqr::amount::{Amount, Currency};
//! use emvqr::build::Builder;
//! use emvqr::Payload;
//!
//! let amount = Amount::from_minor_units(1050, Currency::BRL.exponent)?;
//! let code = Builder::new()
//!     .merchant_account(26, "br.gov.bcb.pix", &[(1, "123e4567-e12b-12d1-a456-426655440000")])
//!     .merchant_category_code("0000")
//!     .currency(Currency::BRL)
//!     .amount(&amount)
//!     .country_code("BR")
//!     .merchant_name("Fulano de Tal")
//!     .merchant_city("BRASILIA")
//!     .reference_label("***")
//!     .build()?;
//! assert_eq!(code.as_str(), "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000\
//!     520400005303986540510.505802BR5913Fulano de Tal6008BRASILIA62070503***6304AEEE");
//! assert_eq!(Payload::parse(&code)?.amount(), Some("10.50"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Helpers that change a value are explicit opt-ins: [`transliterate`] ("São Paulo" →
//! "SAO PAULO") and [`truncate`]. The builder itself never changes what it is given.

mod khqr;
mod mercadopago;
mod pix;
mod transliterate;

use heapless::{String, Vec};

pub use khqr::KhqrBuilder;
pub use mercadopago::MercadoPagoBuilder;
pub use pix::PixBuilder;
pub use transliterate::{Case, TransliterateError, transliterate};

pub use crate::fields::Initiation;

use crate::amount::{Amount, Currency};
use crate::crc16;
use crate::error::{Error, ErrorKind};
use crate::fields;
use crate::ids::IdSet;
use crate::path::TagPath;
use crate::payload::{self, ParseOptions, Payload};
use crate::tlv::{Field, MAX_PAYLOAD_CHARS, char_count};

/// The most fields (root fields and sub-fields together) a builder holds: more than a
/// 512-character payload can carry.
pub const MAX_FIELDS: usize = 100;

/// The order fields are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Order {
    /// By ID: 00, 01, 02–51, 52, …, 99, and 63 last; sub-fields by ID within their template.
    #[default]
    Canonical,
    /// In the order the fields were first given (sub-fields grouped under their template, 63
    /// last): re-encodes a parsed payload byte for byte.
    AsGiven,
}

/// A value: the caller's text, or one the builder formatted (an amount).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value<'a> {
    Borrowed(&'a str),
    Inline(String<16, u8>),
}

impl Value<'_> {
    fn as_str(&self) -> &str {
        match self {
            Value::Borrowed(text) => text,
            Value::Inline(text) => text,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry<'a> {
    path: TagPath,
    value: Value<'a>,
}

/// Collects fields and writes a payload; see the [module documentation](self).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Builder<'a> {
    entries: Vec<Entry<'a>, MAX_FIELDS>,
    order: Order,
    options: ParseOptions,
    /// Whether the CRC is written in lowercase hex: only to re-encode a payload that had it so.
    lowercase_crc: bool,
    /// The first problem a setter met; `build` reports it.
    problem: Option<Error>,
}

impl Default for Builder<'_> {
    fn default() -> Self {
        Builder::new()
    }
}

impl<'a> Builder<'a> {
    /// An empty builder: canonical order, strict checks.
    pub const fn new() -> Builder<'a> {
        Builder {
            entries: Vec::new(),
            order: Order::Canonical,
            options: ParseOptions::strict(),
            lowercase_crc: false,
            problem: None,
        }
    }

    /// A builder holding every field of `payload` in its order, templates as their
    /// sub-fields, the CRC left out: `build` writes the same payload again, byte for byte (a
    /// CRC written in lowercase hex is written so again). The checks are lenient, so that
    /// payloads which parsed only leniently re-encode too.
    ///
    /// ```
    /// use emvqr::{build::Builder, Payload};
    /// let code = "00020101021129370016A000000677010111011300668012345675802TH530376463046197";
    /// let payload = Payload::parse_lenient(code)?;
    /// assert_eq!(Builder::from_payload(&payload).build()?.as_str(), code);
    /// # Ok::<(), emvqr::Error>(())
    /// ```
    pub fn from_payload(payload: &Payload<'a>) -> Builder<'a> {
        let mut builder = Builder::new();
        builder
            .order(Order::AsGiven)
            .options(ParseOptions::lenient());
        for field in payload.fields().filter(|f| f.id() != 63) {
            builder.add_from_field(field);
        }
        builder.lowercase_crc = payload
            .crc()
            .is_some_and(|crc| crc.bytes().any(|b| b.is_ascii_lowercase()));
        builder
    }

    /// Adds `field` as its sub-fields when it is a well-formed template without repeated IDs,
    /// else as its raw value; repeated fields are kept (lenient payloads may have them).
    fn add_from_field(&mut self, field: Field<'a>) {
        let subfields: Option<Vec<Field<'a>, MAX_FIELDS>> = if field.is_template() {
            field
                .subfields()
                .collect::<Result<Vec<_, MAX_FIELDS>, _>>()
                .ok()
        } else {
            None
        };
        let expandable = subfields.as_ref().is_some_and(|subs| {
            let mut seen = IdSet::new();
            !subs.is_empty()
                && field.path().depth() < TagPath::MAX_DEPTH
                && subs.iter().all(|sub| seen.insert(sub.id()))
        });
        match subfields {
            Some(subfields) if expandable => {
                for sub in subfields {
                    self.add_from_field(sub);
                }
            }
            _ => {
                self.push(field.path(), Value::Borrowed(field.value()));
            }
        }
    }

    /// Writes fields in `order` (canonical by default).
    pub fn order(&mut self, order: Order) -> &mut Self {
        self.order = order;
        self
    }

    /// Checks the result with `options` instead of strictly (for codes that must reproduce a
    /// scheme's deviations, such as PromptPay's missing fields).
    pub fn options(&mut self, options: ParseOptions) -> &mut Self {
        self.options = options;
        self
    }

    /// Sets the field at `path` (`59`, `62.05`, `62.50.00`) to `value`, replacing an earlier
    /// value. Any ID is accepted here; `build` checks the payload as a whole.
    pub fn field(&mut self, path: TagPath, value: &'a str) -> &mut Self {
        self.set(path, Value::Borrowed(value))
    }

    fn set(&mut self, path: TagPath, value: Value<'a>) -> &mut Self {
        if path.is_root() {
            return self.refuse(Error::without_offset(ErrorKind::NotATemplate, path));
        }
        if path == TagPath::new(63) {
            return self.refuse(Error::without_offset(ErrorKind::ComputedField, path));
        }
        if path.ids().iter().any(|&id| id > 99) {
            let kind = ErrorKind::IdOutOfRange { first: 0, last: 99 };
            return self.refuse(Error::without_offset(kind, path));
        }
        if let Some(entry) = self.entries.iter_mut().find(|e| e.path == path) {
            entry.value = value;
            return self;
        }
        self.push(path, value)
    }

    fn push(&mut self, path: TagPath, value: Value<'a>) -> &mut Self {
        if self.entries.push(Entry { path, value }).is_err() {
            let kind = ErrorKind::TooManyFields {
                max: u16::try_from(MAX_FIELDS).unwrap_or(u16::MAX),
            };
            return self.refuse(Error::without_offset(kind, path));
        }
        self
    }

    fn refuse(&mut self, error: Error) -> &mut Self {
        self.problem.get_or_insert(error);
        self
    }

    fn in_range(&mut self, id: u8, first: u8, last: u8) -> bool {
        let ok = (first..=last).contains(&id);
        if !ok {
            self.refuse(Error::without_offset(
                ErrorKind::IdOutOfRange { first, last },
                TagPath::new(id),
            ));
        }
        ok
    }

    // ------------------------------------------------------------ typed setters

    /// Field 01: static (`11`) or dynamic (`12`).
    pub fn point_of_initiation(&mut self, initiation: Initiation) -> &mut Self {
        self.field(TagPath::new(1), initiation.code())
    }

    /// A merchant account template (26–51): its globally unique identifier in 00 and the
    /// scheme's sub-fields.
    pub fn merchant_account(
        &mut self,
        id: u8,
        gui: &'a str,
        subfields: &[(u8, &'a str)],
    ) -> &mut Self {
        if self.in_range(id, 26, 51) {
            self.template(TagPath::new(id), gui, subfields);
        }
        self
    }

    /// A card-scheme merchant account (02–25: Visa, Mastercard, …), a primitive value.
    pub fn card_scheme_account(&mut self, id: u8, value: &'a str) -> &mut Self {
        if self.in_range(id, 2, 25) {
            self.field(TagPath::new(id), value);
        }
        self
    }

    /// A template at `path` (at most two levels deep, so its sub-fields have paths).
    fn template(&mut self, path: TagPath, gui: &'a str, subfields: &[(u8, &'a str)]) -> &mut Self {
        for (id, value) in core::iter::once((0, gui)).chain(subfields.iter().copied()) {
            match path.child(id) {
                Some(child) => self.field(child, value),
                None => self.refuse(Error::without_offset(ErrorKind::NotATemplate, path)),
            };
        }
        self
    }

    /// Field 52, the merchant category code (`"0000"` when not informed, as Pix does).
    pub fn merchant_category_code(&mut self, mcc: &'a str) -> &mut Self {
        self.field(TagPath::new(52), mcc)
    }

    /// Field 53 from a known currency.
    pub fn currency(&mut self, currency: Currency) -> &mut Self {
        self.field(TagPath::new(53), currency.numeric)
    }

    /// Field 53 as an ISO 4217 numeric code.
    pub fn currency_code(&mut self, numeric: &'a str) -> &mut Self {
        self.field(TagPath::new(53), numeric)
    }

    /// Field 54, the transaction amount.
    pub fn amount(&mut self, amount: &Amount) -> &mut Self {
        self.set(TagPath::new(54), inline(amount.as_str()))
    }

    /// Field 55 = `01`: the payer's app asks for a tip.
    pub fn tip_prompt(&mut self) -> &mut Self {
        self.field(TagPath::new(55), "01")
    }

    /// Fields 55 = `02` and 56: a fixed convenience fee.
    pub fn convenience_fee_fixed(&mut self, fee: &Amount) -> &mut Self {
        self.field(TagPath::new(55), "02");
        self.set(TagPath::new(56), inline(fee.as_str()))
    }

    /// Fields 55 = `03` and 57: a convenience fee in percent (`"3.5"`).
    pub fn convenience_fee_percentage(&mut self, percentage: &'a str) -> &mut Self {
        self.field(TagPath::new(55), "03");
        self.field(TagPath::new(57), percentage)
    }

    /// Field 58, the country (ISO 3166-1 alpha-2, `"BR"`).
    pub fn country_code(&mut self, country: &'a str) -> &mut Self {
        self.field(TagPath::new(58), country)
    }

    /// Field 59, the merchant name (at most 25 characters, printable ASCII).
    pub fn merchant_name(&mut self, name: &'a str) -> &mut Self {
        self.field(TagPath::new(59), name)
    }

    /// Field 60, the merchant city (at most 15 characters, printable ASCII).
    pub fn merchant_city(&mut self, city: &'a str) -> &mut Self {
        self.field(TagPath::new(60), city)
    }

    /// Field 61, the postal code.
    pub fn postal_code(&mut self, postal_code: &'a str) -> &mut Self {
        self.field(TagPath::new(61), postal_code)
    }

    /// A sub-field of template 62, additional data (01–49).
    pub fn additional_data(&mut self, id: u8, value: &'a str) -> &mut Self {
        if self.in_range(id, 0, 49) {
            self.field(TagPath::sub(62, id), value);
        }
        self
    }

    /// 62.01, bill number.
    pub fn bill_number(&mut self, value: &'a str) -> &mut Self {
        self.additional_data(1, value)
    }

    /// 62.02, mobile number.
    pub fn mobile_number(&mut self, value: &'a str) -> &mut Self {
        self.additional_data(2, value)
    }

    /// 62.03, store label.
    pub fn store_label(&mut self, value: &'a str) -> &mut Self {
        self.additional_data(3, value)
    }

    /// 62.04, loyalty number.
    pub fn loyalty_number(&mut self, value: &'a str) -> &mut Self {
        self.additional_data(4, value)
    }

    /// 62.05, reference label (Pix's txid; `***` when there is none).
    pub fn reference_label(&mut self, value: &'a str) -> &mut Self {
        self.additional_data(5, value)
    }

    /// 62.06, customer label.
    pub fn customer_label(&mut self, value: &'a str) -> &mut Self {
        self.additional_data(6, value)
    }

    /// 62.07, terminal label.
    pub fn terminal_label(&mut self, value: &'a str) -> &mut Self {
        self.additional_data(7, value)
    }

    /// 62.08, purpose of transaction.
    pub fn purpose_of_transaction(&mut self, value: &'a str) -> &mut Self {
        self.additional_data(8, value)
    }

    /// 62.09, additional consumer data request (`A`, `M`, `E`).
    pub fn additional_consumer_data_request(&mut self, value: &'a str) -> &mut Self {
        self.additional_data(9, value)
    }

    /// A payment system specific template inside 62 (50–99): GUI and sub-fields.
    pub fn additional_data_template(
        &mut self,
        id: u8,
        gui: &'a str,
        subfields: &[(u8, &'a str)],
    ) -> &mut Self {
        if self.in_range(id, 50, 99) {
            self.template(TagPath::sub(62, id), gui, subfields);
        }
        self
    }

    /// Template 64: the merchant's name, and optionally city, in another language.
    pub fn alternate_language(
        &mut self,
        language: &'a str,
        name: &'a str,
        city: Option<&'a str>,
    ) -> &mut Self {
        self.field(TagPath::sub(64, 0), language);
        self.field(TagPath::sub(64, 1), name);
        if let Some(city) = city {
            self.field(TagPath::sub(64, 2), city);
        }
        self
    }

    /// The fields a Brazilian code (Pix, Mercado Pago Brazil) carries beside its template:
    /// category 0000 (not informed), currency 986, country BR, name, city, txid `***`.
    pub(crate) fn brazilian_merchant(&mut self, name: &'a str, city: &'a str) -> &mut Self {
        self.merchant_category_code("0000")
            .currency(Currency::BRL)
            .country_code("BR")
            .merchant_name(name)
            .merchant_city(city)
            .reference_label("***")
    }

    /// An unreserved template (80–99): GUI and sub-fields.
    pub fn unreserved_template(
        &mut self,
        id: u8,
        gui: &'a str,
        subfields: &[(u8, &'a str)],
    ) -> &mut Self {
        if self.in_range(id, 80, 99) {
            self.template(TagPath::new(id), gui, subfields);
        }
        self
    }

    // ------------------------------------------------------------ writing

    /// Writes the payload into a `heapless::String` of 512 bytes (enough for any ASCII
    /// payload; use [`build_into`](Builder::build_into) for long UTF-8 ones).
    pub fn build(&self) -> Result<String<MAX_PAYLOAD_CHARS>, Error> {
        let mut buffer = [0u8; MAX_PAYLOAD_CHARS];
        to_string(self.build_into(&mut buffer)?)
    }

    /// Writes the payload into `out` and returns it. Errors name the field and the rule; their
    /// offsets are into the payload as it would have been written.
    pub fn build_into<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        let order = self.writing_order();
        let has_format_indicator = self
            .entries
            .iter()
            .any(|e| e.path.ids().first() == Some(&0));
        let fields = order
            .iter()
            .map(|&index| (self.path_of(index), self.value_of(index)));
        let text = write_payload(
            out,
            !has_format_indicator,
            fields,
            self.lowercase_crc,
            &mut |_, _, _| {},
        )?;
        // The strict parser's rules (the 512-character limit too), CRC and whitespace aside.
        payload::check_written(text, &self.options)?;
        Ok(text)
    }

    /// Entry indices in writing order; sub-fields end up right after each other.
    fn writing_order(&self) -> Vec<u8, MAX_FIELDS> {
        // At most MAX_FIELDS (100) entries: every index fits a byte.
        let mut order: Vec<u8, MAX_FIELDS> = (0..self.entries.len())
            .filter_map(|i| u8::try_from(i).ok())
            .collect();
        let ids_of = |i: u8| {
            self.entries
                .get(usize::from(i))
                .map_or(&[][..], |e| e.path.ids())
        };
        match self.order {
            // By path: IDs level by level, a template's own value (none, normally) before its
            // sub-fields, 00 first. (Paths are unique here: setters replace a repeated one.)
            Order::Canonical => sort_by_key(&mut order, |i| self.path_of(i)),
            Order::AsGiven => {
                // A field's position is that of the first field sharing its prefix, level by
                // level: sub-fields stay with their template.
                let first_with = |prefix: &[u8]| {
                    self.entries
                        .iter()
                        .position(|e| e.path.ids().starts_with(prefix))
                        .unwrap_or(0)
                };
                // Per level, 1 + the position of the first field with that prefix, 0 for a
                // level the path does not have: a field's own value sorts before its
                // sub-fields; repeated fields keep their order (the sort is stable).
                sort_by_key(&mut order, |i| {
                    let ids = ids_of(i);
                    let mut key = [0usize; TagPath::MAX_DEPTH];
                    for (level, slot) in key.iter_mut().enumerate() {
                        if let Some(prefix) = ids.get(..=level) {
                            *slot = 1 + first_with(prefix);
                        }
                    }
                    key
                });
            }
        }
        order
    }

    fn path_of(&self, index: u8) -> TagPath {
        self.entries
            .get(usize::from(index))
            .map_or(TagPath::root(), |e| e.path)
    }

    fn value_of(&self, index: u8) -> &str {
        self.entries
            .get(usize::from(index))
            .map_or("", |e| e.value.as_str())
    }
}

/// `text` as the `String` that [`Builder::build`] and [`PixBuilder::build`] return.
fn to_string(text: &str) -> Result<String<MAX_PAYLOAD_CHARS>, Error> {
    String::try_from(text).map_err(|_| {
        let kind = ErrorKind::OutputTooSmall {
            needed: saturate(text.len()),
        };
        Error::new(kind, text.len(), TagPath::root())
    })
}

/// Writes a payload into `out`: `000201` first when `format_indicator` asks for it (the fields
/// lack 00), then `fields`, then 63 and the CRC. `placed` learns the byte offset at which each
/// field starts, with its value (none for a template).
fn write_payload<'o, 'v>(
    out: &'o mut [u8],
    format_indicator: bool,
    fields: impl Iterator<Item = (TagPath, &'v str)>,
    lowercase_crc: bool,
    placed: &mut dyn FnMut(TagPath, usize, Option<&str>),
) -> Result<&'o str, Error> {
    let mut writer = Writer { out, len: 0 };
    if format_indicator {
        writer.push_bytes(b"000201", TagPath::new(0))?;
    }
    write_fields(&mut writer, fields, placed)?;
    writer.push_bytes(b"6304", TagPath::new(63))?;
    let crc = crc16::checksum(writer.written());
    let mut digits = crc16::to_hex(crc);
    if lowercase_crc {
        digits.make_ascii_lowercase();
    }
    writer.push_bytes(&digits, TagPath::new(63))?;
    Ok(writer.into_str())
}

/// Writes `entries`, sorted so that sub-fields follow their template, as TLV in one pass: a
/// template's header is written when its first sub-field comes, and its length (in
/// characters) filled in when it closes.
fn write_fields<'v>(
    writer: &mut Writer<'_>,
    entries: impl Iterator<Item = (TagPath, &'v str)>,
    placed: &mut dyn FnMut(TagPath, usize, Option<&str>),
) -> Result<(), Error> {
    let mut open: Vec<OpenTemplate, { TagPath::MAX_DEPTH }> = Vec::new();
    let mut previous = TagPath::root();
    for (path, value) in entries {
        // (Depths first: in canonical order they rule a conflict out for nearly every
        // field.)
        if previous.depth() < path.depth() && !previous.is_root() && path.is_within(previous) {
            // A value was written for a field that now gets sub-fields. (The same path
            // twice is a repeated field, which only `from_payload` can hold.)
            return Err(Error::new(
                ErrorKind::ConflictingFields,
                writer.len,
                previous,
            ));
        }
        // Close the templates this field is not inside.
        while let Some(top) = open.last() {
            if top.path == path {
                // Sub-fields came before a value for the same field.
                return Err(Error::new(ErrorKind::ConflictingFields, writer.len, path));
            }
            if path.is_within(top.path) {
                break;
            }
            close(writer, &mut open)?;
        }
        // Open the templates it is inside.
        for level in open.len() + 1..path.depth() {
            let template = path.ancestor(level);
            if fields::rule_at(template)
                .and_then(|rule| rule.template())
                .is_none()
            {
                return Err(Error::new(ErrorKind::NotATemplate, writer.len, template));
            }
            let header = writer.len;
            placed(template, header, None);
            writer.push_header(template)?;
            let _ = open.push(OpenTemplate {
                path: template,
                header,
                chars: 0,
            });
        }
        placed(path, writer.len, Some(value));
        let written = writer.push_field(path.id().unwrap_or(0), value, path)?;
        if let Some(top) = open.last_mut() {
            top.chars += written;
        }
        previous = path;
    }
    while !open.is_empty() {
        close(writer, &mut open)?;
    }
    Ok(())
}

/// Sorts `order` by `key`, stably, by insertion: entries are few (at most `MAX_FIELDS`) and
/// usually given in order already, where this makes one comparison each; and it is a fraction
/// of the flash of the standard library's sorts, which matters on firmware.
fn sort_by_key<K: Ord>(order: &mut [u8], key: impl Fn(u8) -> K) {
    for i in 1..order.len() {
        // Move entry i left past the larger keys before it.
        for j in (1..=i).rev() {
            let (Some(&before), Some(&this)) = (order.get(j - 1), order.get(j)) else {
                break;
            };
            if key(before) <= key(this) {
                break;
            }
            order.swap(j - 1, j);
        }
    }
}

/// A template whose header is written and whose length is not yet known.
struct OpenTemplate {
    path: TagPath,
    /// Byte offset of its header in the output.
    header: usize,
    /// Characters of its sub-fields so far, headers included.
    chars: usize,
}

/// Fills in the length of the innermost open template and counts it in its parent.
fn close(
    writer: &mut Writer<'_>,
    open: &mut Vec<OpenTemplate, { TagPath::MAX_DEPTH }>,
) -> Result<(), Error> {
    let Some(template) = open.pop() else {
        return Ok(());
    };
    if template.chars > 99 {
        let kind = ErrorKind::ValueTooLong {
            max: 99,
            actual: u16::try_from(template.chars).unwrap_or(u16::MAX),
        };
        return Err(Error::new(kind, template.header, template.path));
    }
    writer.patch_length(template.header, template.chars);
    if let Some(parent) = open.last_mut() {
        parent.chars += 4 + template.chars;
    }
    Ok(())
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn inline(text: &str) -> Value<'static> {
    let mut value = String::new();
    let _ = value.push_str(text);
    Value::Inline(value)
}

/// The two ASCII digits of `n` (0–99; callers check the range).
fn two_digits(n: usize) -> [u8; 2] {
    let n = u8::try_from(n.min(99)).unwrap_or(99);
    [b'0' + n / 10, b'0' + n % 10]
}

/// The four digits of a header: ID and length.
fn header(id: u8, length: usize) -> [u8; 4] {
    let [i0, i1] = two_digits(usize::from(id));
    let [l0, l1] = two_digits(length);
    [i0, i1, l0, l1]
}

/// Appends to the caller's buffer, refusing to overflow it.
struct Writer<'o> {
    out: &'o mut [u8],
    len: usize,
}

impl<'o> Writer<'o> {
    /// Appends `bytes`, which belong to the field at `path`.
    fn push_bytes(&mut self, bytes: &[u8], path: TagPath) -> Result<(), Error> {
        let end = self.len + bytes.len();
        match self.out.get_mut(self.len..end) {
            Some(slot) => {
                slot.copy_from_slice(bytes);
                self.len = end;
                Ok(())
            }
            None => Err(Error::new(
                ErrorKind::OutputTooSmall {
                    needed: saturate(end),
                },
                self.len,
                path,
            )),
        }
    }

    /// A template's header, its length filled in when it closes.
    fn push_header(&mut self, path: TagPath) -> Result<(), Error> {
        self.push_bytes(&header(path.id().unwrap_or(0), 0), path)
    }

    /// Overwrites the length digits of the header at `header`.
    fn patch_length(&mut self, header: usize, length: usize) {
        if let Some(digits) = self.out.get_mut(header + 2..header + 4) {
            digits.copy_from_slice(&two_digits(length));
        }
    }

    /// A primitive field: header and value, its length counted in characters (1–99).
    /// Returns the characters written, header included.
    fn push_field(&mut self, id: u8, value: &str, path: TagPath) -> Result<usize, Error> {
        if value.is_empty() {
            return Err(Error::new(
                ErrorKind::ValueTooShort { min: 1, actual: 0 },
                self.len,
                path,
            ));
        }
        let at = self.len;
        let chars = if value.is_ascii() {
            value.len()
        } else {
            char_count(value)
        };
        if chars > 99 {
            // Over what any TLV field holds: the error names the field's own limit, and the
            // parser's check names it for a value under 99 characters.
            let max = fields::rule_at(path).map_or(99, |rule| rule.max);
            let kind = ErrorKind::ValueTooLong {
                max,
                actual: u16::try_from(chars).unwrap_or(u16::MAX),
            };
            return Err(Error::new(kind, at, path));
        }
        let end = at + 4 + value.len();
        let Some(slot) = self.out.get_mut(at..end) else {
            let kind = ErrorKind::OutputTooSmall {
                needed: saturate(end),
            };
            return Err(Error::new(kind, at, path));
        };
        let (head, rest) = slot.split_at_mut(4);
        head.copy_from_slice(&header(id, chars));
        rest.copy_from_slice(value.as_bytes());
        self.len = end;
        Ok(4 + chars)
    }

    fn written(&self) -> &[u8] {
        self.out.get(..self.len).unwrap_or_default()
    }

    fn into_str(self) -> &'o str {
        // Only `str` pieces and ASCII digits were written.
        core::str::from_utf8(self.out.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

/// `text` cut to at most `max_chars` characters (at a character boundary). An explicit opt-in:
/// the builder itself refuses a value that is too long.
///
/// ```
/// use emvqr::build::{truncate, truncate_for};
/// assert_eq!(truncate("SUPERMERCADO BOA VISTA DO NORTE", 25), "SUPERMERCADO BOA VISTA DO");
/// assert_eq!(truncate_for(emvqr::TagPath::new(60), "São José dos Campos"), "São José dos Ca");
/// ```
pub fn truncate(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => text.get(..end).unwrap_or(text),
        None => text,
    }
}

/// `text` cut to the maximum length the field table gives for `path` (unchanged for an
/// unknown field).
pub fn truncate_for(path: TagPath, text: &str) -> &str {
    match fields::spec_at(path) {
        Some(spec) => truncate(text, usize::from(spec.max)),
        None => text,
    }
}
