//! Errors as values: the rule that broke, the byte offset where, and the field it broke in.
//!
//! Every problem emvqr finds, fatal or tolerated, is an [`Error`]: a [`ErrorKind`] named after
//! the rule, a byte offset into the string the caller passed in, and a [`TagPath`] such as
//! `62.05`. `Display` is written for the person holding the code; programs match on
//! [`Error::kind`].

use core::fmt;

use crate::amount::AmountError;
use crate::fields::{self, Format};
use crate::path::TagPath;

/// What went wrong, named after the rule that was broken.
///
/// The kinds fall in three groups: the **structure** (the TLV walk, the 512-character limit),
/// the **frame** (field 00 first, field 63 last with a correct CRC) and the **field rules**
/// (formats, lengths, presence, values). Lenient parsing tolerates field rules and reports them
/// as deviations; structure and frame errors are always fatal. New kinds may be added in minor
/// releases, so matches need a wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum ErrorKind {
    // ----- structure -----
    /// The input is empty (or only whitespace).
    Empty,
    /// The payload is longer than the 512 characters EMVCo allows.
    InputTooLong {
        /// Characters in the payload (saturating at `u32::MAX`).
        chars: u32,
    },
    /// Fewer than the four characters of a field header (two-digit ID, two-digit length) remain.
    TruncatedHeader {
        /// Characters left (0 to 3).
        remaining: u8,
    },
    /// A field ID is not two decimal digits.
    IdNotDigits {
        /// The two characters found where the ID should be.
        found: [char; 2],
    },
    /// A field length is not two decimal digits.
    LengthNotDigits {
        /// The two characters found where the length should be.
        found: [char; 2],
    },
    /// A field declares length `00`; EMVCo lengths run from 01 to 99.
    ZeroLength,
    /// A field declares more characters than remain in the payload or template.
    ValueOverrun {
        /// The declared length, in characters.
        declared: u8,
        /// Characters that remain (fewer than declared).
        available: u8,
    },
    /// Diagnosis of a broken walk: the field declares `declared` characters, but the rest of the
    /// payload reads as valid TLV only if it holds `actual`, with field `next` after it. Typical
    /// of a value edited after the code was made (a merchant name shortened or redacted).
    LengthMismatch {
        /// The length the field declares.
        declared: u8,
        /// The length that makes the rest of the payload well formed.
        actual: u8,
        /// The ID of the field that then follows.
        next: u8,
    },
    /// Diagnosis of a broken walk: the lengths were counted in UTF-8 bytes instead of characters
    /// (a common generator bug once a value holds accented letters).
    LengthCountsBytes,

    // ----- frame -----
    /// Field 00 (payload format indicator) is not the first field.
    FormatIndicatorNotFirst,
    /// The payload does not end with field 63 (the CRC).
    CrcMissing,
    /// Field 63 (the CRC) is followed by more data; it must be the last field.
    CrcNotLast,
    /// Field 63 declares a length other than 04.
    CrcLength {
        /// The declared length.
        declared: u8,
    },
    /// The CRC is not four hexadecimal digits.
    CrcNotHex,
    /// The CRC is written with lowercase hexadecimal letters.
    CrcLowercase,
    /// The CRC in the payload is not the CRC-16/CCITT-FALSE of its content.
    CrcMismatch {
        /// The CRC written in field 63.
        stated: u16,
        /// The CRC computed over everything up to and including `6304`.
        computed: u16,
    },
    /// Whitespace or a line break surrounds the payload.
    SurroundingWhitespace {
        /// Whether the payload without it ends with a CRC that matches: then the whitespace is
        /// all that is wrong with the frame (copy and paste, `echo`).
        crc_matches_without: bool,
    },

    // ----- field rules -----
    /// A field ID appears twice in the same template (or twice at the root).
    DuplicateField {
        /// Byte offset of the first occurrence.
        first: u32,
    },
    /// A mandatory field is absent.
    MissingField,
    /// None of the merchant account fields 02–51 is present; EMVCo needs at least one.
    MissingMerchantAccount,
    /// A template (26–51, 62/50–99, 80–99) has no globally unique identifier in sub-field 00.
    MissingGui,
    /// A character that the field's format does not allow.
    InvalidCharacter {
        /// The character found.
        found: char,
        /// The format the field requires.
        format: Format,
    },
    /// The value is longer than the field allows.
    ValueTooLong {
        /// The field's maximum, in characters.
        max: u8,
        /// The value's length, in characters.
        actual: u16,
    },
    /// The value is shorter than the field requires.
    ValueTooShort {
        /// The field's minimum, in characters.
        min: u8,
        /// The value's length, in characters.
        actual: u16,
    },
    /// The value is one EMVCo reserves for future use (`00` other than `01`, `01` other than
    /// `11`/`12`, `55` other than `01`–`03`).
    ReservedValue,
    /// A transaction amount or fixed convenience fee (54, 56) breaks the amount grammar.
    InvalidAmount(AmountError),
    /// A convenience fee percentage (57) is not between 00.01 and 99.99.
    InvalidPercentage,
    /// The country code (58) is not two uppercase letters (ISO 3166-1 alpha-2).
    InvalidCountryCode,
    /// Sub-field 62.09 holds something other than the letters A, M, E, each at most once.
    InvalidConsumerDataRequest,
    /// Sub-field 62.11 (merchant channel) is not three characters from EMVCo's lists: the
    /// medium `0`–`7`, the location `0`–`3`, the presence `0`–`3`.
    InvalidMerchantChannel {
        /// The first character that is not on its list (1, 2 or 3).
        position: u8,
    },
    /// Field 56 or 57 is present but field 55 does not announce that kind of fee.
    UnexpectedConvenienceFee,
    /// Field 55 announces a fixed (02) or percentage (03) fee but field 56 or 57 is absent.
    MissingConvenienceFee,

    /// A rule of a scheme's rule book (Pix's key formats, txid, currency, …), checked when a
    /// payload carries that scheme; see [`SchemeRule`].
    SchemeRule(SchemeRule),

    // ----- building
    /// A sub-field was given for a field that is not a template (or for the payload root).
    NotATemplate,
    /// Both a value and sub-fields were given for the same template.
    ConflictingFields,
    /// Field 63 was given; the builder computes the CRC.
    ComputedField,
    /// More fields than a builder holds.
    TooManyFields {
        /// How many it holds.
        max: u16,
    },
    /// A typed setter got an ID outside its range (a merchant account template must be 26–51).
    IdOutOfRange {
        /// The first ID allowed.
        first: u8,
        /// The last ID allowed.
        last: u8,
    },
    /// The output buffer is too small for the payload; the error's path is the field that did
    /// not fit.
    OutputTooSmall {
        /// Bytes needed so far.
        needed: u32,
    },
}

