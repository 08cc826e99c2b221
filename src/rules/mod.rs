//! The schemes' rule books: what a payload must also respect when it carries a scheme's
//! templates, beyond EMVCo's own rules.
//!
//! Strict parsing is EMVCo conformance plus the rule book of every scheme present: a Pix code
//! must also satisfy the Banco Central's rules (key formats, txid, currency 986, …). Each book
//! lives in its own module, lists its rules as an enum ([`pix::PixRule`], …) and names the
//! document each rule comes from. A broken rule is an [`ErrorKind::SchemeRule`](crate::ErrorKind::SchemeRule); lenient
//! parsing records it as a deviation (`Relaxation::SchemeRules`), and
//! `ParseOptions::without_rule_book` leaves one book out.
//!
//! | book | applies when the payload has | rules |
//! |---|---|---|
//! | [`RuleBook::Pix`] | a template (26–51, 80–99) with GUI `br.gov.bcb.pix` | [`pix::PixRule`] |
//! | [`RuleBook::Khqr`] | template 29 or 30 with a Bakong account ID, `name@bank` | [`khqr::KhqrRule`] |
//! | [`RuleBook::BreB`] | a template (26, 49–51, 80–99) with a `CO.COM.` GUI | [`breb::BreBRule`] |
//!
//! ```
//! use emvqr::rules::pix::PixRule;
//! use emvqr::rules::RuleBook;
//! use emvqr::{ErrorKind, ParseOptions, Payload};
//!
//! // A Pix code whose key looks like a CPF but whose check digits are wrong.
//! let code = "00020126330014br.gov.bcb.pix01111111111111152040000530398654031005802BR\
//!             5913Fulano de Tal6008BRASILIA62070503***63048697";
//! let error = Payload::parse(code).unwrap_err();
//! assert_eq!(PixRule::try_from(error.kind()), Ok(PixRule::InvalidCpf));
//! assert_eq!(error.path().to_string(), "26.01");
//!
//! // EMVCo conformance alone: the Pix book left out.
//! let options = ParseOptions::strict().without_rule_book(RuleBook::Pix);
//! assert!(Payload::parse_with(code, &options).is_ok());
//! # let _ = ErrorKind::Empty;
//! ```
//!
//! Adding a scheme's rules: a module here with its `Book` (which templates it claims, and its
//! check) and its rules enum, then a variant of [`RuleBook`] and a line in `BOOKS`.

mod book;
pub mod breb;
pub mod khqr;
pub mod pix;

use core::fmt;

use book::Book;
pub use book::RuleBook;
pub(crate) use book::{Code, RuleText};

use crate::error::{Error, SchemeRule};
use crate::ids::IdSet;

/// Every book, in the order they are applied: the one list a new book joins.
static BOOKS: [(RuleBook, &Book); 3] = [
    (RuleBook::Pix, &pix::BOOK),
    (RuleBook::Khqr, &khqr::BOOK),
    (RuleBook::BreB, &breb::BOOK),
];

impl RuleBook {
    /// Every book.
    pub fn all() -> impl Iterator<Item = RuleBook> {
        BOOKS.iter().map(|&(book, _)| book)
    }

    /// The scheme's name: `"Pix"`.
    pub fn name(self) -> &'static str {
        BOOKS
            .iter()
            .find(|(book, _)| *book == self)
            .map_or("", |(_, book)| book.scheme)
    }

    /// The bit of this book in a set of books.
    pub(crate) const fn bit(self) -> u16 {
        1 << self as u16
    }

    /// The book whose discriminant is `index`.
    fn from_index(index: u8) -> Option<RuleBook> {
        RuleBook::all().find(|&book| book as u8 == index)
    }

    /// The words of the book's rule at `index`.
    fn text(self, index: u8) -> Option<&'static RuleText> {
        let texts = match self {
            RuleBook::Pix => pix::PixRule::TEXTS,
            RuleBook::Khqr => khqr::KhqrRule::TEXTS,
            RuleBook::BreB => breb::BreBRule::TEXTS,
        };
        texts.get(usize::from(index))
    }
}

/// A broken rule's words are read here, with the books that hold them (see [`SchemeRule`]).
impl SchemeRule {
    /// The book that holds the rule.
    pub fn book(&self) -> RuleBook {
        RuleBook::from_index(self.book_index()).unwrap_or(RuleBook::Pix)
    }

