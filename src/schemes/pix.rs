//! Pix, Brazil's instant payments (Banco Central do Brasil): the merchant account template
//! with GUI `br.gov.bcb.pix`, its key rules, and a builder.
//!
//! A static code carries the receiver's key in sub-field 01 (a CPF, a CNPJ, a phone number,
//! an e-mail address or a random key, "EVP"); a dynamic one carries in 25 the location
//! (without `https://`) where the payer's app fetches the charge. Sources: BCB's *Manual do BR
//! Code* and *Manual de Padrões para Iniciação do Pix* as restated in
//! `shared/spec/emvco-pix-schemes.md` §2.
//!
//! ```
//! use emvqr::schemes::pix::{Pix, PixKeyKind};
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
//! # Ok::<(), emvqr::Error>(())
//! ```

use core::fmt;

use heapless::String;

use crate::amount::{Amount, Currency};
use crate::build::{Builder, Initiation};
use crate::error::{Error, ErrorKind, TagPath};
use crate::payload::{MerchantAccount, Payload};
use crate::tlv::Span;

/// The Pix GUI (any case is accepted when reading).
pub const GUI: &str = "br.gov.bcb.pix";

/// Whether `bytes` is the Pix GUI in any letter case.
pub(crate) fn is_gui(bytes: &[u8]) -> bool {
    bytes.len() == GUI.len() && starts_with_ignoring_case(bytes, GUI.as_bytes())
}

/// Whether `bytes` starts with `lower` (lowercase ASCII) in any letter case. Branch-free per
/// byte, because the root walk asks it of every merchant account: `b | 0x20` lowercases
/// exactly the two cases of a letter, and other bytes must match as they are.
fn starts_with_ignoring_case(bytes: &[u8], lower: &[u8]) -> bool {
    bytes.get(..lower.len()).is_some_and(|head| {
        head.iter().zip(lower).fold(true, |same, (b, l)| {
            let fold = u8::from(l.is_ascii_lowercase()) << 5;
            same & (b | fold == *l)
        })
    })
}

/// The longest key: 77 characters.
pub const MAX_KEY_LEN: usize = 77;

/// What kind of Pix key a static code carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum PixKeyKind {
    /// A person's tax number: 11 digits with two check digits.
    Cpf,
    /// A company's tax number: 14 digits with two check digits.
    Cnpj,
    /// A phone number in E.164 with `+55`: `+5511943214321`.
    Phone,
    /// An e-mail address.
    Email,
    /// A random key (*endereço virtual de pagamento*): a lowercase UUID.
    Evp,
}

impl PixKeyKind {
    /// The lowercase name: `cpf`, `cnpj`, `phone`, `email`, `evp`.
    pub const fn name(self) -> &'static str {
        match self {
            PixKeyKind::Cpf => "cpf",
            PixKeyKind::Cnpj => "cnpj",
            PixKeyKind::Phone => "phone",
            PixKeyKind::Email => "email",
            PixKeyKind::Evp => "evp",
        }
    }
}

