//! How errors read: `Display` for [`Error`] and [`ErrorKind`], and their stable codes.
//!
//! The words sit above the rule books, not beside the error types in `error`, because a
//! scheme's rules carry their own words (code, message, source) in `rules`: an error holds only
//! which rule broke, and the text is reached from here. Firmware that checks codes and never
//! prints an error links none of it.

use core::fmt;

use crate::error::{Error, ErrorKind};
use crate::fields;
use crate::path::TagPath;

impl ErrorKind {
    /// A stable snake_case name for the kind, for logs and JSON (`"crc_mismatch"`).
    ///
    /// ```
    /// use emvqr::ErrorKind;
    /// assert_eq!(ErrorKind::MissingField.code(), "missing_field");
    /// ```
    pub fn code(&self) -> &'static str {
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
        self.kind().describe(f, Some(self.path()))?;
        if self.has_offset() {
            write!(f, " — at offset {}", self.offset())?;
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
