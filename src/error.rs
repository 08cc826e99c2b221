//! Errors as values: the rule that broke, the byte offset where, and the field it broke in.
//!
//! Every problem emvqr finds, fatal or tolerated, is an [`Error`]: a [`ErrorKind`] named after
//! the rule, a byte offset into the string the caller passed in, and a [`TagPath`] such as
//! `62.05`. `Display` is written for the person holding the code; programs match on
//! [`Error::kind`].

use core::fmt;

use crate::amount::AmountError;
use crate::fields::{self, Format};

/// Where a field sits in the TLV tree: `59` at the root, `62.05` inside a template, up to three
/// levels (`62.50.00`). The empty path means the payload as a whole.
///
/// ```
/// use emvqr::TagPath;
///
/// let path = TagPath::parse("62.05").unwrap();
/// assert_eq!(path.ids(), &[62, 5]);
/// assert_eq!(path.to_string(), "62.05");
/// assert_eq!(TagPath::root().child(62).child(5), path);
/// ```
#[derive(Clone, Copy, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct TagPath {
    /// The IDs from the root down, levels past the depth 0, then the depth. (One array rather
    /// than three IDs and a depth: the compiler then compares and copies a path as one 4-byte
    /// word more often, without putting it together from bytes; building got about 7 % faster.)
    bytes: [u8; 4],
}

impl TagPath {
    /// The deepest nesting EMVCo defines: a sub-field of a template inside template 62.
    pub const MAX_DEPTH: usize = 3;

    /// The path of the payload itself (no field).
    pub const fn root() -> TagPath {
        TagPath { bytes: [0; 4] }
    }

    /// The path of a root field.
    ///
    /// ```
    /// assert_eq!(emvqr::TagPath::new(59).to_string(), "59");
    /// ```
    pub const fn new(id: u8) -> TagPath {
        TagPath::root().child(id)
    }

    /// The path of sub-field `id` inside this field. Paths deeper than [`TagPath::MAX_DEPTH`]
    /// keep their first levels: EMVCo defines nothing deeper.
    pub const fn child(self, id: u8) -> TagPath {
        let [a, b, c, depth] = self.bytes;
        let bytes = match depth {
            0 => [id, b, c, 1],
            1 => [a, id, c, 2],
            2 => [a, b, id, 3],
            _ => return self,
        };
        TagPath { bytes }
    }

    /// Whether every ID fits a TLV header's two digits (00–99).
    pub(crate) const fn has_two_digit_ids(self) -> bool {
        // Levels past the depth hold 0.
        let [a, b, c, _] = self.bytes;
        a < 100 && b < 100 && c < 100
    }

    /// The enclosing field's path (the root's parent is the root).
    pub const fn parent(self) -> TagPath {
        let [a, b, c, depth] = self.bytes;
        let bytes = match depth {
            1 => [0, b, c, 0],
            2 => [a, 0, c, 1],
            3 => [a, b, 0, 2],
            _ => return self,
        };
        TagPath { bytes }
    }

    /// The IDs from the root down.
    pub fn ids(&self) -> &[u8] {
        self.bytes.get(..self.depth()).unwrap_or(&[])
    }

    /// The last ID, or `None` for the root.
    pub const fn id(&self) -> Option<u8> {
        let [a, b, c, depth] = self.bytes;
        match depth {
            0 => None,
            1 => Some(a),
            2 => Some(b),
            _ => Some(c),
        }
    }

    /// The path of the first `depth` levels (this path itself when it is no deeper).
    pub(crate) const fn ancestor(self, depth: usize) -> TagPath {
        let mut up = self;
        while up.depth() > depth {
            up = up.parent();
        }
        up
    }

    /// How many levels deep: 0 for the payload, 1 for a root field.
    pub const fn depth(&self) -> usize {
        // At most MAX_DEPTH: `child` stops there.
        self.bytes[3] as usize
    }

    /// Whether this is the payload itself rather than a field.
    pub const fn is_root(&self) -> bool {
        self.bytes[3] == 0
    }

    /// Whether `ancestor` is this path or one of its parents (`62` is within `62.05`).
    ///
    /// ```
    /// use emvqr::TagPath;
    /// let txid = TagPath::parse("62.05").unwrap();
    /// assert!(txid.is_within(TagPath::new(62)) && txid.is_within(txid) && txid.is_within(TagPath::root()));
    /// assert!(!TagPath::new(62).is_within(txid) && !txid.is_within(TagPath::new(26)));
    /// ```
    pub fn is_within(self, ancestor: TagPath) -> bool {
        // The IDs packed little-endian: an ancestor's IDs are the low bytes.
        let [a, b, c, depth] = self.bytes;
        let [x, y, z, ancestor_depth] = ancestor.bytes;
        let mask = match ancestor_depth {
            0 => 0,
            1 => 0xFF,
            2 => 0xFFFF,
            _ => 0xFF_FFFF,
        };
        ancestor_depth <= depth
            && (u32::from_le_bytes([a, b, c, 0]) ^ u32::from_le_bytes([x, y, z, 0])) & mask == 0
    }

    /// Reads `"62.05"`-style text: one to three two-digit IDs separated by dots.
    ///
    /// ```
    /// use emvqr::TagPath;
    /// assert_eq!(TagPath::parse("26.00").map(|p| p.ids().to_vec()), Some(vec![26, 0]));
    /// assert!(TagPath::parse("2").is_none());
    /// assert!(TagPath::parse("62.05.01.02").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<TagPath> {
        let mut path = TagPath::root();
        for part in text.split('.') {
            let id = match part.as_bytes() {
                [a @ b'0'..=b'9', b @ b'0'..=b'9'] => (a - b'0') * 10 + (b - b'0'),
                _ => return None,
            };
            if path.depth() == Self::MAX_DEPTH {
                return None;
            }
            path = path.child(id);
        }
        Some(path)
    }
}

