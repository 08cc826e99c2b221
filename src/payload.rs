//! [`Payload`]: a merchant-presented payload read and checked against the EMVCo rules.
//!
//! Parsing is one walk over the string. It checks, in this order of precedence:
//!
//! 1. **structure**: the TLV walk at the root, at most 512 characters;
//! 2. **frame**: field 00 first, field 63 last with length 04, four uppercase hex digits, and the
//!    CRC-16/CCITT-FALSE of everything before them;
//! 3. **field rules**, read from the [field table](crate::fields): the format (N, ANS, S) and
//!    length of every field and sub-field, mandatory fields (52, 53, 58, 59, 60, at least one
//!    merchant account 02–51, a GUI in every template), the amount grammar of 54 and 56, the
//!    convenience fee rules of 55–57, reserved values of 00, 01 and 55, no repeated IDs.
//!
//! Strict parsing (the default) fails on the first problem, by that precedence. Lenient parsing
//! ([`ParseOptions::lenient`]) still fails on structure and frame, but tolerates each field rule
//! it is told to and lists what it tolerated in [`Payload::deviations`].

use heapless::Vec as Bounded;

use crate::amount;
use crate::crc16;
use crate::diagnose;
use crate::error::{Error, ErrorKind, TagPath};
use crate::fields::{self, Content, FieldSpec, Format, Table, ValueRule};
use crate::tlv::{Cursor, Field, Fields, Span, check_payload_length};

/// How many deviations a lenient [`Payload`] keeps; [`Payload::deviation_count`] counts them
/// all.
pub const MAX_DEVIATIONS: usize = 16;

/// A field rule that lenient parsing may tolerate. Each one exists because real payloads break
/// it; see the variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Relaxation {
    /// Whitespace or a line break around the payload: what copy and paste, terminals and
    /// `echo` add. Offsets stay relative to the untrimmed input.
    SurroundingWhitespace,
    /// CRC digits in lowercase hex (`6304a3cf`), written by some generators (vietqr-ts).
    LowercaseCrc,
    /// Missing mandatory fields: Thai PromptPay codes omit 52, 59 and 60; some templates lack
    /// their GUI.
    MissingFields,
    /// Characters outside the field's format: accented merchant cities (`BRASÍLIA`) in ANS
    /// fields, letters in numeric fields.
    InvalidCharacters,
    /// Values longer or shorter than the field allows: 26-character names, 16-character cities.
    InvalidLengths,
    /// Values outside their domain: Malaysian DuitNow's `00` = `02`, amounts that break the
    /// grammar, unknown country codes, inconsistent convenience fees.
    InvalidValues,
    /// An ID repeated inside the same template. Accessors return the first occurrence.
    DuplicateFields,
    /// A template (26–51, 62, 64, 80–99) whose value is not well-formed TLV, such as TrueMoney's
    /// hex message in 81. Its sub-field accessors return `None`.
    MalformedTemplates,
    /// A scheme's own rules ([`schemes::pix`](crate::schemes::pix): key formats, txid,
    /// currency): codes from test suites use placeholder keys such as `11111111111`.
    SchemeRules,
}

impl Relaxation {
    /// Every relaxation, in declaration order.
    pub const ALL: [Relaxation; 9] = [
        Relaxation::SurroundingWhitespace,
        Relaxation::LowercaseCrc,
        Relaxation::MissingFields,
        Relaxation::InvalidCharacters,
        Relaxation::InvalidLengths,
        Relaxation::InvalidValues,
        Relaxation::DuplicateFields,
        Relaxation::MalformedTemplates,
        Relaxation::SchemeRules,
    ];

    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// Which rules [`Payload::parse_with`] enforces: strict by default, with named relaxations.
///
/// ```
/// use emvqr::{ParseOptions, Payload, Relaxation};
///
/// // A Thai PromptPay code: no merchant category, name or city.
/// let code = "00020101021129370016A000000677010111011300668012345675802TH530376463046197";
/// assert!(Payload::parse(code).is_err());
///
/// let options = ParseOptions::strict().allow(Relaxation::MissingFields);
/// let payload = Payload::parse_with(code, &options)?;
/// assert_eq!(payload.deviations().len(), 3); // 52, 59, 60
/// assert_eq!(payload.deviations()[0].path().to_string(), "52");
/// # Ok::<(), emvqr::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ParseOptions {
    allowed: u16,
}

impl ParseOptions {
    /// Every rule enforced (the default).
    pub const fn strict() -> ParseOptions {
        ParseOptions { allowed: 0 }
    }

    /// Every [`Relaxation`] allowed: any payload whose structure and CRC hold is read, and every
    /// rule it breaks is listed in [`Payload::deviations`].
    #[allow(clippy::indexing_slicing)] // `i` stays below the array's length
    pub const fn lenient() -> ParseOptions {
        let mut options = ParseOptions::strict();
        let mut i = 0;
        while i < Relaxation::ALL.len() {
            options = options.allow(Relaxation::ALL[i]);
            i += 1;
        }
        options
    }

    /// These options with `relaxation` allowed too.
    pub const fn allow(self, relaxation: Relaxation) -> ParseOptions {
        ParseOptions {
            allowed: self.allowed | relaxation.bit(),
        }
    }

    /// Whether `relaxation` is allowed.
    pub const fn allows(&self, relaxation: Relaxation) -> bool {
        self.allowed & relaxation.bit() != 0
    }