impl ErrorKind {
    /// A stable snake_case name for the kind, for logs and JSON (`"crc_mismatch"`).
    ///
    /// ```
    /// use emvqr::ErrorKind;
    /// assert_eq!(ErrorKind::MissingField.code(), "missing_field");
    /// ```
    pub const fn code(&self) -> &'static str {
        use ErrorKind::*;
        match self {
            Empty => "empty",
            InputTooLong { .. } => "input_too_long",
            TruncatedHeader { .. } => "truncated_header",
            IdNotDigits { .. } => "id_not_digits",
            LengthNotDigits { .. } => "length_not_digits",
            ZeroLength => "zero_length",
            ValueOverrun { .. } => "value_overrun",
            LengthMismatch { .. } => "length_mismatch",
            LengthCountsBytes => "length_counts_bytes",
            FormatIndicatorNotFirst => "format_indicator_not_first",
            CrcMissing => "crc_missing",
            CrcNotLast => "crc_not_last",
            CrcLength { .. } => "crc_length",
            CrcNotHex => "crc_not_hex",
            CrcLowercase => "crc_lowercase",
            CrcMismatch { .. } => "crc_mismatch",
            SurroundingWhitespace { .. } => "surrounding_whitespace",
            DuplicateField { .. } => "duplicate_field",
            MissingField => "missing_field",
            MissingMerchantAccount => "missing_merchant_account",
            MissingGui => "missing_gui",
            InvalidCharacter { .. } => "invalid_character",
            ValueTooLong { .. } => "value_too_long",
            ValueTooShort { .. } => "value_too_short",
            ReservedValue => "reserved_value",
            InvalidAmount(_) => "invalid_amount",
            InvalidPercentage => "invalid_percentage",
            InvalidCountryCode => "invalid_country_code",
            InvalidConsumerDataRequest => "invalid_consumer_data_request",
            InvalidMerchantChannel { .. } => "invalid_merchant_channel",
            UnexpectedConvenienceFee => "unexpected_convenience_fee",
            MissingConvenienceFee => "missing_convenience_fee",
            SchemeRule(rule) => rule.code(),
            NotATemplate => "not_a_template",
            ConflictingFields => "conflicting_fields",
            ComputedField => "computed_field",
            TooManyFields { .. } => "too_many_fields",
            IdOutOfRange { .. } => "id_out_of_range",
            OutputTooSmall { .. } => "output_too_small",
        }
    }
}

