//! The tag-length-value walk: a payload or template → its fields, in order, without copying.
//!
//! Each field is a two-digit ID, a two-digit length and a value of that many **characters**
//! (Unicode scalar values, as EMVCo counts them); offsets are **bytes** into the string the
//! walk started from. The walk checks the structure only: digits in the header, a length from
//! 01 to 99, a value that fits, and at most 512 characters in a root payload. What the fields
//! mean is the business of the field table and of `Payload`, which read what this walk finds.
//!
//! ```
//! use emvqr::tlv;
//!
//! let mut walk = tlv::fields("000201520400005303986");
//! let first = walk.next().unwrap()?;
//! assert_eq!((first.id(), first.value(), first.offset()), (0, "01", 0));
//! let ids: Vec<u8> = walk.map(|f| f.map(|f| f.id())).collect::<Result<_, _>>()?;
//! assert_eq!(ids, [52, 53]);
//!
//! // Lengths count characters: "北京" is two characters, six bytes.
//! let city = tlv::fields("0202北京").next().unwrap()?;
//! assert_eq!((city.value(), city.len()), ("北京", 2));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::{Error, ErrorKind};
use crate::fields::{self, FieldSpec};
use crate::path::TagPath;
use crate::text::is_ascii;

/// The longest payload EMVCo allows, in characters.
pub const MAX_PAYLOAD_CHARS: usize = 512;

/// The longest payload lenient parsing reads (the relaxation `LongPayloads`), in characters:
/// 7,089, the most any QR code holds (digits, version 40, level L).
pub const MAX_LENIENT_CHARS: usize = 7089;

/// One field: its ID, its value, and where it sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Field<'a> {
    /// The whole field: ID, length and value.
    raw: &'a str,
    /// Byte offset of the ID in the caller's string.
    offset: usize,
    path: TagPath,
    id: u8,
    /// The declared length, in characters.
    len: u8,
}

impl<'a> Field<'a> {
    /// The two-digit ID as a number.
    pub const fn id(&self) -> u8 {
        self.id
    }

    /// Where the field sits: `59`, `62.05`, …
    pub const fn path(&self) -> TagPath {
        self.path
    }

    /// The value, a slice of the input.
    pub fn value(&self) -> &'a str {
        self.raw.get(4..).unwrap_or_default()
    }

    /// The whole field as written: ID, length and value (`"5913Fulano de Tal"`).
    pub const fn raw(&self) -> &'a str {
        self.raw
    }

    /// Byte offset of the field's ID in the caller's string.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Byte offset of the value in the caller's string.
    pub const fn value_offset(&self) -> usize {
        self.offset + 4
    }

    /// The value's length in characters, as declared.
    #[allow(clippy::len_without_is_empty)] // a field is never empty: lengths start at 01
    pub const fn len(&self) -> usize {
        self.len as usize
    }

    /// The field table's row for this field, if EMVCo defines it.
    pub fn spec(&self) -> Option<&'static FieldSpec> {
        fields::spec_at(self.path)
    }

    /// The field's name from the table, or `"unknown field"`.
    pub fn name(&self) -> &'static str {
        self.spec().map_or("unknown field", |s| s.name)
    }

    /// Whether the table describes this field as a template (26–51, 62, 64, 80–99, 62/50–99).
    pub fn is_template(&self) -> bool {
        self.spec().is_some_and(|s| s.template().is_some())
    }

    /// Walks the value as a template's sub-fields (whatever the table says about the field).
    /// A field three levels deep (`62.50.01`) has none: EMVCo nests no deeper, and the walk
    /// yields [`ErrorKind::NotATemplate`].
    pub fn subfields(&self) -> Fields<'a> {
        Fields::template(self.value(), self.value_offset(), self.path)
    }

    /// The first sub-field with `id`, reading the value as a template; `None` if absent, if
    /// the template is malformed before it, or if the field is three levels deep.
    pub fn subfield(&self, id: u8) -> Option<Field<'a>> {
        // The spans alone: a `Field` is made for the one asked for.
        let path = self.path.child(id)?;
        let value = self.value();
        let mut cursor = Cursor::new(value, is_ascii(value.as_bytes()));
        while let Some(Ok(span)) = cursor.next() {
            if span.id == id {
                return Some(span.field(value, self.value_offset(), path));
            }
        }
        None
    }
}

