//! Pix, Brazil's instant payments (Banco Central do Brasil): the merchant account template
//! with GUI `br.gov.bcb.pix`, its key rules, and a builder.
//!
//! A static code carries the receiver's key in sub-field 01 (a CPF, a CNPJ, a phone number,
//! an e-mail address or a random key, "EVP"); a dynamic one carries in 25 the location
//! (without `https://`) where the payer's app fetches the charge. A Pix Automático composite
//! code also carries, in an unreserved template (80–99) with the Pix GUI, the location of a
//! recurrence the payer is asked to authorise. The rules a Pix code must follow are Pix's rule
//! book, [`rules::pix`](crate::rules::pix), whose key helpers are re-exported here.
//!
//! ```
//! use emvqr::schemes::pix::{Journey, Pix, PixKeyKind};
//! use emvqr::Payload;
//!
//! let code = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000\
//!             5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
//! let payload = Payload::parse(code)?;
//! let pix = Pix::find(&payload).unwrap();
//! assert_eq!(pix.key(), Some("123e4567-e12b-12d1-a456-426655440000"));
//! assert_eq!(pix.key_kind(), Some(PixKeyKind::Evp));
//! assert_eq!(pix.txid(), Some("***"));
//! assert!(!pix.is_dynamic());
//!
//! // The manual's recurrence-only code: field 26 holds the GUI alone.
//! let composite = "00020126180014br.gov.bcb.pix5204000053039865802BR5913Fulano de Tal6008BRASILIA\
//!     62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304F2DA";
//! let pix = Pix::find(&Payload::parse(composite)?).unwrap();
//! assert_eq!(pix.recurrence(), Some("pix.example.com/rec/2353c790eefb11eaadc10242ac120002"));
//! assert_eq!(pix.journey(), Some(Journey::RecurrenceOnly));
//! # Ok::<(), emvqr::Error>(())
//! ```

use core::fmt;

use crate::escape::Escaped;

use crate::payload::{MerchantAccount, Payload};
pub use crate::rules::pix::{
    GUI, Journey, MAX_KEY_LEN, PixKeyKind, PixRule, classify_key, is_gui, is_txid, normalize_key,
};

/// A Pix merchant account, with the payload it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Pix<'a> {
    account: MerchantAccount<'a>,
    txid: Option<&'a str>,
    recurrence: Option<&'a str>,
}

impl<'a> Pix<'a> {
    /// Reads `account` as Pix if its GUI is `br.gov.bcb.pix` (any case).
    pub fn new(account: MerchantAccount<'a>, payload: &Payload<'a>) -> Option<Pix<'a>> {
        account.gui().is_some_and(is_gui).then(|| Pix {
            account,
            txid: payload.additional_data().and_then(|d| d.reference_label()),
            recurrence: payload
                .unreserved_templates()
                .find(|template| template.gui().is_some_and(is_gui))
                .and_then(|template| template.get(25)),
        })
    }

    /// The first Pix account of `payload`.
    pub fn find(payload: &Payload<'a>) -> Option<Pix<'a>> {
        payload
            .merchant_accounts()
            .find_map(|account| Pix::new(account, payload))
    }

    /// The merchant account template.
    pub const fn account(&self) -> MerchantAccount<'a> {
        self.account
    }

    /// The key (01), for a static code.
    pub fn key(&self) -> Option<&'a str> {
        self.account.get(1)
    }

    /// The key's kind, if the key is valid.
    pub fn key_kind(&self) -> Option<PixKeyKind> {
        classify_key(self.key()?).ok()
    }

    /// The additional information for the payer (02).
    pub fn info(&self) -> Option<&'a str> {
        self.account.get(2)
    }

    /// The withdrawal or change facilitator's ISPB (03, Pix Saque/Troco).
    pub fn fss(&self) -> Option<&'a str> {
        self.account.get(3)
    }

    /// The location of the charge (25), for a dynamic code, without `https://`.
    pub fn url(&self) -> Option<&'a str> {
        self.account.get(25)
    }

    /// The txid, 62.05 (`***` when there is none).
    pub const fn txid(&self) -> Option<&'a str> {
        self.txid
    }

    /// Whether the code is dynamic: it carries a location instead of a key.
    pub fn is_dynamic(&self) -> bool {
        self.url().is_some()
    }

    /// The location of the recurrence (Pix Automático) the code asks the payer to
    /// authorise: sub-field 25 of the unreserved template (80–99) with the Pix GUI, without
    /// `https://`.
    pub const fn recurrence(&self) -> Option<&'a str> {
        self.recurrence
    }

    /// For a composite code (one with a recurrence), the journey it starts.
    pub fn journey(&self) -> Option<Journey> {
        self.recurrence?;
        Some(Journey::of(self.key(), self.url()))
    }

    /// Whether the payer must ignore the code's amount (54) and txid (62.05): a location is
    /// present, and the charge fetched from it is what counts (manual §2.7, §2.8.3).
    pub fn amount_and_txid_ignored(&self) -> bool {
        self.is_dynamic()
    }
}

impl fmt::Display for Pix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pix")?;
        if let Some(url) = self.url() {
            write!(f, ", dynamic, location {}", Escaped(url))?;
        }
        if let Some(key) = self.key() {
            match classify_key(key) {
                Ok(kind) => write!(f, ", {kind} key {}", Escaped(key))?,
                Err(_) => write!(f, ", invalid key {}", Escaped(key))?,
            }
        }
        if let Some(info) = self.info() {
            write!(f, ", info \"{}\"", Escaped(info))?;
        }
        if let Some(fss) = self.fss() {
            write!(f, ", fss {}", Escaped(fss))?;
        }
        if let Some(txid) = self.txid {
            write!(f, ", txid {}", Escaped(txid))?;
        }
        if let (Some(recurrence), Some(journey)) = (self.recurrence, self.journey()) {
            write!(
                f,
                ", recurrence {} (Pix Automático, journey {})",
                Escaped(recurrence),
                journey.number()
            )?;
        }
        Ok(())
    }
}