/// A problem found in a payload: what ([`kind`](Error::kind)), where ([`offset`](Error::offset),
/// a byte offset into the string the caller passed in) and in which field
/// ([`path`](Error::path)).
///
/// ```
/// use emvqr::{ErrorKind, Payload};
///
/// let error = Payload::parse("000201").unwrap_err();
/// assert_eq!(error.kind(), ErrorKind::CrcMissing);
/// assert_eq!(error.offset(), 6);
/// assert!(error.to_string().contains("offset 6"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Error {
    kind: ErrorKind,
    /// Stored in 32 bits to keep errors small; payloads are at most 512 characters.
    offset: u32,
    path: TagPath,
}

/// The offset of an error that has none: a builder's refusal of a field before anything is
/// written.
const NO_OFFSET: u32 = u32::MAX;

impl Error {
    /// An error of `kind` at byte `offset`, in the field at `path`.
    pub(crate) const fn new(kind: ErrorKind, offset: usize, path: TagPath) -> Error {
        #[allow(clippy::cast_possible_truncation)] // compared with NO_OFFSET first
        let offset = if offset >= NO_OFFSET as usize {
            NO_OFFSET - 1
        } else {
            offset as u32
        };
        Error { kind, offset, path }
    }

    /// The broken rule.
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// An error of `kind` in the field at `path`, with no offset: a field refused before
    /// anything was written.
    pub(crate) const fn without_offset(kind: ErrorKind, path: TagPath) -> Error {
        Error {
            kind,
            offset: NO_OFFSET,
            path,
        }
    }

    /// Byte offset into the caller's string (0 for an error that has none; see
    /// [`has_offset`](Error::has_offset)).
    pub const fn offset(&self) -> usize {
        if self.offset == NO_OFFSET {
            0
        } else {
            self.offset as usize
        }
    }

    /// Whether the error points at a byte: every parse error does; a builder's refusal of a
    /// field before anything is written does not.
    pub const fn has_offset(&self) -> bool {
        self.offset != NO_OFFSET
    }

    /// The field concerned; the root path when the payload as a whole is.
    pub const fn path(&self) -> TagPath {
        self.path
    }
}

/// Writes `field 62.05 (reference label)`, or `the payload` for the root path.
/// `None` is a kind's message for no field in particular.
struct FieldLabel(Option<TagPath>);

impl fmt::Display for FieldLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(path) = self.0 else {
            return f.write_str("the field");
        };
        if path.is_root() {
            return f.write_str("the payload");
        }
        write!(f, "field {path}")?;
        if let Some(spec) = fields::spec_at(path) {
            write!(f, " ({})", spec.name)?;
        }
        Ok(())
    }
}

/// Writes two characters as one quoted string: `"AA"`, `"4\n"`.
struct ShowPair([char; 2]);

impl fmt::Display for ShowPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b] = self.0;
        write!(f, "\"{}{}\"", a.escape_debug(), b.escape_debug())
    }
}

/// Writes a character so that invisible ones can be seen: `'í'`, `'\n'`, `U+200B`.
struct ShowChar(char);

impl fmt::Display for ShowChar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        if c.is_control() || c == '\u{a0}' || ('\u{2000}'..='\u{200f}').contains(&c) {
            write!(f, "U+{:04X}", u32::from(c))
        } else {
            write!(f, "'{}'", c.escape_debug())
        }
    }
}

impl fmt::Display for Error {
    /// What broke, in which field, and at which byte offset (`— at offset N`, when the error
    /// has one).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.describe(f, Some(self.path))?;
        if self.has_offset() {
            write!(f, " — at offset {}", self.offset)?;
        }
        Ok(())
    }
}

impl fmt::Display for ErrorKind {
    /// The rule that broke, for no field in particular (`the field` where an [`Error`] names
    /// one).
    ///
    /// ```
    /// use emvqr::ErrorKind;
    /// assert_eq!(ErrorKind::MissingField.to_string(), "the field is mandatory but missing");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.describe(f, None)
    }
}