/// The walk over a payload's or a template's fields; see [`fields()`].
///
/// It yields `Ok(field)` for each well-formed field and stops after the first `Err`.
#[derive(Clone, Debug)]
pub struct Fields<'a> {
    cursor: Cursor<'a>,
    /// Byte offset of the walked text in the caller's string.
    base: usize,
    path: TagPath,
    state: State,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    CheckLength,
    Walking,
    /// The walked field is at the deepest level, so it has no sub-fields to walk.
    TooDeep,
    Done,
}

/// Walks a root payload: checks the 512-character limit first, then yields its fields.
pub fn fields(payload: &str) -> Fields<'_> {
    Fields::root_at(payload, 0)
}

impl<'a> Fields<'a> {
    /// Walks the value of the template at `path`, whose value starts at byte `offset` of the
    /// caller's string.
    pub fn template(value: &'a str, offset: usize, path: TagPath) -> Fields<'a> {
        Fields::template_known(value, offset, path, is_ascii(value.as_bytes()))
    }

    /// [`Fields::template`] when the caller already knows whether `value` is ASCII.
    pub(crate) fn template_known(
        value: &'a str,
        offset: usize,
        path: TagPath,
        ascii: bool,
    ) -> Fields<'a> {
        let state = if path.depth() < TagPath::MAX_DEPTH {
            State::Walking
        } else {
            State::TooDeep
        };
        Fields {
            cursor: Cursor::new(value, ascii),
            base: offset,
            path,
            state,
        }
    }

    /// Walks `text` as if it started at byte `offset` of the caller's string, at the root.
    pub(crate) fn root_at(text: &'a str, offset: usize) -> Fields<'a> {
        Fields {
            cursor: Cursor::new(text, is_ascii(text.as_bytes())),
            base: offset,
            path: TagPath::root(),
            state: State::CheckLength,
        }
    }

    /// Byte offset (in the caller's string) where the walk stands: the next field, or the end.
    pub fn offset(&self) -> usize {
        self.base + self.cursor.position()
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<Field<'a>, Error>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match self.state {
            State::Done => return None,
            State::TooDeep => {
                self.state = State::Done;
                let offset = self.base.saturating_sub(4);
                return Some(Err(Error::new(ErrorKind::NotATemplate, offset, self.path)));
            }
            State::CheckLength => {
                self.state = State::Walking;
                if let Err(kind) = check_payload_length(self.cursor.text) {
                    self.state = State::Done;
                    return Some(Err(Error::new(kind, self.base, self.path)));
                }
            }
            State::Walking => {}
        }
        match self.cursor.next()? {
            Ok(span) => {
                // `template_known` walks only fields above the deepest level.
                let path = self.path.child(span.id).unwrap_or(self.path);
                Some(Ok(span.field(self.cursor.text, self.base, path)))
            }
            Err(broken) => {
                self.state = State::Done;
                Some(Err(self.cursor.error(broken, self.base, self.path)))
            }
        }
    }
}

impl core::iter::FusedIterator for Fields<'_> {}

/// `Err(InputTooLong)` when a root payload has more than 512 characters.
pub(crate) fn check_payload_length(text: &str) -> Result<(), ErrorKind> {
    // Only a string of more than 512 bytes can have more than 512 characters.
    if text.len() > MAX_PAYLOAD_CHARS {
        let chars = char_count(text);
        if chars > MAX_PAYLOAD_CHARS {
            return Err(ErrorKind::InputTooLong {
                chars: u32::try_from(chars).unwrap_or(u32::MAX),
            });
        }
    }
    Ok(())
}

