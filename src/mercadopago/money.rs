//! Exact amounts of money in cents: parsed from and written as decimal text, never `f64`.

use core::fmt;

use serde::de::{self, Deserializer};
use serde::ser::{Error as _, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// An amount in hundredths of the currency unit (centavos, cents), exact.
///
/// Mercado Pago writes amounts as JSON numbers (`10.5`, `1190`) in its in-store order API and
/// as decimal strings (`"10.50"`) in its Orders API. `Money` reads both from their text, never
/// through a float, and writes them back with no more than two decimals: `1190`, `10.50`.
/// Currencies without decimals (CLP, COP…) are whole amounts: `Money::from_units(1190)`.
///
/// ```
/// use emvqr::mercadopago::Money;
///
/// let price: Money = "238.50".parse()?;
/// assert_eq!(price.cents(), 23850);
/// assert_eq!(price.checked_mul(5).map(|m| m.to_string()).as_deref(), Some("1192.50"));
/// assert_eq!(Money::from_units(1190).to_string(), "1190");
/// assert!("10.505".parse::<Money>().is_err());   // a third decimal
/// assert!("1e3".parse::<Money>().is_err());      // exponents are not money
/// # Ok::<(), emvqr::mercadopago::MoneyError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money {
    cents: u64,
}

/// Why a text is not an amount of money.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoneyError {
    text: String,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not an amount of money (digits, at most one '.', at most 2 decimals, no sign)",
            self.text
        )
    }
}

impl std::error::Error for MoneyError {}

impl Money {
    /// Zero.
    pub const ZERO: Money = Money { cents: 0 };

    /// `cents` hundredths of the unit.
    pub const fn from_cents(cents: u64) -> Money {
        Money { cents }
    }

    /// A whole number of units (`1190` → 1190.00), saturating on overflow.
    pub const fn from_units(units: u64) -> Money {
        Money {
            cents: units.saturating_mul(100),
        }
    }

    /// The amount in hundredths of the unit.
    pub const fn cents(self) -> u64 {
        self.cents
    }

    /// The amount with exactly two decimals, `1190.00`, `10.50`: how the Orders API writes
    /// every amount.
    ///
    /// ```
    /// use emvqr::mercadopago::Money;
    /// assert_eq!(Money::from_units(1190).with_two_decimals(), "1190.00");
    /// assert_eq!(Money::from_cents(7).with_two_decimals(), "0.07");
    /// ```
    pub fn with_two_decimals(self) -> String {
        format!("{}.{:02}", self.cents / 100, self.cents % 100)
    }

    /// `self × quantity`, `None` on overflow.
    pub fn checked_mul(self, quantity: u64) -> Option<Money> {
        self.cents.checked_mul(quantity).map(Money::from_cents)
    }

    /// `self + other`, `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.cents.checked_add(other.cents).map(Money::from_cents)
    }
}

impl core::str::FromStr for Money {
    type Err = MoneyError;

    /// Digits, optionally a `.` and decimals; decimals past the second must be zeros (`10.500`
    /// is what some encoders print for 10.5).
    fn from_str(text: &str) -> Result<Money, MoneyError> {
        let error = || MoneyError {
            text: text.to_owned(),
        };
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !digits(whole)
            || !digits(fraction)
            || (text.contains('.') && fraction.is_empty())
        {
            return Err(error());
        }
        let (kept, rest) = fraction.split_at(fraction.len().min(2));
        if rest.bytes().any(|b| b != b'0') {
            return Err(error());
        }
        let mut cents: u64 = 0;
        for digit in whole
            .bytes()
            .chain(kept.bytes())
            .chain("00".bytes().skip(kept.len()))
        {
            cents = cents
                .checked_mul(10)
                .and_then(|c| c.checked_add(u64::from(digit - b'0')))
                .ok_or_else(error)?;
        }
        Ok(Money { cents })
    }
}

impl fmt::Display for Money {
    /// Whole amounts without decimals (`1190`), others with two (`10.50`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (units, cents) = (self.cents / 100, self.cents % 100);
        if cents == 0 {
            write!(f, "{units}")
        } else {
            write!(f, "{units}.{cents:02}")
        }
    }
}

/// Writes a JSON number (`10.50`), exactly: through `RawValue`, never a float. This (and
/// `Deserialize`) works with `serde_json` only, the one format Mercado Pago speaks.
impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RawValue::from_string(self.to_string())
            .map_err(S::Error::custom)?
            .serialize(serializer)
    }
}

/// Reads a JSON number or a decimal string from its text.
impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        let text = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        text.parse().map_err(de::Error::custom)
    }
}

/// Serializes a `Money` as a JSON string with exactly two decimals (`"10.50"`, `"1190.00"`):
/// the Orders API's form.
pub(crate) fn as_string<S: Serializer>(money: &Money, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&money.with_two_decimals())
}
