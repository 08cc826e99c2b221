//! What a rule book is: the small interface between the conformance walk and a scheme's rules.
//!
//! The walk (in `payload`) checks the EMVCo rules, records where each root field starts, and
//! shows the books the GUI of every merchant account and unreserved template it meets
//! (`Claims`, in the parent module). It then hands each rule book that claimed one of the
//! payload's templates a [`Code`]: the payload's text and that index. The book reads what it
//! needs from there and reports every rule it finds broken as an [`Error`]. It never sees a
//! `Payload`, and adding a book changes nothing outside `rules/`.

use crate::error::{Error, ErrorKind, SchemeRule};
use crate::ids::IdSet;
use crate::path::TagPath;
use crate::tlv::{Cursor, RootIndex, Span, SubIndex, char_count};

/// A payload that passed the structure and frame checks, as a rule book reads it.
///
/// A book asks for values by ID and reports a broken rule by the path of the field concerned;
/// where that field is in the payload is worked out only then, in [`Code::report_value`] and
/// [`Code::report_field`]. So the checks themselves handle a few string slices, and the code that
/// locates fields exists once.
#[derive(Clone, Copy)]
pub(crate) struct Code<'t> {
    text: &'t str,
    /// Byte offset of `text` in the caller's string.
    start: usize,
    /// Whether `text` is all ASCII (lengths in characters are lengths in bytes).
    ascii: bool,
    index: &'t RootIndex,
    /// The sub-fields of the root templates, as the walk met them.
    subs: &'t SubIndex,
    /// The root templates the book being applied claims.
    claimed: IdSet,
}

impl<'t> Code<'t> {
    pub(crate) const fn new(
        text: &'t str,
        start: usize,
        ascii: bool,
        index: &'t RootIndex,
        subs: &'t SubIndex,
    ) -> Self {
        Code {
            text,
            start,
            ascii,
            index,
            subs,
            claimed: IdSet::new(),
        }
    }

    /// The same payload, for a book that claims the root templates `claimed`.
    pub(crate) const fn for_book(self, claimed: IdSet) -> Self {
        Code { claimed, ..self }
    }

    /// The root templates the book being applied claims.
    pub(crate) const fn claimed(&self) -> IdSet {
        self.claimed
    }

    /// The value of root field `id`.
    pub(crate) fn value(&self, id: u8) -> Option<&'t str> {
        let (span, text) = self.root_span(id)?;
        Some(span.value(text))
    }

    /// The value of the first sub-field with each ID of `ids` in root template `template`.
    #[inline(always)]
    pub(crate) fn values<const N: usize>(
        &self,
        template: u8,
        ids: [u8; N],
    ) -> [Option<&'t str>; N] {
        let mut found = [None; N];
        self.find_values(template, &ids, &mut found);
        found
    }

    /// [`Code::values`], one copy of the code for every count of IDs: read from the walk's
    /// record of the sub-fields, or, when that is incomplete, by walking the template.
    #[inline(never)]
    fn find_values(&self, template: u8, ids: &[u8], found: &mut [Option<&'t str>]) {
        let mut fill = |id: u8, value: &'t str| {
            for (slot, &wanted) in found.iter_mut().zip(ids) {
                if wanted == id && slot.is_none() {
                    *slot = Some(value);
                }
            }
        };
        if self.subs.complete() {
            for (id, start, end) in self.subs.of(template) {
                fill(id, self.text.get(start..end).unwrap_or_default());
            }
            return;
        }
        let Some(value) = self.value(template) else {
            return;
        };
        let mut cursor = Cursor::new(value, self.ascii);
        while let Some(Ok(span)) = cursor.next() {
            fill(span.id, span.value(value));
        }
    }

    /// The length of `value` in characters, as EMVCo counts lengths.
    pub(crate) fn chars(&self, value: &str) -> usize {
        if self.ascii {
            value.len()
        } else {
            char_count(value)
        }
    }

    /// Reports `rule` broken at the value of the field at `path`.
    // (The books report through these rather than building an error and passing it on
    // themselves: each of their many report sites is then one call.)
    #[cold]
    #[inline(never)]
    pub(crate) fn report_value(
        &self,
        report: &mut dyn FnMut(Error),
        rule: SchemeRule,
        path: TagPath,
    ) {
        let offset = self.locate(path).map_or(0, |(_, value)| value);
        report(Error::new(ErrorKind::SchemeRule(rule), offset, path));
    }

    /// Reports `rule` broken about the field at `path`, pointing at the start of the field at
    /// `anchor` (`path` itself, or the template a missing field belongs in).
    #[cold]
    #[inline(never)]
    pub(crate) fn report_field(
        &self,
        report: &mut dyn FnMut(Error),
        rule: SchemeRule,
        anchor: TagPath,
        path: TagPath,
    ) {
        let offset = self.locate(anchor).map_or(0, |(field, _)| field);
        report(Error::new(ErrorKind::SchemeRule(rule), offset, path));
    }

    /// Where the field at `path` (root or one level down) and its value start, as byte offsets
    /// of the caller's string.
    fn locate(&self, path: TagPath) -> Option<(usize, usize)> {
        let (root, text) = self.root_span(path.ids().first().copied()?)?;
        let (span, base) = match path.ids().get(1) {
            None => (root, self.start),
            Some(&id) => {
                let value = root.value(text);
                let mut cursor = Cursor::new(value, self.ascii);
                let span = core::iter::from_fn(|| cursor.next()?.ok()).find(|s| s.id == id)?;
                (span, self.start + root.value_start())
            }
        };
        Some((base + span.start, base + span.value_start()))
    }

    /// The span of root field `id`, in the text it was found in (the payload).
    fn root_span(&self, id: u8) -> Option<(Span, &'t str)> {
        self.index
            .span(self.text, id, self.ascii)
            .map(|span| (span, self.text))
    }
}

