//! The amount grammar of fields 54 (transaction amount) and 56 (fixed convenience fee), and of
//! the percentage in 57. Amounts are decimal strings: digits with at most one `.`, never a
//! floating-point number.
//!
//! ```
//! use emvqr::amount::{check_amount, AmountError};
//!
//! assert_eq!(check_amount("98.73"), Ok(()));
//! assert_eq!(check_amount("98."), Ok(()));   // EMVCo allows a trailing point
//! assert_eq!(check_amount("98,73"), Err(AmountError::InvalidCharacter(',')));
//! assert_eq!(check_amount("0.00"), Err(AmountError::Zero));
//! ```

use core::fmt;

/// Why a string is not an EMVCo amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum AmountError {
    /// The amount is empty.
    Empty,
    /// A character other than a digit or `.` (a comma, a sign, a space, …).
    InvalidCharacter(char),
    /// More than one `.`.
    SeveralDecimalPoints,
    /// No digit before the `.` (`.50`).
    MissingIntegerPart,
    /// The amount is zero; EMVCo requires a present amount to be non-zero.
    Zero,
    /// Longer than the 13 characters EMVCo allows.
    TooLong,
    /// More decimal places than the currency has (builders only; the parser accepts them).
    TooManyDecimals {
        /// Decimal places the currency allows.
        allowed: u8,
    },
    /// The number does not fit the integer type asked for.
    Overflow,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            AmountError::Empty => f.write_str("the amount is empty"),
            AmountError::InvalidCharacter(c) => write!(
                f,
                "an amount is digits with at most one '.', but this one holds {:?}",
                c
            ),
            AmountError::SeveralDecimalPoints => {
                f.write_str("the amount has more than one decimal point")
            }
            AmountError::MissingIntegerPart => {
                f.write_str("the amount needs a digit before the decimal point")
            }
            AmountError::Zero => f.write_str("the amount must not be zero"),
            AmountError::TooLong => f.write_str("the amount has more than 13 characters"),
            AmountError::TooManyDecimals { allowed } => {
                write!(
                    f,
                    "the amount has more than the currency's {allowed} decimal places"
                )
            }
            AmountError::Overflow => f.write_str("the amount is too large"),
        }
    }
}

impl core::error::Error for AmountError {}

/// Checks the grammar of an amount (54, 56): digits, at most one `.`, at least one digit before
/// it, not zero. The length limit (13) is the field table's.
pub fn check_amount(text: &str) -> Result<(), AmountError> {
    let mut points = 0usize;
    let mut nonzero = false;
    for (i, c) in text.char_indices() {
        match c {
            '0' => {}
            '1'..='9' => nonzero = true,
            '.' if i == 0 => return Err(AmountError::MissingIntegerPart),
            '.' => points += 1,
            other => return Err(AmountError::InvalidCharacter(other)),
        }
    }
    if text.is_empty() {
        Err(AmountError::Empty)
    } else if points > 1 {
        Err(AmountError::SeveralDecimalPoints)
    } else if !nonzero {
        Err(AmountError::Zero)
    } else {
        Ok(())
    }
}

/// Checks a convenience fee percentage (57): from `00.01` to `99.99`, at most two digits on
/// either side of an optional `.`.
///
/// ```
/// use emvqr::amount::is_percentage;
/// assert!(is_percentage("3.5") && is_percentage("99.99") && is_percentage("00.01"));
/// assert!(!is_percentage("100") && !is_percentage("0.00") && !is_percentage("3%"));
/// ```
pub fn is_percentage(text: &str) -> bool {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !whole.is_empty()
        && whole.len() <= 2
        && fraction.len() <= 2
        && digits(whole)
        && digits(fraction)
        && text.bytes().any(|b| matches!(b, b'1'..=b'9'))
}
