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
use crate::tlv::Field;

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
    gui.get(..GUI_PREFIX.len())
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case(GUI_PREFIX))
}

fn claims(id: u8, gui: &str) -> bool {
    (id == 26 || (49..=51).contains(&id) || (80..=99).contains(&id)) && is_gui(gui)
}

/// The templates a Bre-B code must carry.
const MANDATORY: [u8; 9] = [49, 80, 81, 82, 83, 84, 85, 90, 91];

fn check(code: &Code<'_>, report: &mut dyn FnMut(Error)) {
    let broken = |field: &Field<'_>, rule: BreBRule| {
        Error::new(rule.into(), field.value_offset(), field.path())
    };
    let end = code.field(63).map_or(0, |crc| crc.offset());
    let absent = |path: TagPath, rule: BreBRule| Error::new(rule.into(), end, path);
    for id in MANDATORY {
        if !code.claims(id) {
            report(absent(TagPath::new(id), BreBRule::MissingTemplate));
        }
    }
    for template in code.claimed() {
        let value = code.subfields(&template, [1])[0];
        match (template.id(), value) {
            (26, _) => check_key(code, &template, report),
            (_, None) => report(Error::new(
                BreBRule::MissingValue.into(),
                template.offset(),
                template.path(),
            )),
            (80, Some(channel)) if !CHANNELS.contains(&channel.value()) => {
                report(broken(&channel, BreBRule::InvalidChannel));
            }
            (81 | 84, Some(condition)) if !["01", "02", "03"].contains(&condition.value()) => {
                report(broken(&condition, BreBRule::InvalidTaxCondition));
            }
            (90, Some(id)) if id.len() > 19 => {
                report(broken(&id, BreBRule::TransactionIdTooLong));
            }
            _ => {}
        }
    }
    if code.field(61).is_none() {
        report(absent(TagPath::new(61), BreBRule::MissingField));
    }
    let additional = code.field(62);
    let [terminal, purpose] = match &additional {
        Some(data) => code.subfields(data, [7, 8]),
        None => [None, None],
    };
    if terminal.is_none() {
        report(absent(TagPath::sub(62, 7), BreBRule::MissingField));
    }
    match purpose {
        None => report(absent(TagPath::sub(62, 8), BreBRule::MissingField)),
        Some(purpose) if !PURPOSES.contains(&purpose.value()) => {
            report(broken(&purpose, BreBRule::InvalidPurpose));
        }
        Some(_) => {}
    }
}

/// The key template: exactly one key, in a sub-field 01–05.
fn check_key(code: &Code<'_>, template: &Field<'_>, report: &mut dyn FnMut(Error)) {
    let keys = code.subfields(template, [1, 2, 3, 4, 5]);
    let count = keys.iter().flatten().count();
    if count != 1 {
        let at = keys.iter().flatten().nth(1).unwrap_or(template);
        report(Error::new(
            BreBRule::InvalidKeyType.into(),
            at.offset(),
            at.path(),
        ));
    }
}

/// The channels of table VII (80.01).
const CHANNELS: [&str; 8] = ["IM", "POS", "APP", "ECOMM", "MPOS", "ATM", "CB", "OFC"];

/// The purposes of table VI (62.08).
const PURPOSES: [&str; 7] = ["00", "02", "03", "04", "05", "06", "07"];
