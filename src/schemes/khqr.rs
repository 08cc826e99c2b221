//! KHQR, Cambodia's national QR code (National Bank of Cambodia, Bakong): template 29 for an
//! individual's account, 30 for a merchant's, each with a Bakong account ID (`name@bank`) in
//! 00; and template 99 with the code's creation and expiry times. Its rules are
//! [`rules::khqr`](crate::rules::khqr).
//!
//! ```
//! use emvqr::schemes::khqr::{Khqr, KhqrKind};
//! use emvqr::Payload;
//!
//! // The NBC's own example of a merchant code (KHQR SDK Documentation v2.3, p.38).
//! let code = "00020101021230420016devbkhppxxx@devb01061234560208Dev Bank5204599953038405406100.50\
//!             5802KH5910Jonh Smith6010PHNOM PENH62430211855122334550311Coffee Shop0709Cashier_1\
//!             9917001316311538559786304B37C";
//! let khqr = Khqr::find(&Payload::parse_lenient(code)?).unwrap();
//! assert_eq!(khqr.kind(), KhqrKind::Merchant);
//! assert_eq!(khqr.account_id(), Some("devbkhppxxx@devb"));
//! assert_eq!(khqr.merchant_id(), Some("123456"));
//! assert_eq!(khqr.acquiring_bank(), Some("Dev Bank"));
//! assert_eq!(khqr.created_at(), Some(1631153855978));
//! # Ok::<(), emvqr::Error>(())
//! ```

use core::fmt;

use super::national::write_parts;
use crate::payload::{MerchantAccount, Payload};
pub use crate::rules::khqr::{KhqrRule, is_account_id, milliseconds};

/// Whose account a KHQR code pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum KhqrKind {
    /// Template 29: an individual (or a solo merchant, or a remittance to an account).
    Individual,
    /// Template 30: a merchant, with a merchant ID and an acquiring bank.
    Merchant,
}

/// A KHQR account (template 29 or 30), with the timestamps of its payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Khqr<'a> {
    account: MerchantAccount<'a>,
    created: Option<&'a str>,
    expires: Option<&'a str>,
}

impl<'a> Khqr<'a> {
    /// Reads `account` as KHQR's: template 29 or 30 with a Bakong account ID in 00.
    pub fn new(account: MerchantAccount<'a>, payload: &Payload<'a>) -> Option<Khqr<'a>> {
        let kind = matches!(account.id(), 29 | 30);
        let bakong = account.gui().is_some_and(|id| id.contains('@'));
        let times = payload.unreserved_templates().find(|t| t.id() == 99);
        (kind && bakong).then(|| Khqr {
            account,
            created: times.and_then(|t| t.get(0)),
            expires: times.and_then(|t| t.get(1)),
        })
    }

    /// The first KHQR account of `payload`.
    pub fn find(payload: &Payload<'a>) -> Option<Khqr<'a>> {
        payload
            .merchant_accounts()
            .find_map(|account| Khqr::new(account, payload))
    }

    /// The merchant account template.
    pub const fn account(&self) -> MerchantAccount<'a> {
        self.account
    }

    /// An individual's code (29) or a merchant's (30).
    pub fn kind(&self) -> KhqrKind {
        if self.account.id() == 30 {
            KhqrKind::Merchant
        } else {
            KhqrKind::Individual
        }
    }

    /// The Bakong account ID (00), `name@bank`.
    pub fn account_id(&self) -> Option<&'a str> {
        self.account.gui()
    }

    /// An individual's account information (29.01): an account number or a phone number.
    pub fn account_information(&self) -> Option<&'a str> {
        (self.kind() == KhqrKind::Individual)
            .then(|| self.account.get(1))
            .flatten()
    }

    /// A merchant's ID (30.01).
    pub fn merchant_id(&self) -> Option<&'a str> {
        (self.kind() == KhqrKind::Merchant)
            .then(|| self.account.get(1))
            .flatten()
    }

    /// The acquiring bank (02).
    pub fn acquiring_bank(&self) -> Option<&'a str> {
        self.account.get(2)
    }

    /// When the code was made (99.00), in milliseconds since 1970.
    pub fn created_at(&self) -> Option<u64> {
        milliseconds(self.created?)
    }

    /// When the code stops being payable (99.01), in milliseconds since 1970: a payer compares
    /// it with the clock (the rules cannot).
    pub fn expires_at(&self) -> Option<u64> {
        milliseconds(self.expires?)
    }
}

impl fmt::Display for Khqr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind() {
            KhqrKind::Individual => "KHQR, individual",
            KhqrKind::Merchant => "KHQR, merchant",
        })?;
        write_parts(
            f,
            &[
                ("account", self.account_id()),
                ("account information", self.account_information()),
                ("merchant id", self.merchant_id()),
                ("bank", self.acquiring_bank()),
            ],
        )?;
        if let Some(created) = self.created_at() {
            write!(f, ", created {created} ms")?;
        }
        if let Some(expires) = self.expires_at() {
            write!(f, ", expires {expires} ms")?;
        }
        Ok(())
    }
}