impl PartialEq for TagPath {
    /// Compares the four bytes at once (the derived comparison calls `memcmp`).
    fn eq(&self, other: &TagPath) -> bool {
        u32::from_ne_bytes(self.bytes) == u32::from_ne_bytes(other.bytes)
    }
}

impl core::hash::Hash for TagPath {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        // Consistent with `eq`: the same four bytes.
        state.write_u32(u32::from_ne_bytes(self.bytes));
    }
}

impl fmt::Display for TagPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, id) in self.ids().iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{id:02}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for TagPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TagPath(\"{self}\")")
    }
}

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
        actual: u8,
    },
    /// The value is shorter than the field requires.
    ValueTooShort {
        /// The field's minimum, in characters.
        min: u8,
        /// The value's length, in characters.
        actual: u8,
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
    /// Field 56 or 57 is present but field 55 does not announce that kind of fee.
    UnexpectedConvenienceFee,
    /// Field 55 announces a fixed (02) or percentage (03) fee but field 56 or 57 is absent.
    MissingConvenienceFee,

    /// A scheme rule of Pix (key format, txid, currency, …), checked when a payload carries a
    /// Pix account.
    Pix(crate::schemes::pix::PixRule),

    // ----- building
    /// A sub-field was given for a field that is not a template (or for the payload root).
    NotATemplate,
    /// Both a value and sub-fields were given for the same template.
    ConflictingFields,
    /// Field 63 was given; the builder computes the CRC.
    ComputedField,
    /// More fields than a builder holds ([`MAX_FIELDS`](crate::build::MAX_FIELDS)).
    TooManyFields,
    /// A typed setter got an ID outside its range (a merchant account template must be 26–51).
    IdOutOfRange {
        /// The first ID allowed.
        first: u8,
        /// The last ID allowed.
        last: u8,
    },
    /// The output buffer is too small for the payload.
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
            UnexpectedConvenienceFee => "unexpected_convenience_fee",
            MissingConvenienceFee => "missing_convenience_fee",
            Pix(rule) => rule.code(),
            NotATemplate => "not_a_template",
            ConflictingFields => "conflicting_fields",
            ComputedField => "computed_field",
            TooManyFields => "too_many_fields",
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

impl Error {
    /// An error of `kind` at byte `offset`, in the field at `path`.
    pub const fn new(kind: ErrorKind, offset: usize, path: TagPath) -> Error {
        #[allow(clippy::cast_possible_truncation)] // compared with u32::MAX first
        let offset = if offset > u32::MAX as usize {
            u32::MAX
        } else {
            offset as u32
        };
        Error { kind, offset, path }
    }

    /// The broken rule.
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Byte offset into the caller's string.
    pub const fn offset(&self) -> usize {
        self.offset as usize
    }

    /// The field concerned; the root path when the payload as a whole is.
    pub const fn path(&self) -> TagPath {
        self.path
    }
}

/// Writes `field 62.05 (reference label)`, or `the payload` for the root path.
struct FieldLabel(TagPath);

impl fmt::Display for FieldLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_root() {
            return f.write_str("the payload");
        }
        write!(f, "field {}", self.0)?;
        if let Some(spec) = fields::spec_at(self.0) {
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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind::*;
        let field = FieldLabel(self.path);
        let spec = fields::spec_at(self.path);
        match self.kind {
            Empty => f.write_str("the payload is empty")?,
            InputTooLong { chars } => write!(
                f,
                "the payload has {chars} characters; EMVCo allows at most 512"
            )?,
            TruncatedHeader { remaining } => write!(
                f,
                "{}: a field header needs 4 characters (2-digit ID, 2-digit length) but only \
                 {remaining} remain",
                TemplateLabel(self.path)
            )?,
            IdNotDigits { found } => write!(
                f,
                "{}: the field ID {} is not two digits",
                TemplateLabel(self.path),
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
            } => write!(
                f,
                "{field} declares {declared} characters but only {actual} fit before field \
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
            UnexpectedConvenienceFee => write!(
                f,
                "{field} is present but field 55 does not announce this kind of fee \
                 (02 fixed, 03 percentage)"
            )?,
            MissingConvenienceFee => write!(
                f,
                "field 55 (tip or convenience indicator) announces a fee but {field} is missing"
            )?,
            Pix(rule) => write!(f, "{field}: {rule}")?,
            NotATemplate => write!(f, "{field} is not a template, so it cannot have sub-fields")?,
            ConflictingFields => write!(f, "{field} was given both a value and sub-fields")?,
            ComputedField => write!(f, "{field} is computed by the builder and cannot be set")?,
            TooManyFields => write!(
                f,
                "too many fields: a builder holds at most {} (at {field})",
                crate::build::MAX_FIELDS
            )?,
            IdOutOfRange { first, last } => write!(
                f,
                "{field} cannot be set here: this setter takes IDs {first:02} to {last:02}"
            )?,
            OutputTooSmall { needed } => write!(
                f,
                "the output buffer is too small: the payload needs more than {needed} bytes"
            )?,
        }
        write!(f, " — at offset {}", self.offset)
    }
}

/// Writes where a walk happened: `the payload` at the root, `template 62` inside one.
struct TemplateLabel(TagPath);

impl fmt::Display for TemplateLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_root() {
            f.write_str("at the top level")
        } else {
            write!(f, "inside {}", FieldLabel(self.0))
        }
    }
}

impl core::error::Error for Error {}

impl From<AmountError> for ErrorKind {
    fn from(problem: AmountError) -> ErrorKind {
        ErrorKind::InvalidAmount(problem)
    }
}
