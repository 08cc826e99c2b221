//! The EMVCo field table: one row per field (or range of IDs), as data.
//!
//! The parser's validator, the builder and the command-line tool all read these tables; none of
//! them repeats a field's name, format or length. Source: EMVCo QRCPS Merchant-Presented Mode
//! v1.1, tables 3.x and 4.x (restated in `docs/schemes/emvco.md`).
//!
//! ```
//! use emvqr::fields::{self, Format};
//!
//! let name = fields::ROOT.spec(59).unwrap();
//! assert_eq!(name.name, "merchant name");
//! assert_eq!((name.format, name.min, name.max), (Format::Ans, 1, 25));
//! assert_eq!(fields::spec_at("62.05".parse().unwrap()).unwrap().name, "reference label");
//! ```

use crate::ids::IdSet;
use crate::path::TagPath;

/// The character set a field allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Format {
    /// Numeric: the digits `0`–`9`.
    N,
    /// Alphanumeric special: the EMV common character set, printable ASCII `0x20`–`0x7E`.
    Ans,
    /// String: any Unicode characters but control characters (C0, DEL and C1), UTF-8
    /// encoded. EMVCo's S set is meant for text in any script; a NUL, an ESC or a carriage
    /// return in a merchant's information is never text, and would drive the terminal that
    /// shows it.
    S,
}

impl Format {
    /// Whether `c` belongs to this character set.
    ///
    /// ```
    /// use emvqr::fields::Format;
    /// assert!(Format::Ans.allows('~') && !Format::Ans.allows('í') && Format::S.allows('í'));
    /// assert!(!Format::S.allows('\u{1b}') && !Format::S.allows('\u{85}'));
    /// ```
    pub const fn allows(self, c: char) -> bool {
        match self {
            Format::N => c.is_ascii_digit(),
            Format::Ans => matches!(c, ' '..='~'),
            Format::S => !matches!(c, '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}'),
        }
    }

    /// The short EMVCo name: `N`, `ANS` or `S`.
    pub const fn code(self) -> &'static str {
        match self {
            Format::N => "N",
            Format::Ans => "ANS",
            Format::S => "S",
        }
    }

    /// What the set holds, in words, for messages.
    pub const fn description(self) -> &'static str {
        match self {
            Format::N => "digits only",
            Format::Ans => "printable ASCII only (ANS)",
            Format::S => "any characters but control characters",
        }
    }
}

/// Whether the code is reused (static) or made for one transaction (dynamic): the values of
/// field 01, the point of initiation method.
///
/// ```
/// use emvqr::Initiation;
/// assert_eq!(Initiation::from_code("12"), Some(Initiation::Dynamic));
/// assert_eq!("11".parse::<Initiation>(), Ok(Initiation::Static));
/// assert_eq!(Initiation::Dynamic.to_string(), "12");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Initiation {
    /// `11`: the same code for many payments.
    Static,
    /// `12`: a new code for each transaction.
    Dynamic,
}

impl Initiation {
    /// The value written in field 01: `"11"` or `"12"`.
    pub const fn code(self) -> &'static str {
        match self {
            Initiation::Static => "11",
            Initiation::Dynamic => "12",
        }
    }

    /// The kind a field 01 value names; `None` for a value EMVCo reserves.
    pub fn from_code(code: &str) -> Option<Initiation> {
        match code {
            "11" => Some(Initiation::Static),
            "12" => Some(Initiation::Dynamic),
            _ => None,
        }
    }
}

impl core::fmt::Display for Initiation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.code())
    }
}

impl core::str::FromStr for Initiation {
    type Err = UnknownValue;

    fn from_str(code: &str) -> Result<Initiation, Self::Err> {
        Initiation::from_code(code).ok_or(UnknownValue)
    }
}

/// Why a text names none of the values of a type (`"13".parse::<Initiation>()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct UnknownValue;

impl core::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("not one of the values this field takes")
    }
}

impl core::error::Error for UnknownValue {}

/// Whether a field must be present.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Presence {
    /// Always required.
    Mandatory,
    /// Required or forbidden depending on other fields (54, 56, 57; at least one of 02–51).
    Conditional,
    /// May be absent.
    Optional,
}