impl fmt::Display for PixKeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A broken Pix rule; errors carry it as [`ErrorKind::Pix`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum PixRule {
    /// Neither a key (01) nor a location (25): the code says nothing about whom to pay.
    MissingKeyOrUrl,
    /// Both a key (01) and a location (25); a code is static or dynamic, not both.
    KeyAndUrl,
    /// The location (25) starts with `https://` or `http://`; BR Codes leave the scheme out.
    UrlWithScheme,
    /// The key is longer than 77 characters.
    KeyTooLong,
    /// Key and additional information together exceed 73 characters (template 26 holds 99).
    KeyAndInfoTooLong,
    /// The withdrawal facilitator (03, fss) is not 8 digits.
    InvalidFss,
    /// An 11-digit key whose CPF check digits are wrong (or all digits equal).
    InvalidCpf,
    /// A 14-digit key whose CNPJ check digits are wrong (or all digits equal).
    InvalidCnpj,
    /// A `+` key that is not `+55` followed by a 10- or 11-digit Brazilian number.
    InvalidPhone,
    /// An `@` key that is not shaped like an e-mail address.
    InvalidEmail,
    /// A UUID-shaped key that is not lowercase hexadecimal.
    InvalidEvp,
    /// A key of none of the five kinds.
    UnknownKeyFormat,
    /// No 62.05 (txid); Pix codes always carry it, `***` when there is none.
    MissingTxid,
    /// A txid that is neither `***` nor 1 to 25 letters and digits.
    InvalidTxid,
    /// The currency (53) is not 986 (BRL).
    CurrencyNotBrl,
    /// The country (58) is not BR.
    CountryNotBr,
}

impl PixRule {
    /// A stable snake_case name, for logs and JSON.
    pub const fn code(self) -> &'static str {
        match self {
            PixRule::MissingKeyOrUrl => "pix_missing_key_or_url",
            PixRule::KeyAndUrl => "pix_key_and_url",
            PixRule::UrlWithScheme => "pix_url_with_scheme",
            PixRule::KeyTooLong => "pix_key_too_long",
            PixRule::KeyAndInfoTooLong => "pix_key_and_info_too_long",
            PixRule::InvalidFss => "pix_invalid_fss",
            PixRule::InvalidCpf => "pix_invalid_cpf",
            PixRule::InvalidCnpj => "pix_invalid_cnpj",
            PixRule::InvalidPhone => "pix_invalid_phone",
            PixRule::InvalidEmail => "pix_invalid_email",
            PixRule::InvalidEvp => "pix_invalid_evp",
            PixRule::UnknownKeyFormat => "pix_unknown_key_format",
            PixRule::MissingTxid => "pix_missing_txid",
            PixRule::InvalidTxid => "pix_invalid_txid",
            PixRule::CurrencyNotBrl => "pix_currency_not_brl",
            PixRule::CountryNotBr => "pix_country_not_br",
        }
    }
}

impl fmt::Display for PixRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PixRule::MissingKeyOrUrl => "a Pix code needs a key (26.01) or a location (26.25)",
            PixRule::KeyAndUrl => "a Pix code has a key (static) or a location (dynamic), not both",
            PixRule::UrlWithScheme => "the Pix location must not start with https:// or http://",
            PixRule::KeyTooLong => "a Pix key has at most 77 characters",
            PixRule::KeyAndInfoTooLong => {
                "the Pix key and additional information together exceed 73 characters"
            }
            PixRule::InvalidFss => "the Pix withdrawal facilitator (fss) must be 8 digits",
            PixRule::InvalidCpf => "the Pix key is 11 digits but not a valid CPF (check digits)",
            PixRule::InvalidCnpj => "the Pix key is 14 digits but not a valid CNPJ (check digits)",
            PixRule::InvalidPhone => {
                "a Pix phone key is +55 and 10 or 11 digits (e.g. +5511943214321)"
            }
            PixRule::InvalidEmail => "the Pix key is not a valid e-mail address",
            PixRule::InvalidEvp => "a Pix random key (EVP) is a lowercase UUID",
            PixRule::UnknownKeyFormat => {
                "the Pix key is not a CPF, CNPJ, +55 phone number, e-mail address or random key"
            }
            PixRule::MissingTxid => "a Pix code needs a txid in 62.05 (*** when there is none)",
            PixRule::InvalidTxid => "a Pix txid is *** or 1 to 25 letters and digits",
            PixRule::CurrencyNotBrl => "a Pix code's currency (53) is 986, the Brazilian real",
            PixRule::CountryNotBr => "a Pix code's country (58) is BR",
        })
    }
}

/// A Pix merchant account, with the payload it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Pix<'a> {
    account: MerchantAccount<'a>,
    txid: Option<&'a str>,
}

