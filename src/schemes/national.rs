//! Views of the national schemes built on EMVCo MPM: Singapore's PayNow and SGQR, Thailand's
//! PromptPay, Indonesia's QRIS, Vietnam's VietQR (NAPAS), Malaysia's DuitNow, the Philippines'
//! QR Ph and Hong Kong's FPS. Each gives its sub-fields names; identification is by GUI
//! (`docs/schemes/other.md` and the sources each view names).

use core::fmt;

use crate::escape::Escaped;

use crate::payload::{MerchantAccount, Payload};

/// Defines a view: a struct wrapping the account, `new` by GUI, named accessors, `Display`.
macro_rules! view {
    (
        $(#[$doc:meta])*
        $name:ident, $label:literal, |$gui:ident, $payload:ident| $recognise:expr,
        { $($(#[$field_doc:meta])* $field:ident = $id:literal,)* }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub struct $name<'a> {
            account: MerchantAccount<'a>,
        }

        impl<'a> $name<'a> {
            /// Reads `account` as this scheme's, if its GUI (and, for some, the payload) says so.
            #[allow(unused_variables)]
            pub fn new(account: MerchantAccount<'a>, payload: &Payload<'a>) -> Option<$name<'a>> {
                let $gui = account.gui().unwrap_or_default();
                let $payload = payload;
                let recognised: bool = $recognise;
                recognised.then_some($name { account })
            }

            /// The merchant account template.
            pub const fn account(&self) -> MerchantAccount<'a> {
                self.account
            }

            /// The globally unique identifier (00).
            pub fn gui(&self) -> Option<&'a str> {
                self.account.gui()
            }

            $(
                $(#[$field_doc])*
                pub fn $field(&self) -> Option<&'a str> {
                    self.account.get($id)
                }
            )*
        }

        impl fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($label)?;
                $(
                    if let Some(value) = self.$field() {
                        f.write_str(",")?;
                        // The accessor's name as words: `proxy_type` → "proxy type".
                        for word in stringify!($field).split('_') {
                            write!(f, " {word}")?;
                        }
                        write!(f, " {}", Escaped(value))?;
                    }
                )*
                Ok(())
            }
        }
    };
}

/// Writes `, label value` for each part that is present.
pub(super) fn write_parts(
    f: &mut fmt::Formatter<'_>,
    parts: &[(&str, Option<&str>)],
) -> fmt::Result {
    for (label, value) in parts {
        if let Some(value) = value {
            write!(f, ", {label} {}", Escaped(value))?;
        }
    }
    Ok(())
}

fn is(gui: &str, expected: &str) -> bool {
    gui.eq_ignore_ascii_case(expected)
}

view! {
    /// Singapore's PayNow (GUI `SG.PAYNOW`): a proxy (mobile number or company UEN).
    PayNow, "PayNow", |gui, payload| is(gui, "SG.PAYNOW"),
    {
        /// 01: the proxy type, `0` mobile, `2` UEN.
        proxy_type = 1,
        /// 02: the mobile number (`+65…`) or UEN.
        proxy = 2,
        /// 03: whether the payer may edit the amount (`0` no, `1` yes).
        editable = 3,
        /// 04: the expiry date, YYYYMMDD.
        expiry = 4,
    }
}

view! {
    /// Singapore's SGQR label template (51, GUI `SG.SGQR`).
    Sgqr, "SGQR", |gui, payload| is(gui, "SG.SGQR"),
    {
        /// 01: the SGQR id.
        id = 1,
        /// 02: the version, e.g. `01.0001`.
        version = 2,
        /// 03: the postal code.
        postal_code = 3,
        /// 04: the level.
        level = 4,
        /// 05: the unit number.
        unit = 5,
        /// 06: miscellaneous.
        misc = 6,
        /// 07: the revision date, YYYYMMDD.
        date = 7,
    }
}

/// Thailand's PromptPay (AIDs `A000000677010111` credit transfer, `…0112` bill payment,
/// `…0114` cross-border transfer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct PromptPay<'a> {
    account: MerchantAccount<'a>,
}