    /// Whether every rule is enforced.
    pub const fn is_strict(&self) -> bool {
        self.allowed & !WRITTEN_BY_BUILDER == 0
    }

    /// For the builder's check of its own output: it has just computed the CRC, and wrote no
    /// surrounding whitespace, so neither is looked at again.
    pub(crate) const fn written_by_builder(self) -> ParseOptions {
        ParseOptions {
            allowed: self.allowed | WRITTEN_BY_BUILDER,
        }
    }
}

/// An internal flag beside the relaxation bits.
const WRITTEN_BY_BUILDER: u16 = 1 << 15;

/// A merchant-presented payload that passed the checks: zero-copy accessors over the input.
///
/// ```
/// use emvqr::Payload;
///
/// let code = "00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42e8-98d7-f6805209d83a\
///             5204000053039865802BR5909Test Test6009SAO PAULO62070503***63041A36";
/// let payload = Payload::parse(code)?;
/// assert_eq!(payload.point_of_initiation(), Some("12"));
/// let account = payload.merchant_accounts().next().unwrap();
/// assert_eq!((account.id(), account.gui()), (43, Some("COM.MERCADOLIBRE")));
/// assert_eq!(account.get(6), Some("4a9e4780-d0a6-42e8-98d7-f6805209d83a"));
/// assert_eq!(payload.additional_data().unwrap().reference_label(), Some("***"));
/// # Ok::<(), emvqr::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
// (In this order, the fields that start zeroed are together and the deviations' room, left
// uninitialised, comes last: zeroing them all at once would zero that room too.)
#[repr(C)]
pub struct Payload<'a> {
    /// The payload, without any surrounding whitespace that lenient parsing trimmed.
    text: &'a str,
    /// Byte offset of `text` in the caller's string.
    start: usize,
    deviation_count: usize,
    /// `index[id]` is 1 + the byte offset in `text` of the first root field with `id`, 0 if
    /// absent.
    index: [u16; 100],
    deviations: Bounded<Error, MAX_DEVIATIONS>,
}

impl<'a> Payload<'a> {
    /// Parses `input` strictly: every EMVCo rule enforced.
    #[inline]
    pub fn parse(input: &'a str) -> Result<Payload<'a>, Error> {
        Payload::parse_with(input, &ParseOptions::strict())
    }

    /// Parses `input` with every [`Relaxation`] allowed; the payload's structure and CRC must
    /// still hold. What it tolerated is in [`Payload::deviations`].
    ///
    /// ```
    /// use emvqr::{ErrorKind, Payload};
    ///
    /// // A Pix code whose city has an accent: not ANS, so strict parsing refuses it.
    /// let code = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000\
    ///             5204000053039865802BR5913Fulano de Tal6008BRASÍLIA62070503***6304B4F6";
    /// assert!(Payload::parse(code).is_err());
    /// let payload = Payload::parse_lenient(code)?;
    /// assert_eq!(payload.merchant_city(), Some("BRASÍLIA"));
    /// let deviation = payload.deviations()[0];
    /// assert!(matches!(deviation.kind(), ErrorKind::InvalidCharacter { found: 'Í', .. }));
    /// assert_eq!(deviation.path().to_string(), "60");
    /// # Ok::<(), emvqr::Error>(())
    /// ```
    #[inline]
    pub fn parse_lenient(input: &'a str) -> Result<Payload<'a>, Error> {
        Payload::parse_with(input, &ParseOptions::lenient())
    }

    /// Parses `input` with the given options.
    // (Inline: a payload is a few hundred bytes, and built in this function's frame it would
    // be copied into the caller's.)
    #[inline]
    pub fn parse_with(input: &'a str, options: &ParseOptions) -> Result<Payload<'a>, Error> {
        let mut payload = Payload {
            text: input,
            start: 0,
            deviation_count: 0,
            index: [0; 100],
            deviations: Bounded::new(),
        };
        let (text, start, deviation_count) =
            check(input, options, &mut payload.index, &mut payload.deviations)?;
        payload.deviation_count = deviation_count;
        payload.text = text;
        payload.start = start;
        Ok(payload)
    }

    // ---------------------------------------------------------------- accessors

    /// The payload as parsed (without whitespace that lenient parsing trimmed).
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// The first root field with `id`, if present.
    pub fn get(&self, id: u8) -> Option<Field<'a>> {
        field_at(self.text, self.start, &self.index, id, false)
    }

    /// Whether a root field with `id` is present.
    pub fn has(&self, id: u8) -> bool {
        self.index
            .get(usize::from(id))
            .is_some_and(|&slot| slot != 0)
    }

    fn value(&self, id: u8) -> Option<&'a str> {
        self.get(id).map(|field| field.value())
    }

    /// Every root field in payload order, unknown and repeated IDs included. Concatenating
    /// their [`raw`](Field::raw) text gives back [`as_str`](Payload::as_str).
    pub fn fields(&self) -> impl Iterator<Item = Field<'a>> + 'a {
        Fields::template(self.text, self.start, TagPath::root()).map_while(Result::ok)
    }

    /// Field 00, the payload format indicator (`"01"`).
    pub fn payload_format_indicator(&self) -> Option<&'a str> {
        self.value(0)
    }

