//! What a rule book is: the small interface between the conformance walk and a scheme's rules.
//!
//! The walk (in `payload`) checks the EMVCo rules and records where each root field starts.
//! It then hands each rule book that claims one of the payload's templates a [`Code`]: the
//! payload's text and that index. The book reads what it needs from there and reports every
//! rule it finds broken as an [`Error`]. It never sees a `Payload`, and adding a book changes
//! nothing outside `rules/`.

use crate::error::Error;
use crate::tlv::{Cursor, Field, RootIndex, ids_in};

/// A payload that passed the structure and frame checks, as a rule book reads it.
#[derive(Clone, Copy)]
pub(crate) struct Code<'t> {
    text: &'t str,
    /// Byte offset of `text` in the caller's string.
    start: usize,
    /// Whether `text` is all ASCII (lengths in characters are lengths in bytes).
    ascii: bool,
    index: &'t RootIndex,
    /// Bit `id` set for each root template the book being applied claims.
    claimed: u128,
}

impl<'t> Code<'t> {
    pub(crate) const fn new(
        text: &'t str,
        start: usize,
        ascii: bool,
        index: &'t RootIndex,
    ) -> Self {
        Code {
            text,
            start,
            ascii,
            index,
            claimed: 0,
        }
    }

    /// The same payload, for a book that claims the templates `claimed` (bit `id` each).
    pub(crate) const fn for_book(self, claimed: u128) -> Self {
        Code { claimed, ..self }
    }

    /// The root templates the book being applied claims, in ID order.
    pub(crate) fn claimed(&self) -> impl Iterator<Item = Field<'t>> + '_ {
        self.claimed_in(0..=99)
    }

    /// The root templates in `ids` the book being applied claims, in ID order.
    pub(crate) fn claimed_in(
        &self,
        ids: core::ops::RangeInclusive<u8>,
    ) -> impl Iterator<Item = Field<'t>> + '_ {
        ids_in(self.claimed)
            .filter(move |id| ids.contains(id))
            .filter_map(|id| self.field(id))
    }

    /// Whether the book being applied claims root template `id`.
    pub(crate) fn claims(&self, id: u8) -> bool {
        id < 128 && self.claimed & 1 << id != 0
    }

    /// The first sub-field of `template` with each ID of `ids`, found in one walk.
    pub(crate) fn subfields<const N: usize>(
        &self,
        template: &Field<'t>,
        ids: [u8; N],
    ) -> [Option<Field<'t>>; N] {
        let mut found = [None; N];
        let value = template.value();
        let mut cursor = Cursor::new(value, self.ascii);
        while let Some(Ok(span)) = cursor.next() {
            for (slot, &id) in found.iter_mut().zip(&ids) {
                if id == span.id && slot.is_none() {
                    let path = template.path().child(id).unwrap_or(template.path());
                    *slot = Some(span.field(value, template.value_offset(), path));
                }
            }
        }
        found
    }

    /// The first root field with `id`.
    pub(crate) fn field(&self, id: u8) -> Option<Field<'t>> {
        self.index.field(self.text, self.start, id, self.ascii)
    }

    /// The root templates that carry a globally unique identifier in sub-field 00 — merchant
    /// accounts (26–51) and unreserved templates (80–99) — with that identifier, in ID order.
    pub(crate) fn templates(&self) -> impl Iterator<Item = (Field<'t>, &'t str)> + '_ {
        self.index
            .present(26..=51)
            .chain(self.index.present(80..=99))
            .filter_map(|id| self.field(id))
            .filter_map(|field| Some((field, gui_of(&field)?)))
    }
}

/// Sub-field 00 of a template: where it usually is, first, without a walk; else anywhere.
fn gui_of<'t>(template: &Field<'t>) -> Option<&'t str> {
    let value = template.value();
    match value.as_bytes() {
        [b'0', b'0', tens, units, ..] if tens.is_ascii_digit() && units.is_ascii_digit() => {
            let len = usize::from((tens - b'0') * 10 + (units - b'0'));
            value.get(4..4 + len).filter(|gui| gui.is_ascii())
        }
        _ => template.subfield(0).map(|field| field.value()),
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