impl ErrorKind {
    /// Writes the message of this kind for the field at `path` (`None`: `the field`).
    fn describe(&self, f: &mut fmt::Formatter<'_>, path: Option<TagPath>) -> fmt::Result {
        use ErrorKind::*;
        let field = FieldLabel(path);
        let spec = path.and_then(fields::spec_at);
        match *self {
            Empty => f.write_str("the payload is empty")?,
            InputTooLong { chars } => write!(
                f,
                "the payload has {chars} characters; EMVCo allows at most 512"
            )?,
            TruncatedHeader { remaining } => write!(
                f,
                "{}: a field header needs 4 characters (2-digit ID, 2-digit length) but only \
                 {remaining} remain",
                TemplateLabel(path)
            )?,
            IdNotDigits { found } => write!(
                f,
                "{}: the field ID {} is not two digits",
                TemplateLabel(path),
                ShowPair(found)
            )?,
            LengthNotDigits { found } => write!(
                f,
                "{field}: the length {} is not two digits",
                ShowPair(found)
            )?,
            ZeroLength => write!(f, "{field} declares length 00; lengths run from 01 to 99")?,
            ValueOverrun {
                declared,
                available,
            } => write!(
                f,
                "{field} declares {declared} characters but only {available} remain"
            )?,
            LengthMismatch {
                declared,
                actual,
                next,
            } if actual < declared => write!(
                f,
                "{field} declares {declared} characters but only {actual} fit before field \
                 {next:02}; the value was probably edited after the code was made"
            )?,
            LengthMismatch {
                declared,
                actual,
                next,
            } => write!(
                f,
                "{field} declares {declared} characters but {actual} follow before field \
                 {next:02}; the value was probably edited after the code was made"
            )?,
            LengthCountsBytes => write!(
                f,
                "{field}: the lengths count UTF-8 bytes, but EMVCo lengths count characters"
            )?,
            FormatIndicatorNotFirst => write!(
                f,
                "the payload must start with field 00 (payload format indicator) but starts \
                 with {field}"
            )?,
            CrcMissing => f.write_str(
                "the payload does not end with field 63 (CRC): 6304 and four hex digits",
            )?,
            CrcNotLast => write!(f, "{field} must be the last field, but more data follows")?,
            CrcLength { declared } => {
                write!(f, "{field} must declare length 04, not {declared:02}")?
            }
            CrcNotHex => write!(f, "{field} must be four hexadecimal digits")?,
            CrcLowercase => write!(
                f,
                "{field} uses lowercase hex digits; EMVCo codes use 0-9 and A-F"
            )?,
            CrcMismatch { stated, computed } => write!(
                f,
                "CRC mismatch: the payload says {stated:04X}, its content gives {computed:04X}"
            )?,
            SurroundingWhitespace {
                crc_matches_without,
            } => {
                f.write_str("whitespace or a line break surrounds the payload")?;
                if crc_matches_without {
                    f.write_str("; without it, the CRC matches")?;
                }
            }
            DuplicateField { first } => write!(
                f,
                "{field} appears twice (first at offset {first}); each ID may appear once"
            )?,
            MissingField => write!(f, "{field} is mandatory but missing")?,
            MissingMerchantAccount => f.write_str(
                "the payload has no merchant account; EMVCo needs at least one of fields 02-51",
            )?,
            MissingGui => write!(
                f,
                "{field} is a template but has no globally unique identifier in sub-field 00"
            )?,
            InvalidCharacter { found, format } => write!(
                f,
                "{field} allows {} but holds {}",
                format.description(),
                ShowChar(found)
            )?,
            ValueTooLong { max, actual } => match spec {
                Some(s) if s.min == s.max => write!(
                    f,
                    "{field} must hold exactly {max} characters but holds {actual}"
                )?,
                _ => write!(
                    f,
                    "{field} holds {actual} characters; at most {max} are allowed"
                )?,
            },
            ValueTooShort { min, actual } => match spec {
                Some(s) if s.min == s.max => write!(
                    f,
                    "{field} must hold exactly {min} characters but holds {actual}"
                )?,
                _ => write!(
                    f,
                    "{field} holds {actual} characters; at least {min} are required"
                )?,
            },
            ReservedValue => {
                write!(f, "{field} holds a value reserved for future use")?;
                if let Some(allowed) = spec.and_then(|s| s.allowed_values()) {
                    f.write_str("; allowed: ")?;
                    for (i, v) in allowed.iter().enumerate() {
                        if i > 0 {
                            f.write_str(", ")?;
                        }
                        f.write_str(v)?;
                    }
                }
            }
            InvalidAmount(problem) => write!(f, "{field}: {problem}")?,
            InvalidPercentage => write!(
                f,
                "{field} must be a percentage from 00.01 to 99.99 (digits and one '.')"
            )?,
            InvalidCountryCode => write!(
                f,
                "{field} must be two uppercase letters (ISO 3166-1 alpha-2, e.g. BR)"
            )?,
            InvalidConsumerDataRequest => write!(
                f,
                "{field} may only hold the letters A (address), M (mobile), E (e-mail), each once"
            )?,
            InvalidMerchantChannel { position } => {
                let (what, allowed) = match position {
                    1 => ("medium", "0-7"),
                    2 => ("transaction location", "0-3"),
                    _ => ("merchant presence", "0-3"),
                };
                write!(
                    f,
                    "{field}: character {position} is the {what}, one of {allowed}"
                )?
            }
            UnexpectedConvenienceFee => write!(
                f,
                "{field} is present but field 55 does not announce this kind of fee \
                 (02 fixed, 03 percentage)"
            )?,
            MissingConvenienceFee => write!(
                f,
                "field 55 (tip or convenience indicator) announces a fee but {field} is missing"
            )?,
            SchemeRule(rule) => write!(f, "{field}: {}", rule.message())?,
            NotATemplate => write!(f, "{field} is not a template, so it cannot have sub-fields")?,
            ConflictingFields => write!(f, "{field} was given both a value and sub-fields")?,
            ComputedField => write!(f, "{field} is computed by the builder and cannot be set")?,
            TooManyFields { max } => write!(
                f,
                "too many fields: a builder holds at most {max} (at {field})"
            )?,
            IdOutOfRange { first, last } => write!(
                f,
                "{field} cannot be set here: this setter takes IDs {first:02} to {last:02}"
            )?,
            OutputTooSmall { needed } => write!(
                f,
                "the output buffer is too small: writing {field} needs {needed} bytes"
            )?,
        }
        Ok(())
    }
}