    /// Field 01, the point of initiation method: `"11"` static (the code is reused), `"12"`
    /// dynamic (one code per transaction).
    pub fn point_of_initiation(&self) -> Option<&'a str> {
        self.value(1)
    }

    /// Whether field 01 says the code is dynamic (`"12"`).
    pub fn is_dynamic(&self) -> bool {
        self.point_of_initiation() == Some("12")
    }

    /// The merchant accounts, fields 02–51 in payload order: card-scheme primitives (02–25)
    /// and templates with a GUI (26–51).
    pub fn merchant_accounts(&self) -> impl Iterator<Item = MerchantAccount<'a>> + 'a {
        self.fields()
            .filter(|field| (2..=51).contains(&field.id()))
            .map(|field| MerchantAccount { field })
    }

    /// The merchant account field with `id` (02–51).
    pub fn merchant_account(&self, id: u8) -> Option<MerchantAccount<'a>> {
        if !(2..=51).contains(&id) {
            return None;
        }
        self.get(id).map(|field| MerchantAccount { field })
    }

    /// The merchant account template whose GUI equals `gui`, ignoring ASCII case.
    ///
    /// ```
    /// # let code = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
    /// let payload = emvqr::Payload::parse(code)?;
    /// let pix = payload.merchant_account_by_gui("BR.GOV.BCB.PIX").unwrap();
    /// assert_eq!(pix.get(1), Some("123e4567-e12b-12d1-a456-426655440000"));
    /// # Ok::<(), emvqr::Error>(())
    /// ```
    pub fn merchant_account_by_gui(&self, gui: &str) -> Option<MerchantAccount<'a>> {
        self.merchant_accounts()
            .find(|account| account.gui().is_some_and(|g| g.eq_ignore_ascii_case(gui)))
    }

    /// Field 52, the merchant category code (ISO 18245).
    pub fn merchant_category_code(&self) -> Option<&'a str> {
        self.value(52)
    }

    /// Field 53, the transaction currency (ISO 4217 numeric, e.g. `"986"` for BRL).
    pub fn currency(&self) -> Option<&'a str> {
        self.value(53)
    }

    /// Field 54, the transaction amount as written (`"10.50"`); absent when the payer's app
    /// asks for the amount.
    pub fn amount(&self) -> Option<&'a str> {
        self.value(54)
    }

    /// Field 55, the tip or convenience indicator: `"01"` prompt for a tip, `"02"` fixed fee in
    /// 56, `"03"` percentage fee in 57.
    pub fn tip_or_convenience_indicator(&self) -> Option<&'a str> {
        self.value(55)
    }

    /// Field 56, the fixed convenience fee.
    pub fn convenience_fee_fixed(&self) -> Option<&'a str> {
        self.value(56)
    }

    /// Field 57, the convenience fee percentage.
    pub fn convenience_fee_percentage(&self) -> Option<&'a str> {
        self.value(57)
    }

    /// Field 58, the country code (ISO 3166-1 alpha-2).
    pub fn country_code(&self) -> Option<&'a str> {
        self.value(58)
    }

    /// Field 59, the merchant name.
    pub fn merchant_name(&self) -> Option<&'a str> {
        self.value(59)
    }

    /// Field 60, the merchant city.
    pub fn merchant_city(&self) -> Option<&'a str> {
        self.value(60)
    }

    /// Field 61, the postal code.
    pub fn postal_code(&self) -> Option<&'a str> {
        self.value(61)
    }

    /// Field 62, the additional data template.
    pub fn additional_data(&self) -> Option<AdditionalData<'a>> {
        self.get(62).map(|field| AdditionalData(Template { field }))
    }

    /// Field 63, the CRC as written (four hex digits).
    pub fn crc(&self) -> Option<&'a str> {
        self.value(63)
    }

    /// Field 64, merchant information in an alternate language.
    pub fn language_template(&self) -> Option<LanguageTemplate<'a>> {
        self.get(64)
            .map(|field| LanguageTemplate(Template { field }))
    }

    /// The unreserved templates, fields 80–99, in payload order.
    pub fn unreserved_templates(&self) -> impl Iterator<Item = Template<'a>> + 'a {
        self.fields()
            .filter(|field| (80..=99).contains(&field.id()))
            .map(|field| Template { field })
    }

    /// The rules lenient parsing tolerated, in payload order (at most [`MAX_DEVIATIONS`]; see
    /// [`deviation_count`](Payload::deviation_count)). Empty after strict parsing.
    pub fn deviations(&self) -> &[Error] {
        &self.deviations
    }

    /// How many deviations were found, including any beyond [`MAX_DEVIATIONS`].
    pub const fn deviation_count(&self) -> usize {
        self.deviation_count
    }
}

/// A template field: 26–51, 62, 64, 80–99, or a template nested in 62.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Template<'a> {
    field: Field<'a>,
}

impl<'a> Template<'a> {
    /// Reads `field` as a template.
    pub const fn new(field: Field<'a>) -> Template<'a> {
        Template { field }
    }

    /// The template's ID.
    pub fn id(&self) -> u8 {
        self.field.id()
    }

    /// The template as a field.
    pub const fn field(&self) -> Field<'a> {
        self.field
    }

    /// The value of the first sub-field with `id`.
    pub fn get(&self, id: u8) -> Option<&'a str> {
        self.field.subfield(id).map(|field| field.value())
    }

    /// The globally unique identifier, sub-field 00.
    pub fn gui(&self) -> Option<&'a str> {
        self.get(0)
    }

    /// The sub-fields in order. It ends early at a malformed part (which lenient parsing may
    /// have tolerated).
    pub fn fields(&self) -> impl Iterator<Item = Field<'a>> + 'a {
        self.field.subfields().map_while(Result::ok)
    }
}