/// Rules on a primitive value beyond its format and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum ValueRule {
    /// Any value of the right format and length.
    Any,
    /// One of a fixed set; other values are reserved for future use.
    OneOf(&'static [&'static str]),
    /// An amount: digits with at most one `.`, not zero (54, 56).
    Amount,
    /// A percentage from `00.01` to `99.99` (57).
    Percentage,
    /// An ISO 3166-1 alpha-2 country code: two uppercase letters (58).
    CountryCode,
    /// The letters `A`, `M`, `E`, each at most once (62.09).
    ConsumerDataRequest,
    /// Three characters: the medium (`0`–`7`), the transaction location (`0`–`3`) and the
    /// merchant's presence (`0`–`3`), as EMVCo MPM 1.1 lists them (62.11).
    MerchantChannel,
    /// Four hexadecimal digits, the CRC (63).
    Crc,
}

/// What a field holds: a primitive value, or a template of sub-fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Content {
    /// A primitive value checked by a [`ValueRule`].
    Value(ValueRule),
    /// A template: the value is itself a TLV sequence described by the table.
    Template(&'static Table),
}

/// One row of a field table: a field, or a range of IDs that share a definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub struct FieldSpec {
    /// First ID of the range.
    pub first: u8,
    /// Last ID of the range (equal to `first` for a single field).
    pub last: u8,
    /// The field's name, lowercase, as used in messages and the CLI tree.
    pub name: &'static str,
    /// Character set.
    pub format: Format,
    /// Minimum length in characters.
    pub min: u8,
    /// Maximum length in characters.
    pub max: u8,
    /// Whether it must be present.
    pub presence: Presence,
    /// Primitive value or template.
    pub content: Content,
}

impl FieldSpec {
    /// The sub-field table if this field is a template.
    pub const fn template(&self) -> Option<&'static Table> {
        match self.content {
            Content::Template(table) => Some(table),
            Content::Value(_) => None,
        }
    }

    /// The allowed values when the field has a fixed set.
    pub const fn allowed_values(&self) -> Option<&'static [&'static str]> {
        match self.content {
            Content::Value(ValueRule::OneOf(values)) => Some(values),
            _ => None,
        }
    }

    /// Whether `id` falls in this row's range.
    pub const fn covers(&self, id: u8) -> bool {
        self.first <= id && id <= self.last
    }
}

/// A field table: the rows of the root or of one kind of template, with an index by ID.
#[derive(Debug, PartialEq, Eq)]
pub struct Table {
    /// What the table describes, e.g. `"additional data field template"`.
    pub name: &'static str,
    /// The rows, in ID order.
    pub specs: &'static [FieldSpec],
    /// `index[id]` is 1 + the row describing `id`, or 0 if none does.
    index: [u8; 100],
    /// The mandatory fields.
    mandatory: IdSet,
    /// The fields that are templates.
    templates: IdSet,
}

impl Table {
    // Evaluated at compile time: an index out of bounds would fail the build, and the tables
    // have fewer than 256 rows.
    #[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
    const fn new(name: &'static str, specs: &'static [FieldSpec]) -> Table {
        let mut index = [0u8; 100];
        let mut mandatory = IdSet::new();
        let mut templates = IdSet::new();
        let mut row = 0;
        while row < specs.len() {
            // EMVCo lengths run from 01 to 99, and the validator tests a length against
            // `max − min`.
            assert!(
                1 <= specs[row].min && specs[row].min <= specs[row].max && specs[row].max <= 99,
                "a row's lengths must satisfy 1 <= min <= max <= 99"
            );
            let mut id = specs[row].first;
            while id <= specs[row].last && (id as usize) < index.len() {
                index[id as usize] = row as u8 + 1;
                if matches!(specs[row].presence, Presence::Mandatory) {
                    mandatory = mandatory.with(id);
                }
                if matches!(specs[row].content, Content::Template(_)) {
                    templates = templates.with(id);
                }
                id += 1;
            }
            row += 1;
        }
        Table {
            name,
            specs,
            index,
            mandatory,
            templates,
        }
    }

    /// Whether the table makes `id` a template (a bit test: the builder asks before it writes
    /// each template header).
    pub const fn is_template(&self, id: u8) -> bool {
        self.templates.contains(id)
    }

