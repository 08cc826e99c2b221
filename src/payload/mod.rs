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
//! 4. **scheme rules**: the rule book of every scheme the payload carries
//!    ([`rules`](crate::rules)), such as the Banco Central's rules for a Pix code.
//!
//! Strict parsing (the default) fails on the first problem, by that precedence. Lenient parsing
//! ([`ParseOptions::lenient`]) still fails on structure and frame, but tolerates each field rule
//! it is told to and lists what it tolerated in [`Payload::deviations`].
//!
//! The module's parts follow the data: `options` says what to check, `check` is the walk,
//! `diagnose` explains a payload whose walk breaks, `views` reads templates.

mod check;
mod diagnose;
mod notes;
mod options;
mod views;

pub(crate) use check::check_written_text;

use heapless::Vec as Bounded;

pub use notes::{Note, notes};
pub use options::{MAX_DEVIATIONS, ParseOptions, Relaxation};
pub use views::{AdditionalData, LanguageTemplate, MerchantAccount, Template};

use crate::amount::{Amount, Currency};
use crate::error::Error;
use crate::fields::Initiation;
use crate::path::TagPath;
use crate::tlv::{Field, Fields, RootIndex};

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
    index: RootIndex,
    deviations: Bounded<Error, MAX_DEVIATIONS>,
}

impl<'a> Payload<'a> {
    /// Parses `input` strictly: every EMVCo rule, and the rule book of every scheme the
    /// payload carries ([`rules`](crate::rules): a Pix code must also follow the Banco
    /// Central's rules). [`parse_with`](Payload::parse_with) relaxes rules or leaves books out.
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
            index: RootIndex::new(),
            deviations: Bounded::new(),
        };
        let checked =
            check::check::<false>(input, options, &mut payload.index, &mut payload.deviations)?;
        payload.deviation_count = checked.deviation_count;
        payload.text = checked.text;
        payload.start = checked.start;
        Ok(payload)
    }

    // ---------------------------------------------------------------- accessors

    /// The payload as parsed (without whitespace that lenient parsing trimmed).
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// The first root field with `id`, if present.
    pub fn get(&self, id: u8) -> Option<Field<'a>> {
        self.index.field(self.text, self.start, id, false)
    }

    /// Whether a root field with `id` is present.
    pub fn has(&self, id: u8) -> bool {
        self.index.has(id)
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

    /// Field 01 as a value: static or dynamic (`None` when absent or reserved).
    pub fn initiation(&self) -> Option<Initiation> {
        Initiation::from_code(self.point_of_initiation()?)
    }

    /// Whether field 01 says the code is dynamic (`"12"`).
    pub fn is_dynamic(&self) -> bool {
        self.initiation() == Some(Initiation::Dynamic)
    }

    /// The merchant accounts, fields 02–51 in payload order: card-scheme primitives (02–25)
    /// and templates with a GUI (26–51).
    pub fn merchant_accounts(&self) -> impl Iterator<Item = MerchantAccount<'a>> + 'a {
        self.fields()
            .filter(|field| (2..=51).contains(&field.id()))
            .map(MerchantAccount::new)
    }

    /// The merchant account field with `id` (02–51).
    pub fn merchant_account(&self, id: u8) -> Option<MerchantAccount<'a>> {
        if !(2..=51).contains(&id) {
            return None;
        }
        self.get(id).map(MerchantAccount::new)
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

    /// Field 53, the transaction currency as written (ISO 4217 numeric, e.g. `"986"`).
    pub fn currency_code(&self) -> Option<&'a str> {
        self.value(53)
    }

    /// Field 53 as a [`Currency`] emvqr knows (`None` when absent or unknown to it; the code
    /// is [`currency_code`](Payload::currency_code)).
    pub fn currency(&self) -> Option<Currency> {
        Currency::by_numeric(self.currency_code()?)
    }

    /// Field 54, the transaction amount as written (`"10.50"`); absent when the payer's app
    /// asks for the amount.
    pub fn amount(&self) -> Option<&'a str> {
        self.value(54)
    }

    /// Field 54 as an [`Amount`] (`None` when absent, or when lenient parsing let through one
    /// that breaks the grammar).
    pub fn amount_value(&self) -> Option<Amount> {
        Amount::parse(self.amount()?).ok()
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
        self.get(62).map(AdditionalData::new)
    }

    /// Field 63, the CRC as written (four hex digits).
    pub fn crc(&self) -> Option<&'a str> {
        self.value(63)
    }

    /// Field 64, merchant information in an alternate language.
    pub fn language_template(&self) -> Option<LanguageTemplate<'a>> {
        self.get(64).map(LanguageTemplate::new)
    }

    /// The unreserved templates, fields 80–99, in payload order.
    pub fn unreserved_templates(&self) -> impl Iterator<Item = Template<'a>> + 'a {
        self.fields()
            .filter(|field| (80..=99).contains(&field.id()))
            .map(Template::new)
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

/// The builder's check of a payload it has just written: [`Payload::parse_with`] as is, the
/// CRC (computed just before) and surrounding whitespace (none written) left out.
// Out of line, unlike `parse_with`: the builder keeps no payload, so there is nothing to copy
// out, and its own code stays small.
#[inline(never)]
pub(crate) fn check_written(text: &str, options: &ParseOptions) -> Result<(), Error> {
    let mut index = RootIndex::new();
    let mut deviations = Bounded::new();
    check::check::<true>(text, options, &mut index, &mut deviations).map(|_| ())
}