/// A merchant account, fields 02–51: a card-scheme primitive (02–25) or a template (26–51).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct MerchantAccount<'a> {
    field: Field<'a>,
}

impl<'a> MerchantAccount<'a> {
    /// The field ID, 02–51.
    pub fn id(&self) -> u8 {
        self.field.id()
    }

    /// The account as a field.
    pub const fn field(&self) -> Field<'a> {
        self.field
    }

    /// Whether this is a template (26–51) rather than a card-scheme primitive (02–25).
    pub fn is_template(&self) -> bool {
        self.id() >= 26
    }

    /// The template, for 26–51.
    pub fn template(&self) -> Option<Template<'a>> {
        self.is_template().then_some(Template { field: self.field })
    }

    /// The globally unique identifier (sub-field 00) of a template; `None` for 02–25.
    pub fn gui(&self) -> Option<&'a str> {
        self.template()?.gui()
    }

    /// A sub-field of a template; `None` for 02–25.
    pub fn get(&self, id: u8) -> Option<&'a str> {
        self.template()?.get(id)
    }

    /// The raw value (for 02–25, the card scheme's merchant identifier).
    pub fn value(&self) -> &'a str {
        self.field.value()
    }
}

/// Field 62, the additional data template, with an accessor per EMVCo sub-field. `"***"` in
/// 01–08 asks the payer's app to prompt for the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct AdditionalData<'a>(Template<'a>);

impl<'a> AdditionalData<'a> {
    /// The template itself, for sub-fields without an accessor.
    pub const fn template(&self) -> Template<'a> {
        self.0
    }

    /// The value of sub-field `id`.
    pub fn get(&self, id: u8) -> Option<&'a str> {
        self.0.get(id)
    }

    /// 62.01, bill number.
    pub fn bill_number(&self) -> Option<&'a str> {
        self.get(1)
    }

    /// 62.02, mobile number.
    pub fn mobile_number(&self) -> Option<&'a str> {
        self.get(2)
    }

    /// 62.03, store label.
    pub fn store_label(&self) -> Option<&'a str> {
        self.get(3)
    }

    /// 62.04, loyalty number.
    pub fn loyalty_number(&self) -> Option<&'a str> {
        self.get(4)
    }

    /// 62.05, reference label (Pix's txid).
    pub fn reference_label(&self) -> Option<&'a str> {
        self.get(5)
    }

    /// 62.06, customer label.
    pub fn customer_label(&self) -> Option<&'a str> {
        self.get(6)
    }

    /// 62.07, terminal label.
    pub fn terminal_label(&self) -> Option<&'a str> {
        self.get(7)
    }

    /// 62.08, purpose of transaction.
    pub fn purpose_of_transaction(&self) -> Option<&'a str> {
        self.get(8)
    }

    /// 62.09, additional consumer data request (`A`, `M`, `E`).
    pub fn additional_consumer_data_request(&self) -> Option<&'a str> {
        self.get(9)
    }

    /// The payment system specific templates, 62.50–99.
    pub fn payment_system_templates(&self) -> impl Iterator<Item = Template<'a>> + 'a {
        self.0
            .fields()
            .filter(|field| field.id() >= 50)
            .map(|field| Template { field })
    }
}

/// Field 64, merchant information in an alternate language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct LanguageTemplate<'a>(Template<'a>);

impl<'a> LanguageTemplate<'a> {
    /// The template itself.
    pub const fn template(&self) -> Template<'a> {
        self.0
    }

    /// 64.00, the language (ISO 639 alpha-2, e.g. `"ZH"`).
    pub fn language_preference(&self) -> Option<&'a str> {
        self.0.get(0)
    }

    /// 64.01, the merchant name in that language.
    pub fn merchant_name(&self) -> Option<&'a str> {
        self.0.get(1)
    }

    /// 64.02, the merchant city in that language.
    pub fn merchant_city(&self) -> Option<&'a str> {
        self.0.get(2)
    }
}

// -------------------------------------------------------------------- checking

/// The builder's check of a payload it has just written: [`Payload::parse_with`] as is, the
/// CRC (computed just before) and surrounding whitespace (none written) left out.
// Out of line, unlike `parse_with`: the builder keeps no payload, so there is nothing to copy
// out, and its own code stays small. (Measured about 1 % faster than inlined: within noise.)
#[inline(never)]
pub(crate) fn check_written(text: &str, options: &ParseOptions) -> Result<(), Error> {
    Payload::parse_with(text, &options.written_by_builder()).map(|_| ())
}

/// Checks `input`: fills `index` and `deviations`, and returns the payload without any
/// whitespace lenient parsing trimmed, its byte offset, and how many deviations were found.
fn check<'a>(
    input: &'a str,
    options: &ParseOptions,
    index: &mut [u16; 100],
    deviations: &mut Bounded<Error, MAX_DEVIATIONS>,
) -> Result<(&'a str, usize, usize), Error> {
    let mut checker = Checker {
        options: *options,
        deviations,
        deviation_count: 0,
        first_violation: None,
        ascii: false,
        printable: false,
        capture: Capture::Nothing,
        pix_parts: PixParts::default(),
    };
    let (text, start) = if options.allowed & WRITTEN_BY_BUILDER != 0 {
        (input, 0)
    } else {
        checker.trim(input)?
    };
    checker.walk_root(text, start, index)?;
    if let Some(violation) = checker.first_violation {
        return Err(violation);
    }
    Ok((text, start, checker.deviation_count))
}

