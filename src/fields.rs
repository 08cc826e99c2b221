//! The EMVCo field table: one row per field (or range of IDs), as data.
//!
//! The parser's validator, the builder and the command-line tool all read these tables; none of
//! them repeats a field's name, format or length. (The validator and the builder read them
//! through a view without the names, derived from the same rows when the crate is compiled.)
//! Source: EMVCo QRCPS Merchant-Presented Mode v1.1, tables 3.x and 4.x (restated in
//! `docs/schemes/emvco.md`).
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
    /// The fields that are templates.
    templates: IdSet,
    /// The same rows without their names: what the checks read. Its index by ID is the
    /// table's too.
    rules: &'static Rules,
}

impl Table {
    const fn new(name: &'static str, rules: &'static Rules, specs: &'static [FieldSpec]) -> Table {
        Table {
            name,
            specs,
            templates: Layout::of(specs).templates,
            rules,
        }
    }

    /// Whether the table makes `id` a template.
    pub const fn is_template(&self, id: u8) -> bool {
        self.templates.contains(id)
    }

    /// The row describing `id`, if the table defines it.
    #[inline]
    pub fn spec(&self, id: u8) -> Option<&'static FieldSpec> {
        self.specs.get(self.rules.row(id)?)
    }
}

/// Where each ID's row is, and which IDs are mandatory or templates: computed from a table's
/// rows at compile time, for the table and for its rules.
struct Layout {
    /// `index[id]` is 1 + the row describing `id`, or 0 if none does.
    index: [u8; 100],
    mandatory: IdSet,
    templates: IdSet,
}

impl Layout {
    // Evaluated at compile time: an index out of bounds would fail the build, and the tables
    // have fewer than 256 rows.
    #[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
    const fn of(specs: &[FieldSpec]) -> Layout {
        let mut layout = Layout {
            index: [0; 100],
            mandatory: IdSet::new(),
            templates: IdSet::new(),
        };
        let mut row = 0;
        while row < specs.len() {
            let spec = &specs[row];
            // EMVCo lengths run from 01 to 99, and the validator tests a length against
            // `max − min`.
            assert!(
                1 <= spec.min && spec.min <= spec.max && spec.max <= 99,
                "a row's lengths must satisfy 1 <= min <= max <= 99"
            );
            let mut id = spec.first;
            while id <= spec.last && (id as usize) < layout.index.len() {
                layout.index[id as usize] = row as u8 + 1;
                if matches!(spec.presence, Presence::Mandatory) {
                    layout.mandatory = layout.mandatory.with(id);
                }
                if matches!(spec.content, Content::Template(_)) {
                    layout.templates = layout.templates.with(id);
                }
                id += 1;
            }
            row += 1;
        }
        layout
    }
}

// ------------------------------------------------------------------ the checks' view

/// What the parser's walk and the builder check of a field: a row of a table without its name
/// and presence, derived from the rows at compile time. The checks read these rather than the
/// rows, so that a firmware that parses or builds carries no field names (a kilobyte).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    pub(crate) format: Format,
    pub(crate) min: u8,
    pub(crate) max: u8,
    /// What the value is checked against. (One enum rather than a value rule and an optional
    /// template side by side: a row is then 16 bytes rather than 20.)
    pub(crate) content: RuleContent,
}

/// What a field's value is checked against: a primitive's value rule, or a template's rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RuleContent {
    Value(ValueRule),
    Template(&'static Rules),
}

impl Rule {
    /// The sub-fields' rules, for a template.
    pub(crate) const fn template(&self) -> Option<&'static Rules> {
        match self.content {
            RuleContent::Template(rules) => Some(rules),
            RuleContent::Value(_) => None,
        }
    }
}

/// A table's [`Rule`]s, found by ID as the table's rows are.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Rules {
    rows: &'static [Rule],
    index: [u8; 100],
    mandatory: IdSet,
}

impl Rules {
    const fn new(rows: &'static [Rule], specs: &[FieldSpec]) -> Rules {
        let layout = Layout::of(specs);
        Rules {
            rows,
            index: layout.index,
            mandatory: layout.mandatory,
        }
    }

    /// The row describing `id`, if the table has one (the rules' rows and the table's are in
    /// the same order).
    #[inline]
    fn row(&self, id: u8) -> Option<usize> {
        usize::from(*self.index.get(usize::from(id))?).checked_sub(1)
    }

    /// The rule of the field with `id`, if the table has a row for it.
    #[inline]
    pub(crate) fn get(&self, id: u8) -> Option<&'static Rule> {
        // (Spelled out rather than through `row`: the walk's hot loop compiles tighter so.)
        let row = *self.index.get(usize::from(id))?;
        self.rows.get(usize::from(row).checked_sub(1)?)
    }

    /// The IDs of the mandatory fields.
    pub(crate) const fn mandatory(&self) -> IdSet {
        self.mandatory
    }
}