    fn text(&self) -> &'static RuleText {
        // A SchemeRule is only made from a book's rule enum, so its book and index exist.
        static UNKNOWN: RuleText = RuleText {
            code: "unknown_scheme_rule",
            message: "a scheme rule",
            source: "",
        };
        self.book().text(self.rule_index()).unwrap_or(&UNKNOWN)
    }

    /// The scheme whose rule book holds the rule: `"Pix"`.
    pub fn scheme(&self) -> &'static str {
        self.book().name()
    }

    /// A stable snake_case name, for logs and JSON: `"pix_invalid_cpf"`.
    pub fn code(&self) -> &'static str {
        self.text().code
    }

    /// What the rule says, for people.
    pub fn message(&self) -> &'static str {
        self.text().message
    }

    /// The document (title, version, section) the rule comes from.
    pub fn source(&self) -> &'static str {
        self.text().source
    }
}

impl fmt::Debug for SchemeRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SchemeRule({:?})", self.code())
    }
}

impl fmt::Display for SchemeRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for SchemeRule {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=str}", self.code())
    }
}

/// Which root templates each book claims, gathered while the parser walks the payload: the
/// walk meets every template's GUI anyway, and reading them afterwards would walk every
/// template a second time.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Claims {
    /// Bit `id` of `by_book[i]` when the book `BOOKS[i]` claims root template `id`.
    by_book: [IdSet; BOOKS.len()],
}

impl Claims {
    /// Nothing claimed yet.
    pub(crate) const fn new() -> Claims {
        Claims {
            by_book: [IdSet::new(); BOOKS.len()],
        }
    }

    /// Records which of `books` (a set of [`RuleBook::bit`]s) claim root template `template`,
    /// whose GUI (sub-field 00, its first occurrence) is `gui`.
    pub(crate) fn record(&mut self, books: u16, template: u8, gui: &str) {
        for (&(id, book), claims) in BOOKS.iter().zip(&mut self.by_book) {
            if books & id.bit() != 0 && (book.claims)(template, gui) {
                claims.insert(template);
            }
        }
    }
}

/// Applies every book that claimed one of the payload's templates, passing each broken rule
/// to `report`.
pub(crate) fn apply(code: &Code<'_>, claims: &Claims, report: &mut dyn FnMut(Error)) {
    for (&(_, book), &claimed) in BOOKS.iter().zip(&claims.by_book) {
        if !claimed.is_empty() {
            (book.check)(&code.for_book(claimed), report);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    /// Every rule of every book keeps its book, its words and its identity through an
    /// `ErrorKind`, and no two rules share a code.
    #[test]
    fn every_rule_reads_back_its_own_words() {
        let mut codes = std::collections::BTreeSet::new();
        let mut check = |book: RuleBook, kind: ErrorKind, text: &RuleText| {
            let ErrorKind::SchemeRule(rule) = kind else {
                unreachable!("{kind:?}")
            };
            assert_eq!(rule.book(), book);
            assert_eq!(rule.scheme(), book.name());
            assert_eq!(
                (rule.code(), rule.message(), rule.source()),
                (text.code, text.message, text.source)
            );
            assert_eq!(kind.code(), text.code);
            assert!(codes.insert(text.code), "{} twice", text.code);
        };
        for (rule, text) in pix::PixRule::ALL.iter().zip(pix::PixRule::TEXTS) {
            check(RuleBook::Pix, (*rule).into(), text);
            assert_eq!(pix::PixRule::try_from(ErrorKind::from(*rule)), Ok(*rule));
        }
        for (rule, text) in khqr::KhqrRule::ALL.iter().zip(khqr::KhqrRule::TEXTS) {
            check(RuleBook::Khqr, (*rule).into(), text);
            assert_eq!(khqr::KhqrRule::try_from(ErrorKind::from(*rule)), Ok(*rule));
            assert!(pix::PixRule::try_from(ErrorKind::from(*rule)).is_err());
        }
        for (rule, text) in breb::BreBRule::ALL.iter().zip(breb::BreBRule::TEXTS) {
            check(RuleBook::BreB, (*rule).into(), text);
            assert_eq!(breb::BreBRule::try_from(ErrorKind::from(*rule)), Ok(*rule));
        }
        assert_eq!(
            codes.len(),
            pix::PixRule::ALL.len() + khqr::KhqrRule::ALL.len() + breb::BreBRule::ALL.len()
        );
    }
}
