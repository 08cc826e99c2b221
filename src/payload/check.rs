//! The walk that checks a payload: EMVCo conformance in one pass, then the rule books of the
//! schemes present.
//!
//! The walk works on [`Span`]s; paths, fields and errors are made only when a rule breaks.
//! It records where each root field starts ([`RootIndex`]), which is all the accessors and the
//! rule books need afterwards.

use heapless::Vec as Bounded;

use super::diagnose;
use super::options::{MAX_DEVIATIONS, ParseOptions, Relaxation};
use crate::amount;
use crate::crc16;
use crate::error::{Error, ErrorKind};
use crate::fields::{self, Format, Rule, RuleContent, Rules, ValueRule};
use crate::ids::IdSet;
use crate::path::TagPath;
use crate::rules::{self, Claims, Code};
use crate::text::is_ascii;
use crate::tlv::{
    Cursor, MAX_LENIENT_CHARS, RootIndex, Span, SubIndex, char_count, check_payload_length,
};

/// What a successful check found: the payload without any whitespace lenient parsing
/// trimmed, its byte offset in the caller's string, and how many deviations were tolerated.
pub(crate) struct Checked<'a> {
    pub(crate) text: &'a str,
    pub(crate) start: usize,
    pub(crate) deviation_count: usize,
}

/// Checks `input`, filling `index` and `deviations`. `WRITTEN` says that the builder has just
/// written `input`: it computed the CRC, wrote no surrounding whitespace and every header
/// itself, so none of them is looked at again, and a walk that breaks needs no diagnosis. (A
/// constant, so that a builder's firmware carries none of that code.)
pub(crate) fn check<'a, const WRITTEN: bool>(
    input: &'a str,
    options: &ParseOptions,
    index: &mut RootIndex,
    deviations: &mut Bounded<Error, MAX_DEVIATIONS>,
) -> Result<Checked<'a>, Error> {
    let mut checker = Checker {
        verdict: Verdict {
            options: *options,
            deviations,
            deviation_count: 0,
            first_violation: None,
        },
        ascii: false,
        printable: false,
        claims: Claims::new(),
        subs: SubIndex::new(),
        indexing: false,
    };
    let (text, start) = if WRITTEN {
        (input, 0)
    } else {
        checker.trim(input)?
    };
    checker.walk_root::<WRITTEN>(text, start, index)?;
    if let Some(violation) = checker.verdict.first_violation {
        return Err(violation);
    }
    Ok(Checked {
        text,
        start,
        deviation_count: checker.verdict.deviation_count,
    })
}

/// What a walk has found: tolerated deviations, or the first violation of a rule that is
/// enforced (returned once structure and CRC are known to be sound, because those errors take
/// precedence).
struct Verdict<'d> {
    options: ParseOptions,
    deviations: &'d mut Bounded<Error, MAX_DEVIATIONS>,
    deviation_count: usize,
    first_violation: Option<Error>,
}

impl Verdict<'_> {
    fn violation(&mut self, relaxation: Relaxation, error: Error) {
        if self.options.allows(relaxation) {
            self.deviation_count += 1;
            // Past the capacity only the count grows.
            let _ = self.deviations.push(error);
        } else if self.first_violation.is_none() {
            self.first_violation = Some(error);
        }
    }
}

/// The walk: its verdict, and what it learns of the payload on the way.
struct Checker<'d> {
    verdict: Verdict<'d>,
    /// Whether the payload is all ASCII (lengths in characters are lengths in bytes).
    ascii: bool,
    /// Whether every byte of the payload is printable ASCII, so no ANS field can break its
    /// format and only numeric fields need a look.
    printable: bool,
    /// The root templates each rule book claims, recorded as the walk meets their GUIs.
    claims: Claims,
    /// The sub-fields of the root templates, recorded as the walk meets them, for the books.
    subs: SubIndex,
    /// Whether the root field being checked is at its first occurrence, the one the books
    /// read: a template's sub-fields and GUI are recorded then.
    indexing: bool,
}

