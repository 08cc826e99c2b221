//! The Pix builder: static and dynamic Pix codes with the fields Pix fixes.

use heapless::{String, Vec};

use super::{Builder, Initiation, to_string, write_payload};
use crate::amount::{Amount, Currency};
use crate::error::Error;
use crate::path::TagPath;
use crate::payload::check_written_text;
use crate::rules::pix::{self, Account, At, GUI, MAX_KEY_LEN, PixRule};
use crate::tlv::{MAX_PAYLOAD_CHARS, char_count};

/// Builds Pix codes: static (a key) or dynamic (a location), with the fields Pix fixes (GUI,
/// currency 986, country BR, merchant category 0000 unless given, txid `***` unless given),
/// and Pix Automático's composite codes (a recurrence location in template 80, beside a key,
/// a location, or alone).
///
/// It writes only those fields, so it checks each one as it writes it, against the field
/// table and Pix's rule book, instead of parsing what it wrote: the same codes and the same
/// errors as [`Builder`] with the parser's check (the tests hold it to that), and a firmware
/// that builds Pix codes carries none of the parser. [`to_builder`](PixBuilder::to_builder)
/// gives the general builder, for fields without a setter here.
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
    initiation: Option<Initiation>,
    account: Account<'a>,
    recurrence: Option<&'a str>,
    merchant_category_code: &'a str,
    amount: Option<Amount>,
    txid: &'a str,
    postal_code: Option<&'a str>,
    name: &'a str,
    city: &'a str,
}

/// The unreserved template a recurrence goes in: any of 80–99 may hold it (manual §2.5,
/// footnote 13); every example of the manual uses 80.
const RECURRENCE_TEMPLATE: u8 = 80;

/// The most fields a Pix code gets, its three templates included: where each starts is kept
/// while it is written, for the errors' offsets.
const MAX_PIX_FIELDS: usize = 20;