/// Whether every byte is printable ASCII, `' '..='~'`.
fn is_printable_ascii(bytes: &[u8]) -> bool {
    // A byte is printable when it is at most 0x5E above the space (below it, the subtraction
    // wraps round to 0xE0 or more), so the largest such distance decides. Maximums are taken
    // lane by lane over 16-byte blocks, as vector instructions do; the last block may overlap
    // the one before, which cannot change a maximum, so no byte goes through a scalar tail.
    let mut farthest = [0u8; 16];
    let mut take = |block: &[u8; 16]| {
        for (far, &b) in farthest.iter_mut().zip(block) {
            *far = (*far).max(b.wrapping_sub(b' '));
        }
    };
    let (blocks, rest) = bytes.as_chunks::<16>();
    blocks.iter().for_each(&mut take);
    match bytes.last_chunk::<16>() {
        Some(last) if !rest.is_empty() => take(last),
        Some(_) => {}
        // Shorter than a block (no payload is): byte by byte.
        None => return bytes.iter().all(|b| matches!(b, b' '..=b'~')),
    }
    farthest.iter().all(|&far| far <= b'~' - b' ')
}

/// The mandatory root fields, read from the table at compile time.
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)] // compile time; ids < 100
const MANDATORY_ROOT_IDS: [u8; 7] = {
    let mut ids = [0u8; 7];
    let mut found = 0;
    let mut id = 0;
    while id < 100 {
        if fields::ROOT.mandatory() & (1 << id) != 0 && found < ids.len() {
            ids[found] = id as u8;
            found += 1;
        }
        id += 1;
    }
    assert!(
        found == ids.len(),
        "the root table has seven mandatory fields"
    );
    ids
};

/// Collects what a walk finds: tolerated deviations, or the first violation of a rule that is
/// enforced (returned once structure and CRC are known to be sound, because those errors take
/// precedence).
///
/// The walk works on [`Span`]s; paths, fields and errors are only built when a rule breaks.
struct Checker<'d> {
    options: ParseOptions,
    deviations: &'d mut Bounded<Error, MAX_DEVIATIONS>,
    deviation_count: usize,
    first_violation: Option<Error>,
    /// Whether the payload is all ASCII (lengths in characters are lengths in bytes).
    ascii: bool,
    /// Whether every byte of the payload is printable ASCII, so no ANS field can break its
    /// format and only numeric fields need a look.
    printable: bool,
    /// Which template the next template walk also records sub-fields of, for the scheme rules.
    capture: Capture,
    /// The sub-fields the Pix rules read, recorded by the template walks (spans in the payload).
    pix_parts: PixParts,
}

/// The template whose sub-fields a walk records.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Capture {
    Nothing,
    /// The first Pix merchant account: 01 key, 02 info, 03 fss, 25 url.
    PixAccount,
    /// The additional data template (62): 05 txid.
    AdditionalData,
}

/// Spans of the sub-fields the Pix rules read, the first of each ID.
#[derive(Clone, Copy, Default)]
pub(crate) struct PixParts {
    pub(crate) key: Option<Span>,
    pub(crate) info: Option<Span>,
    pub(crate) fss: Option<Span>,
    pub(crate) url: Option<Span>,
    pub(crate) txid: Option<Span>,
}