impl Checker<'_> {
    /// Strips surrounding whitespace if allowed: returns the payload and its byte offset.
    fn trim<'a>(&mut self, input: &'a str) -> Result<(&'a str, usize), Error> {
        // Nearly every payload starts and ends with a byte that cannot begin or end whitespace
        // (an ASCII character other than a space or a control from tab to carriage return):
        // that is settled without decoding a character.
        let plain = |byte: Option<&u8>| {
            byte.is_some_and(|&b| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' '))
        };
        let bytes = input.as_bytes();
        if plain(bytes.first()) && plain(bytes.last()) {
            return Ok((input, 0));
        }
        let after_start = input.trim_start_matches(is_whitespace);
        let text = after_start.trim_end_matches(is_whitespace);
        if text.is_empty() {
            return Err(Error::new(ErrorKind::Empty, 0, TagPath::root()));
        }
        if text.len() == input.len() {
            return Ok((input, 0));
        }
        let start = input.len() - after_start.len();
        let offset = if start > 0 { 0 } else { start + text.len() };
        let crc_matches_without = crc16::check_tail(text).is_some_and(|check| check.matches());
        let error = Error::new(
            ErrorKind::SurroundingWhitespace {
                crc_matches_without,
            },
            offset,
            TagPath::root(),
        );
        if !self
            .verdict
            .options
            .allows(Relaxation::SurroundingWhitespace)
        {
            return Err(error);
        }
        self.verdict
            .violation(Relaxation::SurroundingWhitespace, error);
        Ok((text, start))
    }

    /// The root walk: structure, frame and field rules, then the rule books; fills `index`.
    fn walk_root<const WRITTEN: bool>(
        &mut self,
        text: &str,
        start: usize,
        index: &mut RootIndex,
    ) -> Result<(), Error> {
        self.check_length(text, start)?;
        self.printable = is_printable_ascii(text.as_bytes());
        self.ascii = self.printable || is_ascii(text.as_bytes());
        let mut cursor = Cursor::new(text, self.ascii);
        let mut crc: Option<Span> = None;
        while let Some(next) = cursor.next() {
            let span = match next {
                Ok(span) => span,
                Err(broken) => {
                    let error = cursor.error(broken, start, TagPath::root());
                    return Err(match WRITTEN {
                        true => error,
                        false => diagnose::root_failure(text, start, error),
                    });
                }
            };
            if span.start == 0 && span.id != 0 {
                return Err(span_error(ErrorKind::FormatIndicatorNotFirst, start, span));
            }
            if let Some(crc) = crc {
                return Err(span_error(ErrorKind::CrcNotLast, start, crc));
            }
            let first = index.record(&span);
            if !first {
                self.duplicate(text, start, TagPath::root(), span);
            }
            if span.id == 63 {
                crc = Some(span);
            } else {
                self.indexing = first;
                self.check_field(&fields::ROOT_RULES, text, start, TagPath::root(), span);
            }
        }
        let Some(crc) = crc else {
            return Err(Error::new(
                ErrorKind::CrcMissing,
                start + cursor.position(),
                TagPath::root(),
            ));
        };
        self.check_crc(text, start, crc, WRITTEN)?;
        let mandatory = MANDATORY_ROOT_IDS.iter().all(|&id| index.has(id));
        if !mandatory || !index.has_any(2..=51) || index.has_any(55..=57) {
            self.check_root_presence(text, start, index, crc.start + start);
        }
        if self.verdict.options.rule_books() != 0 {
            let code = Code::new(text, start, self.ascii, index, &self.subs);
            let verdict = &mut self.verdict;
            rules::apply(&code, &self.claims, &mut |error| {
                verdict.violation(Relaxation::SchemeRules, error);
            });
        }
        Ok(())
    }

    /// At most 512 characters, or with [`Relaxation::LongPayloads`] a deviation up to the most
    /// a QR code holds.
    fn check_length(&mut self, text: &str, start: usize) -> Result<(), Error> {
        let Err(kind) = check_payload_length(text) else {
            return Ok(());
        };
        let error = Error::new(kind, start, TagPath::root());
        let ErrorKind::InputTooLong { chars } = kind else {
            return Err(error);
        };
        if !self.verdict.options.allows(Relaxation::LongPayloads)
            || usize::try_from(chars).unwrap_or(usize::MAX) > MAX_LENIENT_CHARS
        {
            return Err(error);
        }
        self.verdict.violation(Relaxation::LongPayloads, error);
        Ok(())
    }

    /// Mandatory fields, the merchant account and the convenience fee rules (55–57).
    #[cold]
    #[inline(never)]
    fn check_root_presence(&mut self, text: &str, start: usize, index: &RootIndex, end: usize) {
        for id in MANDATORY_ROOT_IDS {
            if !index.has(id) {
                let error = Error::new(ErrorKind::MissingField, end, TagPath::new(id));
                self.verdict.violation(Relaxation::MissingFields, error);
            }
        }
        if !index.has_any(2..=51) {
            let error = Error::new(ErrorKind::MissingMerchantAccount, end, TagPath::root());
            self.verdict.violation(Relaxation::MissingFields, error);
        }
        let ascii = self.ascii;
        let field = |id| index.field(text, start, id, ascii);
        let indicator = field(55).map(|f| f.value());
        for (fee, announced) in [(56, "02"), (57, "03")] {
            match (field(fee), indicator == Some(announced)) {
                (Some(field), false) => {
                    let error = Error::new(
                        ErrorKind::UnexpectedConvenienceFee,
                        field.offset(),
                        field.path(),
                    );
                    self.verdict.violation(Relaxation::InvalidValues, error);
                }
                (None, true) => {
                    let error =
                        Error::new(ErrorKind::MissingConvenienceFee, end, TagPath::new(fee));
                    self.verdict.violation(Relaxation::MissingFields, error);
                }
                _ => {}
            }
        }
    }

    /// Checks one field against its row of `table`, and a template's sub-fields. `text` is the
    /// walked text (the payload or a template's value), at byte `base` of the caller's string.
    #[cfg_attr(not(any(target_os = "none", target_family = "wasm")), inline(always))]
    #[cfg_attr(any(target_os = "none", target_family = "wasm"), inline(never))]
    fn check_field(
        &mut self,
        rules: &'static Rules,
        text: &str,
        base: usize,
        parent: TagPath,
        span: Span,
    ) {
        let Some(rule) = rules.get(span.id) else {
            return;
        };
        // (One comparison: below `min`, the difference wraps round past `max − min`.)
        if span.len.wrapping_sub(rule.min) > rule.max - rule.min {
            self.length_violation(rule, base, parent, span);
        }
        let value_rule = match rule.content {
            RuleContent::Template(inner) => {
                return self.check_template(inner, text, base, parent, span);
            }
            RuleContent::Value(value_rule) => value_rule,
        };
        let value = span.value(text);
        let format_in_doubt = match rule.format {
            Format::N => true,
            Format::Ans | Format::S => !self.printable,
        };
        if format_in_doubt && !fits_format(rule.format, value) {
            self.format_violation(rule, text, base, parent, span);
        }
        if value_rule != ValueRule::Any
            && let Err(kind) = check_value(value_rule, value)
        {
            let error = Error::new(kind, base + span.value_start(), child(parent, span));
            self.verdict.violation(Relaxation::InvalidValues, error);
        }
    }

    #[inline(never)]
    fn check_template(
        &mut self,
        rules: &'static Rules,
        text: &str,
        base: usize,
        parent: TagPath,
        template: Span,
    ) {
        let value = template.value(text);
        let value_base = base + template.value_start();
        let path = child(parent, template);
        let books = self.verdict.options.rule_books();
        let indexing = core::mem::take(&mut self.indexing) && books != 0 && parent.is_root();
        let claiming = indexing && matches!(template.id, 26..=51 | 80..=99);
        let mut cursor = Cursor::new(value, self.ascii);
        let mut seen = IdSet::new();
        while let Some(next) = cursor.next() {
            let span = match next {
                Ok(span) => span,
                Err(broken) => {
                    let error = cursor.error(broken, value_base, path);
                    self.verdict
                        .violation(Relaxation::MalformedTemplates, error);
                    return;
                }
            };
            if !seen.insert(span.id) {
                self.duplicate(value, value_base, path, span);
            } else if indexing {
                self.subs.record(template.id, &span, template.value_start());
                if claiming && span.id == 0 {
                    self.claims.record(books, template.id, span.value(value));
                }
            }
            self.check_field(rules, value, value_base, path, span);
        }
        if !rules.mandatory().without(seen).is_empty() {
            self.missing_subfields(rules, seen, base + template.start, path);
        }
    }

    fn check_crc(
        &mut self,
        text: &str,
        start: usize,
        crc: Span,
        written: bool,
    ) -> Result<(), Error> {
        let path = TagPath::new(63);
        if crc.len != 4 {
            return Err(Error::new(
                ErrorKind::CrcLength { declared: crc.len },
                start + crc.start,
                path,
            ));
        }
        if written {
            // The builder wrote these digits from the checksum it had just computed.
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
            if !self.verdict.options.allows(Relaxation::LowercaseCrc) {
                return Err(error);
            }
            self.verdict.violation(Relaxation::LowercaseCrc, error);
        }
        Ok(())
    }

    // ----- the cold paths that build errors

    #[cold]
    #[inline(never)]
    fn duplicate(&mut self, text: &str, base: usize, parent: TagPath, span: Span) {
        let mut cursor = Cursor::new(text, self.ascii);
        let first = core::iter::from_fn(|| cursor.next()?.ok())
            .find(|field| field.id == span.id)
            .map_or(base + span.start, |field| base + field.start);
        let kind = ErrorKind::DuplicateField {
            first: u32::try_from(first).unwrap_or(u32::MAX),
        };
        let error = Error::new(kind, base + span.start, child(parent, span));
        self.verdict.violation(Relaxation::DuplicateFields, error);
    }

    #[cold]
    #[inline(never)]
    fn length_violation(&mut self, rule: &Rule, base: usize, parent: TagPath, span: Span) {
        let kind = length_error(rule, span.len);
        let error = Error::new(kind, base + span.start, child(parent, span));
        self.verdict.violation(Relaxation::InvalidLengths, error);
    }

    #[cold]
    #[inline(never)]
    fn format_violation(
        &mut self,
        rule: &Rule,
        text: &str,
        base: usize,
        parent: TagPath,
        span: Span,
    ) {
        let (at, kind) = format_error(rule.format, span.value(text));
        let error = Error::new(kind, base + span.value_start() + at, child(parent, span));
        self.verdict.violation(Relaxation::InvalidCharacters, error);
    }

    #[cold]
    #[inline(never)]
    fn missing_subfields(
        &mut self,
        rules: &'static Rules,
        seen: IdSet,
        template_offset: usize,
        path: TagPath,
    ) {
        for id in rules.mandatory().without(seen).iter() {
            let (kind, at) = if core::ptr::eq(rules, &fields::MERCHANT_ACCOUNT_RULES) && id == 0 {
                (ErrorKind::MissingGui, path)
            } else {
                (ErrorKind::MissingField, path.child(id).unwrap_or(path))
            };
            self.verdict.violation(
                Relaxation::MissingFields,
                Error::new(kind, template_offset, at),
            );
        }
    }
}