// ------------------------------------------------------------------ the root index

/// Where the first root field of each ID starts, filled by the parser's walk: the payload's
/// accessors and the rule books find a root field without walking to it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub(crate) struct RootIndex {
    /// `slots[id]` is 1 + the byte offset of the first field with `id` in the payload, 0 if
    /// there is none. (Payloads of at most 512 characters have offsets below 2048.)
    slots: [u16; 100],
}

impl RootIndex {
    pub(crate) const fn new() -> RootIndex {
        RootIndex { slots: [0; 100] }
    }

    /// Records the field at `span`, unless one with its ID came first: then `false`.
    #[inline]
    pub(crate) fn record(&mut self, span: &Span) -> bool {
        match self.slots.get_mut(usize::from(span.id)) {
            Some(slot) if *slot == 0 => {
                *slot = u16::try_from(span.start + 1).unwrap_or(u16::MAX);
                true
            }
            _ => false,
        }
    }

    /// Whether a field with `id` is present.
    pub(crate) fn has(&self, id: u8) -> bool {
        self.slots
            .get(usize::from(id))
            .is_some_and(|&slot| slot != 0)
    }

    /// Whether any of the fields `ids` is present.
    pub(crate) fn has_any(&self, ids: core::ops::RangeInclusive<u8>) -> bool {
        let range = usize::from(*ids.start())..=usize::from(*ids.end());
        self.slots
            .get(range)
            .is_some_and(|slots| slots.iter().any(|&slot| slot != 0))
    }

    /// The first root field with `id` of `text` (the payload, at byte `start` of the caller's
    /// string). `ascii` says whether the payload is all ASCII; when unknown, pass `false`: the
    /// length of this one field is then counted, rather than the rest of the payload scanned.
    pub(crate) fn field<'a>(
        &self,
        text: &'a str,
        start: usize,
        id: u8,
        ascii: bool,
    ) -> Option<Field<'a>> {
        let span = self.span(text, id, ascii)?;
        Some(span.field(text, start, TagPath::new(id)))
    }

    /// The span of the first root field with `id`, as byte offsets of `text` (the payload);
    /// `ascii` as for [`RootIndex::field`].
    pub(crate) fn span(&self, text: &str, id: u8, ascii: bool) -> Option<Span> {
        let start = usize::from(*self.slots.get(usize::from(id))?).checked_sub(1)?;
        // (A cursor placed at the field: re-slicing the text from there would check a
        // character boundary the walk already found.)
        let mut cursor = Cursor {
            text,
            position: start,
            ascii,
        };
        cursor.next()?.ok()
    }
}

// ------------------------------------------------------------------ the template index

/// Where the sub-fields of the root templates are, as the parser's walk met them (in payload
/// order, the first occurrence of each template only): what the rule books read, without
/// walking a template a second time. A payload with more sub-fields than it holds leaves it
/// incomplete, and readers walk.
#[derive(Clone, Debug)]
pub(crate) struct SubIndex {
    // (A `heapless::Vec`: its room is not zeroed for every parse, as an array's would be.)
    spans: heapless::Vec<SubSpan, { SubIndex::CAPACITY }>,
    complete: bool,
}

/// A sub-field of a root template: IDs, and where its value is in the payload (bytes).
#[derive(Clone, Copy, Debug)]
struct SubSpan {
    template: u8,
    id: u8,
    value_start: u16,
    end: u16,
}

impl SubIndex {
    /// Whether the walk keeps the record: not on firmware, where the code that reads it is
    /// worth more flash than the second walk of a template or two it saves is worth time.
    const KEPT: bool = !cfg!(target_os = "none");

    /// More than the sub-fields of a Pix, KHQR or Bre-B code, whose templates carry the most.
    const CAPACITY: usize = if Self::KEPT { 32 } else { 0 };

    pub(crate) const fn new() -> SubIndex {
        SubIndex {
            spans: heapless::Vec::new(),
            complete: true,
        }
    }