/// Writes where a walk happened: `the payload` at the root, `template 62` inside one.
struct TemplateLabel(Option<TagPath>);

impl fmt::Display for TemplateLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(path) if path.is_root() => f.write_str("at the top level"),
            _ => write!(f, "inside {}", FieldLabel(self.0)),
        }
    }
}

impl core::error::Error for Error {}

/// A rule of a scheme's rule book that a payload breaks: which scheme, which rule (a stable
/// code such as `"pix_invalid_cpf"`), what it says and where it is written. Each rule book
/// lists its rules as an enum (`emvqr::rules::pix::PixRule`, …) that converts into an
/// [`ErrorKind`] and back:
///
/// ```
/// use emvqr::rules::pix::PixRule;
/// use emvqr::ErrorKind;
///
/// let kind = ErrorKind::from(PixRule::InvalidCpf);
/// assert_eq!(kind.code(), "pix_invalid_cpf");
/// assert_eq!(PixRule::try_from(kind), Ok(PixRule::InvalidCpf));
/// let ErrorKind::SchemeRule(rule) = kind else { unreachable!() };
/// assert_eq!(rule.scheme(), "Pix");
/// ```
///
/// (The rule is data rather than one enum of every scheme's rules, so that adding a rule book
/// changes neither this type nor [`ErrorKind`].)
#[derive(Clone, Copy)]
pub struct SchemeRule(&'static RuleText);

/// The words of one scheme rule, written beside the rule in its book.
#[derive(Debug)]
pub(crate) struct RuleText {
    pub(crate) scheme: &'static str,
    pub(crate) code: &'static str,
    pub(crate) message: &'static str,
    pub(crate) source: &'static str,
}

impl SchemeRule {
    pub(crate) const fn new(text: &'static RuleText) -> SchemeRule {
        SchemeRule(text)
    }

    /// The scheme whose rule book holds the rule: `"Pix"`.
    pub const fn scheme(&self) -> &'static str {
        self.0.scheme
    }

    /// A stable snake_case name, for logs and JSON: `"pix_invalid_cpf"`.
    pub const fn code(&self) -> &'static str {
        self.0.code
    }

    /// What the rule says, for people.
    pub const fn message(&self) -> &'static str {
        self.0.message
    }

    /// The document (title, version, section) the rule comes from.
    pub const fn source(&self) -> &'static str {
        self.0.source
    }
}

impl PartialEq for SchemeRule {
    fn eq(&self, other: &SchemeRule) -> bool {
        self.0.code == other.0.code
    }
}

impl Eq for SchemeRule {}

impl core::hash::Hash for SchemeRule {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.0.code.hash(state);
    }
}

impl fmt::Debug for SchemeRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SchemeRule({:?})", self.0.code)
    }
}

impl fmt::Display for SchemeRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.message)
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for SchemeRule {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=str}", self.0.code)
    }
}

impl From<AmountError> for ErrorKind {
    fn from(problem: AmountError) -> ErrorKind {
        ErrorKind::InvalidAmount(problem)
    }
}