/// The first rule of the field table that a primitive field the builder wrote breaks, length
/// or format, as the walk reports it: the field at `path` holds `value` and starts at byte `at`
/// of the payload. A builder whose fields are fixed checks them through this rather than
/// walking what it wrote.
///
/// Value rules ([`ValueRule`]) are not asked. The fields that have one (01, 54, 58, …) are
/// written by such a builder from values of types that cannot break them (`Initiation`,
/// `Amount`, constants), and the checks for every kind of value would be most of a
/// firmware builder's check.
pub(crate) fn check_written_text(path: TagPath, value: &str, at: usize) -> Result<(), Error> {
    let Some(rule) = fields::rule_at(path) else {
        return Ok(());
    };
    let len = u8::try_from(char_count(value)).unwrap_or(u8::MAX);
    if len.wrapping_sub(rule.min) > rule.max - rule.min {
        return Err(Error::new(length_error(rule, len), at, path));
    }
    if !fits_format(rule.format, value) {
        let (index, kind) = format_error(rule.format, value);
        return Err(Error::new(kind, at + 4 + index, path));
    }
    Ok(())
}

/// The error of a value `len` characters long, outside `rule`'s bounds.
fn length_error(rule: &Rule, len: u8) -> ErrorKind {
    let actual = u16::from(len);
    if len > rule.max {
        ErrorKind::ValueTooLong {
            max: rule.max,
            actual,
        }
    } else {
        ErrorKind::ValueTooShort {
            min: rule.min,
            actual,
        }
    }
}