    /// The IDs of the mandatory fields: the parser's representation, not part of the API
    /// (each row's [`FieldSpec::presence`] says the same).
    pub(crate) const fn mandatory(&self) -> IdSet {
        self.mandatory
    }

    /// The row describing `id`, if the table defines it.
    #[inline]
    pub fn spec(&self, id: u8) -> Option<&'static FieldSpec> {
        let row = *self.index.get(usize::from(id))?;
        self.specs.get(usize::from(row).checked_sub(1)?)
    }
}

const fn field(
    id: u8,
    name: &'static str,
    format: Format,
    min: u8,
    max: u8,
    presence: Presence,
    rule: ValueRule,
) -> FieldSpec {
    FieldSpec {
        first: id,
        last: id,
        name,
        format,
        min,
        max,
        presence,
        content: Content::Value(rule),
    }
}

const fn range(first: u8, last: u8, name: &'static str, format: Format, max: u8) -> FieldSpec {
    FieldSpec {
        first,
        last,
        name,
        format,
        min: 1,
        max,
        presence: Presence::Optional,
        content: Content::Value(ValueRule::Any),
    }
}

const fn template(
    first: u8,
    last: u8,
    name: &'static str,
    presence: Presence,
    table: &'static Table,
) -> FieldSpec {
    FieldSpec {
        first,
        last,
        name,
        format: Format::S,
        min: 1,
        max: 99,
        presence,
        content: Content::Template(table),
    }
}

use Format::{Ans, N, S};
use Presence::{Conditional, Mandatory, Optional};

/// The root of a merchant-presented payload (EMVCo MPM table 3.x).
#[rustfmt::skip]
pub static ROOT: Table = Table::new(
    "payload",
    &[
        field(0, "payload format indicator", N, 2, 2, Mandatory, ValueRule::OneOf(&["01"])),
        field(1, "point of initiation method", N, 2, 2, Optional, ValueRule::OneOf(&["11", "12"])),
        range(2, 3, "Visa merchant account", Ans, 99),
        range(4, 5, "Mastercard merchant account", Ans, 99),
        range(6, 8, "EMVCo reserved merchant account", Ans, 99),
        range(9, 10, "Discover merchant account", Ans, 99),
        range(11, 12, "American Express merchant account", Ans, 99),
        range(13, 14, "JCB merchant account", Ans, 99),
        range(15, 16, "UnionPay merchant account", Ans, 99),
        range(17, 25, "EMVCo reserved merchant account", Ans, 99),
        template(26, 51, "merchant account information", Conditional, &MERCHANT_ACCOUNT),
        field(52, "merchant category code", N, 4, 4, Mandatory, ValueRule::Any),
        field(53, "transaction currency", N, 3, 3, Mandatory, ValueRule::Any),
        field(54, "transaction amount", Ans, 1, 13, Conditional, ValueRule::Amount),
        field(55, "tip or convenience indicator", N, 2, 2, Optional,
            ValueRule::OneOf(&["01", "02", "03"])),
        field(56, "convenience fee (fixed)", Ans, 1, 13, Conditional, ValueRule::Amount),
        field(57, "convenience fee (percentage)", Ans, 1, 5, Conditional, ValueRule::Percentage),
        field(58, "country code", Ans, 2, 2, Mandatory, ValueRule::CountryCode),
        field(59, "merchant name", Ans, 1, 25, Mandatory, ValueRule::Any),
        field(60, "merchant city", Ans, 1, 15, Mandatory, ValueRule::Any),
        field(61, "postal code", Ans, 1, 10, Optional, ValueRule::Any),
        template(62, 62, "additional data", Optional, &ADDITIONAL_DATA),
        field(63, "CRC", Ans, 4, 4, Mandatory, ValueRule::Crc),
        template(64, 64, "merchant information in an alternate language", Optional, &LANGUAGE),
        range(65, 79, "reserved for EMVCo", S, 99),
        template(80, 99, "unreserved template", Optional, &MERCHANT_ACCOUNT),
    ],
);

/// Templates 26–51 (merchant account information), 80–99 (unreserved) and 62/50–99 (payment
/// system specific): a globally unique identifier in 00, then the scheme's own sub-fields.
#[rustfmt::skip]
pub static MERCHANT_ACCOUNT: Table = Table::new(
    "merchant account template",
    &[
        field(0, "globally unique identifier", Ans, 1, 32, Mandatory, ValueRule::Any),
        range(1, 99, "scheme-specific data", S, 99),
    ],
);