impl<'a> Pix<'a> {
    /// Reads `account` as Pix if its GUI is `br.gov.bcb.pix` (any case).
    pub fn new(account: MerchantAccount<'a>, payload: &Payload<'a>) -> Option<Pix<'a>> {
        account
            .gui()
            .is_some_and(|gui| is_gui(gui.as_bytes()))
            .then(|| Pix {
                account,
                txid: payload.additional_data().and_then(|d| d.reference_label()),
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
}

impl fmt::Display for Pix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pix")?;
        if let Some(url) = self.url() {
            write!(f, ", dynamic, location {url}")?;
        }
        if let Some(key) = self.key() {
            match classify_key(key) {
                Ok(kind) => write!(f, ", {kind} key {key}")?,
                Err(_) => write!(f, ", invalid key {key}")?,
            }
        }
        if let Some(info) = self.info() {
            write!(f, ", info {info:?}")?;
        }
        if let Some(fss) = self.fss() {
            write!(f, ", fss {fss}")?;
        }
        if let Some(txid) = self.txid {
            write!(f, ", txid {txid}")?;
        }
        Ok(())
    }
}

// ------------------------------------------------------------------ key formats

/// The kind of `key`, or the rule it breaks.
///
/// ```
/// use emvqr::schemes::pix::{classify_key, PixKeyKind, PixRule};
///
/// assert_eq!(classify_key("11144477735"), Ok(PixKeyKind::Cpf));
/// assert_eq!(classify_key("11111111111"), Err(PixRule::InvalidCpf));
/// assert_eq!(classify_key("60701190000104"), Ok(PixKeyKind::Cnpj));
/// assert_eq!(classify_key("+5511943214321"), Ok(PixKeyKind::Phone));
/// assert_eq!(classify_key("fulano@example.com"), Ok(PixKeyKind::Email));
/// assert_eq!(classify_key("123e4567-e12b-12d1-a456-426655440000"), Ok(PixKeyKind::Evp));
/// assert_eq!(classify_key("123E4567-E12B-12D1-A456-426655440000"), Err(PixRule::InvalidEvp));
/// ```
pub fn classify_key(key: &str) -> Result<PixKeyKind, PixRule> {
    let bytes = key.as_bytes();
    // Only a key of more than 77 bytes can have more than 77 characters.
    if bytes.len() > MAX_KEY_LEN && key.chars().count() > MAX_KEY_LEN {
        return Err(PixRule::KeyTooLong);
    }
    // The shapes, cheapest test first; a random key is the most common.
    if bytes.len() == 36 && [8, 13, 18, 23].iter().all(|&i| bytes.get(i) == Some(&b'-')) {
        // Folds rather than short-circuiting `all`s, so that the compiler can vectorise: the
        // four hyphens must be the only ones, and everything else lowercase hex.
        let hyphens = bytes.iter().fold(0u8, |n, &b| n + u8::from(b == b'-'));
        let hex_or_hyphen = bytes.iter().fold(true, |ok, &b| {
            ok & (b.is_ascii_digit() | (b'a'..=b'f').contains(&b) | (b == b'-'))
        });
        return if hyphens == 4 && hex_or_hyphen {
            Ok(PixKeyKind::Evp)
        } else {
            Err(PixRule::InvalidEvp)
        };
    }
    if let Some(number) = key.strip_prefix('+') {
        let digits = number.bytes().all(|b| b.is_ascii_digit());
        return match (number.strip_prefix("55"), digits) {
            (Some(national), true) if (10..=11).contains(&national.len()) => Ok(PixKeyKind::Phone),
            _ => Err(PixRule::InvalidPhone),
        };
    }
    if bytes.iter().all(u8::is_ascii_digit) {
        return match bytes.len() {
            11 if is_cpf(bytes) => Ok(PixKeyKind::Cpf),
            11 => Err(PixRule::InvalidCpf),
            14 if is_cnpj(bytes) => Ok(PixKeyKind::Cnpj),
            14 => Err(PixRule::InvalidCnpj),
            _ => Err(PixRule::UnknownKeyFormat),
        };
    }
    if key.contains('@') {
        return if is_email(key) {
            Ok(PixKeyKind::Email)
        } else {
            Err(PixRule::InvalidEmail)
        };
    }
    Err(PixRule::UnknownKeyFormat)
}