/// The first character of `value` that `format` does not allow, with its byte offset.
fn format_error(format: Format, value: &str) -> (usize, ErrorKind) {
    let (at, found) = value
        .char_indices()
        .find(|&(_, c)| !format.allows(c))
        .unwrap_or((0, '\u{FFFD}'));
    (at, ErrorKind::InvalidCharacter { found, format })
}

/// The path of the field at `span` inside `parent`. (The field table has no templates at
/// the deepest level, so the walk never asks for a fourth.)
fn child(parent: TagPath, span: Span) -> TagPath {
    parent.child(span.id).unwrap_or(parent)
}

#[cold]
#[inline(never)]
fn span_error(kind: ErrorKind, start: usize, span: Span) -> Error {
    Error::new(kind, start + span.start, TagPath::new(span.id))
}

/// Whether every byte is printable ASCII, `' '..='~'`: no byte lies more than `~ − ' '`
/// above the space (below it, the subtraction wraps round to far above). (The largest
/// distance rather than `all`, which stops early: so the compiler takes many bytes a step.)
/// [`char::is_whitespace`] (Unicode's `White_Space`), spelled out: the standard library asks
/// a 256-byte table, a large part of a firmware's parser for a question asked only at both ends.
const fn is_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

fn is_printable_ascii(bytes: &[u8]) -> bool {
    let farthest = bytes
        .iter()
        .fold(0, |far: u8, b| far.max(b.wrapping_sub(b' ')));
    farthest <= b'~' - b' '
}