impl<'a> PromptPay<'a> {
    /// Reads `account` as PromptPay if its GUI is one of the PromptPay AIDs.
    pub fn new(account: MerchantAccount<'a>, _payload: &Payload<'a>) -> Option<PromptPay<'a>> {
        let gui = account.gui()?;
        let known = ["A000000677010111", "A000000677010112", "A000000677010114"];
        known
            .iter()
            .any(|aid| is(gui, aid))
            .then_some(PromptPay { account })
    }

    /// The merchant account template.
    pub const fn account(&self) -> MerchantAccount<'a> {
        self.account
    }

    /// The AID (00).
    pub fn gui(&self) -> Option<&'a str> {
        self.account.gui()
    }

    /// Whether this is a bill payment (`A000000677010112`) rather than a transfer.
    pub fn is_bill_payment(&self) -> bool {
        self.gui().is_some_and(|gui| gui.ends_with("12"))
    }

    fn transfer(&self, id: u8) -> Option<&'a str> {
        (!self.is_bill_payment())
            .then(|| self.account.get(id))
            .flatten()
    }

    fn bill(&self, id: u8) -> Option<&'a str> {
        self.is_bill_payment()
            .then(|| self.account.get(id))
            .flatten()
    }

    /// Transfer: the mobile number, `0066` and 9 digits (01).
    pub fn mobile(&self) -> Option<&'a str> {
        self.transfer(1)
    }

    /// Transfer: the national or tax id, 13 digits (02).
    pub fn national_id(&self) -> Option<&'a str> {
        self.transfer(2)
    }

    /// Transfer: the e-wallet id, 15 digits (03).
    pub fn ewallet_id(&self) -> Option<&'a str> {
        self.transfer(3)
    }

    /// Bill payment: the biller id, 15 characters (01).
    pub fn biller_id(&self) -> Option<&'a str> {
        self.bill(1)
    }

    /// Bill payment: reference 1 (02).
    pub fn reference_1(&self) -> Option<&'a str> {
        self.bill(2)
    }

    /// Bill payment: reference 2 (03).
    pub fn reference_2(&self) -> Option<&'a str> {
        self.bill(3)
    }
}

impl fmt::Display for PromptPay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_bill_payment() {
            "PromptPay bill payment"
        } else {
            "PromptPay"
        })?;
        write_parts(
            f,
            &[
                ("mobile", self.mobile()),
                ("national id", self.national_id()),
                ("e-wallet", self.ewallet_id()),
                ("biller", self.biller_id()),
                ("reference 1", self.reference_1()),
                ("reference 2", self.reference_2()),
            ],
        )
    }
}

/// Indonesia's QRIS (Bank Indonesia, PADG 21/18/PADG/2019; QRIS standard tables 4.3 and
/// 4.5): the national template (`ID.CO.QRIS.WWW`, formerly `ID.OR.GPNQR.WWW`, in 51), or an
/// acquirer's template (26–45) whose merchant PAN (01) carries a QRIS national numbering
/// prefix (`9360…`), or any acquirer template of a payload that carries the national one.
/// Card-scheme primitives (02–25) and the country code alone never make a code QRIS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Qris<'a> {
    account: MerchantAccount<'a>,
}

/// The GUIs of QRIS's national template, current and former.
const QRIS_NATIONAL: [&str; 2] = ["ID.CO.QRIS.WWW", "ID.OR.GPNQR.WWW"];

fn is_qris_national(account: &MerchantAccount<'_>) -> bool {
    account
        .gui()
        .is_some_and(|gui| QRIS_NATIONAL.iter().any(|national| is(gui, national)))
}

impl<'a> Qris<'a> {
    /// Reads `account` as QRIS's, if its own template or its merchant PAN says so.
    pub fn new(account: MerchantAccount<'a>, payload: &Payload<'a>) -> Option<Qris<'a>> {
        let acquirer = || {
            (26..=45).contains(&account.id())
                && (account.get(1).is_some_and(is_qris_pan)
                    || payload.merchant_accounts().any(|a| is_qris_national(&a)))
        };
        (is_qris_national(&account) || acquirer()).then_some(Qris { account })
    }

    /// The merchant account template.
    pub const fn account(&self) -> MerchantAccount<'a> {
        self.account
    }

    /// The globally unique identifier (00): the acquirer's reverse domain, or the national
    /// template's.
    pub fn gui(&self) -> Option<&'a str> {
        self.account.gui()
    }

    /// 01: the merchant PAN (acquirer templates); its first 8 digits name the acquirer.
    pub fn merchant_pan(&self) -> Option<&'a str> {
        self.account.get(1)
    }

    /// 02: the merchant id, or the NMID in the national template.
    pub fn merchant_id(&self) -> Option<&'a str> {
        self.account.get(2)
    }

    /// 03: the merchant criteria (UMI, UKE, UME, UBE, URE).
    pub fn criteria(&self) -> Option<&'a str> {
        self.account.get(3)
    }

    /// Whether this is the national template rather than an acquirer's.
    pub fn is_national(&self) -> bool {
        is_qris_national(&self.account)
    }
}

