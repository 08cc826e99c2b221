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

use book::Book;
pub(crate) use book::Code;

use crate::error::Error;

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
}

/// Applies every book in `books` (a set of [`RuleBook::bit`]s) that claims one of the
/// payload's templates, passing each broken rule to `report`.
pub(crate) fn apply(code: &Code<'_>, books: u16, report: &mut dyn FnMut(Error)) {
    // Bit `id` of `claimed[i]` when the book `BOOKS[i]` claims root template `id`.
    let mut claimed = [0u128; BOOKS.len()];
    for (template, gui) in code.templates() {
        for (&(id, book), claims) in BOOKS.iter().zip(&mut claimed) {
            if books & id.bit() != 0 && (book.claims)(template.id(), gui) {
                *claims |= 1 << template.id();
            }
        }
    }
    for (&(_, book), claims) in BOOKS.iter().zip(claimed) {
        if claims != 0 {
            (book.check)(&code.for_book(claims), report);
        }
    }
}