impl Checker<'_> {
    fn violation(&mut self, relaxation: Relaxation, error: Error) {
        if self.options.allows(relaxation) {
            self.deviation_count += 1;
            // Past the capacity only the count grows.
            let _ = self.deviations.push(error);
        } else if self.first_violation.is_none() {
            self.first_violation = Some(error);
        }
    }

    /// Strips surrounding whitespace if allowed: returns the payload and its byte offset.
    fn trim<'a>(&mut self, input: &'a str) -> Result<(&'a str, usize), Error> {
        // The usual case first: a payload starts with `0` and ends with a hex digit, neither
        // of them whitespace, so the Unicode-aware trim below can be skipped.
        let visible = |byte: Option<&u8>| byte.is_some_and(|b| b.is_ascii_graphic());
        let bytes = input.as_bytes();
        if visible(bytes.first()) && visible(bytes.last()) {
            return Ok((input, 0));
        }
        let text = input.trim();
        if text.is_empty() {
            return Err(Error::new(ErrorKind::Empty, 0, TagPath::root()));
        }
        if text.len() == input.len() {
            return Ok((input, 0));
        }
        let start = input.len() - input.trim_start().len();
        let offset = if start > 0 { 0 } else { start + text.len() };
        let crc_matches_without = crc16::check_tail(text).is_some_and(|check| check.matches());
        let error = Error::new(
            ErrorKind::SurroundingWhitespace {
                crc_matches_without,
            },
            offset,
            TagPath::root(),
        );
        if !self.options.allows(Relaxation::SurroundingWhitespace) {
            return Err(error);
        }
        self.violation(Relaxation::SurroundingWhitespace, error);
        Ok((text, start))
    }

    /// The root walk: structure, frame and field rules; fills `index`.
    fn walk_root(&mut self, text: &str, start: usize, index: &mut [u16; 100]) -> Result<(), Error> {
        check_payload_length(text).map_err(|kind| Error::new(kind, start, TagPath::root()))?;
        self.printable = is_printable_ascii(text.as_bytes());
        self.ascii = self.printable || text.is_ascii();
        let mut cursor = Cursor::new(text, self.ascii);
        let mut crc: Option<Span> = None;
        // The first Pix account, whose scheme rules are checked once the walk is done, the
        // first 62, whose sub-fields they read, and the first 53 and 58, which they read too.
        let mut pix: Option<Span> = None;
        let mut additional = None;
        let mut currency = None;
        let mut country = None;
        while let Some(next) = cursor.next() {
            let span = match next {
                Ok(span) => span,
                Err(broken) => {
                    let error = cursor.error(broken, start, TagPath::root());
                    return Err(diagnose::root_failure(text, start, error));
                }
            };
            if span.start == 0 && span.id != 0 {
                return Err(self.span_error(ErrorKind::FormatIndicatorNotFirst, text, start, span));
            }
            if let Some(crc) = crc {
                return Err(self.span_error(ErrorKind::CrcNotLast, text, start, crc));
            }
            match index.get_mut(usize::from(span.id)) {
                // Payloads are at most 512 characters (2048 bytes): offsets fit in u16.
                Some(slot) if *slot == 0 => {
                    *slot = u16::try_from(span.start + 1).unwrap_or(u16::MAX)
                }
                _ => self.duplicate(text, start, TagPath::root(), span),
            }
            // The templates the Pix rules read; their walks record the sub-fields.
            match span.id {
                26..=51 if pix.is_none() && is_pix_template(span.value(text)) => {
                    pix = Some(span);
                    self.capture = Capture::PixAccount;
                }
                62 if additional.is_none() => {
                    additional = Some(span);
                    self.capture = Capture::AdditionalData;
                }
                53 if currency.is_none() => currency = Some(span),
                58 if country.is_none() => country = Some(span),
                _ => {}
            }
            if span.id == 63 {
                crc = Some(span);
            } else {
                self.check_field(&fields::ROOT, text, start, TagPath::root(), span);
            }
            self.capture = Capture::Nothing;
        }
        let Some(crc) = crc else {
            return Err(Error::new(
                ErrorKind::CrcMissing,
                start + cursor.position(),
                TagPath::root(),
            ));
        };
        self.check_crc(text, start, crc)?;
        let seen = |id: u8| index.get(usize::from(id)).is_some_and(|&slot| slot != 0);
        let any_seen = |ids: &[u16]| ids.iter().fold(0, |any, &slot| any | slot) != 0;
        let has_account = index.get(2..=51).is_some_and(any_seen);
        let has_fee_field = index.get(55..=57).is_some_and(any_seen);
        if !has_account || has_fee_field || !MANDATORY_ROOT_IDS.iter().all(|&id| seen(id)) {
            self.check_root_presence(text, start, index, crc.start + start);
        }
        if let Some(pix) = pix {
            self.check_pix(text, start, pix, currency, country, additional);
        }
        Ok(())
    }

    /// The Pix rules, once the walks found the fields they read. Out of line: the root walk
    /// stays small for the compiler.
    #[inline(never)]
    fn check_pix(
        &mut self,
        text: &str,
        start: usize,
        pix: Span,
        currency: Option<Span>,
        country: Option<Span>,
        additional: Option<Span>,
    ) {
        let parts = &self.pix_parts;
        let fields = crate::schemes::pix::PixFields {
            text,
            start,
            template: pix,
            key: parts.key,
            info: parts.info,
            fss: parts.fss,
            url: parts.url,
            additional,
            txid: additional.and(parts.txid),
            currency,
            country,
        };
        crate::schemes::pix::check(&fields, &mut |error| {
            self.violation(Relaxation::SchemeRules, error);
        });
    }

    /// Mandatory fields, the merchant account and the convenience fee rules (55–57).
    #[cold]
    #[inline(never)]
    fn check_root_presence(&mut self, text: &str, start: usize, index: &[u16; 100], end: usize) {
        let seen = |id: u8| index.get(usize::from(id)).is_some_and(|&slot| slot != 0);
        for id in MANDATORY_ROOT_IDS {
            if !seen(id) {
                let error = Error::new(ErrorKind::MissingField, end, TagPath::new(id));
                self.violation(Relaxation::MissingFields, error);
            }
        }
        if !(2..=51).any(seen) {
            let error = Error::new(ErrorKind::MissingMerchantAccount, end, TagPath::root());
            self.violation(Relaxation::MissingFields, error);
        }
        let ascii = self.ascii;
        let root =
            || Fields::template_known(text, start, TagPath::root(), ascii).map_while(Result::ok);
        let indicator = root().find(|f| f.id() == 55).map(|f| f.value());
        for (fee, announced) in [(56, "02"), (57, "03")] {
            match (root().find(|f| f.id() == fee), indicator == Some(announced)) {
                (Some(field), false) => {
                    let error = Error::new(
                        ErrorKind::UnexpectedConvenienceFee,
                        field.offset(),
                        field.path(),
                    );
                    self.violation(Relaxation::InvalidValues, error);
                }
                (None, true) => {
                    let error =
                        Error::new(ErrorKind::MissingConvenienceFee, end, TagPath::new(fee));
                    self.violation(Relaxation::MissingFields, error);
                }
                _ => {}
            }
        }
    }

    /// Checks one field against its row of `table`, and a template's sub-fields. `text` is the
    /// walked text (the payload or a template's value), at byte `base` of the caller's string.
    #[inline(always)]
    fn check_field(
        &mut self,
        table: &'static Table,
        text: &str,
        base: usize,
        parent: TagPath,
        span: Span,
    ) {
        let Some(spec) = table.spec(span.id) else {
            return;
        };
        // (One comparison: below `min`, the difference wraps round past `max − min`.)
        if span.len.wrapping_sub(spec.min) > spec.max - spec.min {
            self.length_violation(spec, base, parent, span);
        }
        match spec.content {
            Content::Value(rule) => {
                // Bytes, not `str`: spans end on character boundaries, so the checks below need
                // no boundary test.
                let value = text
                    .as_bytes()
                    .get(span.value_start()..span.end)
                    .unwrap_or_default();
                let format_in_doubt = match spec.format {
                    Format::N => true,
                    Format::Ans => !self.printable,
                    Format::S => false,
                };
                if format_in_doubt && !fits_format(spec.format, value) {
                    self.format_violation(spec, text, base, parent, span);
                }
                if rule != ValueRule::Any
                    && let Err(kind) = check_value(rule, value)
                {
                    let error = Error::new(kind, base + span.value_start(), parent.child(span.id));
                    self.violation(Relaxation::InvalidValues, error);
                }
            }
            Content::Template(inner) => self.check_template(inner, text, base, parent, span),
        }
    }

    #[inline(never)]
    fn check_template(
        &mut self,
        table: &'static Table,
        text: &str,
        base: usize,
        parent: TagPath,
        template: Span,
    ) {
        let value = template.value(text);
        let value_base = base + template.value_start();
        let path = parent.child(template.id);
        let mut cursor = Cursor::new(value, self.ascii);
        let mut seen: u128 = 0;
        // Only the root walk's template is captured, not templates inside it.
        let capture = core::mem::replace(&mut self.capture, Capture::Nothing);
        while let Some(next) = cursor.next() {
            let span = match next {
                Ok(span) => span,
                Err(broken) => {
                    let error = cursor.error(broken, value_base, path);
                    self.violation(Relaxation::MalformedTemplates, error);
                    return;
                }
            };
            if capture != Capture::Nothing {
                self.record(capture, span.shifted(template.value_start()));
            }
            let bit = 1u128 << span.id;
            if seen & bit != 0 {
                self.duplicate(value, value_base, path, span);
            }
            seen |= bit;
            self.check_field(table, value, value_base, path, span);
        }
        if seen & table.mandatory() != table.mandatory() {
            self.missing_subfields(table, seen, base + template.start, path);
        }
    }

    /// Keeps the first span of each sub-field the scheme rules read.
    fn record(&mut self, capture: Capture, span: Span) {
        let parts = &mut self.pix_parts;
        let slot = match (capture, span.id) {
            (Capture::PixAccount, 1) => &mut parts.key,
            (Capture::PixAccount, 2) => &mut parts.info,
            (Capture::PixAccount, 3) => &mut parts.fss,
            (Capture::PixAccount, 25) => &mut parts.url,
            (Capture::AdditionalData, 5) => &mut parts.txid,
            _ => return,
        };
        slot.get_or_insert(span);
    }

    fn check_crc(&mut self, text: &str, start: usize, crc: Span) -> Result<(), Error> {
        let path = TagPath::new(63);
        if crc.len != 4 {
            return Err(Error::new(
                ErrorKind::CrcLength { declared: crc.len },
                start + crc.start,
                path,
            ));
        }
        if self.options.allowed & WRITTEN_BY_BUILDER != 0 {
            // The caller wrote these digits from the checksum it had just computed.
            return Ok(());
        }
        let digits_at = start + crc.value_start();
        let digits = crc.value(text).as_bytes();
        let Some(stated) = crc16::from_hex(digits) else {
            return Err(Error::new(ErrorKind::CrcNotHex, digits_at, path));
        };
        let computed =
            crc16::checksum(text.as_bytes().get(..crc.value_start()).unwrap_or_default());
        if stated != computed {
            return Err(Error::new(
                ErrorKind::CrcMismatch { stated, computed },
                digits_at,
                path,
            ));
        }
        if digits.iter().any(u8::is_ascii_lowercase) {
            let error = Error::new(ErrorKind::CrcLowercase, digits_at, path);
            if !self.options.allows(Relaxation::LowercaseCrc) {
                return Err(error);
            }
            self.violation(Relaxation::LowercaseCrc, error);
        }
        Ok(())
    }

    // ----- the cold paths that build errors

    #[cold]
    #[inline(never)]
    fn span_error(&self, kind: ErrorKind, text: &str, base: usize, span: Span) -> Error {
        let field = span.field(text, base, TagPath::root());
        Error::new(kind, field.offset(), field.path())
    }

    #[cold]
    #[inline(never)]
    fn duplicate(&mut self, text: &str, base: usize, parent: TagPath, span: Span) {
        let first = Fields::template_known(text, base, parent, self.ascii)
            .map_while(Result::ok)
            .find(|field| field.id() == span.id)
            .map_or(base + span.start, |field| field.offset());
        let kind = ErrorKind::DuplicateField {
            first: u32::try_from(first).unwrap_or(u32::MAX),
        };
        let error = Error::new(kind, base + span.start, parent.child(span.id));
        self.violation(Relaxation::DuplicateFields, error);
    }

    #[cold]
    #[inline(never)]
    fn length_violation(&mut self, spec: &FieldSpec, base: usize, parent: TagPath, span: Span) {
        let actual = span.len;
        let kind = if actual > spec.max {
            ErrorKind::ValueTooLong {
                max: spec.max,
                actual,
            }
        } else {
            ErrorKind::ValueTooShort {
                min: spec.min,
                actual,
            }
        };
        let error = Error::new(kind, base + span.start, parent.child(span.id));
        self.violation(Relaxation::InvalidLengths, error);
    }

    #[cold]
    #[inline(never)]
    fn format_violation(
        &mut self,
        spec: &FieldSpec,
        text: &str,
        base: usize,
        parent: TagPath,
        span: Span,
    ) {
        let value = span.value(text);
        let at = value
            .bytes()
            .position(|b| !spec.format.allows_byte(b))
            .unwrap_or(0);
        let found = value
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or('\u{FFFD}');
        let kind = ErrorKind::InvalidCharacter {
            found,
            format: spec.format,
        };
        let error = Error::new(kind, base + span.value_start() + at, parent.child(span.id));
        self.violation(Relaxation::InvalidCharacters, error);
    }

    #[cold]
    #[inline(never)]
    fn missing_subfields(
        &mut self,
        table: &'static Table,
        seen: u128,
        template_offset: usize,
        path: TagPath,
    ) {
        let missing = table.mandatory() & !seen;
        for id in 0..100u8 {
            if missing & (1 << id) == 0 {
                continue;
            }
            let (kind, at) = if core::ptr::eq(table, &fields::MERCHANT_ACCOUNT) && id == 0 {
                (ErrorKind::MissingGui, path)
            } else {
                (ErrorKind::MissingField, path.child(id))
            };
            self.violation(
                Relaxation::MissingFields,
                Error::new(kind, template_offset, at),
            );
        }
    }
}