/// The CPF check digits: weights 10…2, then 11…2; the remainder of 10 × sum by 11, 10 → 0.
fn is_cpf(digits: &[u8]) -> bool {
    let d: [u32; 11] = core::array::from_fn(|i| digits.get(i).map_or(0, |b| u32::from(b - b'0')));
    // Weights count down from `first` to 2 over the digits before the check digit.
    let check = |first: u32| {
        let sum: u32 = d.iter().zip((2..=first).rev()).map(|(x, w)| x * w).sum();
        (sum * 10 % 11) % 10
    };
    d.iter().any(|&x| x != d[0]) && check(10) == d[9] && check(11) == d[10]
}

/// The CNPJ check digits: weights 5,4,3,2,9,…,2 then 6,5,…,2; the remainder r of the sum by
/// 11 gives 0 if r < 2, else 11 − r.
fn is_cnpj(digits: &[u8]) -> bool {
    const FIRST: [u32; 12] = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const SECOND: [u32; 13] = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    let d: [u32; 14] = core::array::from_fn(|i| digits.get(i).map_or(0, |b| u32::from(b - b'0')));
    let check = |weights: &[u32]| {
        let r = d.iter().zip(weights).map(|(x, w)| x * w).sum::<u32>() % 11;
        if r < 2 { 0 } else { 11 - r }
    };
    d.iter().any(|&x| x != d[0]) && check(&FIRST) == d[12] && check(&SECOND) == d[13]
}

/// `local@domain.tld`: one `@`, a non-empty local part, a dotted domain, no spaces.
fn is_email(key: &str) -> bool {
    let Some((local, domain)) = key.split_once('@') else {
        return false;
    };
    let printable = |s: &str| s.bytes().all(|b| b.is_ascii_graphic() && b != b'@');
    !local.is_empty()
        && printable(local)
        && printable(domain)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

/// Whether `txid` is `***` or 1–25 letters and digits.
///
/// ```
/// use emvqr::schemes::pix::is_txid;
/// assert!(is_txid("***") && is_txid("PEDIDO1234") && !is_txid("RP12345678-2019") && !is_txid(""));
/// ```
pub fn is_txid(txid: &str) -> bool {
    is_txid_bytes(txid.as_bytes())
}

fn is_txid_bytes(txid: &[u8]) -> bool {
    txid == b"***"
        || (!txid.is_empty() && txid.len() <= 25 && txid.iter().all(u8::is_ascii_alphanumeric))
}

/// A key written as people type it, made canonical, then checked (an invalid key is refused
/// with its rule). E-mail addresses and random keys are lowercased. Otherwise the input may
/// hold digits and ` .-/()+`, and the digits decide:
///
/// | input | key |
/// |---|---|
/// | starts with `+` | phone: `+` and the digits |
/// | has `.` or `/` (tax-number punctuation) | CPF (11 digits) or CNPJ (14), checked |
/// | 14 digits | CNPJ |
/// | 11 digits that are a valid CPF, no `(` | CPF |
/// | 10 or 11 digits | phone with area code: `+55` and the digits |
/// | 12 or 13 digits starting with 55 | phone: `+` and the digits |
///
/// So a mistyped CPF written with its dots is refused as a CPF, never read as a phone number.
///
/// ```
/// use emvqr::schemes::pix::{normalize_key, PixKeyKind, PixRule};
///
/// let (kind, key) = normalize_key("(11) 94321-4321").unwrap();
/// assert_eq!((kind, key.as_str()), (PixKeyKind::Phone, "+5511943214321"));
/// let (kind, key) = normalize_key("111.444.777-35").unwrap();
/// assert_eq!((kind, key.as_str()), (PixKeyKind::Cpf, "11144477735"));
/// assert_eq!(normalize_key("60.701.190/0001-04").unwrap().1, "60701190000104");
/// assert_eq!(normalize_key("Fulano@Example.COM").unwrap().1, "fulano@example.com");
/// assert_eq!(normalize_key("+55 (11) 94321-4321").unwrap().1, "+5511943214321");
/// assert_eq!(normalize_key("111.444.777-36"), Err(PixRule::InvalidCpf));
/// assert_eq!(normalize_key("12.345.678/0001-00"), Err(PixRule::InvalidCnpj));
/// ```
pub fn normalize_key(input: &str) -> Result<(PixKeyKind, String<MAX_KEY_LEN>), PixRule> {
    let input = input.trim();
    let mut out: String<MAX_KEY_LEN> = String::new();
    let too_long = |_| PixRule::KeyTooLong;
    if input.contains('@') || looks_like_uuid(input) {
        for c in input.chars() {
            out.push(c.to_ascii_lowercase()).map_err(too_long)?;
        }
        return Ok((classify_key(&out)?, out));
    }
    if !input
        .bytes()
        .all(|b| b.is_ascii_digit() || b" .-/()+".contains(&b))
    {
        return Err(PixRule::UnknownKeyFormat);
    }
    let mut digits: String<MAX_KEY_LEN> = String::new();
    for b in input.bytes().filter(u8::is_ascii_digit) {
        digits.push(char::from(b)).map_err(too_long)?;
    }
    let tax_number = input.contains('.') || input.contains('/');
    let prefix = match digits.len() {
        _ if input.starts_with('+') => "+",
        _ if tax_number => "",
        14 => "",
        11 if !input.contains('(') && is_cpf(digits.as_bytes()) => "",
        10 | 11 => "+55",
        12 | 13 if digits.starts_with("55") => "+",
        _ => "",
    };
    out.push_str(prefix).map_err(too_long)?;
    out.push_str(&digits).map_err(too_long)?;
    Ok((classify_key(&out)?, out))
}

fn looks_like_uuid(input: &str) -> bool {
    let b = input.as_bytes();
    b.len() == 36 && [8, 13, 18, 23].iter().all(|&i| b.get(i) == Some(&b'-'))
}

// ------------------------------------------------------------------ rules

/// Where the fields the Pix rules read are, found by the root walk and its template walks
/// (the first of each ID): spans in the payload `text`, which starts at byte `start` of the
/// caller's string. Values are read as bytes and `Field`s made only for errors, because every
/// Pix payload goes through here.
pub(crate) struct PixFields<'a> {
    pub(crate) text: &'a str,
    pub(crate) start: usize,
    /// The Pix merchant account template.
    pub(crate) template: Span,
    /// Its 01, 02, 03 and 25.
    pub(crate) key: Option<Span>,
    pub(crate) info: Option<Span>,
    pub(crate) fss: Option<Span>,
    pub(crate) url: Option<Span>,
    /// 62, and its 05.
    pub(crate) additional: Option<Span>,
    pub(crate) txid: Option<Span>,
    /// 53 and 58.
    pub(crate) currency: Option<Span>,
    pub(crate) country: Option<Span>,
}