/// The mandatory root fields, read from the table at compile time.
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)] // compile time; ids < 100
const MANDATORY_ROOT_IDS: [u8; 7] = {
    let mut ids = [0u8; 7];
    let mut found = 0;
    let mut id = 0;
    while id < 100 {
        if fields::ROOT_RULES.mandatory().contains(id as u8) && found < ids.len() {
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

/// Whether every character of `value` belongs to `format`.
fn fits_format(format: Format, value: &str) -> bool {
    match format {
        Format::N => value.bytes().all(|b| b.is_ascii_digit()),
        Format::Ans => value.bytes().all(|b| matches!(b, b' '..=b'~')),
        Format::S => value.chars().all(|c| Format::S.allows(c)),
    }
}

/// Checks a primitive value against its rule (format and length are checked separately).
fn check_value(rule: ValueRule, value: &str) -> Result<(), ErrorKind> {
    match rule {
        ValueRule::Any | ValueRule::Crc => Ok(()),
        ValueRule::OneOf(allowed) => match allowed.contains(&value) {
            true => Ok(()),
            false => Err(ErrorKind::ReservedValue),
        },
        ValueRule::Amount => amount::check_amount(value).map_err(ErrorKind::InvalidAmount),
        ValueRule::Percentage => match amount::is_percentage(value) {
            true => Ok(()),
            false => Err(ErrorKind::InvalidPercentage),
        },
        ValueRule::CountryCode => {
            match value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase()) {
                true => Ok(()),
                false => Err(ErrorKind::InvalidCountryCode),
            }
        }
        ValueRule::MerchantChannel => {
            // Medium 0-7, transaction location 0-3, merchant presence 0-3.
            let last = [b'7', b'3', b'3'];
            match (1..)
                .zip(value.bytes())
                .zip(last)
                .find(|&((_, b), last)| !(b'0'..=last).contains(&b))
            {
                Some(((position, _), _)) => Err(ErrorKind::InvalidMerchantChannel { position }),
                None => Ok(()),
            }
        }
        ValueRule::ConsumerDataRequest => {
            let mut seen = 0u8;
            for b in value.bytes() {
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
    use super::is_whitespace;

    #[test]
    fn whitespace_is_the_standard_librarys_for_every_character() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_whitespace(c), c.is_whitespace(), "{c:?}");
        }
    }
}
