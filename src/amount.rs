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

use crate::text::split_once_byte;

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
    let (whole, fraction) = split_once_byte(text, b'.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !whole.is_empty()
        && whole.len() <= 2
        && fraction.len() <= 2
        && digits(whole)
        && digits(fraction)
        && text.bytes().any(|b| matches!(b, b'1'..=b'9'))
}

/// An ISO 4217 currency: numeric code (field 53), letter code and decimal places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Currency {
    /// The numeric code written in field 53, e.g. `"986"`.
    pub numeric: &'static str,
    /// The letter code, e.g. `"BRL"`.
    pub alpha: &'static str,
    /// Digits after the decimal point (the ISO 4217 exponent).
    pub exponent: u8,
}

macro_rules! currencies {
    ($($name:ident = $numeric:literal, $exponent:literal, $doc:literal;)*) => {
        impl Currency {
            $(
                #[doc = $doc]
                pub const $name: Currency = Currency { numeric: $numeric, alpha: stringify!($name), exponent: $exponent };
            )*
        }

        /// The currencies of the schemes emvqr knows, by ISO 4217 (2024 list).
        pub const CURRENCIES: &[Currency] = &[$(Currency::$name),*];
    };
}

currencies! {
    ARS = "032", 2, "Argentine peso (Mercado Pago Argentina).";
    BRL = "986", 2, "Brazilian real (Pix, Mercado Pago Brazil).";
    CLP = "152", 0, "Chilean peso.";
    CNY = "156", 2, "Chinese yuan.";
    COP = "170", 2, "Colombian peso.";
    EUR = "978", 2, "Euro.";
    HKD = "344", 2, "Hong Kong dollar (FPS).";
    IDR = "360", 2, "Indonesian rupiah (QRIS; amounts are usually whole).";
    INR = "356", 2, "Indian rupee.";
    JPY = "392", 0, "Japanese yen.";
    KHR = "116", 2, "Cambodian riel (KHQR).";
    LAK = "418", 2, "Lao kip.";
    MXN = "484", 2, "Mexican peso.";
    MYR = "458", 2, "Malaysian ringgit (DuitNow).";
    NAD = "516", 2, "Namibian dollar (NAMQR).";
    PEN = "604", 2, "Peruvian sol.";
    PHP = "608", 2, "Philippine peso (QR Ph).";
    SGD = "702", 2, "Singapore dollar (PayNow, SGQR).";
    THB = "764", 2, "Thai baht (PromptPay).";
    USD = "840", 2, "US dollar.";
    UYU = "858", 2, "Uruguayan peso.";
    VND = "704", 0, "Vietnamese dong (VietQR).";
}

impl Currency {
    /// The currency with numeric code `numeric` (`"986"`), if emvqr knows it.
    ///
    /// ```
    /// use emvqr::amount::Currency;
    /// assert_eq!(Currency::by_numeric("986"), Some(Currency::BRL));
    /// assert_eq!(Currency::by_alpha("vnd").map(|c| c.exponent), Some(0));
    /// ```
    pub fn by_numeric(numeric: &str) -> Option<Currency> {
        CURRENCIES.iter().copied().find(|c| c.numeric == numeric)
    }

    /// The currency with letter code `alpha` (any case).
    pub fn by_alpha(alpha: &str) -> Option<Currency> {
        CURRENCIES
            .iter()
            .copied()
            .find(|c| c.alpha.eq_ignore_ascii_case(alpha))
    }
}

/// The letter code: `BRL`.
impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.alpha)
    }
}

/// `n / 10` and `n % 10`, a 16-bit part at a time: on a 32-bit microcontroller a 64-bit
/// division is a library routine of almost a kilobyte, and each step here is one of the
/// processor's own 32-bit divisions (each part below 10 × 2¹⁶).
// The quotient of a part fits 16 bits and the remainder a digit.
#[allow(clippy::cast_possible_truncation)]
const fn divide_by_ten(n: u64) -> (u64, u8) {
    let mut quotient = 0u64;
    let mut remainder = 0u32;
    let mut shift = 64;
    while shift > 0 {
        shift -= 16;
        let part = remainder << 16 | (n >> shift) as u32 & 0xFFFF;
        quotient |= ((part / 10) as u64) << shift;
        remainder = part % 10;
    }
    (quotient, remainder as u8)
}

/// The most decimal places an amount of at most 13 characters can have: `0.00000000001`.
const MAX_EXPONENT: u8 = 11;

/// An amount as EMVCo writes it: a validated decimal string of at most 13 characters, made
/// from exact integers and never from a floating-point number.
///
/// ```
/// use emvqr::amount::{Amount, Currency};
///
/// assert_eq!(Amount::from_minor_units(1050, Currency::BRL.exponent)?.as_str(), "10.50");
/// assert_eq!(Amount::from_minor_units(7, 2)?.as_str(), "0.07");
/// assert_eq!(Amount::from_minor_units(150_000, Currency::VND.exponent)?.as_str(), "150000");
/// assert_eq!(Amount::parse("10.5")?.to_minor_units(2)?, 1050);
/// assert!(Amount::parse("10,50").is_err());
/// # Ok::<(), emvqr::amount::AmountError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Amount {
    /// The digits and point, ASCII; `len` of them are used.
    text: [u8; MAX_LEN],
    len: u8,
}

/// The longest amount EMVCo allows, in characters.
const MAX_LEN: usize = 13;

