//! Bre-B's rule book (Colombia): the industry standard of the Colombian low-value payment
//! systems' operators for EMVCo codes.
//!
//! Source (see `docs/schemes/breb.md`): *Campos QR Code EMVCo – Estándar de Industria EASPBV
//! colombianas*, version 1.4 (2025), in force from 21 November 2025. A payload carries Bre-B
//! when one of its templates (26, 49–51, 80–99) has a GUI of the `CO.COM.` family
//! (`CO.COM.RBM.LLA`, `CO.COM.CRB.RED`, …).
//!
//! Two rules of the standard are left out because every real Bre-B code read breaks them: the
//! amount (54) is marked mandatory, but static codes leave it out; and the security field
//! (91) is "a SHA-256 hash" of data the standard does not name, so it cannot be recomputed.

use super::book::{Book, Code, rules};
use crate::error::Error;
use crate::path::TagPath;
use crate::text::starts_with_ignore_case;

rules! {
    /// A broken Bre-B rule; errors carry it as
    /// [`ErrorKind::SchemeRule`](crate::ErrorKind::SchemeRule).
    pub enum BreBRule in RuleBook::BreB {
        /// A mandatory Bre-B template is missing: the network (49), the channel (80), the tax
        /// fields (81–85), the transaction ID (90) or the security field (91).
        MissingTemplate => "breb_missing_template",
            "a Bre-B code carries templates 49 (network), 80 (channel), 81-85 (IVA and INC), 90 (transaction ID) and 91 (security)",
            "EASPBV v1.4 (2025), tables III and VII (SI: mandatory)";
        /// A mandatory field is missing: the postal code (61), the terminal label (62.07) or
        /// the purpose of the transaction (62.08).
        MissingField => "breb_missing_field",
            "a Bre-B code carries 61 (postal code), 62.07 (terminal label) and 62.08 (purpose)",
            "EASPBV v1.4 (2025), tables I and VI (SI: mandatory)";
        /// A Bre-B template without its value in 01.
        MissingValue => "breb_missing_value",
            "a Bre-B template carries its value in sub-field 01",
            "EASPBV v1.4 (2025), tables III and VII (GUI in 00, value in 01)";
        /// A key template (26) whose key is not in one of the sub-fields 01–05 (the key type:
        /// document, mobile, e-mail, alphanumeric, merchant ID), or holds more than one.
        InvalidKeyType => "breb_invalid_key_type",
            "a Bre-B key template (26) holds one key, in sub-field 01 (document), 02 (mobile), 03 (e-mail), 04 (alphanumeric) or 05 (merchant ID)",
            "EASPBV v1.4 (2025), p.2 (tag 26, key types)";
        /// A channel (80.01) other than IM, POS, APP, ECOMM, MPOS, ATM, CB, OFC.
        InvalidChannel => "breb_invalid_channel",
            "a Bre-B channel (80.01) is IM, POS, APP, ECOMM, MPOS, ATM, CB or OFC",
            "EASPBV v1.4 (2025), table VII (80, CANAL)";
        /// A tax condition (81.01 for IVA, 84.01 for INC) other than 01, 02, 03.
        InvalidTaxCondition => "breb_invalid_tax_condition",
            "a Bre-B tax condition (81.01, 84.01) is 01 (wallet), 02 (merchant) or 03 (percentage)",
            "EASPBV v1.4 (2025), table VII (81 CIVA, 84 CINC)";
        /// A purpose (62.08) other than 00, 02–07.
        InvalidPurpose => "breb_invalid_purpose",
            "a Bre-B purpose (62.08) is 00 (purchase), 02 (void), 03 (transfer), 04 (withdrawal), 05 (collection), 06 (top-up) or 07 (deposit)",
            "EASPBV v1.4 (2025), table VI (62.08)";
        /// A transaction ID (90.01) longer than the 19 characters Bre-B allows.
        TransactionIdTooLong => "breb_transaction_id_too_long",
            "a Bre-B transaction ID (90.01) has at most 19 characters",
            "EASPBV v1.4 (2025), table VII (90, TRXID: Bre-B)";
    }
}