/// Whether a merchant account template's value has the Pix GUI: as its first sub-field (the
/// usual place, checked without a walk), or anywhere.
fn is_pix_template(value: &str) -> bool {
    use crate::schemes::pix::is_gui;
    match value.as_bytes() {
        [b'0', b'0', b'1', b'4', rest @ ..] => rest.get(..14).is_some_and(is_gui),
        [b'0', b'0', ..] => false,
        _ => Fields::template(value, 0, TagPath::root())
            .map_while(Result::ok)
            .any(|f| f.id() == 0 && is_gui(f.value().as_bytes())),
    }
}

/// The first root field with `id`, from the walk's index.
/// `ascii` says whether the payload is all ASCII; when unknown, pass `false`: the length of
/// this one field is then counted, rather than the rest of the payload scanned.
fn field_at<'a>(
    text: &'a str,
    start: usize,
    index: &[u16; 100],
    id: u8,
    ascii: bool,
) -> Option<Field<'a>> {
    let relative = usize::from(*index.get(usize::from(id))?).checked_sub(1)?;
    let rest = text.get(relative..)?;
    let span = Cursor::new(rest, ascii).next()?.ok()?;
    Some(span.field(rest, start + relative, TagPath::root()))
}

/// Whether every character of `value` belongs to `format`.
fn fits_format(format: Format, value: &[u8]) -> bool {
    match format {
        Format::N => value.iter().all(u8::is_ascii_digit),
        Format::Ans => value.iter().all(|b| matches!(b, b' '..=b'~')),
        Format::S => true,
    }
}

