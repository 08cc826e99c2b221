//! What a parse checks: [`ParseOptions`], the named [`Relaxation`]s and the rule books.

use crate::rules::RuleBook;

/// How many deviations a lenient `Payload` keeps; `Payload::deviation_count` counts them
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
    /// The rule books of the schemes present ([`rules`](crate::rules): Pix's key formats,
    /// txid, currency): codes from test suites use placeholder keys such as `11111111111`.
    SchemeRules,
    /// Payloads longer than the 512 characters EMVCo allows: real Colombian Bre-B codes have
    /// 521 and 556. Up to [`MAX_LENIENT_CHARS`](crate::tlv::MAX_LENIENT_CHARS), the most any
    /// QR code holds.
    LongPayloads,
}

impl Relaxation {
    /// Every relaxation, in declaration order.
    pub const ALL: &'static [Relaxation] = &[
        Relaxation::SurroundingWhitespace,
        Relaxation::LowercaseCrc,
        Relaxation::MissingFields,
        Relaxation::InvalidCharacters,
        Relaxation::InvalidLengths,
        Relaxation::InvalidValues,
        Relaxation::DuplicateFields,
        Relaxation::MalformedTemplates,
        Relaxation::SchemeRules,
        Relaxation::LongPayloads,
    ];
}

/// Which rules `Payload::parse_with` enforces: strict by default (EMVCo and the rule book of
/// every scheme present), with named relaxations, and rule books that can be left out.
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ParseOptions {
    /// Bit `Relaxation as u16` for each relaxation allowed.
    allowed: u16,
    /// Bit [`RuleBook::bit`] for each rule book applied.
    rule_books: u16,
}

impl Default for ParseOptions {
    fn default() -> ParseOptions {
        ParseOptions::strict()
    }
}

impl ParseOptions {
    /// Every rule enforced, every rule book applied (the default).
    pub const fn strict() -> ParseOptions {
        ParseOptions {
            allowed: 0,
            rule_books: u16::MAX,
        }
    }

    /// Every [`Relaxation`] allowed: any payload whose structure and CRC hold is read, and every
    /// rule it breaks is listed in `Payload::deviations`.
    #[allow(clippy::indexing_slicing)] // `i` stays below the slice's length
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
            allowed: self.allowed | 1 << relaxation as u16,
            ..self
        }
    }

    /// Whether `relaxation` is allowed.
    pub const fn allows(&self, relaxation: Relaxation) -> bool {
        self.allowed & 1 << relaxation as u16 != 0
    }

    /// These options without the rules of `book`: a payload of that scheme is checked against
    /// EMVCo and the other books only.
    ///
    /// ```
    /// use emvqr::rules::RuleBook;
    /// let options = emvqr::ParseOptions::strict().without_rule_book(RuleBook::Pix);
    /// assert!(!options.applies(RuleBook::Pix));
    /// ```
    pub const fn without_rule_book(self, book: RuleBook) -> ParseOptions {
        ParseOptions {
            rule_books: self.rule_books & !book.bit(),
            ..self
        }
    }

    /// These options without any rule book: EMVCo conformance only.
    pub const fn without_rule_books(self) -> ParseOptions {
        ParseOptions {
            rule_books: 0,
            ..self
        }
    }

    /// Whether the rules of `book` are applied.
    pub const fn applies(&self, book: RuleBook) -> bool {
        self.rule_books & book.bit() != 0
    }

    /// Whether every rule is enforced and every rule book applied.
    pub const fn is_strict(&self) -> bool {
        self.allowed == 0 && self.rule_books == u16::MAX
    }

    pub(crate) const fn rule_books(&self) -> u16 {
        self.rule_books
    }
}