impl PixFields<'_> {
    fn bytes(&self, span: Span) -> &[u8] {
        self.text
            .as_bytes()
            .get(span.value_start()..span.end)
            .unwrap_or_default()
    }

    /// A sub-field of the Pix template (`inside` = the template) or of 62, or a root field.
    fn error(&self, span: Span, inside: Option<Span>, rule: PixRule) -> Error {
        let parent = inside.map_or(TagPath::root(), |t| TagPath::new(t.id));
        Error::new(
            ErrorKind::Pix(rule),
            self.start + span.value_start(),
            parent.child(span.id),
        )
    }
}

/// Checks the Pix rules; `report` receives each broken rule.
pub(crate) fn check(fields: &PixFields<'_>, report: &mut impl FnMut(Error)) {
    let account = Some(fields.template);
    if let Some(fss) = fields.fss {
        let value = fields.bytes(fss);
        if !(value.len() == 8 && value.iter().all(u8::is_ascii_digit)) {
            report(fields.error(fss, account, PixRule::InvalidFss));
        }
    }
    match (fields.key, fields.url) {
        (None, None) => report(Error::new(
            ErrorKind::Pix(PixRule::MissingKeyOrUrl),
            fields.start + fields.template.start,
            TagPath::new(fields.template.id),
        )),
        (Some(key), Some(_)) => report(fields.error(key, account, PixRule::KeyAndUrl)),
        _ => {}
    }
    if let Some(url) = fields.url {
        let value = fields.bytes(url);
        if starts_with_ignoring_case(value, b"https://")
            || starts_with_ignoring_case(value, b"http://")
        {
            report(fields.error(url, account, PixRule::UrlWithScheme));
        }
    }
    if let Some(key) = fields.key {
        let value = fields
            .text
            .get(key.value_start()..key.end)
            .unwrap_or_default();
        if let Err(rule) = classify_key(value) {
            report(fields.error(key, account, rule));
        }
        if let Some(info) = fields.info
            && usize::from(key.len) + usize::from(info.len) > 73
        {
            report(fields.error(info, account, PixRule::KeyAndInfoTooLong));
        }
    }
    match fields.txid {
        Some(txid) if !is_txid_bytes(fields.bytes(txid)) => {
            report(fields.error(txid, fields.additional, PixRule::InvalidTxid));
        }
        Some(_) => {}
        None => {
            let at = fields.additional.unwrap_or(fields.template);
            report(Error::new(
                ErrorKind::Pix(PixRule::MissingTxid),
                fields.start + at.start,
                TagPath::new(62).child(5),
            ));
        }
    }
    if let Some(currency) = fields.currency
        && fields.bytes(currency) != Currency::BRL.numeric.as_bytes()
    {
        report(fields.error(currency, None, PixRule::CurrencyNotBrl));
    }
    if let Some(country) = fields.country
        && fields.bytes(country) != b"BR"
    {
        report(fields.error(country, None, PixRule::CountryNotBr));
    }
}