/// Checks a primitive value against its rule (format and length are checked separately).
/// The builder calls this too, so both sides enforce the same rules.
pub(crate) fn check_value(rule: ValueRule, value: &[u8]) -> Result<(), ErrorKind> {
    let text = || core::str::from_utf8(value).unwrap_or_default();
    match rule {
        ValueRule::Any | ValueRule::Crc => Ok(()),
        // A plain loop: these values are two characters, not worth a call to memcmp.
        ValueRule::OneOf(allowed) => match allowed
            .iter()
            .any(|a| a.len() == value.len() && a.bytes().zip(value).all(|(x, &y)| x == y))
        {
            true => Ok(()),
            false => Err(ErrorKind::ReservedValue),
        },
        ValueRule::Amount => amount::check_amount(text()).map_err(ErrorKind::InvalidAmount),
        ValueRule::Percentage => match amount::is_percentage(text()) {
            true => Ok(()),
            false => Err(ErrorKind::InvalidPercentage),
        },
        ValueRule::CountryCode => {
            match value.len() == 2 && value.iter().all(u8::is_ascii_uppercase) {
                true => Ok(()),
                false => Err(ErrorKind::InvalidCountryCode),
            }
        }
        ValueRule::ConsumerDataRequest => {
            let mut seen = 0u8;
            for &b in value {
                let bit = match b {
                    b'A' => 1,
                    b'M' => 2,
                    b'E' => 4,
                    _ => return Err(ErrorKind::InvalidConsumerDataRequest),
                };
                if seen & bit != 0 {
                    return Err(ErrorKind::InvalidConsumerDataRequest);
                }
                seen |= bit;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_printable_ascii_agrees_with_a_byte_by_byte_check_at_every_length_and_position() {
        let printable: std::vec::Vec<u8> = (0..80).map(|i| b' ' + (i * 7 % 95) as u8).collect();
        let naive = |bytes: &[u8]| bytes.iter().all(|b| (b' '..=b'~').contains(b));
        for len in 0..=printable.len() {
            assert!(is_printable_ascii(&printable[..len]), "length {len}");
            for at in 0..len {
                for bad in [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF] {
                    let mut bytes = printable[..len].to_vec();
                    bytes[at] = bad;
                    assert_eq!(
                        is_printable_ascii(&bytes),
                        naive(&bytes),
                        "{len} {at} {bad:#x}"
                    );
                    assert!(!is_printable_ascii(&bytes));
                }
            }
        }
        // The edges of the range.
        assert!(is_printable_ascii(b" ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~"));
    }
}