pub(crate) static BOOK: Book = Book {
    scheme: "Bre-B",
    claims,
    check,
};

/// The GUI family of the Colombian templates: `CO.COM.RBM.LLA`, `CO.COM.CRB.RED`, ….
pub const GUI_PREFIX: &str = "CO.COM.";

/// Whether `gui` belongs to the Colombian family (any letter case).
pub fn is_gui(gui: &str) -> bool {
    starts_with_ignore_case(gui, GUI_PREFIX)
}

fn claims(id: u8, gui: &str) -> bool {
    (id == 26 || (49..=51).contains(&id) || (80..=99).contains(&id)) && is_gui(gui)
}

/// The templates a Bre-B code must carry.
const MANDATORY: [u8; 9] = [49, 80, 81, 82, 83, 84, 85, 90, 91];

fn check(code: &Code<'_>, report: &mut dyn FnMut(Error)) {
    // What is missing is reported at the end of the payload, the CRC field.
    let absent = |report: &mut dyn FnMut(Error), rule: BreBRule, path: TagPath| {
        code.report_field(report, rule.into(), TagPath::new(63), path);
    };
    for id in MANDATORY {
        if !code.claimed().contains(id) {
            absent(report, BreBRule::MissingTemplate, TagPath::new(id));
        }
    }
    for id in code.claimed().iter() {
        if id == 26 {
            check_key(code, report);
            continue;
        }
        let Some(value) = code.values(id, [1])[0] else {
            let template = TagPath::new(id);
            code.report_field(report, BreBRule::MissingValue.into(), template, template);
            continue;
        };
        let rule = match id {
            80 if !CHANNELS.contains(&value) => Some(BreBRule::InvalidChannel),
            81 | 84 if !["01", "02", "03"].contains(&value) => Some(BreBRule::InvalidTaxCondition),
            90 if code.chars(value) > 19 => Some(BreBRule::TransactionIdTooLong),
            _ => None,
        };
        if let Some(rule) = rule {
            code.report_value(report, rule.into(), TagPath::sub(id, 1));
        }
    }
    if code.value(61).is_none() {
        absent(report, BreBRule::MissingField, TagPath::new(61));
    }
    let [terminal, purpose] = code.values(62, [7, 8]);
    if terminal.is_none() {
        absent(report, BreBRule::MissingField, TagPath::sub(62, 7));
    }
    match purpose {
        None => absent(report, BreBRule::MissingField, TagPath::sub(62, 8)),
        Some(purpose) if !PURPOSES.contains(&purpose) => {
            code.report_value(report, BreBRule::InvalidPurpose.into(), TagPath::sub(62, 8));
        }
        Some(_) => {}
    }
}

/// The key template (26): exactly one key, in a sub-field 01–05.
fn check_key(code: &Code<'_>, report: &mut dyn FnMut(Error)) {
    let keys = code.values(26, [1, 2, 3, 4, 5]);
    if keys.iter().flatten().count() != 1 {
        // At the second key when there are several, else at the template.
        let mut present = (1..=5).zip(keys).filter(|(_, key)| key.is_some());
        let second = present.next().and_then(|_| present.next());
        let at = second.map_or(TagPath::new(26), |(sub, _)| TagPath::sub(26, sub));
        code.report_field(report, BreBRule::InvalidKeyType.into(), at, at);
    }
}

/// The channels of table VII (80.01).
const CHANNELS: [&str; 8] = ["IM", "POS", "APP", "ECOMM", "MPOS", "ATM", "CB", "OFC"];

/// The purposes of table VI (62.08).
const PURPOSES: [&str; 7] = ["00", "02", "03", "04", "05", "06", "07"];
