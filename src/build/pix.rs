//! The Pix builder: static and dynamic Pix codes with the fields Pix fixes.

use heapless::String;

use super::{Builder, Initiation};
use crate::amount::Amount;
use crate::error::Error;
use crate::path::TagPath;
use crate::rules::pix::{GUI, MAX_KEY_AND_INFO_LEN, MAX_KEY_LEN, PixRule};
use crate::tlv::char_count;

/// Builds Pix codes: static (a key) or dynamic (a location), with the fields Pix fixes (GUI,
/// currency 986, country BR, merchant category 0000 unless given, txid `***` unless given),
/// and Pix Automático's composite codes (a recurrence location in template 80, beside a key,
/// a location, or alone).
///
/// ```
/// use emvqr::amount::{Amount, Currency};
/// use emvqr::build::PixBuilder;
///
/// let amount = Amount::from_minor_units(1050, Currency::BRL.exponent)?;
/// let code = PixBuilder::new_static("+5511943214321", "Fulano de Tal", "SAO PAULO")
///     .amount(&amount)
///     .txid("PEDIDO42")
///     .build()?;
/// assert!(code.starts_with("00020126360014br.gov.bcb.pix0114+5511943214321"));
///
/// let dynamic = PixBuilder::new_dynamic("pix.example.com/qr/v2/9b95a87c", "Loja", "RIO")
///     .build()?;
/// assert!(dynamic.contains("010212") && dynamic.contains("2530pix.example.com/qr/v2/9b95a87c"));
///
/// // The manual's recurrence-only example (§2.8.5.1), byte for byte.
/// let recurrence = PixBuilder::new_recurrence(
///     "pix.example.com/rec/2353c790eefb11eaadc10242ac120002", "Fulano de Tal", "BRASILIA",
/// ).build()?;
/// assert_eq!(recurrence.as_str(), "00020126180014br.gov.bcb.pix5204000053039865802BR\
///     5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/\
///     2353c790eefb11eaadc10242ac1200026304F2DA");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct PixBuilder<'a> {
    builder: Builder<'a>,
    key: Option<&'a str>,
    info: Option<&'a str>,
    fss: Option<&'a str>,
}

/// The unreserved template a recurrence goes in: any of 80–99 may hold it (manual §2.5,
/// footnote 13); every example of the manual uses 80.
const RECURRENCE_TEMPLATE: u8 = 80;

impl<'a> PixBuilder<'a> {
    fn new(
        account: &[(u8, &'a str)],
        name: &'a str,
        city: &'a str,
        initiation: Option<Initiation>,
    ) -> PixBuilder<'a> {
        let mut builder = Builder::new();
        if let Some(initiation) = initiation {
            builder.point_of_initiation(initiation);
        }
        builder.merchant_account(26, GUI, account);
        builder.brazilian_merchant(name, city);
        let key = account.iter().find(|(id, _)| *id == 1).map(|&(_, key)| key);
        PixBuilder {
            builder,
            key,
            info: None,
            fss: None,
        }
    }

    /// A static code paying `key` (see [`normalize_key`](crate::rules::pix::normalize_key) for
    /// keys typed by people).
    pub fn new_static(key: &'a str, name: &'a str, city: &'a str) -> PixBuilder<'a> {
        PixBuilder::new(&[(1, key)], name, city, None)
    }

    /// A dynamic code (01 = 12) whose charge is at `url` (without `https://`).
    pub fn new_dynamic(url: &'a str, name: &'a str, city: &'a str) -> PixBuilder<'a> {
        PixBuilder::new(&[(25, url)], name, city, Some(Initiation::Dynamic))
    }

    /// A Pix Automático code that only asks the payer to authorise the recurrence at
    /// `location` (journey 2): field 26 holds the GUI alone.
    pub fn new_recurrence(location: &'a str, name: &'a str, city: &'a str) -> PixBuilder<'a> {
        let mut pix = PixBuilder::new(&[], name, city, None);
        pix.recurrence(location);
        pix
    }

    /// Also asks the payer to authorise the recurrence at `location` (without `https://`; on
    /// the same host as a payment location): a composite code, with the recurrence in
    /// template 80.
    pub fn recurrence(&mut self, location: &'a str) -> &mut Self {
        self.builder
            .unreserved_template(RECURRENCE_TEMPLATE, GUI, &[(25, location)]);
        self
    }

    /// The amount (54).
    pub fn amount(&mut self, amount: &Amount) -> &mut Self {
        self.builder.amount(amount);
        self
    }

    /// The txid (62.05): 1–25 letters and digits.
    pub fn txid(&mut self, txid: &'a str) -> &mut Self {
        self.builder.reference_label(txid);
        self
    }

    /// Additional information shown to the payer (26.02).
    pub fn info(&mut self, info: &'a str) -> &mut Self {
        self.builder.field(TagPath::sub(26, 2), info);
        self.info = Some(info);
        self
    }

    /// The withdrawal or change facilitator's ISPB (26.03, Pix Saque/Troco): 8 digits.
    pub fn fss(&mut self, ispb: &'a str) -> &mut Self {
        self.builder.field(TagPath::sub(26, 3), ispb);
        self.fss = Some(ispb);
        self
    }

    /// The merchant category code (52), `0000` by default.
    pub fn merchant_category_code(&mut self, mcc: &'a str) -> &mut Self {
        self.builder.merchant_category_code(mcc);
        self
    }

    /// The postal code (61).
    pub fn postal_code(&mut self, postal_code: &'a str) -> &mut Self {
        self.builder.postal_code(postal_code);
        self
    }

    /// Field 01: static or dynamic, when it should be written explicitly.
    pub fn point_of_initiation(&mut self, initiation: Initiation) -> &mut Self {
        self.builder.point_of_initiation(initiation);
        self
    }

    /// The general builder, for fields without a setter here.
    pub fn builder(&mut self) -> &mut Builder<'a> {
        &mut self.builder
    }

    /// Writes and checks the code (EMVCo and Pix rules).
    pub fn build(&self) -> Result<String<512>, Error> {
        self.check_lengths()?;
        self.builder.build()
    }

    /// Writes and checks the code into `out`.
    pub fn build_into<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        self.check_lengths()?;
        self.builder.build_into(out)
    }

    /// The limits that template 26 enforces anyway (it holds 99 characters), named after the
    /// Pix rule rather than as a template too long.
    fn check_lengths(&self) -> Result<(), Error> {
        let Some(key) = self.key else { return Ok(()) };
        let chars = char_count;
        let rule = if chars(key) > MAX_KEY_LEN {
            Some((PixRule::KeyTooLong, TagPath::sub(26, 1)))
        } else if chars(key) + self.info.map_or(0, chars)
            > MAX_KEY_AND_INFO_LEN - self.fss.map_or(0, |_| 12)
        {
            Some((PixRule::KeyAndInfoTooLong, TagPath::sub(26, 2)))
        } else {
            None
        };
        match rule {
            Some((rule, path)) => Err(Error::without_offset(rule.into(), path)),
            None => Ok(()),
        }
    }
}
