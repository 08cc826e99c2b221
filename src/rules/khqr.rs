//! KHQR's rule book (Cambodia, National Bank of Cambodia, Bakong).
//!
//! Sources (see `docs/schemes/khqr.md`): NBC, *Implementation Guideline – KHQR SDK
//! Documentation*, version 2.3 (2022), and NBC's own JavaScript SDK `bakong-khqr` 1.0.20 (May
//! 2025), whose checks restate the *KHQR Code Specification* v1.0 (December 2019, not public).
//! A payload carries KHQR when its template 29 (an individual's account) or 30 (a merchant's)
//! holds a Bakong account ID, `name@bank`, where other schemes put their GUI.
//!
//! The SDK also refuses a dynamic code whose expiry has passed; that depends on the clock, so it
//! is not a rule of the code: the KHQR view (`schemes::khqr::Khqr::expires_at`) gives the
//! expiry to compare with.

use super::book::{Book, Code, rules};
use crate::error::Error;
use crate::path::TagPath;
use crate::text::{has_byte, split_once_byte};
use crate::tlv::char_count;

rules! {
    /// A broken KHQR rule; errors carry it as
    /// [`ErrorKind::SchemeRule`](crate::ErrorKind::SchemeRule).
    pub enum KhqrRule in RuleBook::Khqr {
        /// The Bakong account ID (29.00 or 30.00) is not `name@bank`: one `@` with text on
        /// both sides.
        InvalidAccountId => "khqr_invalid_account_id",
            "a Bakong account ID is name@bank (one @, text on both sides, at most 32 characters)",
            "NBC, KHQR SDK Documentation v2.3, p.16 (Bakong account ID); bakong-khqr 1.0.20 (checkBakongAccount)";
        /// A merchant's template (30) without its merchant ID (01).
        MissingMerchantId => "khqr_missing_merchant_id",
            "a KHQR merchant account (30) needs a merchant ID in 30.01",
            "NBC, KHQR SDK Documentation v2.3, p.16 (MerchantID: required)";
        /// A merchant's template (30) without its acquiring bank (02).
        MissingAcquiringBank => "khqr_missing_acquiring_bank",
            "a KHQR merchant account (30) needs its acquiring bank in 30.02",
            "NBC, KHQR SDK Documentation v2.3, p.16 (AcquiringBank: required)";
        /// Account information, merchant ID or acquiring bank (01, 02) over 32 characters.
        AccountFieldTooLong => "khqr_account_field_too_long",
            "KHQR account fields (29.01-02, 30.01-02) hold at most 32 characters",
            "NBC, KHQR SDK Documentation v2.3, p.16 (lengths); bakong-khqr 1.0.20";
        /// A currency (53) other than 116 (riel) and 840 (US dollar).
        UnsupportedCurrency => "khqr_unsupported_currency",
            "a KHQR code's currency (53) is 116 (KHR) or 840 (USD)",
            "NBC, KHQR SDK Documentation v2.3, p.16 (currency: KHR or USD); bakong-khqr 1.0.20 (error 28)";
        /// A country (58) other than KH.
        CountryNotKh => "khqr_country_not_kh",
            "a KHQR code's country (58) is KH",
            "NBC, KHQR SDK Documentation v2.3, p.16 (country code KH)";
        /// A riel amount with a fractional part (`5000.0` is whole and allowed).
        KhrAmountNotWhole => "khqr_khr_amount_not_whole",
            "a KHQR amount in riel (116) is a whole number",
            "bakong-khqr 1.0.20 (amount: KHR must be whole, error 4)";
        /// A dollar amount with more than two decimals.
        UsdAmountDecimals => "khqr_usd_amount_decimals",
            "a KHQR amount in US dollars (840) has at most 2 decimals",
            "bakong-khqr 1.0.20 (amount: USD at most 2 decimals, error 4)";
        /// A dynamic code (01 = 12) without an amount (54).
        DynamicWithoutAmount => "khqr_dynamic_without_amount",
            "a dynamic KHQR code (01 = 12) carries an amount (54)",
            "bakong-khqr 1.0.20 (verify: error 47)";
        /// A dynamic code, or one with an amount, without an expiry timestamp (99.01).
        MissingExpiry => "khqr_missing_expiry",
            "a KHQR code with an amount, or a dynamic one, needs an expiry timestamp in 99.01",
            "bakong-khqr 1.0.20 (expiration timestamp required, error 45)";
        /// A timestamp (99.00 creation, 99.01 expiry) that is not 13 digits (milliseconds
        /// since 1970).
        InvalidTimestamp => "khqr_invalid_timestamp",
            "a KHQR timestamp (99.00, 99.01) is 13 digits: milliseconds since 1970",
            "bakong-khqr 1.0.20 (timestamps in milliseconds, error 49)";
        /// An expiry (99.01) earlier than the creation (99.00).
        ExpiryBeforeCreation => "khqr_expiry_before_creation",
            "a KHQR code's expiry (99.01) is not earlier than its creation (99.00)",
            "bakong-khqr 1.0.20 (error 50)";
    }
}

pub(crate) static BOOK: Book = Book {
    scheme: "KHQR",
    claims,
    check,
};

/// Riel and dollar: the two currencies KHQR takes.
const KHR: &str = "116";
const USD: &str = "840";