    /// Records sub-field `span` of root template `template`, whose value starts at byte
    /// `base` of the payload.
    pub(crate) fn record(&mut self, template: u8, span: &Span, base: usize) {
        let value_start = u16::try_from(base + span.value_start());
        let end = u16::try_from(base + span.end);
        let recorded = match (value_start, end) {
            (Ok(value_start), Ok(end)) => self
                .spans
                .push(SubSpan {
                    template,
                    id: span.id,
                    value_start,
                    end,
                })
                .is_ok(),
            _ => false,
        };
        self.complete &= recorded;
    }

    /// Whether every sub-field the walk met is here (never where the record is not kept:
    /// readers then always walk, and the reading of the record is left out of the program).
    pub(crate) const fn complete(&self) -> bool {
        Self::KEPT && self.complete
    }

    /// The sub-fields of root template `template`: ID, and the byte range of the value.
    pub(crate) fn of(&self, template: u8) -> impl Iterator<Item = (u8, usize, usize)> + '_ {
        self.spans
            .iter()
            .filter(move |sub| sub.template == template)
            .map(|sub| (sub.id, usize::from(sub.value_start), usize::from(sub.end)))
    }
}

// ------------------------------------------------------------------ the cursor

/// Where a field sits in the walked text, as byte offsets; what the validator works with
/// before it needs a [`Field`] or an [`Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) id: u8,
    /// Declared length, in characters.
    pub(crate) len: u8,
    /// Offset of the ID.
    pub(crate) start: usize,
    /// Offset just past the value.
    pub(crate) end: usize,
}

impl Span {
    /// Offset of the value.
    pub(crate) const fn value_start(&self) -> usize {
        self.start + 4
    }

    /// The value, from the text the span was found in.
    pub(crate) fn value<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.value_start()..self.end).unwrap_or_default()
    }

    /// The span as the [`Field`] at `path` of the caller's string (`base` is the text's
    /// offset in it).
    pub(crate) fn field<'a>(&self, text: &'a str, base: usize, path: TagPath) -> Field<'a> {
        Field {
            raw: text.get(self.start..self.end).unwrap_or_default(),
            offset: base + self.start,
            path,
            id: self.id,
            len: self.len,
        }
    }
}

/// The TLV walk itself, lean: spans out, a [`Broken`] marker when the structure breaks.
#[derive(Clone, Debug)]
pub(crate) struct Cursor<'a> {
    text: &'a str,
    position: usize,
    /// Whether `text` is all ASCII, so that lengths in characters are lengths in bytes.
    ascii: bool,
}

/// The walk broke at this byte offset of the walked text; [`Cursor::error`] says how.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Broken(usize);

