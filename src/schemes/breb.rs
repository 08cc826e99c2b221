//! Bre-B, Colombia's instant payments, in the EMVCo codes of the EASPBV industry standard
//! (version 1.4, 2025): a key in template 26 (its sub-field says the key's type), the network
//! in 49, the merchant and aggregator codes in 50 and 51, the channel, taxes, transaction ID and
//! security field in 80–91, each template with a `CO.COM.` GUI. Its rules are
//! [`rules::breb`](crate::rules::breb).
//!
//! ```
//! use emvqr::schemes::breb::{BreB, KeyType};
//! use emvqr::Payload;
//!
//! let code = "00020101021126330014CO.COM.RBM.LLA0411@jhon43720349250014CO.COM.RBM.RED0103RBM\
//!     50290013CO.COM.RBM.CU01080000000051220013CO.COM.RBM.CA010105204000053031705802CO5901060010\
//!     6101062270710CC80144372080200110363180270016CO.COM.RBM.CANAL0103APP81250015CO.COM.RBM.CIVA\
//!     01020282260014CO.COM.RBM.IVA01040.0083270015CO.COM.RBM.BASE01040.0084250015CO.COM.RBM.CINC\
//!     01020285260014CO.COM.RBM.INC01040.0090430016CO.COM.RBM.TRXID0119000001Hnc8F81-4FW2h\
//!     91460014CO.COM.RBM.SEC0124nW2B7BvQjf1jRoD475BbyCSs6304086E";
//! let payload = Payload::parse(code)?;
//! let breb = BreB::find(&payload).unwrap();
//! assert_eq!(breb.key(), Some((KeyType::Alphanumeric, "@jhon437203")));
//! assert_eq!(breb.network(), Some("RBM"));
//! assert_eq!(breb.channel(), Some("APP"));
//! assert_eq!(breb.transaction_id(), Some("000001Hnc8F81-4FW2h"));
//! # Ok::<(), emvqr::Error>(())
//! ```

use core::fmt;

use crate::escape::Escaped;

use super::national::write_parts;
use crate::path::TagPath;
use crate::payload::{MerchantAccount, Payload, Template};
pub use crate::rules::breb::{BreBRule, GUI_PREFIX, is_gui};
use crate::tlv::Fields;

/// The type of a Bre-B key: the sub-field of template 26 that holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum KeyType {
    /// 01: an identity document number.
    Document,
    /// 02: a mobile number.
    Mobile,
    /// 03: an e-mail address.
    Email,
    /// 04: an alphanumeric key the entity assigned (`@name…`).
    Alphanumeric,
    /// 05: a merchant ID (the key template's, or the merchant code of template 50).
    MerchantId,
}

impl KeyType {
    const ALL: [(u8, KeyType); 5] = [
        (1, KeyType::Document),
        (2, KeyType::Mobile),
        (3, KeyType::Email),
        (4, KeyType::Alphanumeric),
        (5, KeyType::MerchantId),
    ];

    /// The lowercase name: `document`, `mobile`, `email`, `alphanumeric`, `merchant_id`.
    pub const fn name(self) -> &'static str {
        match self {
            KeyType::Document => "document",
            KeyType::Mobile => "mobile",
            KeyType::Email => "email",
            KeyType::Alphanumeric => "alphanumeric",
            KeyType::MerchantId => "merchant_id",
        }
    }
}

/// A Bre-B code, seen through its first template of the `CO.COM.` family among the merchant
/// accounts (26, else 49–51): one view for the whole payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct BreB<'a> {
    account: MerchantAccount<'a>,
    /// The payload's text, whose other templates the accessors read.
    text: &'a str,
}

