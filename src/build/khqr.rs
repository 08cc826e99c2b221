//! The KHQR builder: Cambodia's Bakong codes, as the National Bank of Cambodia's SDK writes
//! them.

use core::fmt::Write;

use heapless::String;

use super::{Builder, Initiation, Value};
use crate::amount::{Amount, Currency};
use crate::error::Error;
use crate::path::TagPath;
use crate::rules::khqr::{KhqrRule, is_account_id};

/// Builds KHQR codes (National Bank of Cambodia, Bakong): an individual's (template 29) or a
/// merchant's (30), in riel or US dollars, with the fields the NBC's SDK fixes (merchant
/// category 5999 unless given, country KH, 01 = `12` with an amount). A code with an amount
/// needs its creation and expiry times (template 99, milliseconds since 1970): the builder
/// has no clock, so the caller gives them.
///
/// ```
/// use emvqr::amount::{Amount, Currency};
/// use emvqr::build::KhqrBuilder;
///
/// // The NBC's own example of a static individual code (guideline v1.3, p.04), byte for byte.
/// let code = KhqrBuilder::individual("test_bakong@devb", "Lucky Supermarket", "Phnom Penh")
///     .created_at(1633921024778)
///     .build()?;
/// assert_eq!(code.as_str(), "00020101021129200016test_bakong@devb5204599953031165802KH\
///     5917Lucky Supermarket6010Phnom Penh9917001316339210247786304102F");
///
/// // A merchant's dynamic code in dollars: the amount needs an expiry.
/// let amount = Amount::parse("100.50")?;
/// let code = KhqrBuilder::merchant("devbkhppxxx@devb", "123456", "Dev Bank", "Jonh Smith", "PHNOM PENH")
///     .currency(Currency::USD)
///     .amount(&amount)
///     .created_at(1733000000000)
///     .expires_at(1733000600000)
///     .build()?;
/// assert!(code.contains("010212") && code.contains("99340013173300000000001131733000600000"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct KhqrBuilder<'a> {
    builder: Builder<'a>,
    account: u8,
    account_id: &'a str,
    /// The first timestamp given that is not 13 digits (its sub-field of 99).
    bad_timestamp: Option<u8>,
}

impl<'a> KhqrBuilder<'a> {
    fn new(account: u8, id: &'a str, name: &'a str, city: &'a str) -> KhqrBuilder<'a> {
        let mut builder = Builder::new();
        builder
            .point_of_initiation(Initiation::Static)
            .field(TagPath::sub(account, 0), id)
            .merchant_category_code("5999")
            .currency(Currency::KHR)
            .country_code("KH")
            .merchant_name(name)
            .merchant_city(city);
        KhqrBuilder {
            builder,
            account,
            account_id: id,
            bad_timestamp: None,
        }
    }

    /// An individual's code (template 29) paying the Bakong account `account_id`
    /// (`name@bank`).
    pub fn individual(account_id: &'a str, name: &'a str, city: &'a str) -> KhqrBuilder<'a> {
        KhqrBuilder::new(29, account_id, name, city)
    }

    /// A merchant's code (template 30): the acquiring bank's Bakong account, the merchant's ID
    /// at that bank and the bank's name.
    pub fn merchant(
        account_id: &'a str,
        merchant_id: &'a str,
        acquiring_bank: &'a str,
        name: &'a str,
        city: &'a str,
    ) -> KhqrBuilder<'a> {
        let mut khqr = KhqrBuilder::new(30, account_id, name, city);
        khqr.builder
            .field(TagPath::sub(30, 1), merchant_id)
            .field(TagPath::sub(30, 2), acquiring_bank);
        khqr
    }

    /// An individual's account information (29.01: an account or phone number, for a
    /// remittance to a bank's settlement wallet).
    pub fn account_information(&mut self, information: &'a str) -> &mut Self {
        self.builder
            .field(TagPath::sub(self.account, 1), information);
        self
    }

    /// An individual's acquiring bank (29.02).
    pub fn acquiring_bank(&mut self, bank: &'a str) -> &mut Self {
        self.builder.field(TagPath::sub(self.account, 2), bank);
        self
    }

    /// The currency: riel (the default) or US dollars.
    pub fn currency(&mut self, currency: Currency) -> &mut Self {
        self.builder.currency(currency);
        self
    }

    /// The amount (54), which makes the code dynamic (01 = `12`): riel in whole numbers,
    /// dollars with at most two decimals.
    pub fn amount(&mut self, amount: &Amount) -> &mut Self {
        self.builder
            .amount(amount)
            .point_of_initiation(Initiation::Dynamic);
        self
    }

    /// When the code was made (99.00), in milliseconds since 1970: 13 digits (from
    /// 2001-09-09), as the SDK writes it; `build` refuses another with `khqr_invalid_timestamp`.
    pub fn created_at(&mut self, milliseconds: u64) -> &mut Self {
        self.timestamp(0, milliseconds)
    }

    /// When the code stops being payable (99.01), in milliseconds since 1970 (13 digits, as for
    /// [`created_at`](Self::created_at)); required with an amount.
    pub fn expires_at(&mut self, milliseconds: u64) -> &mut Self {
        self.timestamp(1, milliseconds)
    }

    fn timestamp(&mut self, id: u8, milliseconds: u64) -> &mut Self {
        // The rule book checks timestamps only on codes with an amount (the SDK ignores them
        // otherwise), so a static code would parse with one the views cannot read.
        if !(1_000_000_000_000..=9_999_999_999_999).contains(&milliseconds) {
            self.bad_timestamp = self.bad_timestamp.or(Some(id));
        }
        let mut text = String::new();
        // 20 digits at most: the string holds 16, and a 13-digit timestamp is what is valid.
        let _ = write!(text, "{milliseconds}");
        self.builder.set(TagPath::sub(99, id), Value::Inline(text));
        self
    }

    /// The merchant category code (52), `5999` by default.
    pub fn merchant_category_code(&mut self, mcc: &'a str) -> &mut Self {
        self.builder.merchant_category_code(mcc);
        self
    }

    /// The general builder, for the additional data (62: bill number, mobile number, store
    /// label, terminal label, purpose) and the alternate-language template (64).
    pub fn builder(&mut self) -> &mut Builder<'a> {
        &mut self.builder
    }

    /// Writes and checks the code (EMVCo and KHQR rules).
    pub fn build(&self) -> Result<String<512>, Error> {
        self.check()?;
        self.builder.build()
    }

    /// Writes and checks the code into `out`.
    pub fn build_into<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        self.check()?;
        self.builder.build_into(out)
    }

    /// The account ID is what makes template 29 or 30 KHQR's (the parser claims a template
    /// for the KHQR book by its `@`): without it, the code would be a valid EMVCo code that
    /// no KHQR rule checks and no wallet reads as KHQR.
    ///
    /// A timestamp that is not 13 digits is refused here too, whether or not the code has an
    /// amount.
    fn check(&self) -> Result<(), Error> {
        if !is_account_id(self.account_id) {
            return Err(Error::without_offset(
                KhqrRule::InvalidAccountId.into(),
                TagPath::sub(self.account, 0),
            ));
        }
        match self.bad_timestamp {
            Some(id) => Err(Error::without_offset(
                KhqrRule::InvalidTimestamp.into(),
                TagPath::sub(99, id),
            )),
            None => Ok(()),
        }
    }
}