impl<'a> Cursor<'a> {
    pub(crate) const fn new(text: &'a str, ascii: bool) -> Cursor<'a> {
        Cursor {
            text,
            position: 0,
            ascii,
        }
    }

    pub(crate) const fn position(&self) -> usize {
        self.position
    }

    // (One copy on targets where flash or download size counts: the parser walks in several
    // places.)
    #[cfg_attr(not(any(target_os = "none", target_family = "wasm")), inline)]
    #[cfg_attr(any(target_os = "none", target_family = "wasm"), inline(never))]
    pub(crate) fn next(&mut self) -> Option<Result<Span, Broken>> {
        let rest = self.text.as_bytes().get(self.position..)?;
        if rest.is_empty() {
            return None;
        }
        let broken = Broken(self.position);
        let Some(&header) = rest.first_chunk::<4>() else {
            return Some(Err(broken));
        };
        let Some([id, len]) = header_digits(header) else {
            return Some(Err(broken));
        };
        let value_start = self.position + 4;
        let end = if self.ascii {
            value_start + usize::from(len)
        } else {
            let after_header = self.text.get(value_start..).unwrap_or_default();
            match byte_len_of_chars(after_header, usize::from(len)) {
                Ok(bytes) => value_start + bytes,
                Err(_) => return Some(Err(broken)),
            }
        };
        if len == 0 || end > self.text.len() {
            return Some(Err(broken));
        }
        let span = Span {
            id,
            len,
            start: self.position,
            end,
        };
        self.position = end;
        Some(Ok(span))
    }
}

impl Cursor<'_> {
    /// The precise error for a break this cursor reported, its text sitting at `base` in the
    /// caller's string, inside `parent`.
    #[cold]
    pub(crate) fn error(&self, broken: Broken, base: usize, parent: TagPath) -> Error {
        let rest = self.text.get(broken.0..).unwrap_or_default();
        let offset = base + broken.0;
        let bytes = rest.as_bytes();
        let &[i0, i1, l0, l1, ..] = bytes else {
            let remaining = u8::try_from(char_count(rest)).unwrap_or(u8::MAX);
            return Error::new(ErrorKind::TruncatedHeader { remaining }, offset, parent);
        };
        let Some(id) = two_digits(i0, i1) else {
            return Error::new(
                ErrorKind::IdNotDigits {
                    found: first_two_chars(rest),
                },
                offset,
                parent,
            );
        };
        let path = parent.child(id).unwrap_or(parent);
        let Some(len) = two_digits(l0, l1) else {
            let found = first_two_chars(rest.get(2..).unwrap_or_default());
            return Error::new(ErrorKind::LengthNotDigits { found }, offset + 2, path);
        };
        if len == 0 {
            return Error::new(ErrorKind::ZeroLength, offset + 2, path);
        }
        let available = char_count(rest.get(4..).unwrap_or_default());
        let available = u8::try_from(available).unwrap_or(u8::MAX);
        Error::new(
            ErrorKind::ValueOverrun {
                declared: len,
                available,
            },
            offset,
            path,
        )
    }
}

/// A header's four ASCII digits as its ID and length, read as one word: `None` unless all
/// four are digits.
#[inline]
fn header_digits(header: [u8; 4]) -> Option<[u8; 2]> {
    let word = u32::from_le_bytes(header);
    // Digits are 0x30–0x39: high nibble 3, and low nibble still below 10 after adding 6.
    let digits = word & 0xF0F0_F0F0 == 0x3030_3030
        && word.wrapping_add(0x0606_0606) & 0xF0F0_F0F0 == 0x3030_3030;
    if !digits {
        return None;
    }
    // Tens × 10 + units in bytes 0 and 2 (no byte carries: each result is below 100).
    let values = word & 0x0F0F_0F0F;
    let pairs = values.wrapping_mul(10) + (values >> 8);
    let [id, _, len, _] = pairs.to_le_bytes();
    Some([id, len])
}

/// Two ASCII digits as a number.
pub(crate) const fn two_digits(tens: u8, units: u8) -> Option<u8> {
    if tens.is_ascii_digit() && units.is_ascii_digit() {
        Some((tens - b'0') * 10 + (units - b'0'))
    } else {
        None
    }
}

fn first_two_chars(text: &str) -> [char; 2] {
    let mut chars = text.chars();
    core::array::from_fn(|_| chars.next().unwrap_or(' '))
}

/// How many characters `text` has: its bytes that do not continue a UTF-8 sequence. (The
/// standard library's `chars().count()` is quicker on long texts but far larger; payloads are
/// short, and mostly counted only when they are not ASCII.)
pub(crate) fn char_count(text: &str) -> usize {
    text.bytes().filter(|&b| b & 0xC0 != 0x80).count()
}

