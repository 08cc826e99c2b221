//! Pix's rule book (Banco Central do Brasil): key formats, the location of dynamic codes, the
//! txid, currency and country.
//!
//! Sources: the Banco Central's *Manual de Padrões para Iniciação do Pix* (Anexo I of the Pix
//! regulation) and *Manual do BR Code*, as restated with their sections in
//! `docs/schemes/pix.md`. A payload carries Pix when one of its merchant account templates
//! (26–51) has the GUI `br.gov.bcb.pix`, in any letter case.
//!
//! ```
//! use emvqr::rules::pix::{classify_key, PixKeyKind, PixRule};
//!
//! assert_eq!(classify_key("11144477735"), Ok(PixKeyKind::Cpf));
//! assert_eq!(classify_key("11144477736"), Err(PixRule::InvalidCpf));
//! ```

use heapless::String;

use super::book::{Book, Code, rules};
use crate::error::Error;
use crate::path::TagPath;
use crate::text::{has_byte, split_once_byte, starts_with_ignore_case};
use crate::tlv::char_count;

/// The Pix GUI (any letter case is accepted when reading).
pub const GUI: &str = "br.gov.bcb.pix";

/// Whether `gui` is the Pix GUI in any letter case.
pub fn is_gui(gui: &str) -> bool {
    // Codes write it in lowercase or in capitals: two plain comparisons settle nearly every
    // code before one letter by letter.
    gui == GUI || gui == "BR.GOV.BCB.PIX" || gui.eq_ignore_ascii_case(GUI)
}

/// The longest key: 77 characters.
pub const MAX_KEY_LEN: usize = 77;

/// The most characters key (01) and additional information (02) may hold together: template
/// 26 holds 99, of which the GUI takes 18 and the two headers 8.
pub const MAX_KEY_AND_INFO_LEN: usize = 73;