impl<'a> PixBuilder<'a> {
    fn new(account: Account<'a>, name: &'a str, city: &'a str) -> PixBuilder<'a> {
        PixBuilder {
            initiation: None,
            account,
            recurrence: None,
            merchant_category_code: "0000",
            amount: None,
            txid: "***",
            postal_code: None,
            name,
            city,
        }
    }

    /// A static code paying `key` (see [`normalize_key`](crate::rules::pix::normalize_key) for
    /// keys typed by people).
    pub fn new_static(key: &'a str, name: &'a str, city: &'a str) -> PixBuilder<'a> {
        let account = Account {
            key: Some(key),
            ..Account::default()
        };
        PixBuilder::new(account, name, city)
    }

    /// A dynamic code (01 = 12) whose charge is at `url` (without `https://`).
    pub fn new_dynamic(url: &'a str, name: &'a str, city: &'a str) -> PixBuilder<'a> {
        let account = Account {
            location: Some(url),
            ..Account::default()
        };
        let mut pix = PixBuilder::new(account, name, city);
        pix.initiation = Some(Initiation::Dynamic);
        pix
    }

    /// A Pix Automático code that only asks the payer to authorise the recurrence at
    /// `location` (journey 2): field 26 holds the GUI alone.
    pub fn new_recurrence(location: &'a str, name: &'a str, city: &'a str) -> PixBuilder<'a> {
        let mut pix = PixBuilder::new(Account::default(), name, city);
        pix.recurrence = Some(location);
        pix
    }

    /// Also asks the payer to authorise the recurrence at `location` (without `https://`; on
    /// the same host as a payment location): a composite code, with the recurrence in
    /// template 80.
    pub fn recurrence(&mut self, location: &'a str) -> &mut Self {
        self.recurrence = Some(location);
        self
    }

    /// The amount (54).
    pub fn amount(&mut self, amount: &Amount) -> &mut Self {
        self.amount = Some(*amount);
        self
    }

    /// The txid (62.05): 1–25 letters and digits.
    pub fn txid(&mut self, txid: &'a str) -> &mut Self {
        self.txid = txid;
        self
    }

    /// Additional information shown to the payer (26.02).
    pub fn info(&mut self, info: &'a str) -> &mut Self {
        self.account.info = Some(info);
        self
    }

    /// The withdrawal or change facilitator's ISPB (26.03, Pix Saque/Troco): 8 digits.
    pub fn fss(&mut self, ispb: &'a str) -> &mut Self {
        self.account.fss = Some(ispb);
        self
    }

    /// The merchant category code (52), `0000` by default.
    pub fn merchant_category_code(&mut self, mcc: &'a str) -> &mut Self {
        self.merchant_category_code = mcc;
        self
    }

    /// The postal code (61).
    pub fn postal_code(&mut self, postal_code: &'a str) -> &mut Self {
        self.postal_code = Some(postal_code);
        self
    }

    /// Field 01: static or dynamic, when it should be written explicitly.
    pub fn point_of_initiation(&mut self, initiation: Initiation) -> &mut Self {
        self.initiation = Some(initiation);
        self
    }

    /// The general builder holding the same fields, for fields without a setter here: what it
    /// builds is checked against every rule book, as a parsed payload is.
    ///
    /// ```
    /// use emvqr::build::PixBuilder;
    ///
    /// let pix = PixBuilder::new_static("+5511943214321", "MAQUINA 42", "SAO PAULO");
    /// let mut general = pix.to_builder();
    /// general.store_label("LOJA 7");
    /// assert!(general.build()?.contains("0306LOJA 7"));
    /// # Ok::<(), emvqr::Error>(())
    /// ```
    pub fn to_builder(&self) -> Builder<'_> {
        let mut builder = Builder::new();
        for (path, value) in self.fields() {
            builder.field(path, value);
        }
        builder
    }

    /// Writes and checks the code (EMVCo and Pix rules).
    pub fn build(&self) -> Result<String<MAX_PAYLOAD_CHARS>, Error> {
        let mut buffer = [0u8; MAX_PAYLOAD_CHARS];
        to_string(self.build_into(&mut buffer)?)
    }

    /// Writes and checks the code into `out`.
    ///
    /// The fields a Pix code can have are few and known, so each is checked as it is written,
    /// against the field table's rule and then Pix's, with the errors and offsets the parser
    /// would give for the written code; nothing is parsed back. A firmware that builds Pix
    /// codes so carries none of the parser.
    pub fn build_into<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        self.check_lengths()?;
        let mut starts: Vec<(TagPath, usize), MAX_PIX_FIELDS> = Vec::new();
        let mut checked = Ok(());
        let text = write_payload(out, true, self.fields(), false, &mut |path, at, value| {
            let _ = starts.push((path, at));
            if let Some(value) = value
                && checked.is_ok()
            {
                checked = check_written_text(path, value, at);
            }
        })?;
        checked?;
        self.check_rules(|path| {
            starts
                .iter()
                .find(|(placed, _)| *placed == path)
                .map_or(0, |&(_, at)| at)
        })?;
        Ok(text)
    }

    /// Pix's rules, in the order of the rule book, with the offsets it would give: `start`
    /// says where each written field starts.
    fn check_rules(&self, start: impl Fn(TagPath) -> usize) -> Result<(), Error> {
        let at_value =
            |rule: PixRule, path: TagPath| Error::new(rule.into(), start(path) + 4, path);
        let recurrence_location = TagPath::sub(RECURRENCE_TEMPLATE, 25);
        if let Some(rule) = self.recurrence.and_then(pix::location_rule) {
            return Err(at_value(rule, recurrence_location));
        }
        let mut broken = Ok(());
        pix::check_account(
            &self.account,
            self.recurrence,
            &char_count,
            &mut |rule, at| {
                let error = match at {
                    At::Value(sub) => at_value(rule, TagPath::sub(26, sub)),
                    At::Template => {
                        Error::new(rule.into(), start(TagPath::new(26)), TagPath::new(26))
                    }
                    At::RecurrenceLocation => at_value(rule, recurrence_location),
                };
                if broken.is_ok() {
                    broken = Err(error);
                }
            },
        );
        broken?;
        if !pix::is_txid(self.txid) {
            return Err(at_value(PixRule::InvalidTxid, TagPath::sub(62, 5)));
        }
        Ok(())
    }

    /// The code's fields in canonical order, 00 and 63 aside (they are written around them).
    fn fields(&self) -> impl Iterator<Item = (TagPath, &str)> {
        let recurrence_gui = self.recurrence.map(|_| GUI);
        [
            (TagPath::new(1), self.initiation.map(Initiation::code)),
            (TagPath::sub(26, 0), Some(GUI)),
            (TagPath::sub(26, 1), self.account.key),
            (TagPath::sub(26, 2), self.account.info),
            (TagPath::sub(26, 3), self.account.fss),
            (TagPath::sub(26, 25), self.account.location),
            (TagPath::new(52), Some(self.merchant_category_code)),
            (TagPath::new(53), Some(Currency::BRL.numeric)),
            (TagPath::new(54), self.amount.as_ref().map(Amount::as_str)),
            (TagPath::new(58), Some("BR")),
            (TagPath::new(59), Some(self.name)),
            (TagPath::new(60), Some(self.city)),
            (TagPath::new(61), self.postal_code),
            (TagPath::sub(62, 5), Some(self.txid)),
            (TagPath::sub(RECURRENCE_TEMPLATE, 0), recurrence_gui),
            (TagPath::sub(RECURRENCE_TEMPLATE, 25), self.recurrence),
        ]
        .into_iter()
        .filter_map(|(path, value)| Some((path, value?)))
    }

    /// The limits that template 26 enforces anyway (it holds 99 characters), named after the
    /// Pix rule rather than as a template too long.
    fn check_lengths(&self) -> Result<(), Error> {
        let Some(key) = self.account.key else {
            return Ok(());
        };
        let chars = char_count;
        let rule = if chars(key) > MAX_KEY_LEN {
            Some((PixRule::KeyTooLong, TagPath::sub(26, 1)))
        } else if self.account.key_and_info_too_long(char_count) {
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
