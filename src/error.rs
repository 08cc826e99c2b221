//! Errors as values: the rule that broke, the byte offset where, and the field it broke in.
//!
//! Every problem emvqr finds, fatal or tolerated, is an [`Error`]: a [`ErrorKind`] named after
//! the rule, a byte offset into the string the caller passed in, and a [`TagPath`] such as
//! `62.05`. `Display` is written for the person holding the code; programs match on
//! [`Error::kind`].

use crate::amount::AmountError;
use crate::fields::Format;
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
/// (The rule is data, a book and a position in it, rather than one enum of every scheme's
/// rules, so that adding a rule book changes neither this type nor [`ErrorKind`]. Its words —
/// code, message, source — are with the books, in `rules`, and so are the methods that read
/// them: firmware that never prints an error links none of them.)
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SchemeRule {
    /// The book, as `RuleBook`'s discriminant (the book's type lives above this file).
    book: u8,
    /// The rule's position in its book's rule enum.
    rule: u8,
}

impl SchemeRule {
    pub(crate) const fn new(book: u8, rule: u8) -> SchemeRule {
        SchemeRule { book, rule }
    }

    /// The book, as `RuleBook`'s discriminant.
    pub(crate) const fn book_index(self) -> u8 {
        self.book
    }

    /// The rule's position in its book.
    pub(crate) const fn rule_index(self) -> u8 {
        self.rule
    }
}

impl From<AmountError> for ErrorKind {
    fn from(problem: AmountError) -> ErrorKind {
        ErrorKind::InvalidAmount(problem)
    }
}
