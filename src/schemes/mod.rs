//! Scheme views: which network a merchant account belongs to, and its fields by name.
//!
//! Accounts are recognised by their globally unique identifier (case-insensitively):
//!
//! | scheme | GUI |
//! |---|---|
//! | Pix | `br.gov.bcb.pix` |
//! | Mercado Pago | `COM.MERCADOLIBRE` (template 43) |
//! | PayNow | `SG.PAYNOW` |
//! | SGQR | `SG.SGQR` (51) |
//! | PromptPay | `A000000677010111`, `…0112`, `…0114` |
//! | QRIS | `ID.CO.QRIS.WWW`, `ID.OR.GPNQR.WWW`; acquirer templates (26–45) with a `9360…` merchant PAN or beside the national template |
//! | VietQR | `A000000727` |
//! | DuitNow | `A0000006150001` |
//! | QR Ph | `com.p2pqrpay`, `ph.ppmi.*` |
//! | FPS | `hk.com.hkicl` |
//! | KHQR | a Bakong account ID, `name@bank`, in 29 or 30 |
//! | Bre-B | `CO.COM.*` (the first such merchant account: 26, else 49–51) |
//! | Bharat QR | `A000000524` (26, 27) |
//! | KE-QR | `ke.go.qr` (28, 29) |
//!
//! A payload can carry several (SGQR labels list every network a shop accepts).
//!
//! ```
//! use emvqr::schemes::{self, Scheme};
//! use emvqr::Payload;
//!
//! let code = "00020101021126500009SG.PAYNOW010100211+65123456780301004082030123152040000\
//!             530370254071234.565802SG5902ME6009Singapore62290106BILLNO50150004TEST0103ABC6304B301";
//! let payload = Payload::parse(code)?;
//! let found: Vec<Scheme> = schemes::recognise(&payload).collect();
//! assert_eq!(found.len(), 1);
//! let Scheme::PayNow(paynow) = found[0] else { panic!() };
//! assert_eq!(paynow.proxy(), Some("+6512345678"));
//! assert_eq!(found[0].to_string(), "PayNow, proxy type 0, proxy +6512345678, editable 0, expiry 20301231");
//! # Ok::<(), emvqr::Error>(())
//! ```

pub mod breb;
pub mod khqr;
pub mod mercadopago;
mod national;
pub mod pix;

use core::fmt;

pub use breb::BreB;
pub use khqr::Khqr;
pub use mercadopago::MercadoPago;
pub use national::{BharatQr, DuitNow, Fps, KeQr, PayNow, PromptPay, QrPh, Qris, Sgqr, VietQr};
pub use pix::Pix;

use crate::payload::{MerchantAccount, Payload};