rules! {
    /// A broken Pix rule; errors carry it as [`ErrorKind::SchemeRule`](crate::ErrorKind::SchemeRule).
    ///
    /// ```
    /// use emvqr::rules::pix::PixRule;
    /// assert_eq!(PixRule::InvalidCpf.code(), "pix_invalid_cpf");
    /// assert_eq!(PixRule::InvalidCpf.to_string(),
    ///     "the Pix key is 11 digits but not a valid CPF (check digits)");
    /// ```
    pub enum PixRule in RuleBook::Pix {
        /// Neither a key (01) nor a location (25), and no recurrence template: the code says
        /// nothing about whom to pay. (A template with only its GUI is right exactly when a
        /// recurrence template, 80–99, comes with it: Pix Automático's recurrence-only code.)
        MissingKeyOrUrl => "pix_missing_key_or_url",
            "a Pix code needs a key (26.01), a location (26.25) or a recurrence template (80-99)",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.6 (26.01), §2.7 (26.25) and §2.8.5.1 (26 with the GUI alone)";
        /// Both a key (01) and a location (25); a code is static or dynamic, not both.
        KeyAndUrl => "pix_key_and_url",
            "a Pix code has a key (static) or a location (dynamic), not both",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.6 (26.01) and §2.7 (26.25)";
        /// A location (26.25, or a recurrence template's 25) starts with `https://` or
        /// `http://`; BR Codes leave the scheme out.
        UrlWithScheme => "pix_url_with_scheme",
            "the Pix location must not start with https:// or http://",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.5.2 (locations have no scheme)";
        /// The payment location (26.25) and the recurrence location (80–99.25) are on different
        /// hosts.
        RecurrenceHostMismatch => "pix_recurrence_host_mismatch",
            "the payment location (26.25) and the recurrence location must be on the same host",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.8.3 and §2.8.5.3 (same fqdnPspRecebedor)";
        /// A withdrawal facilitator (26.03, Pix Saque) in a code that also asks for a
        /// recurrence: composite codes allow neither Saque nor Troco.
        WithdrawalWithRecurrence => "pix_withdrawal_with_recurrence",
            "a composite Pix code (with a recurrence) cannot carry Pix Saque (26.03)",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.4.3 and §2.8.4.1 (no Saque or Troco in composite codes)";
        /// More than one unreserved template (80–99) with the Pix GUI.
        SeveralUnreservedTemplates => "pix_several_unreserved_templates",
            "a Pix code has at most one unreserved template (80-99) with the Pix GUI",
            "Manual do BR Code v1.0.0, §2.1 (an arrangement uses at most one unreserved template)";
        /// The key is longer than 77 characters.
        KeyTooLong => "pix_key_too_long",
            "a Pix key has at most 77 characters",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.6 (26.01: 01 to 77 characters)";
        /// Key, additional information and fss together exceed what template 26's 99
        /// characters leave them: 73 characters for key and information, 61 with an fss.
        KeyAndInfoTooLong => "pix_key_and_info_too_long",
            "the Pix key and additional information together exceed 73 characters (61 beside an fss)",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.6.1 (26.01-03 share 99 characters)";
        /// The withdrawal facilitator (03, fss) is not an ISPB: 8 digits or capital letters.
        InvalidFss => "pix_invalid_fss",
            "the Pix withdrawal facilitator (fss) is an ISPB: 8 digits or capital letters",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.6 (26.03 fss: an ISPB, 8 characters); Pix API 2.9.0 (ISPB [0-9A-Z]{8})";
        /// An 11-digit key whose CPF check digits are wrong (or all digits equal).
        InvalidCpf => "pix_invalid_cpf",
            "the Pix key is 11 digits but not a valid CPF (check digits)",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.5.1 (CPF keys)";
        /// A CNPJ-shaped key (14 digits, or 12 digits and capital letters then 2 digits) whose
        /// check digits are wrong (or whose digits are all equal).
        InvalidCnpj => "pix_invalid_cnpj",
            "the Pix key is shaped like a CNPJ but its check digits are wrong",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.5.1 (CNPJ keys, alphanumeric since 2.9.0); Receita Federal, IN RFB 2.229/2024 and Nota Técnica COCAD/SUARA/RFB 49/2024 (check digits)";
        /// A `+` key that is not `+55` followed by a 10- or 11-digit Brazilian number.
        InvalidPhone => "pix_invalid_phone",
            "a Pix phone key is +55 and 10 or 11 digits (e.g. +5511943214321)",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.5.1 (phone keys)";
        /// An `@` key that is not shaped like an e-mail address.
        InvalidEmail => "pix_invalid_email",
            "the Pix key is not a valid e-mail address",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.5.1 (e-mail keys)";
        /// A UUID-shaped key that is not lowercase hexadecimal.
        InvalidEvp => "pix_invalid_evp",
            "a Pix random key (EVP) is a lowercase UUID",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.5.1 (random keys)";
        /// A key of none of the five kinds.
        UnknownKeyFormat => "pix_unknown_key_format",
            "the Pix key is not a CPF, a CNPJ, a +55 phone number, an e-mail address or a random key",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.5.1 (key formats)";
        /// No 62.05 (txid); Pix codes always carry it, `***` when there is none.
        MissingTxid => "pix_missing_txid",
            "a Pix code needs a txid in 62.05 (*** when there is none)",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.6.2 (62.05 always present)";
        /// A txid that is neither `***` nor 1 to 25 letters and digits.
        InvalidTxid => "pix_invalid_txid",
            "a Pix txid is *** or 1 to 25 letters and digits",
            "Manual de Padrões para Iniciação do Pix v2.10.0, §2.6.2 (static txid)";
        /// The currency (53) is not 986 (BRL).
        CurrencyNotBrl => "pix_currency_not_brl",
            "a Pix code's currency (53) is 986, the Brazilian real",
            "Manual do BR Code v1.0.0, table 1 (53 = 986)";
        /// The country (58) is not BR.
        CountryNotBr => "pix_country_not_br",
            "a Pix code's country (58) is BR",
            "Manual do BR Code v1.0.0, table 1 (58 = BR)";
    }
}