/// The individual (29) or merchant (30) template, with a Bakong account ID where a GUI goes.
fn claims(id: u8, gui: &str) -> bool {
    (id == 29 || id == 30) && has_byte(gui, b'@')
}

/// Whether `id` is a Bakong account ID: `name@bank`, text on both sides of one `@`.
pub fn is_account_id(id: &str) -> bool {
    split_once_byte(id, b'@')
        .is_some_and(|(name, bank)| !name.is_empty() && !bank.is_empty() && !has_byte(bank, b'@'))
        && char_count(id) <= 32
}

fn check(code: &Code<'_>, report: &mut dyn FnMut(Error)) {
    let broken = |report: &mut dyn FnMut(Error), rule: KhqrRule, path: TagPath| {
        code.report_value(report, rule.into(), path);
    };
    for id in code.claimed().iter() {
        let [account, information, bank] = code.values(id, [0, 1, 2]);
        if account.is_some_and(|account| !is_account_id(account)) {
            broken(report, KhqrRule::InvalidAccountId, TagPath::sub(id, 0));
        }
        for (sub, value) in [(1, information), (2, bank)] {
            if value.is_some_and(|value| code.chars(value) > 32) {
                broken(report, KhqrRule::AccountFieldTooLong, TagPath::sub(id, sub));
            }
        }
        if id == 30 {
            let template = TagPath::new(30);
            if information.is_none() {
                code.report_field(
                    report,
                    KhqrRule::MissingMerchantId.into(),
                    template,
                    template,
                );
            }
            if bank.is_none() {
                code.report_field(
                    report,
                    KhqrRule::MissingAcquiringBank.into(),
                    template,
                    template,
                );
            }
        }
    }
    let currency = code.value(53);
    if currency.is_some_and(|currency| currency != KHR && currency != USD) {
        broken(report, KhqrRule::UnsupportedCurrency, TagPath::new(53));
    }
    if code.value(58).is_some_and(|country| country != "KH") {
        broken(report, KhqrRule::CountryNotKh, TagPath::new(58));
    }
    let amount = code.value(54);
    if let Some(amount) = amount {
        let fraction = split_once_byte(amount, b'.').map_or("", |(_, f)| f);
        let rule = match currency {
            Some(KHR) if fraction.bytes().any(|b| b != b'0') => Some(KhqrRule::KhrAmountNotWhole),
            Some(USD) if fraction.len() > 2 => Some(KhqrRule::UsdAmountDecimals),
            _ => None,
        };
        if let Some(rule) = rule {
            broken(report, rule, TagPath::new(54));
        }
    }
    let dynamic = code.value(1) == Some("12");
    if dynamic && amount.is_none() {
        broken(report, KhqrRule::DynamicWithoutAmount, TagPath::new(1));
    }
    // The timestamps matter (and are checked) when the code is dynamic or has an amount: the
    // SDK ignores what other generators put in 99 otherwise.
    let charge = match (amount, dynamic) {
        (Some(_), _) => Some(54),
        (None, true) => Some(1),
        (None, false) => None,
    };
    if let Some(charge) = charge {
        check_timestamps(code, charge, report);
    }
}

/// 99.00 (creation) and 99.01 (expiry): 13 digits each, expiry present and not before creation.
/// `charge` is the field that makes them matter (54, or 01 of a dynamic code).
fn check_timestamps(code: &Code<'_>, charge: u8, report: &mut dyn FnMut(Error)) {
    let [created, expires] = code.values(99, [0, 1]);
    let Some(expires) = expires else {
        let anchor = TagPath::new(if code.value(99).is_some() { 99 } else { charge });
        code.report_field(
            report,
            KhqrRule::MissingExpiry.into(),
            anchor,
            TagPath::sub(99, 1),
        );
        return;
    };
    let mut times = [None, None];
    for ((slot, value), sub) in times.iter_mut().zip([created, Some(expires)]).zip([0, 1]) {
        let Some(value) = value else { continue };
        match milliseconds(value) {
            Some(ms) => *slot = Some(ms),
            None => code.report_value(
                report,
                KhqrRule::InvalidTimestamp.into(),
                TagPath::sub(99, sub),
            ),
        }
    }
    if let [Some(created), Some(expiry)] = times
        && expiry < created
    {
        code.report_value(
            report,
            KhqrRule::ExpiryBeforeCreation.into(),
            TagPath::sub(99, 1),
        );
    }
}

/// A KHQR timestamp: 13 digits, milliseconds since 1970.
pub fn milliseconds(text: &str) -> Option<u64> {
    if text.len() != 13 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Thirteen digits fit a u64 many times over.
    Some(
        text.bytes()
            .fold(0, |ms, digit| ms * 10 + u64::from(digit - b'0')),
    )
}

#[cfg(test)]
mod tests {
    use super::is_account_id;

    #[test]
    fn account_ids_have_text_on_both_sides_of_one_at_sign() {
        for id in ["jonhsmith@nbcq", "a@b", "devbkhppxxx@devb"] {
            assert!(is_account_id(id), "{id}");
        }
        let long = "a".repeat(30) + "@bc";
        for id in ["", "@", "a@", "@b", "a@b@c", "ab", "a@@b", long.as_str()] {
            assert!(!is_account_id(id), "{id}");
        }
    }
}