/// One scheme's rule book.
pub(crate) struct Book {
    /// The scheme's name, as its rules give it.
    pub(crate) scheme: &'static str,
    /// Whether the root template `id` whose globally unique identifier is `gui` belongs to
    /// the scheme: the book applies to a payload that carries one.
    pub(crate) claims: fn(id: u8, gui: &str) -> bool,
    /// Checks a payload the book applies to (its claimed templates in [`Code::claimed`]),
    /// passing each broken rule to `report`.
    pub(crate) check: fn(code: &Code<'_>, report: &mut dyn FnMut(Error)),
}

/// The rule books emvqr applies, one per scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum RuleBook {
    /// Brazil's Pix: the Banco Central's *Manual de Padrões para Iniciação do Pix*.
    Pix,
    /// Cambodia's KHQR: the National Bank of Cambodia's KHQR SDK documentation and SDK.
    Khqr,
    /// Colombia's Bre-B: the EASPBV industry standard for EMVCo codes, version 1.4.
    BreB,
}

/// The words of one scheme rule, written beside the rule in its book.
#[derive(Debug)]
pub(crate) struct RuleText {
    pub(crate) code: &'static str,
    pub(crate) message: &'static str,
    pub(crate) source: &'static str,
}

/// Declares a rule book's rules: the public enum, each rule's code, message and source, and
/// the conversions to and from [`ErrorKind`](crate::error::ErrorKind).
macro_rules! rules {
    (
        $(#[$meta:meta])*
        pub enum $name:ident in RuleBook::$book:ident {
            $(
                $(#[doc = $doc:literal])*
                $rule:ident => $code:literal, $message:literal, $source:literal;
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[doc = $doc])*
                #[doc = ""]
                #[doc = concat!("Source: ", $source, ".")]
                $rule,
            )*
        }

        impl $name {
            /// Every rule of the book, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$rule),*];

            /// Each rule's words, in declaration order.
            pub(crate) const TEXTS: &'static [$crate::rules::book::RuleText] = &[$(
                $crate::rules::book::RuleText {
                    code: $code,
                    message: $message,
                    source: $source,
                }
            ),*];

            // One text per variant, in the same order: the index is always in bounds.
            #[allow(clippy::indexing_slicing)]
            const fn text(self) -> &'static $crate::rules::book::RuleText {
                &Self::TEXTS[self as usize]
            }

            /// A stable snake_case name, for logs and JSON.
            pub const fn code(self) -> &'static str {
                self.text().code
            }

            /// What the rule says, for people.
            pub const fn message(self) -> &'static str {
                self.text().message
            }

            /// The document (title, version, section) the rule comes from.
            pub const fn source(self) -> &'static str {
                self.text().source
            }
        }

        impl From<$name> for $crate::error::SchemeRule {
            fn from(rule: $name) -> $crate::error::SchemeRule {
                $crate::error::SchemeRule::new($crate::rules::book::RuleBook::$book as u8, rule as u8)
            }
        }

        impl From<$name> for $crate::error::ErrorKind {
            fn from(rule: $name) -> $crate::error::ErrorKind {
                $crate::error::ErrorKind::SchemeRule(rule.into())
            }
        }

        impl TryFrom<$crate::error::ErrorKind> for $name {
            type Error = $crate::error::ErrorKind;

            /// The rule, when `kind` is one of this book's; else `kind` back.
            fn try_from(kind: $crate::error::ErrorKind) -> Result<$name, $crate::error::ErrorKind> {
                match kind {
                    $crate::error::ErrorKind::SchemeRule(rule) => $name::ALL
                        .iter()
                        .copied()
                        .find(|own| $crate::error::SchemeRule::from(*own) == rule)
                        .ok_or(kind),
                    _ => Err(kind),
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.message())
            }
        }
    };
}

pub(crate) use rules;