// ------------------------------------------------------------------ the book

pub(crate) static BOOK: Book = Book {
    scheme: "Pix",
    claims,
    check,
};

/// A merchant account template (26–51) or an unreserved one (80–99, Pix Automático's
/// recurrence) with the Pix GUI.
fn claims(id: u8, gui: &str) -> bool {
    ((26..=51).contains(&id) || (80..=99).contains(&id)) && is_gui(gui)
}

fn check(code: &Code<'_>, report: &mut dyn FnMut(Error)) {
    // The recurrence template (Pix Automático): the first unreserved Pix template.
    let mut unreserved = code.claimed().within(80, 99).iter();
    let recurrence_template = unreserved.next();
    if let Some(second) = unreserved.next() {
        let path = TagPath::new(second);
        code.report_field(
            report,
            PixRule::SeveralUnreservedTemplates.into(),
            path,
            path,
        );
    }
    let recurrence = recurrence_template.and_then(|id| Some((id, code.values(id, [25])[0]?)));
    if let Some((id, location)) = recurrence
        && let Some(rule) = location_rule(location)
    {
        code.report_value(report, rule.into(), TagPath::sub(id, 25));
    }
    for id in code.claimed().within(26, 51).iter() {
        let [key, info, fss, location] = code.values(id, [1, 2, 3, 25]);
        let account = Account {
            key,
            info,
            fss,
            location,
        };
        let recurrence_location = recurrence.map(|(_, location)| location);
        check_account(
            &account,
            recurrence_location,
            &|value| code.chars(value),
            &mut |rule, at| {
                let rule = rule.into();
                match at {
                    At::Value(sub) => code.report_value(report, rule, TagPath::sub(id, sub)),
                    At::Template => {
                        let template = TagPath::new(id);
                        code.report_field(report, rule, template, template);
                    }
                    At::RecurrenceLocation => {
                        let recurrence_id =
                            recurrence.map_or(0, |(recurrence_id, _)| recurrence_id);
                        code.report_value(report, rule, TagPath::sub(recurrence_id, 25));
                    }
                }
            },
        );
    }
    let txid = TagPath::sub(62, 5);
    match code.values(62, [5])[0] {
        Some(value) if !is_txid(value) => {
            code.report_value(report, PixRule::InvalidTxid.into(), txid)
        }
        Some(_) => {}
        None => {
            // At 62 when the code has it, else at its first Pix template.
            let anchor = match code.value(62) {
                Some(_) => TagPath::new(62),
                None => TagPath::new(code.claimed().iter().next().unwrap_or(0)),
            };
            code.report_field(report, PixRule::MissingTxid.into(), anchor, txid);
        }
    }
    if code.value(53).is_some_and(|currency| currency != "986") {
        code.report_value(report, PixRule::CurrencyNotBrl.into(), TagPath::new(53));
    }
    if code.value(58).is_some_and(|country| country != "BR") {
        code.report_value(report, PixRule::CountryNotBr.into(), TagPath::new(58));
    }
}

/// The sub-fields of a Pix merchant account template that its rules read.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Account<'t> {
    /// 01, the key of a static code.
    pub(crate) key: Option<&'t str>,
    /// 02, additional information for the payer.
    pub(crate) info: Option<&'t str>,
    /// 03, the withdrawal or change facilitator (fss).
    pub(crate) fss: Option<&'t str>,
    /// 25, the location of a dynamic code's charge.
    pub(crate) location: Option<&'t str>,
}