impl Amount {
    /// The amount of `units` minor units (cents) with `exponent` decimal places. More than 11
    /// places cannot fit the 13 characters of an amount (`0.` and 12 digits): `TooLong`.
    ///
    /// ```
    /// use emvqr::amount::{Amount, AmountError};
    /// assert_eq!(Amount::from_minor_units(1, 11)?.as_str(), "0.00000000001");
    /// assert_eq!(Amount::from_minor_units(1, 12), Err(AmountError::TooLong));
    /// # Ok::<(), AmountError>(())
    /// ```
    pub fn from_minor_units(units: u64, exponent: u8) -> Result<Amount, AmountError> {
        if units == 0 {
            return Err(AmountError::Zero);
        }
        if exponent > MAX_EXPONENT {
            return Err(AmountError::TooLong);
        }
        // Digits of `units`, at least exponent + 1 of them so that "0.07" gets its zero.
        let mut digits = [b'0'; 20];
        let mut n = units;
        let mut count = 0;
        while n > 0 || count <= usize::from(exponent) {
            let (quotient, digit) = divide_by_ten(n);
            if let Some(slot) = digits.get_mut(19 - count) {
                *slot = b'0' + digit;
            }
            n = quotient;
            count += 1;
            if count >= digits.len() {
                break;
            }
        }
        let mut text: heapless::String<MAX_LEN> = heapless::String::new();
        let start = digits.len() - count;
        let point = digits.len() - usize::from(exponent);
        for (i, &d) in digits.iter().enumerate().skip(start) {
            if i == point && exponent > 0 {
                text.push('.').map_err(|_| AmountError::TooLong)?;
            }
            text.push(char::from(d)).map_err(|_| AmountError::TooLong)?;
        }
        Ok(Amount::from_checked(&text))
    }

    /// `text`, already checked: at most 13 ASCII characters.
    fn from_checked(text: &str) -> Amount {
        let mut bytes = [0; MAX_LEN];
        let len = text.len().min(MAX_LEN);
        if let (Some(to), Some(from)) = (bytes.get_mut(..len), text.as_bytes().get(..len)) {
            to.copy_from_slice(from);
        }
        Amount {
            text: bytes,
            len: u8::try_from(len).unwrap_or(0),
        }
    }

    /// Checks `text` against the EMVCo amount grammar (digits, at most one `.`, not zero, at
    /// most 13 characters).
    pub fn parse(text: &str) -> Result<Amount, AmountError> {
        check_amount(text)?;
        if text.len() > MAX_LEN {
            return Err(AmountError::TooLong);
        }
        Ok(Amount::from_checked(text))
    }

    /// The amount as written.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and points are ever stored.
        self.text
            .get(..usize::from(self.len))
            .and_then(|bytes| core::str::from_utf8(bytes).ok())
            .unwrap_or_default()
    }

    /// The amount in minor units of a currency with `exponent` decimal places; an error if it
    /// has more decimals than that (no rounding) or does not fit a `u64`.
    pub fn to_minor_units(&self, exponent: u8) -> Result<u64, AmountError> {
        to_minor_units(self.as_str(), exponent)
    }
}

impl core::fmt::Display for Amount {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::fmt::Debug for Amount {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Amount({:?})", self.as_str())
    }
}

impl core::str::FromStr for Amount {
    type Err = AmountError;

    /// [`Amount::parse`].
    fn from_str(text: &str) -> Result<Amount, AmountError> {
        Amount::parse(text)
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Amount {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=str}", self.as_str())
    }
}

impl core::str::FromStr for Currency {
    type Err = crate::fields::UnknownValue;

    /// A currency by its letter code (`"BRL"`) or numeric code (`"986"`).
    fn from_str(code: &str) -> Result<Currency, Self::Err> {
        Currency::by_alpha(code)
            .or_else(|| Currency::by_numeric(code))
            .ok_or(crate::fields::UnknownValue)
    }
}

/// An amount string (already valid) in minor units: `"10.5"` with exponent 2 is 1050.
///
/// ```
/// assert_eq!(emvqr::amount::to_minor_units("98.", 2), Ok(9800));
/// assert!(emvqr::amount::to_minor_units("999.123", 0).is_err());
/// ```
pub fn to_minor_units(text: &str, exponent: u8) -> Result<u64, AmountError> {
    check_amount(text)?;
    let (whole, fraction) = split_once_byte(text, b'.').unwrap_or((text, ""));
    if fraction.len() > usize::from(exponent) {
        return Err(AmountError::TooManyDecimals { allowed: exponent });
    }
    let mut units: u64 = 0;
    let padding = usize::from(exponent) - fraction.len();
    for digit in whole
        .bytes()
        .chain(fraction.bytes())
        .map(|b| u64::from(b - b'0'))
        .chain(core::iter::repeat_n(0, padding))
    {
        units = units
            .checked_mul(10)
            .and_then(|u| u.checked_add(digit))
            .ok_or(AmountError::Overflow)?;
    }
    Ok(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_by_ten_in_parts_is_division_by_ten() {
        let mut n = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..10_000 {
            n ^= n << 13;
            n ^= n >> 7;
            n ^= n << 17;
            for value in [n, n >> 20, n >> 40, u64::MAX, 0, 9, 10, 99_999] {
                assert_eq!(divide_by_ten(value), (value / 10, (value % 10) as u8));
            }
        }
    }

    #[test]
    fn every_exponent_gives_an_amount_or_an_error_never_a_panic() {
        for exponent in 0..=u8::MAX {
            for units in [1, 7, 1050, u64::MAX] {
                match Amount::from_minor_units(units, exponent) {
                    Ok(amount) => {
                        assert!(amount.as_str().len() <= 13);
                        assert_eq!(amount.to_minor_units(exponent), Ok(units));
                    }
                    Err(error) => assert_eq!(error, AmountError::TooLong),
                }
            }
        }
    }
}