impl<'a> BreB<'a> {
    /// Reads `account` as the Bre-B view of `payload`, if it is the payload's first merchant
    /// account with a `CO.COM.` GUI.
    pub fn new(account: MerchantAccount<'a>, payload: &Payload<'a>) -> Option<BreB<'a>> {
        let first = payload
            .merchant_accounts()
            .find(|a| a.gui().is_some_and(is_gui))?;
        (first.id() == account.id()).then(|| BreB {
            account,
            text: payload.as_str(),
        })
    }

    /// The Bre-B view of `payload`.
    pub fn find(payload: &Payload<'a>) -> Option<BreB<'a>> {
        payload
            .merchant_accounts()
            .find_map(|account| BreB::new(account, payload))
    }

    /// The merchant account template the view stands on.
    pub const fn account(&self) -> MerchantAccount<'a> {
        self.account
    }

    /// The root template `id`, if it is of the `CO.COM.` family.
    fn template(&self, id: u8) -> Option<Template<'a>> {
        let field = Fields::template(self.text, 0, TagPath::root())
            .map_while(Result::ok)
            .find(|field| field.id() == id)?;
        let template = Template::new(field);
        template.gui().is_some_and(is_gui).then_some(template)
    }

    /// The value (01) of the root template `id`, if it is of the `CO.COM.` family.
    fn value(&self, id: u8) -> Option<&'a str> {
        self.template(id)?.get(1)
    }

    /// The key and its type: template 26's, else the merchant code of 50 (the standard has a
    /// reader fall back to it).
    pub fn key(&self) -> Option<(KeyType, &'a str)> {
        let from_26 = self.template(26).and_then(|t| {
            KeyType::ALL
                .iter()
                .find_map(|&(id, kind)| Some((kind, t.get(id)?)))
        });
        from_26.or_else(|| Some((KeyType::MerchantId, self.merchant_code()?)))
    }

    /// The network (49.01): `RBM`, `CRB`, `ACH`, …
    pub fn network(&self) -> Option<&'a str> {
        self.value(49)
    }

    /// The merchant code (50.01).
    pub fn merchant_code(&self) -> Option<&'a str> {
        self.value(50)
    }

    /// The aggregator's merchant code (51.01).
    pub fn aggregator_code(&self) -> Option<&'a str> {
        self.value(51)
    }

    /// The channel (80.01): `APP`, `POS`, `ECOMM`, …
    pub fn channel(&self) -> Option<&'a str> {
        self.value(80)
    }

    /// The IVA (value-added tax) condition (81.01): `01` the wallet computes it, `02` the
    /// merchant did, `03` a percentage.
    pub fn iva_condition(&self) -> Option<&'a str> {
        self.value(81)
    }

    /// The IVA value or percentage (82.01).
    pub fn iva(&self) -> Option<&'a str> {
        self.value(82)
    }

    /// The IVA base (83.01).
    pub fn iva_base(&self) -> Option<&'a str> {
        self.value(83)
    }

    /// The INC (consumption tax) condition (84.01), coded as the IVA's.
    pub fn inc_condition(&self) -> Option<&'a str> {
        self.value(84)
    }

    /// The INC value or percentage (85.01).
    pub fn inc(&self) -> Option<&'a str> {
        self.value(85)
    }

    /// The transaction ID (90.01): the network's, or `000000` in a static code.
    pub fn transaction_id(&self) -> Option<&'a str> {
        self.value(90)
    }

    /// The security field (91.01): a hash the standard does not let a reader recompute.
    pub fn security(&self) -> Option<&'a str> {
        self.value(91)
    }
}

impl fmt::Display for BreB<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Bre-B")?;
        if let Some((kind, key)) = self.key() {
            write!(f, ", {} key {}", kind.name(), Escaped(key))?;
        }
        write_parts(
            f,
            &[
                ("network", self.network()),
                ("merchant code", self.merchant_code()),
                ("aggregator", self.aggregator_code()),
                ("channel", self.channel()),
                ("IVA condition", self.iva_condition()),
                ("IVA", self.iva()),
                ("IVA base", self.iva_base()),
                ("INC condition", self.inc_condition()),
                ("INC", self.inc()),
                ("transaction id", self.transaction_id()),
            ],
        )
    }
}