impl Account<'_> {
    /// Whether key (01) and additional information (02) together exceed what template 26's
    /// 99 characters leave them beside the GUI, their headers and an fss: 73 characters, 61 with
    /// an fss. (A key alone is bounded by its own rule, 77 characters.) `chars` counts a value's
    /// characters.
    pub(crate) fn key_and_info_too_long(&self, chars: impl Fn(&str) -> usize) -> bool {
        let (Some(key), Some(info)) = (self.key, self.info) else {
            return false;
        };
        // 99 = 18 for the GUI, 4 + 4 for the key's and the information's headers, 12 for an fss.
        let room = MAX_KEY_AND_INFO_LEN - self.fss.map_or(0, |_| 12);
        chars(key) + chars(info) > room
    }
}

/// What a broken rule of an account template points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum At {
    /// The value of the template's sub-field with this ID.
    Value(u8),
    /// The template itself (a sub-field it lacks).
    Template,
    /// The value of the code's recurrence location (the recurrence template's 25).
    RecurrenceLocation,
}

/// The rules of a Pix merchant account template holding `account`, each broken one passed to
/// `report` with what it points at; `recurrence` is the code's recurrence location, if it
/// has one, and `chars` counts a value's characters. The rule book and the Pix builder both
/// check a template through this, each turning `At` into its own offsets.
pub(crate) fn check_account(
    account: &Account<'_>,
    recurrence: Option<&str>,
    chars: &dyn Fn(&str) -> usize,
    report: &mut dyn FnMut(PixRule, At),
) {
    let Account {
        key, fss, location, ..
    } = *account;
    if let Some(fss) = fss {
        if !is_ispb(fss) {
            report(PixRule::InvalidFss, At::Value(3));
        }
        if recurrence.is_some() {
            report(PixRule::WithdrawalWithRecurrence, At::Value(3));
        }
    }
    match (key, location) {
        (None, None) if recurrence.is_none() => report(PixRule::MissingKeyOrUrl, At::Template),
        (Some(_), Some(_)) => report(PixRule::KeyAndUrl, At::Value(1)),
        _ => {}
    }
    if let Some(location) = location {
        if let Some(rule) = location_rule(location) {
            report(rule, At::Value(25));
        }
        if let Some(recurrence) = recurrence
            && !host(location).eq_ignore_ascii_case(host(recurrence))
        {
            report(PixRule::RecurrenceHostMismatch, At::RecurrenceLocation);
        }
    }
    if let Some(key) = key {
        if let Err(rule) = classify_key(key) {
            report(rule, At::Value(1));
        }
        if account.key_and_info_too_long(chars) {
            report(PixRule::KeyAndInfoTooLong, At::Value(2));
        }
    }
}

/// The rule a location (26.25, or a recurrence template's 25) breaks, if any.
pub(crate) fn location_rule(location: &str) -> Option<PixRule> {
    let scheme = |prefix| starts_with_ignore_case(location, prefix);
    (scheme("https://") || scheme("http://")).then_some(PixRule::UrlWithScheme)
}

/// The host of a location written without its scheme: what comes before the first `/`.
fn host(location: &str) -> &str {
    split_once_byte(location, b'/').map_or(location, |(host, _)| host)
}

/// An ISPB as Pix writes it: 8 digits or capital letters (Pix API 2.9.0 allows letters, as
/// an ISPB may be derived from an alphanumeric CNPJ).
fn is_ispb(text: &str) -> bool {
    text.len() == 8
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

// ------------------------------------------------------------------ the view's questions

/// What a Pix Automático composite code asks of the payer: the journey of the Pix regulation
/// (Resolução BCB 402/2024, art. 11-Q; manual §3.3 and Anexo IV §4.4) that the code starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Journey {
    /// Journey 2: authorise a recurrence, nothing to pay now (26 holds the GUI alone).
    RecurrenceOnly,
    /// Journey 3: pay an immediate charge (`cob`, 26.25) and authorise a recurrence; paying
    /// accepts it.
    ImmediateCharge,
    /// Journey 4: pay a due-date charge (`cobv`, a 26.25 whose path holds `/cobv/`) and,
    /// optionally, authorise a recurrence.
    DueDateCharge,
    /// Journey 4: pay a static code (26.01 key) and, optionally, authorise a recurrence.
    StaticKey,
}