/// Template 62, additional data (EMVCo MPM table 3.7; 10 and 11 from version 1.1).
#[rustfmt::skip]
pub static ADDITIONAL_DATA: Table = Table::new(
    "additional data field template",
    &[
        // 00 is not defined in 62; readers meet it in the wild (mvallim/emv-qrcode#29).
        range(0, 0, "reserved for EMVCo", S, 99),
        field(1, "bill number", Ans, 1, 25, Optional, ValueRule::Any),
        field(2, "mobile number", Ans, 1, 25, Optional, ValueRule::Any),
        field(3, "store label", Ans, 1, 25, Optional, ValueRule::Any),
        field(4, "loyalty number", Ans, 1, 25, Optional, ValueRule::Any),
        field(5, "reference label", Ans, 1, 25, Optional, ValueRule::Any),
        field(6, "customer label", Ans, 1, 25, Optional, ValueRule::Any),
        field(7, "terminal label", Ans, 1, 25, Optional, ValueRule::Any),
        field(8, "purpose of transaction", Ans, 1, 25, Optional, ValueRule::Any),
        field(9, "additional consumer data request", Ans, 1, 3, Optional,
            ValueRule::ConsumerDataRequest),
        // EMVCo MPM 1.1.
        field(10, "merchant tax ID", Ans, 1, 20, Optional, ValueRule::Any),
        field(11, "merchant channel", Ans, 3, 3, Optional, ValueRule::MerchantChannel),
        range(12, 49, "reserved for EMVCo", S, 99),
        template(50, 99, "payment system specific template", Optional, &MERCHANT_ACCOUNT),
    ],
);

/// Template 64, merchant information in an alternate language (EMVCo MPM table 3.8).
#[rustfmt::skip]
pub static LANGUAGE: Table = Table::new(
    "merchant information language template",
    &[
        field(0, "language preference", Ans, 2, 2, Mandatory, ValueRule::Any),
        field(1, "merchant name in the alternate language", S, 1, 25, Mandatory, ValueRule::Any),
        field(2, "merchant city in the alternate language", S, 1, 15, Optional, ValueRule::Any),
        range(3, 99, "reserved for EMVCo", S, 99),
    ],
);

// Tables refer to each other (a row's template is a table), so the derive would recurse: a
// table shows as its name.
#[cfg(feature = "defmt")]
impl defmt::Format for Table {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "Table({=str})", self.name)
    }
}

/// The row describing the field at `path`, following templates down from the root.
///
/// ```
/// use emvqr::{fields, TagPath};
/// assert_eq!(fields::spec_at(TagPath::new(26)).unwrap().name, "merchant account information");
/// assert_eq!(fields::spec_at("26.00".parse::<TagPath>().unwrap()).unwrap().name,
///            "globally unique identifier");
/// assert!(fields::spec_at("59.01".parse::<TagPath>().unwrap()).is_none());
/// ```
pub fn spec_at(path: TagPath) -> Option<&'static FieldSpec> {
    let mut table = &ROOT;
    let mut found = None;
    for &id in path.ids() {
        let spec = table.spec(id)?;
        found = Some(spec);
        table = match spec.template() {
            Some(inner) => inner,
            // A primitive has no sub-fields: any deeper ID is unknown.
            None => &EMPTY,
        };
    }
    found
}

static EMPTY: Table = Table::new("primitive value", &[]);

/// The sub-field table of the field at `path`, if it is a template.
pub fn table_at(path: TagPath) -> Option<&'static Table> {
    if path.is_root() {
        return Some(&ROOT);
    }
    spec_at(path)?.template()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_template_agrees_with_the_rows_of_every_table() {
        for table in [
            &ROOT,
            &MERCHANT_ACCOUNT,
            &ADDITIONAL_DATA,
            &LANGUAGE,
            &EMPTY,
        ] {
            for id in 0..=u8::MAX {
                let row_says = table.spec(id).is_some_and(|s| s.template().is_some());
                assert_eq!(table.is_template(id), row_says, "{} {id}", table.name);
            }
        }
        assert!(ROOT.is_template(26) && ROOT.is_template(62) && !ROOT.is_template(59));
    }
}