// ------------------------------------------------------------------ building

/// Builds Pix codes: static (a key) or dynamic (a location), with the fields Pix fixes (GUI,
/// currency 986, country BR, merchant category 0000 unless given, txid `***` unless given).
///
/// ```
/// use emvqr::amount::{Amount, Currency};
/// use emvqr::schemes::pix::PixBuilder;
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
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct PixBuilder<'a> {
    builder: Builder<'a>,
    key: Option<&'a str>,
    info: Option<&'a str>,
}

impl<'a> PixBuilder<'a> {
    fn new(
        account: (u8, &'a str),
        name: &'a str,
        city: &'a str,
        initiation: Option<Initiation>,
    ) -> PixBuilder<'a> {
        let mut builder = Builder::new();
        if let Some(initiation) = initiation {
            builder.point_of_initiation(initiation);
        }
        builder
            .merchant_account(26, GUI, &[account])
            .merchant_category_code("0000")
            .currency(Currency::BRL)
            .country_code("BR")
            .merchant_name(name)
            .merchant_city(city)
            .reference_label("***");
        let key = (account.0 == 1).then_some(account.1);
        PixBuilder {
            builder,
            key,
            info: None,
        }
    }

    /// A static code paying `key` (see [`normalize_key`] for keys typed by people).
    pub fn new_static(key: &'a str, name: &'a str, city: &'a str) -> PixBuilder<'a> {
        PixBuilder::new((1, key), name, city, None)
    }

    /// A dynamic code (01 = 12) whose charge is at `url` (without `https://`).
    pub fn new_dynamic(url: &'a str, name: &'a str, city: &'a str) -> PixBuilder<'a> {
        PixBuilder::new((25, url), name, city, Some(Initiation::Dynamic))
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
        self.builder.field(TagPath::new(26).child(2), info);
        self.info = Some(info);
        self
    }

    /// The withdrawal or change facilitator's ISPB (26.03, Pix Saque/Troco): 8 digits.
    pub fn fss(&mut self, ispb: &'a str) -> &mut Self {
        self.builder.field(TagPath::new(26).child(3), ispb);
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
        let chars = |s: &str| s.chars().count();
        let rule = if chars(key) > MAX_KEY_LEN {
            Some((PixRule::KeyTooLong, TagPath::new(26).child(1)))
        } else if chars(key) + self.info.map_or(0, chars) > 73 {
            Some((PixRule::KeyAndInfoTooLong, TagPath::new(26).child(2)))
        } else {
            None
        };
        match rule {
            Some((rule, path)) => Err(Error::new(ErrorKind::Pix(rule), 0, path)),
            None => Ok(()),
        }
    }
}