/// A QRIS merchant PAN: up to 19 digits, the first four `9360` (the national numbering
/// system's prefix).
fn is_qris_pan(pan: &str) -> bool {
    pan.len() >= 8
        && pan.len() <= 19
        && pan.starts_with("9360")
        && pan.bytes().all(|b| b.is_ascii_digit())
}

impl fmt::Display for Qris<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("QRIS")?;
        write_parts(
            f,
            &[
                ("merchant pan", self.merchant_pan()),
                ("merchant id", self.merchant_id()),
                ("criteria", self.criteria()),
            ],
        )
    }
}

/// Vietnam's VietQR / NAPAS (GUI `A000000727`): a beneficiary template (01: bank BIN in 00,
/// account or card in 01) and a service code (02).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct VietQr<'a> {
    account: MerchantAccount<'a>,
}

impl<'a> VietQr<'a> {
    /// Reads `account` as VietQR if its GUI is `A000000727`.
    pub fn new(account: MerchantAccount<'a>, _payload: &Payload<'a>) -> Option<VietQr<'a>> {
        account
            .gui()
            .is_some_and(|gui| is(gui, "A000000727"))
            .then_some(VietQr { account })
    }

    /// The merchant account template.
    pub const fn account(&self) -> MerchantAccount<'a> {
        self.account
    }

    /// The beneficiary's bank BIN (01.00), 6 digits.
    pub fn bank_bin(&self) -> Option<&'a str> {
        self.account
            .field()
            .subfield(1)?
            .subfield(0)
            .map(|f| f.value())
    }

    /// The beneficiary's account or card number (01.01).
    pub fn account_number(&self) -> Option<&'a str> {
        self.account
            .field()
            .subfield(1)?
            .subfield(1)
            .map(|f| f.value())
    }

    /// The service code (02): `QRIBFTTA` to an account, `QRIBFTTC` to a card.
    pub fn service(&self) -> Option<&'a str> {
        self.account.get(2)
    }
}

impl fmt::Display for VietQr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VietQR")?;
        if let Some(bin) = self.bank_bin() {
            write!(f, ", bank {}", Escaped(bin))?;
        }
        if let Some(account) = self.account_number() {
            write!(f, ", account {}", Escaped(account))?;
        }
        if let Some(service) = self.service() {
            write!(f, ", service {}", Escaped(service))?;
        }
        Ok(())
    }
}

view! {
    /// Malaysia's DuitNow (GUI `A0000006150001`, PayNet).
    DuitNow, "DuitNow", |gui, payload| is(gui, "A0000006150001"),
    {
        /// 01: the participant code.
        participant = 1,
        /// 02: the merchant id.
        merchant_id = 2,
    }
}

view! {
    /// The Philippines' QR Ph (P2P `com.p2pqrpay`, P2M `ph.ppmi.*`).
    QrPh, "QR Ph", |gui, payload| is(gui, "com.p2pqrpay") || gui.get(..8).is_some_and(|p| is(p, "ph.ppmi.")),
    {
        /// 01: the BIC of the receiving institution.
        bic = 1,
        /// 02: the acquirer or network id.
        network = 2,
        /// 03: the account or merchant id.
        account_id = 3,
        /// 04: a second account id.
        account_id_2 = 4,
        /// 05: the mobile number (`+63-…`).
        mobile = 5,
    }
}

view! {
    /// Hong Kong's Faster Payment System (GUI `hk.com.hkicl`).
    Fps, "FPS", |gui, payload| is(gui, "hk.com.hkicl"),
    {
        /// 01: the participant (bank) code.
        participant = 1,
        /// 02: the FPS id.
        fps_id = 2,
        /// 03: the mobile number (`+852-…`).
        mobile = 3,
        /// 04: the e-mail address.
        email = 4,
    }
}