impl Journey {
    /// The journey of a composite code with this key and payment location (neither for a
    /// recurrence-only code).
    pub fn of(key: Option<&str>, location: Option<&str>) -> Journey {
        match (key, location) {
            (_, Some(location)) if location.contains("/cobv/") => Journey::DueDateCharge,
            (_, Some(_)) => Journey::ImmediateCharge,
            (Some(_), None) => Journey::StaticKey,
            (None, None) => Journey::RecurrenceOnly,
        }
    }

    /// The journey's number in the regulation: 2, 3 or 4.
    pub const fn number(self) -> u8 {
        match self {
            Journey::RecurrenceOnly => 2,
            Journey::ImmediateCharge => 3,
            Journey::DueDateCharge | Journey::StaticKey => 4,
        }
    }

    /// What the code asks of the payer, in words.
    pub const fn description(self) -> &'static str {
        match self {
            Journey::RecurrenceOnly => "authorise a recurring payment; nothing to pay now",
            Journey::ImmediateCharge => {
                "pay the charge now and authorise a recurring payment (paying accepts it)"
            }
            Journey::DueDateCharge => {
                "pay the due-date charge, and optionally authorise a recurring payment"
            }
            Journey::StaticKey => "pay now, and optionally authorise a recurring payment",
        }
    }
}

// ------------------------------------------------------------------ key formats

/// What kind of Pix key a static code carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum PixKeyKind {
    /// A person's tax number: 11 digits with two check digits.
    Cpf,
    /// A company's tax number: 14 characters, 12 digits or (from July 2026) capital letters,
    /// then two check digits.
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

