//! Mercado Pago's own merchant account template: GUI `COM.MERCADOLIBRE`, usually in field 43.
//!
//! In Brazil's in-store orders (the dynamic model: the server creates an order and gets
//! `qr_data` back) sub-field 02 is `3` and 06 is the order's UUID; Argentine static point-of-
//! sale codes carry `https://mpago.la/pos/…` in 01 and a 13-digit id in root field 50. Mercado Pago also
//! emits plain Pix codes (26, location `pix-qr.mercadopago.com/instore/o/v2/<uuid>`).
//!
//! ```
//! use emvqr::schemes::mercadopago::MercadoPago;
//! use emvqr::Payload;
//!
//! let code = "00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42e8-98d7-f6805209d83a\
//!             5204000053039865802BR5909Test Test6009SAO PAULO62070503***63041A36";
//! let payload = Payload::parse(code)?;
//! let mp = MercadoPago::find(&payload).unwrap();
//! assert_eq!(mp.order_id(), Some("4a9e4780-d0a6-42e8-98d7-f6805209d83a"));
//! # Ok::<(), emvqr::Error>(())
//! ```

use core::fmt;

use crate::escape::Escaped;

use crate::payload::{MerchantAccount, Payload};

/// Mercado Pago's GUI (any case is accepted when reading).
pub const GUI: &str = "COM.MERCADOLIBRE";

/// The template ID Mercado Pago uses.
pub const TEMPLATE_ID: u8 = 43;

/// A Mercado Pago merchant account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct MercadoPago<'a> {
    account: MerchantAccount<'a>,
    pos_id: Option<&'a str>,
}

impl<'a> MercadoPago<'a> {
    /// Reads `account` as Mercado Pago's if its GUI is `COM.MERCADOLIBRE` (any case).
    pub fn new(account: MerchantAccount<'a>, payload: &Payload<'a>) -> Option<MercadoPago<'a>> {
        account
            .gui()
            .is_some_and(|gui| gui.eq_ignore_ascii_case(GUI))
            .then(|| MercadoPago {
                account,
                pos_id: account
                    .get(1)
                    .and(payload.get(50))
                    .map(|field| field.value()),
            })
    }

    /// The first Mercado Pago account of `payload`.
    pub fn find(payload: &Payload<'a>) -> Option<MercadoPago<'a>> {
        payload
            .merchant_accounts()
            .find_map(|account| MercadoPago::new(account, payload))
    }

    /// The merchant account template.
    pub const fn account(&self) -> MerchantAccount<'a> {
        self.account
    }

    /// Sub-field 02 (`3` in Brazilian in-store orders).
    pub fn kind(&self) -> Option<&'a str> {
        self.account.get(2)
    }

    /// The in-store order's id (06), a UUID.
    pub fn order_id(&self) -> Option<&'a str> {
        self.account.get(6)
    }

    /// The point-of-sale URL (01) of Argentine static codes.
    pub fn pos_url(&self) -> Option<&'a str> {
        self.account.get(1)
    }

    /// The 13-digit id of Argentine static codes: root field 50, beside the template.
    pub const fn pos_id(&self) -> Option<&'a str> {
        self.pos_id
    }
}

impl fmt::Display for MercadoPago<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Mercado Pago")?;
        if let Some(order) = self.order_id() {
            write!(f, ", order {}", Escaped(order))?;
        }
        if let Some(url) = self.pos_url() {
            write!(f, ", point of sale {}", Escaped(url))?;
        }
        if let Some(id) = self.pos_id() {
            write!(f, ", id {}", Escaped(id))?;
        }
        Ok(())
    }
}