/// India's Bharat QR, whose UPI templates carry the RuPay RID `A000000524`: 26 holds the UPI
/// address (VPA) and a minimum amount, 27 the transaction reference and its URL. No NPCI
/// specification is public; the fields are those every public implementation and real code
/// agree on (see `docs/schemes/other.md`). One view for the payload, on its first such
/// template; the card accounts of a Bharat QR code (02 Visa, 04 Mastercard, 06 RuPay) are
/// EMVCo's own fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct BharatQr<'a> {
    account: MerchantAccount<'a>,
    upi: Option<MerchantAccount<'a>>,
    reference: Option<MerchantAccount<'a>>,
}

/// The RuPay RID, the GUI of Bharat QR's UPI templates.
const RUPAY_RID: &str = "A000000524";

impl<'a> BharatQr<'a> {
    /// Reads `account` as the Bharat QR view of `payload`: its first template with the RuPay
    /// RID.
    pub fn new(account: MerchantAccount<'a>, payload: &Payload<'a>) -> Option<BharatQr<'a>> {
        let rupay = |a: &MerchantAccount<'_>| a.gui().is_some_and(|gui| is(gui, RUPAY_RID));
        let first = payload.merchant_accounts().find(rupay)?;
        (first.id() == account.id()).then(|| BharatQr {
            account,
            upi: payload.merchant_account(26).filter(rupay),
            reference: payload.merchant_account(27).filter(rupay),
        })
    }

    /// The template the view stands on.
    pub const fn account(&self) -> MerchantAccount<'a> {
        self.account
    }

    /// The payee's UPI address, the VPA (26.01): `name@bank`.
    pub fn vpa(&self) -> Option<&'a str> {
        self.upi?.get(1)
    }

    /// The minimum amount a dynamic code accepts (26.02).
    pub fn minimum_amount(&self) -> Option<&'a str> {
        self.upi?.get(2)
    }

    /// The UPI transaction reference (27.01).
    pub fn transaction_reference(&self) -> Option<&'a str> {
        self.reference?.get(1)
    }

    /// The reference URL (27.02).
    pub fn reference_url(&self) -> Option<&'a str> {
        self.reference?.get(2)
    }
}

impl fmt::Display for BharatQr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Bharat QR")?;
        write_parts(
            f,
            &[
                ("vpa", self.vpa()),
                ("minimum amount", self.minimum_amount()),
                ("transaction reference", self.transaction_reference()),
                ("reference url", self.reference_url()),
            ],
        )
    }
}

/// Kenya's KE-QR (Central Bank of Kenya, *Kenya Quick Response Code Standard 2023*): template
/// 28 for a payment service provider's account, 29 for a bank's, each with the GUI `ke.go.qr`
/// and the account under the provider's own sub-field ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct KeQr<'a> {
    account: MerchantAccount<'a>,
}

impl<'a> KeQr<'a> {
    /// Reads `account` as KE-QR's: template 28 or 29 with the GUI `ke.go.qr`.
    pub fn new(account: MerchantAccount<'a>, _payload: &Payload<'a>) -> Option<KeQr<'a>> {
        let kenyan = account.gui().is_some_and(|gui| is(gui, "ke.go.qr"));
        (kenyan && matches!(account.id(), 28 | 29)).then_some(KeQr { account })
    }

    /// The merchant account template.
    pub const fn account(&self) -> MerchantAccount<'a> {
        self.account
    }

    /// Whether a bank holds the account (29) rather than a payment service provider (28).
    pub fn is_bank(&self) -> bool {
        self.account.id() == 29
    }

    /// The account: the provider's sub-field ID (its code) and its value, the first sub-field
    /// after the GUI.
    pub fn provider_account(&self) -> Option<(u8, &'a str)> {
        let template = self.account.template()?;
        template
            .fields()
            .find(|field| field.id() != 0)
            .map(|field| (field.id(), field.value()))
    }
}

impl fmt::Display for KeQr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_bank() {
            "KE-QR, bank"
        } else {
            "KE-QR, payment service provider"
        })?;
        if let Some((provider, account)) = self.provider_account() {
            write!(f, ", provider {provider:02} account {}", Escaped(account))?;
        }
        Ok(())
    }
}