/// A recognised merchant account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Scheme<'a> {
    /// Brazil's Pix.
    Pix(Pix<'a>),
    /// Mercado Pago's own template.
    MercadoPago(MercadoPago<'a>),
    /// Singapore's PayNow.
    PayNow(PayNow<'a>),
    /// Singapore's SGQR label.
    Sgqr(Sgqr<'a>),
    /// Thailand's PromptPay.
    PromptPay(PromptPay<'a>),
    /// Indonesia's QRIS.
    Qris(Qris<'a>),
    /// Vietnam's VietQR / NAPAS.
    VietQr(VietQr<'a>),
    /// Malaysia's DuitNow.
    DuitNow(DuitNow<'a>),
    /// The Philippines' QR Ph.
    QrPh(QrPh<'a>),
    /// Hong Kong's FPS.
    Fps(Fps<'a>),
    /// Cambodia's KHQR (Bakong).
    Khqr(Khqr<'a>),
    /// Colombia's Bre-B.
    BreB(BreB<'a>),
    /// India's Bharat QR (UPI).
    BharatQr(BharatQr<'a>),
    /// Kenya's KE-QR.
    KeQr(KeQr<'a>),
}

impl<'a> Scheme<'a> {
    /// The scheme `account` belongs to, if emvqr knows it.
    pub fn of(account: MerchantAccount<'a>, payload: &Payload<'a>) -> Option<Scheme<'a>> {
        if let Some(pix) = Pix::new(account, payload) {
            return Some(Scheme::Pix(pix));
        }
        if let Some(mp) = MercadoPago::new(account, payload) {
            return Some(Scheme::MercadoPago(mp));
        }
        if let Some(khqr) = Khqr::new(account, payload) {
            return Some(Scheme::Khqr(khqr));
        }
        if let Some(breb) = BreB::new(account, payload) {
            return Some(Scheme::BreB(breb));
        }
        national_schemes(account, payload)
    }

    /// The scheme's name: Pix, Mercado Pago, PayNow, SGQR, PromptPay, QRIS, VietQR, DuitNow,
    /// QR Ph, FPS, KHQR, Bre-B, Bharat QR, KE-QR.
    pub const fn name(&self) -> &'static str {
        match self {
            Scheme::Pix(_) => "Pix",
            Scheme::MercadoPago(_) => "Mercado Pago",
            Scheme::PayNow(_) => "PayNow",
            Scheme::Sgqr(_) => "SGQR",
            Scheme::PromptPay(_) => "PromptPay",
            Scheme::Qris(_) => "QRIS",
            Scheme::VietQr(_) => "VietQR",
            Scheme::DuitNow(_) => "DuitNow",
            Scheme::QrPh(_) => "QR Ph",
            Scheme::Fps(_) => "FPS",
            Scheme::Khqr(_) => "KHQR",
            Scheme::BreB(_) => "Bre-B",
            Scheme::BharatQr(_) => "Bharat QR",
            Scheme::KeQr(_) => "KE-QR",
        }
    }

    /// The merchant account template.
    pub const fn account(&self) -> MerchantAccount<'a> {
        match self {
            Scheme::Pix(v) => v.account(),
            Scheme::MercadoPago(v) => v.account(),
            Scheme::PayNow(v) => v.account(),
            Scheme::Sgqr(v) => v.account(),
            Scheme::PromptPay(v) => v.account(),
            Scheme::Qris(v) => v.account(),
            Scheme::VietQr(v) => v.account(),
            Scheme::DuitNow(v) => v.account(),
            Scheme::QrPh(v) => v.account(),
            Scheme::Fps(v) => v.account(),
            Scheme::Khqr(v) => v.account(),
            Scheme::BreB(v) => v.account(),
            Scheme::BharatQr(v) => v.account(),
            Scheme::KeQr(v) => v.account(),
        }
    }
}

fn national_schemes<'a>(account: MerchantAccount<'a>, payload: &Payload<'a>) -> Option<Scheme<'a>> {
    // Specific GUIs first: QRIS also claims the acquirer templates of a payload that carries
    // its national template, whatever their GUI.
    None.or_else(|| PayNow::new(account, payload).map(Scheme::PayNow))
        .or_else(|| Sgqr::new(account, payload).map(Scheme::Sgqr))
        .or_else(|| PromptPay::new(account, payload).map(Scheme::PromptPay))
        .or_else(|| VietQr::new(account, payload).map(Scheme::VietQr))
        .or_else(|| DuitNow::new(account, payload).map(Scheme::DuitNow))
        .or_else(|| QrPh::new(account, payload).map(Scheme::QrPh))
        .or_else(|| Fps::new(account, payload).map(Scheme::Fps))
        .or_else(|| BharatQr::new(account, payload).map(Scheme::BharatQr))
        .or_else(|| KeQr::new(account, payload).map(Scheme::KeQr))
        .or_else(|| Qris::new(account, payload).map(Scheme::Qris))
}

impl fmt::Display for Scheme<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scheme::Pix(v) => v.fmt(f),
            Scheme::MercadoPago(v) => v.fmt(f),
            Scheme::PayNow(v) => v.fmt(f),
            Scheme::Sgqr(v) => v.fmt(f),
            Scheme::PromptPay(v) => v.fmt(f),
            Scheme::Qris(v) => v.fmt(f),
            Scheme::VietQr(v) => v.fmt(f),
            Scheme::DuitNow(v) => v.fmt(f),
            Scheme::QrPh(v) => v.fmt(f),
            Scheme::Fps(v) => v.fmt(f),
            Scheme::Khqr(v) => v.fmt(f),
            Scheme::BreB(v) => v.fmt(f),
            Scheme::BharatQr(v) => v.fmt(f),
            Scheme::KeQr(v) => v.fmt(f),
        }
    }
}

/// Every recognised merchant account of `payload`, in payload order (templates 26–51).
pub fn recognise<'p, 'a>(payload: &'p Payload<'a>) -> impl Iterator<Item = Scheme<'a>> + 'p {
    payload
        .merchant_accounts()
        .filter_map(move |account| Scheme::of(account, payload))
}