/// The rules of `specs`, row for row (at compile time: `N` is the number of rows).
#[allow(clippy::indexing_slicing)] // `i` stays below both lengths
const fn rules_of<const N: usize>(specs: &[FieldSpec]) -> [Rule; N] {
    assert!(specs.len() == N, "one rule per row");
    let mut rows = [Rule {
        format: Format::S,
        min: 1,
        max: 99,
        content: RuleContent::Value(ValueRule::Any),
    }; N];
    let mut i = 0;
    while i < N {
        let spec = &specs[i];
        let content = match spec.content {
            Content::Value(rule) => RuleContent::Value(rule),
            Content::Template(table) => RuleContent::Template(table.rules),
        };
        rows[i] = Rule {
            format: spec.format,
            min: spec.min,
            max: spec.max,
            content,
        };
        i += 1;
    }
    rows
}

/// A table and its rules, from one list of rows.
macro_rules! table {
    (
        $(#[$meta:meta])*
        $vis:vis static $table:ident, $rules:ident = ($name:literal, [$($row:expr),* $(,)?]);
    ) => {
        $(#[$meta])*
        $vis static $table: Table = Table::new($name, &$rules, &[$($row),*]);

        pub(crate) static $rules: Rules = {
            const SPECS: &[FieldSpec] = &[$($row),*];
            static ROWS: [Rule; SPECS.len()] = rules_of(SPECS);
            Rules::new(&ROWS, SPECS)
        };
    };
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

table! {
    /// The root of a merchant-presented payload (EMVCo MPM table 3.x).
    #[rustfmt::skip]
    pub static ROOT, ROOT_RULES = (
        "payload",
        [
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
        ]
    );
}

table! {
    /// Templates 26–51 (merchant account information), 80–99 (unreserved) and 62/50–99 (payment
    /// system specific): a globally unique identifier in 00, then the scheme's own sub-fields.
    #[rustfmt::skip]
    pub static MERCHANT_ACCOUNT, MERCHANT_ACCOUNT_RULES = (
        "merchant account template",
        [
            field(0, "globally unique identifier", Ans, 1, 32, Mandatory, ValueRule::Any),
            range(1, 99, "scheme-specific data", S, 99),
        ]
    );
}

table! {
    /// Template 62, additional data (EMVCo MPM table 3.7; 10 and 11 from version 1.1).
    #[rustfmt::skip]
    pub static ADDITIONAL_DATA, ADDITIONAL_DATA_RULES = (
        "additional data field template",
        [
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
        ]
    );
}

table! {
    /// Template 64, merchant information in an alternate language (EMVCo MPM table 3.8).
    #[rustfmt::skip]
    pub static LANGUAGE, LANGUAGE_RULES = (
        "merchant information language template",
        [
            field(0, "language preference", Ans, 2, 2, Mandatory, ValueRule::Any),
            field(1, "merchant name in the alternate language", S, 1, 25, Mandatory, ValueRule::Any),
            field(2, "merchant city in the alternate language", S, 1, 15, Optional, ValueRule::Any),
            range(3, 99, "reserved for EMVCo", S, 99),
        ]
    );
}

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

/// The rule of the field at `path`: [`spec_at`] as the checks read it, without names.
pub(crate) fn rule_at(path: TagPath) -> Option<&'static Rule> {
    let mut rules = Some(&ROOT_RULES);
    let mut found = None;
    for &id in path.ids() {
        // (A primitive has no sub-fields: any deeper ID is unknown.)
        let rule = rules?.get(id)?;
        found = Some(rule);
        rules = rule.template();
    }
    found
}

table! {
    static EMPTY, EMPTY_RULES = ("primitive value", []);
}

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
    fn the_rules_say_what_the_rows_say_for_every_id() {
        let tables = [
            &ROOT,
            &MERCHANT_ACCOUNT,
            &ADDITIONAL_DATA,
            &LANGUAGE,
            &EMPTY,
        ];
        for table in tables {
            for id in 0..=u8::MAX {
                let (spec, rule) = (table.spec(id), table.rules.get(id));
                assert_eq!(spec.is_some(), rule.is_some(), "{} {id}", table.name);
                let (Some(spec), Some(rule)) = (spec, rule) else {
                    continue;
                };
                assert_eq!(
                    (rule.format, rule.min, rule.max),
                    (spec.format, spec.min, spec.max)
                );
                match spec.content {
                    Content::Value(value) => assert_eq!(rule.content, RuleContent::Value(value)),
                    Content::Template(inner) => {
                        assert!(core::ptr::eq(rule.template().unwrap(), inner.rules));
                    }
                }
                assert_eq!(
                    table.rules.mandatory().contains(id),
                    spec.presence == Presence::Mandatory
                );
            }
        }
        // Following templates down gives the same rows as the named tables.
        for path in [
            "26", "26.00", "26.05", "62.05", "62.50.00", "64.01", "59", "59.01", "99.99",
        ] {
            let path: TagPath = path.parse().unwrap();
            let (spec, rule) = (spec_at(path), rule_at(path));
            assert_eq!(
                spec.map(|s| (s.min, s.max)),
                rule.map(|r| (r.min, r.max)),
                "{path}"
            );
        }
    }

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