/// The byte length of the first `chars` characters of `text`, or `Err(characters available)`
/// when `text` is shorter.
pub(crate) fn byte_len_of_chars(text: &str, chars: usize) -> Result<usize, usize> {
    // Fast path: ASCII values, where characters are bytes.
    if let Some(head) = text.as_bytes().get(..chars)
        && is_ascii(head)
    {
        return Ok(chars);
    }
    match text.char_indices().nth(chars) {
        Some((end, _)) => Ok(end),
        None => {
            let available = char_count(text);
            if available == chars {
                Ok(text.len())
            } else {
                Err(available)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_digits_reads_every_digit_header_and_refuses_every_other_byte() {
        for n in 0..10_000u32 {
            let header = [
                b'0' + (n / 1000) as u8,
                b'0' + (n / 100 % 10) as u8,
                b'0' + (n / 10 % 10) as u8,
                b'0' + (n % 10) as u8,
            ];
            assert_eq!(
                header_digits(header),
                Some([(n / 100) as u8, (n % 100) as u8])
            );
        }
        for position in 0..4 {
            for byte in 0..=u8::MAX {
                let mut header = *b"5917";
                header[position] = byte;
                assert_eq!(
                    header_digits(header).is_some(),
                    byte.is_ascii_digit(),
                    "{header:?}"
                );
            }
        }
    }

    fn walk(input: &str) -> Result<Vec<(u8, &str, usize)>, Error> {
        fields(input)
            .map(|f| f.map(|f| (f.id(), f.value(), f.offset())))
            .collect()
    }

    #[test]
    fn char_count_agrees_with_the_standard_library() {
        for text in [
            "",
            "a",
            "é",
            "北京",
            "0202北京0301x",
            "😀x😀",
            "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}",
        ] {
            assert_eq!(char_count(text), text.chars().count(), "{text:?}");
        }
    }

    #[test]
    fn tlv_counts_characters_and_reports_byte_offsets() {
        let fields = walk("0202北京0301x").unwrap();
        assert_eq!(fields, [(2, "北京", 0), (3, "x", 10)]);
    }

    #[test]
    fn tlv_rejects_non_digit_id() {
        let err = walk("000201AA0412345").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::IdNotDigits { found: ['A', 'A'] });
        assert_eq!(err.offset(), 6);
    }

    #[test]
    fn tlv_rejects_non_digit_length() {
        let err = walk("000AXYZ2BFE").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::LengthNotDigits { found: ['0', 'A'] });
        assert_eq!((err.offset(), err.path()), (2, TagPath::new(0)));
    }

    #[test]
    fn tlv_rejects_zero_length() {
        let err = walk("000201620063041234").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ZeroLength);
        assert_eq!((err.offset(), err.path()), (8, TagPath::new(62)));
    }

    #[test]
    fn tlv_rejects_value_overrun() {
        let err = walk("0002016304").unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::ValueOverrun {
                declared: 4,
                available: 0
            }
        );
        assert_eq!(err.offset(), 6);
    }

    #[test]
    fn tlv_rejects_truncated_header() {
        let err = walk("00020163").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TruncatedHeader { remaining: 2 });
        assert_eq!(err.offset(), 6);
    }

    #[test]
    fn tlv_rejects_more_than_512_characters() {
        let long = "9999".to_string() + &"x".repeat(99);
        let input = long.repeat(5) + "6304ABCD"; // 5 * 103 + 8 = 523
        let err = walk(&input).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InputTooLong { chars: 523 });
    }

    #[test]
    fn tlv_accepts_512_multibyte_characters() {
        // 512 characters, more than 512 bytes: allowed.
        let value: String = "é".repeat(96);
        let field = format!("8096{value}");
        let input = format!("{field}{field}{field}{field}{field}9908{}", "é".repeat(8));
        assert_eq!(input.chars().count(), 512);
        assert_eq!(walk(&input).unwrap().len(), 6);
    }

    #[test]
    fn tlv_stops_after_first_error() {
        let mut walk = fields("0002010");
        assert!(walk.next().unwrap().is_ok());
        assert!(walk.next().unwrap().is_err());
        assert!(walk.next().is_none());
    }

    #[test]
    fn tlv_never_slices_inside_a_character() {
        for input in [
            "é",
            "0é",
            "00é",
            "000é",
            "00é1",
            "0001é",
            "0002é",
            "01😀",
            "0102ab😀",
        ] {
            let _ = walk(input);
        }
    }
}