impl core::fmt::Display for PixKeyKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// The kind of `key`, or the rule it breaks.
///
/// ```
/// use emvqr::rules::pix::{classify_key, PixKeyKind, PixRule};
///
/// assert_eq!(classify_key("11144477735"), Ok(PixKeyKind::Cpf));
/// assert_eq!(classify_key("11111111111"), Err(PixRule::InvalidCpf));
/// assert_eq!(classify_key("60701190000104"), Ok(PixKeyKind::Cnpj));
/// assert_eq!(classify_key("12ABC34501DE35"), Ok(PixKeyKind::Cnpj)); // alphanumeric
/// assert_eq!(classify_key("+5511943214321"), Ok(PixKeyKind::Phone));
/// assert_eq!(classify_key("fulano@example.com"), Ok(PixKeyKind::Email));
/// assert_eq!(classify_key("123e4567-e12b-12d1-a456-426655440000"), Ok(PixKeyKind::Evp));
/// assert_eq!(classify_key("123E4567-E12B-12D1-A456-426655440000"), Err(PixRule::InvalidEvp));
/// ```
pub fn classify_key(key: &str) -> Result<PixKeyKind, PixRule> {
    let bytes = key.as_bytes();
    // Only a key of more than 77 bytes can have more than 77 characters.
    if bytes.len() > MAX_KEY_LEN && char_count(key) > MAX_KEY_LEN {
        return Err(PixRule::KeyTooLong);
    }
    if looks_like_uuid(key) {
        let lowercase_hex = bytes
            .iter()
            .enumerate()
            .all(|(i, &b)| HYPHENS.contains(&i) || matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        return if lowercase_hex {
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
    if looks_like_cnpj(key) {
        return if is_cnpj(key) {
            Ok(PixKeyKind::Cnpj)
        } else {
            Err(PixRule::InvalidCnpj)
        };
    }
    if bytes.iter().all(u8::is_ascii_digit) {
        return match bytes.len() {
            11 if is_cpf(key) => Ok(PixKeyKind::Cpf),
            11 => Err(PixRule::InvalidCpf),
            _ => Err(PixRule::UnknownKeyFormat),
        };
    }
    if has_byte(key, b'@') {
        return if is_email(key) {
            Ok(PixKeyKind::Email)
        } else {
            Err(PixRule::InvalidEmail)
        };
    }
    Err(PixRule::UnknownKeyFormat)
}

/// Where a UUID has its hyphens.
const HYPHENS: [usize; 4] = [8, 13, 18, 23];

/// 36 characters with hyphens where a UUID has them.
fn looks_like_uuid(key: &str) -> bool {
    let bytes = key.as_bytes();
    bytes.len() == 36 && HYPHENS.iter().all(|&i| bytes.get(i) == Some(&b'-'))
}

/// Whether `cpf` is a valid CPF: 11 digits whose last two are the check digits (weights 10…2,
/// then 11…2; a remainder r of the sum by 11 gives 0 if r < 2, else 11 − r), not all equal.
///
/// ```
/// use emvqr::rules::pix::is_cpf;
/// assert!(is_cpf("11144477735") && !is_cpf("11144477736") && !is_cpf("11111111111"));
/// ```
pub fn is_cpf(cpf: &str) -> bool {
    let digits = cpf.as_bytes();
    if digits.len() != 11 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let d: [u32; 11] = core::array::from_fn(|i| digits.get(i).map_or(0, |b| u32::from(b - b'0')));
    // Weights 2…11 from the right never come round again in 10 digits.
    has_check_digits(&d, 10)
}

/// Whether the last two of `values` (each character's value) are the check digits of the
/// characters before them, and not every value is the same: the Receita Federal's modulo 11,
/// shared by CPF and CNPJ. The character `k` places before a check digit (from 0) weighs
/// 2 + k, coming round to 2 again after `cycle` weights; a remainder r of the weighted sum by
/// 11 gives 0 if r < 2, else 11 − r.
fn has_check_digits(values: &[u32], cycle: u32) -> bool {
    let check_digit_at = |at: usize| {
        let (Some(before), Some(&digit)) = (values.get(..at), values.get(at)) else {
            return false;
        };
        let sum: u32 = before
            .iter()
            .rev()
            .zip(0..)
            .map(|(value, k)| value * (2 + k % cycle))
            .sum();
        let r = sum % 11;
        digit == if r < 2 { 0 } else { 11 - r }
    };
    let last = values.len().saturating_sub(1);
    values.iter().any(|value| Some(value) != values.first())
        && check_digit_at(last.saturating_sub(1))
        && check_digit_at(last)
}

/// 14 characters: 12 digits or capital letters, then 2 digits (the CNPJ's shape since the
/// Receita Federal's IN RFB 2.229/2024).
fn looks_like_cnpj(key: &str) -> bool {
    let bytes = key.as_bytes();
    bytes.len() == 14
        && bytes
            .iter()
            .take(12)
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        && bytes.iter().skip(12).all(u8::is_ascii_digit)
}

/// Whether `cnpj` is a valid CNPJ, numeric or alphanumeric (Receita Federal, IN RFB
/// 2.229/2024; Nota Técnica COCAD/SUARA/RFB 49/2024): 12 digits or capital letters, then two
/// check digits. Each character counts as its ASCII code − 48 (`0`–`9` are 0–9, `A` is 17);
/// the first check digit weighs them 5,4,3,2,9,…,2, the second 6,5,…,2 with the first check
/// digit; a remainder r of the sum by 11 gives 0 if r < 2, else 11 − r. Fourteen equal
/// characters are refused.
///
/// ```
/// use emvqr::rules::pix::is_cnpj;
/// assert!(is_cnpj("60701190000104") && is_cnpj("12ABC34501DE35"));
/// assert!(!is_cnpj("12ABC34501DE36") && !is_cnpj("12abc34501de35") && !is_cnpj("00000000000000"));
/// ```
pub fn is_cnpj(cnpj: &str) -> bool {
    if !looks_like_cnpj(cnpj) {
        return false;
    }
    let bytes = cnpj.as_bytes();
    let values: [u32; 14] =
        core::array::from_fn(|i| bytes.get(i).map_or(0, |&b| u32::from(b) - u32::from(b'0')));
    // Weights 2…9 from the right, then 2… again.
    has_check_digits(&values, 8)
}

/// `local@domain.tld`: one `@`, a non-empty local part, a dotted domain, no spaces.
fn is_email(key: &str) -> bool {
    let Some((local, domain)) = split_once_byte(key, b'@') else {
        return false;
    };
    let printable = |s: &str| s.bytes().all(|b| b.is_ascii_graphic() && b != b'@');
    !local.is_empty()
        && printable(local)
        && printable(domain)
        && has_byte(domain, b'.')
        // No empty label: no dot first, last or beside another.
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.as_bytes().windows(2).any(|pair| pair == b"..")
}

/// Whether `txid` is `***` or 1–25 letters and digits.
///
/// ```
/// use emvqr::rules::pix::is_txid;
/// assert!(is_txid("***") && is_txid("PEDIDO1234") && !is_txid("RP12345678-2019") && !is_txid(""));
/// ```
pub fn is_txid(txid: &str) -> bool {
    txid == "***"
        || (!txid.is_empty() && txid.len() <= 25 && txid.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A key written as people type it, made canonical, then checked (an invalid key is refused
/// with its rule). E-mail addresses and random keys are lowercased; an alphanumeric CNPJ
/// (`12.ABC.345/01DE-35`) loses its punctuation and is uppercased. Otherwise the input may
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
/// use emvqr::rules::pix::{normalize_key, PixKeyKind, PixRule};
///
/// let (kind, key) = normalize_key("(11) 94321-4321").unwrap();
/// assert_eq!((kind, key.as_str()), (PixKeyKind::Phone, "+5511943214321"));
/// let (kind, key) = normalize_key("111.444.777-35").unwrap();
/// assert_eq!((kind, key.as_str()), (PixKeyKind::Cpf, "11144477735"));
/// assert_eq!(normalize_key("60.701.190/0001-04").unwrap().1, "60701190000104");
/// assert_eq!(normalize_key("12.abc.345/01de-35").unwrap(), (PixKeyKind::Cnpj, "12ABC34501DE35".try_into().unwrap()));
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
    let letters = input.bytes().any(|b| b.is_ascii_alphabetic());
    if letters
        && input
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" .-/".contains(&b))
    {
        for c in input.chars().filter(char::is_ascii_alphanumeric) {
            out.push(c.to_ascii_uppercase()).map_err(too_long)?;
        }
        return match classify_key(&out)? {
            PixKeyKind::Cnpj => Ok((PixKeyKind::Cnpj, out)),
            _ => Err(PixRule::UnknownKeyFormat),
        };
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
        11 if !input.contains('(') && is_cpf(&digits) => "",
        10 | 11 => "+55",
        12 | 13 if digits.starts_with("55") => "+",
        _ => "",
    };
    out.push_str(prefix).map_err(too_long)?;
    out.push_str(&digits).map_err(too_long)?;
    Ok((classify_key(&out)?, out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn every_rule_has_its_own_code_and_round_trips_through_error_kind() {
        let mut codes: std::vec::Vec<&str> = PixRule::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), PixRule::ALL.len());
        for &rule in PixRule::ALL {
            assert_eq!(PixRule::try_from(ErrorKind::from(rule)), Ok(rule));
            assert!(rule.code().starts_with("pix_") && !rule.source().is_empty());
        }
        assert_eq!(PixRule::try_from(ErrorKind::Empty), Err(ErrorKind::Empty));
    }
}
