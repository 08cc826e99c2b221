//! The charges a location serves — `cob`, `cobv` and `rec` — read by the schemas of the Pix
//! API (`bacen/pix-api`, `openapi.yaml` 2.9.0: `CobPayload`, `CobVPayload`, `RecPayload`), and
//! the payer's checks of them.
//!
//! Unknown fields and unknown enumeration values are accepted, as the API's compatibility
//! rules require; `revisao`, `expiracao` and `validadeAposVencimento` are accepted as numbers
//! or as digit strings (the API's own signed examples write them as strings). Moneys must be
//! written as the API's pattern says, `\d{1,10}\.\d{2}`.

use std::fmt;
use std::string::{String, ToString};
use std::vec::Vec;

use serde_json::{Map, Value};

use super::location::{ChargeKind, Date};
use crate::payload::Payload;
use crate::rules::pix::{is_cnpj, is_cpf};

/// An amount of reais as the Pix API writes it: `\d{1,10}\.\d{2}`, exact (never a float).
/// Compare amounts by [`cents`](Money::cents), not as text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Money(String);

impl Money {
    /// As written: `"140.45"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// In centavos: 14045.
    pub fn cents(&self) -> u64 {
        self.0
            .bytes()
            .filter(u8::is_ascii_digit)
            .fold(0, |cents, digit| cents * 10 + u64::from(digit - b'0'))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A field of the charge that breaks its schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChargeError {
    /// Where, as a JSON path: `valor.final`, `calendario.periodicidade`.
    pub path: String,
    /// What is wrong.
    pub problem: String,
}

impl fmt::Display for ChargeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.problem)
    }
}

/// The status of a `cob` or `cobv`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChargeStatus {
    /// `ATIVA`: payable.
    Active,
    /// `CONCLUIDA`: paid.
    Concluded,
    /// `REMOVIDA_PELO_USUARIO_RECEBEDOR`.
    RemovedByReceiver,
    /// `REMOVIDA_PELO_PSP`.
    RemovedByPsp,
    /// A value this version does not know.
    Other(String),
}

impl ChargeStatus {
    fn of(text: &str) -> ChargeStatus {
        match text {
            "ATIVA" => ChargeStatus::Active,
            "CONCLUIDA" => ChargeStatus::Concluded,
            "REMOVIDA_PELO_USUARIO_RECEBEDOR" => ChargeStatus::RemovedByReceiver,
            "REMOVIDA_PELO_PSP" => ChargeStatus::RemovedByPsp,
            other => ChargeStatus::Other(other.into()),
        }
    }

    /// As the API writes it.
    pub fn as_str(&self) -> &str {
        match self {
            ChargeStatus::Active => "ATIVA",
            ChargeStatus::Concluded => "CONCLUIDA",
            ChargeStatus::RemovedByReceiver => "REMOVIDA_PELO_USUARIO_RECEBEDOR",
            ChargeStatus::RemovedByPsp => "REMOVIDA_PELO_PSP",
            ChargeStatus::Other(other) => other,
        }
    }
}

/// A person or company: a CPF or CNPJ (CNPJs may be alphanumeric) and a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Party {
    /// `cpf` or `cnpj`, as written.
    pub document: Document,
    /// `nome`.
    pub name: String,
    /// Whether the document's check digits are right. The schema asks only for the pattern,
    /// and the API's own examples carry documents whose check digits are wrong, so a wrong one
    /// is a [`Concern::CheckDigits`], not a refusal.
    pub check_digits_valid: bool,
}

/// A CPF or a CNPJ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Document {
    /// 11 digits.
    Cpf(String),
    /// 14 characters, the last two check digits.
    Cnpj(String),
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.document {
            Document::Cpf(cpf) => write!(f, "{} (CPF {cpf})", crate::Escaped(&self.name)),
            Document::Cnpj(cnpj) => write!(f, "{} (CNPJ {cnpj})", crate::Escaped(&self.name)),
        }
    }
}

/// Cash out with the payment (`valor.retirada`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withdrawal {
    /// `saque` (withdrawal) or `troco` (change).
    pub kind: &'static str,
    /// Its amount.
    pub amount: Money,
    /// `prestadorDoServicoDeSaque`: the facilitator's ISPB.
    pub facilitator: String,
    /// `modalidadeAgente`.
    pub agent: String,
}

/// An immediate charge (`CobPayload`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cob {
    /// `txid`: 26–35 letters and digits.
    pub txid: String,
    /// `revisao`.
    pub revision: u32,
    /// `status`.
    pub status: ChargeStatus,
    /// `calendario.criacao`, Unix seconds.
    pub created: i64,
    /// `calendario.expiracao`, seconds after creation.
    pub expires_after: u32,
    /// `valor.original`.
    pub amount: Money,
    /// `valor.modalidadeAlteracao` = 1: the payer may change the amount.
    pub amount_editable: bool,
    /// `valor.retirada`.
    pub withdrawal: Option<Withdrawal>,
    /// `chave`: the receiver's Pix key.
    pub key: String,
    /// `devedor`.
    pub payer: Option<Party>,
    /// `solicitacaoPagador`: the text shown to the payer.
    pub request: Option<String>,
    /// `infoAdicionais`: (`nome`, `valor`) pairs, each to be shown to the payer.
    pub info: Vec<(String, String)>,
}

/// A charge with a due date (`CobVPayload`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CobV {
    /// `txid`.
    pub txid: String,
    /// `revisao`.
    pub revision: u32,
    /// `status`.
    pub status: ChargeStatus,
    /// `calendario.dataDeVencimento`.
    pub due: Date,
    /// `calendario.validadeAposVencimento`: days it stays payable after the due date (30 when
    /// absent, as the API's change log says).
    pub days_after_due: u32,
    /// `valor.final`: what to pay on the date asked (`DPP`, or today).
    pub amount: Money,
    /// `valor.original`.
    pub original: Option<Money>,
    /// `chave`.
    pub key: String,
    /// `devedor`.
    pub payer: Party,
    /// `recebedor`.
    pub receiver: Party,
    /// `solicitacaoPagador`.
    pub request: Option<String>,
    /// `infoAdicionais`.
    pub info: Vec<(String, String)>,
}

/// A Pix Automático recurrence (`RecPayload`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rec {
    /// `idRec`: 29 characters.
    pub id: String,
    /// `vinculo.contrato`.
    pub contract: String,
    /// `vinculo.objeto`.
    pub object: Option<String>,
    /// `vinculo.devedor`.
    pub payer: Party,
    /// `calendario.dataInicial`.
    pub first: Date,
    /// `calendario.dataFinal`.
    pub last: Option<Date>,
    /// `calendario.periodicidade`: `SEMANAL`, `MENSAL`, `TRIMESTRAL`, `SEMESTRAL`, `ANUAL`.
    pub periodicity: String,
    /// `valor.valorRec`: the fixed amount.
    pub amount: Option<Money>,
    /// `valor.valorMinimoRecebedor`: the least the payer's limit may be.
    pub minimum: Option<Money>,
    /// `recebedor`.
    pub receiver: Party,
    /// `recebedor.ispbParticipante`.
    pub receiver_ispb: String,
    /// `politicaRetentativa`.
    pub retries: String,
    /// The last `atualizacao`'s status: `CRIADA`, `APROVADA`, `REJEITADA`, `EXPIRADA`,
    /// `CANCELADA`.
    pub status: String,
}

/// A charge served at a location.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Charge {
    /// An immediate charge.
    Cob(Cob),
    /// A charge with a due date.
    CobV(CobV),
    /// A recurrence to authorise.
    Rec(Rec),
}

/// Why the payer should not pay, or what it must know before it does.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Concern {
    /// The status is not `ATIVA` (or, for a recurrence, it was rejected, expired or
    /// cancelled).
    NotActive(String),
    /// An immediate charge past `criacao + expiracao`.
    Expired {
        /// When it expired, Unix seconds.
        at: i64,
    },
    /// A charge with a due date past its last payable day (`dataDeVencimento +
    /// validadeAposVencimento`, in Brasília; a last day on a weekend or holiday moves to the
    /// next business day, which is not known here).
    PastDue {
        /// The last payable day.
        last_day: Date,
    },
    /// A recurrence whose last date has passed.
    Ended {
        /// `dataFinal`.
        last: Date,
    },
    /// A party's CPF or CNPJ whose check digits are wrong: a typing error, or a made-up
    /// document.
    CheckDigits {
        /// Which party: `devedor`, `recebedor`, `vinculo.devedor`.
        party: &'static str,
        /// The document as written.
        document: String,
    },
    /// A field of the QR code a dynamic code makes meaningless: the payer ignores it (54,
    /// 62.05 other than `***`).
    Ignored {
        /// Its path.
        path: &'static str,
        /// Its value.
        value: String,
    },
}

impl Concern {
    /// Whether it stops the payment (everything but [`Concern::Ignored`] and
    /// [`Concern::CheckDigits`], which the payer should show).
    pub fn blocks_payment(&self) -> bool {
        !matches!(self, Concern::Ignored { .. } | Concern::CheckDigits { .. })
    }
}

impl fmt::Display for Concern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Concern::NotActive(status) => write!(f, "the status is {status}, not payable"),
            Concern::Expired { at } => {
                write!(f, "expired at {} (criacao + expiracao)", timestamp(*at))
            }
            Concern::PastDue { last_day } => write!(
                f,
                "past due: the last payable day was {last_day} (dataDeVencimento + validadeAposVencimento)"
            ),
            Concern::Ended { last } => write!(f, "the recurrence ended on {last}"),
            Concern::CheckDigits { party, document } => write!(
                f,
                "the {party}'s document {document} has wrong check digits"
            ),
            Concern::Ignored { path, value } => write!(
                f,
                "field {path} of the QR code ({}) is ignored: a dynamic code's charge is what counts",
                crate::Escaped(value)
            ),
        }
    }
}

/// Unix seconds as an RFC 3339 date-time in UTC: `YYYY-MM-DDTHH:MM:SSZ`.
///
/// ```
/// assert_eq!(emvqr::pix_location::timestamp(1_600_198_794), "2020-09-15T19:39:54Z");
/// ```
pub fn timestamp(unix: i64) -> String {
    let date = Date::from_days(unix.div_euclid(86_400));
    let seconds = unix.rem_euclid(86_400);
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

impl Charge {
    /// Reads `json`, the JWS payload of a `kind` location, by its schema.
    pub fn parse(kind: ChargeKind, json: &[u8]) -> Result<Charge, ChargeError> {
        let value: Value = serde_json::from_slice(json).map_err(|e| ChargeError {
            path: String::new(),
            problem: format!("the payload is not JSON: {e}"),
        })?;
        let root = Object::root(&value)?;
        match kind {
            ChargeKind::Cob => cob(&root).map(Charge::Cob),
            ChargeKind::CobV => cobv(&root).map(Charge::CobV),
            ChargeKind::Rec => rec(&root).map(Charge::Rec),
        }
    }

    /// The payer's checks at `now` (Unix seconds) — status, expiry, due date — and the fields
    /// of the QR code (`qr`) that the charge overrides.
    pub fn concerns(&self, now: i64, qr: Option<&Payload<'_>>) -> Vec<Concern> {
        let mut concerns = Vec::new();
        let today = Date::in_brasilia(now);
        match self {
            Charge::Cob(cob) => {
                if cob.status != ChargeStatus::Active {
                    concerns.push(Concern::NotActive(cob.status.as_str().into()));
                }
                let at = cob.created.saturating_add(i64::from(cob.expires_after));
                if now > at {
                    concerns.push(Concern::Expired { at });
                }
            }
            Charge::CobV(cobv) => {
                if cobv.status != ChargeStatus::Active {
                    concerns.push(Concern::NotActive(cobv.status.as_str().into()));
                }
                let last_day = cobv.due.plus(i64::from(cobv.days_after_due));
                if today > last_day {
                    concerns.push(Concern::PastDue { last_day });
                }
            }
            Charge::Rec(rec) => {
                if matches!(rec.status.as_str(), "REJEITADA" | "EXPIRADA" | "CANCELADA") {
                    concerns.push(Concern::NotActive(rec.status.clone()));
                }
                if let Some(last) = rec.last
                    && today > last
                {
                    concerns.push(Concern::Ended { last });
                }
            }
        }
        let parties: [(&'static str, Option<&Party>); 2] = match self {
            Charge::Cob(cob) => [("devedor", cob.payer.as_ref()), ("", None)],
            Charge::CobV(cobv) => [
                ("devedor", Some(&cobv.payer)),
                ("recebedor", Some(&cobv.receiver)),
            ],
            Charge::Rec(rec) => [
                ("vinculo.devedor", Some(&rec.payer)),
                ("recebedor", Some(&rec.receiver)),
            ],
        };
        for (party, found) in parties {
            if let Some(found) = found
                && !found.check_digits_valid
            {
                let document = match &found.document {
                    Document::Cpf(text) | Document::Cnpj(text) => text.clone(),
                };
                concerns.push(Concern::CheckDigits { party, document });
            }
        }
        if let Some(qr) = qr
            && !matches!(self, Charge::Rec(_))
        {
            if let Some(amount) = qr.amount() {
                concerns.push(Concern::Ignored {
                    path: "54",
                    value: amount.into(),
                });
            }
            if let Some(txid) = qr.additional_data().and_then(|data| data.get(5))
                && txid != "***"
            {
                concerns.push(Concern::Ignored {
                    path: "62.05",
                    value: txid.into(),
                });
            }
        }
        concerns
    }
}

/// A JSON object with its path, for errors that say where.
struct Object<'a> {
    path: String,
    map: &'a Map<String, Value>,
}

impl<'a> Object<'a> {
    fn root(value: &'a Value) -> Result<Object<'a>, ChargeError> {
        match value {
            Value::Object(map) => Ok(Object {
                path: String::new(),
                map,
            }),
            _ => Err(ChargeError {
                path: String::new(),
                problem: "the payload is not a JSON object".into(),
            }),
        }
    }

    fn at(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.into()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    fn error(&self, name: &str, problem: impl ToString) -> ChargeError {
        ChargeError {
            path: self.at(name),
            problem: problem.to_string(),
        }
    }

    fn object(&self, name: &str) -> Result<Option<Object<'a>>, ChargeError> {
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Object {
                path: self.at(name),
                map,
            })),
            Some(_) => Err(self.error(name, "is not an object")),
        }
    }

    fn required_object(&self, name: &str) -> Result<Object<'a>, ChargeError> {
        self.object(name)?
            .ok_or_else(|| self.error(name, "is required"))
    }

    fn text(&self, name: &str, max: usize) -> Result<Option<String>, ChargeError> {
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) if text.chars().count() <= max => Ok(Some(text.clone())),
            Some(Value::String(_)) => {
                Err(self.error(name, format!("is longer than {max} characters")))
            }
            Some(_) => Err(self.error(name, "is not a string")),
        }
    }

    fn required_text(&self, name: &str, max: usize) -> Result<String, ChargeError> {
        self.text(name, max)?
            .ok_or_else(|| self.error(name, "is required"))
    }

    /// A whole number, written as one or as a digit string.
    fn number(&self, name: &str) -> Result<Option<u32>, ChargeError> {
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(number)) => number
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| self.error(name, "is not a whole number")),
            Some(Value::String(text))
                if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) =>
            {
                text.parse()
                    .map(Some)
                    .map_err(|_| self.error(name, "is too large"))
            }
            Some(_) => Err(self.error(name, "is not a whole number")),
        }
    }

    fn amount(&self, name: &str) -> Result<Option<Money>, ChargeError> {
        let Some(text) = self.text(name, 13)? else {
            return Ok(None);
        };
        let (whole, cents) = text.split_once('.').unwrap_or((&text, ""));
        let pattern = (1..=10).contains(&whole.len())
            && whole.bytes().all(|b| b.is_ascii_digit())
            && cents.len() == 2
            && cents.bytes().all(|b| b.is_ascii_digit());
        if !pattern {
            return Err(self.error(
                name,
                format!("\"{}\" is not an amount written as the API's pattern \\d{{1,10}}\\.\\d{{2}} (such as 123.45)", crate::Escaped(&text)),
            ));
        }
        Ok(Some(Money(text)))
    }

    fn required_amount(&self, name: &str) -> Result<Money, ChargeError> {
        self.amount(name)?
            .ok_or_else(|| self.error(name, "is required"))
    }

    fn date(&self, name: &str) -> Result<Option<Date>, ChargeError> {
        match self.text(name, 10)? {
            None => Ok(None),
            Some(text) => Date::parse(&text).map(Some).ok_or_else(|| {
                self.error(
                    name,
                    format!("\"{}\" is not a date (YYYY-MM-DD)", crate::Escaped(&text)),
                )
            }),
        }
    }

    fn required_date(&self, name: &str) -> Result<Date, ChargeError> {
        self.date(name)?
            .ok_or_else(|| self.error(name, "is required"))
    }

    fn required_timestamp(&self, name: &str) -> Result<i64, ChargeError> {
        let text = self.required_text(name, 40)?;
        parse_timestamp(&text).ok_or_else(|| {
            self.error(
                name,
                format!("\"{}\" is not an RFC 3339 date-time", crate::Escaped(&text)),
            )
        })
    }

    fn matches(&self, name: &str, text: &str, ok: bool, rule: &str) -> Result<(), ChargeError> {
        if ok {
            Ok(())
        } else {
            Err(self.error(name, format!("\"{}\" {rule}", crate::Escaped(text))))
        }
    }

    fn party(&self, name: &str, max_name: usize) -> Result<Option<Party>, ChargeError> {
        let Some(party) = self.object(name)? else {
            return Ok(None);
        };
        let (document, check_digits_valid) = match (party.text("cpf", 11)?, party.text("cnpj", 14)?)
        {
            (Some(cpf), None) => {
                let pattern = cpf.len() == 11 && cpf.bytes().all(|b| b.is_ascii_digit());
                party.matches("cpf", &cpf, pattern, "is not a CPF (11 digits)")?;
                let valid = is_cpf(&cpf);
                (Document::Cpf(cpf), valid)
            }
            (None, Some(cnpj)) => {
                let pattern = cnpj.len() == 14
                    && cnpj
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
                party.matches(
                    "cnpj",
                    &cnpj,
                    pattern,
                    "is not a CNPJ (14 digits or capitals)",
                )?;
                let valid = is_cnpj(&cnpj);
                (Document::Cnpj(cnpj), valid)
            }
            (Some(_), Some(_)) => return Err(self.error(name, "has both a cpf and a cnpj")),
            (None, None) => return Err(self.error(name, "has neither a cpf nor a cnpj")),
        };
        Ok(Some(Party {
            document,
            name: party.required_text("nome", max_name)?,
            check_digits_valid,
        }))
    }

    fn required_party(&self, name: &str, max_name: usize) -> Result<Party, ChargeError> {
        self.party(name, max_name)?
            .ok_or_else(|| self.error(name, "is required"))
    }

    /// `infoAdicionais`: at most 50 entries of `nome` (≤ 50) and `valor` (≤ 200).
    fn info(&self) -> Result<Vec<(String, String)>, ChargeError> {
        let name = "infoAdicionais";
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(entries)) if entries.len() <= 50 => entries
                .iter()
                .enumerate()
                .map(|(index, entry)| {
                    let Value::Object(map) = entry else {
                        return Err(self.error(&format!("{name}[{index}]"), "is not an object"));
                    };
                    let entry = Object {
                        path: self.at(&format!("{name}[{index}]")),
                        map,
                    };
                    Ok((
                        entry.required_text("nome", 50)?,
                        entry.required_text("valor", 200)?,
                    ))
                })
                .collect(),
            Some(Value::Array(_)) => Err(self.error(name, "has more than 50 entries")),
            Some(_) => Err(self.error(name, "is not an array")),
        }
    }

    fn txid(&self) -> Result<String, ChargeError> {
        let txid = self.required_text("txid", 35)?;
        let ok = (26..=35).contains(&txid.len()) && txid.bytes().all(|b| b.is_ascii_alphanumeric());
        self.matches("txid", &txid, ok, "is not 26 to 35 letters and digits")?;
        Ok(txid)
    }

    fn status(&self) -> Result<ChargeStatus, ChargeError> {
        Ok(ChargeStatus::of(&self.required_text("status", 64)?))
    }
}

fn cob(root: &Object<'_>) -> Result<Cob, ChargeError> {
    let calendar = root.required_object("calendario")?;
    let created = calendar.required_timestamp("criacao")?;
    calendar.required_timestamp("apresentacao")?;
    let expires_after = calendar
        .number("expiracao")?
        .ok_or_else(|| calendar.error("expiracao", "is required"))?;
    let value = root.required_object("valor")?;
    let amount = value.required_amount("original")?;
    let amount_editable = match value.number("modalidadeAlteracao")? {
        None | Some(0) => false,
        Some(1) => true,
        Some(_) => return Err(value.error("modalidadeAlteracao", "is 0 or 1")),
    };
    let withdrawal = match value.object("retirada")? {
        None => None,
        Some(retirada) => Some(withdrawal(&retirada, amount_editable)?),
    };
    Ok(Cob {
        txid: root.txid()?,
        revision: root
            .number("revisao")?
            .ok_or_else(|| root.error("revisao", "is required"))?,
        status: root.status()?,
        created,
        expires_after,
        amount,
        amount_editable,
        withdrawal,
        key: root.required_text("chave", 77)?,
        payer: root.party("devedor", 200)?,
        request: root.text("solicitacaoPagador", 140)?,
        info: root.info()?,
    })
}

fn withdrawal(retirada: &Object<'_>, amount_editable: bool) -> Result<Withdrawal, ChargeError> {
    let (kind, object, agents): (&'static str, _, &[&str]) =
        match (retirada.object("saque")?, retirada.object("troco")?) {
            (Some(saque), None) => ("saque", saque, &["AGTEC", "AGTOT", "AGPSS"]),
            (None, Some(troco)) => ("troco", troco, &["AGTEC", "AGTOT"]),
            (Some(_), Some(_)) => {
                return Err(retirada.error("", "holds both saque and troco"));
            }
            (None, None) => return Err(retirada.error("", "holds neither saque nor troco")),
        };
    if amount_editable {
        return Err(retirada.error(
            "",
            "a withdrawal or change cannot come with an editable amount (valor.modalidadeAlteracao 1)",
        ));
    }
    let agent = object.required_text("modalidadeAgente", 5)?;
    object.matches(
        "modalidadeAgente",
        &agent,
        agents.contains(&agent.as_str()),
        &format!("is not one of {}", agents.join(", ")),
    )?;
    let facilitator = object.required_text("prestadorDoServicoDeSaque", 8)?;
    let ispb = facilitator.len() == 8
        && facilitator
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    object.matches(
        "prestadorDoServicoDeSaque",
        &facilitator,
        ispb,
        "is not an ISPB (8 digits or capitals)",
    )?;
    Ok(Withdrawal {
        kind,
        amount: object.required_amount("valor")?,
        facilitator,
        agent,
    })
}

fn cobv(root: &Object<'_>) -> Result<CobV, ChargeError> {
    let calendar = root.required_object("calendario")?;
    calendar.required_timestamp("criacao")?;
    calendar.required_timestamp("apresentacao")?;
    let value = root.required_object("valor")?;
    let receiver = root.required_party("recebedor", 200)?;
    let recebedor = root.required_object("recebedor")?;
    for field in ["logradouro", "cidade", "uf", "cep"] {
        recebedor.required_text(field, 200)?;
    }
    Ok(CobV {
        txid: root.txid()?,
        revision: root
            .number("revisao")?
            .ok_or_else(|| root.error("revisao", "is required"))?,
        status: root.status()?,
        due: calendar.required_date("dataDeVencimento")?,
        days_after_due: calendar.number("validadeAposVencimento")?.unwrap_or(30),
        amount: value.required_amount("final")?,
        original: value.amount("original")?,
        key: root.required_text("chave", 77)?,
        payer: root.required_party("devedor", 200)?,
        receiver,
        request: root.text("solicitacaoPagador", 140)?,
        info: root.info()?,
    })
}

fn rec(root: &Object<'_>) -> Result<Rec, ChargeError> {
    let id = root.required_text("idRec", 29)?;
    let well_formed = id.len() == 29
        && id.bytes().all(|b| b.is_ascii_alphanumeric())
        && id.starts_with('R')
        && matches!(id.as_bytes().get(1), Some(b'R' | b'N'))
        && Date::parse(&format!("{}-{}-{}", &id[10..14], &id[14..16], &id[16..18])).is_some();
    root.matches(
        "idRec",
        &id,
        well_formed,
        "is not R, R or N, 8 characters of the ISPB, a yyyyMMdd date and 11 letters and digits",
    )?;
    let link = root.required_object("vinculo")?;
    let calendar = root.required_object("calendario")?;
    let periodicity = calendar.required_text("periodicidade", 16)?;
    let value = root.object("valor")?;
    let (amount, minimum) = match &value {
        Some(value) => (
            value.amount("valorRec")?,
            value.amount("valorMinimoRecebedor")?,
        ),
        None => (None, None),
    };
    if amount.is_some() && minimum.is_some() {
        return Err(root.error("valor", "holds both valorRec and valorMinimoRecebedor"));
    }
    let recebedor = root.required_object("recebedor")?;
    let receiver_ispb = recebedor.required_text("ispbParticipante", 8)?;
    let ispb = receiver_ispb.len() == 8
        && receiver_ispb
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    recebedor.matches(
        "ispbParticipante",
        &receiver_ispb,
        ispb,
        "is not an ISPB (8 digits or capitals)",
    )?;
    let retries = root.required_text("politicaRetentativa", 32)?;
    let status = match root.map.get("atualizacao") {
        Some(Value::Array(updates)) if !updates.is_empty() => updates
            .last()
            .and_then(|last| last.get("status"))
            .and_then(Value::as_str)
            .ok_or_else(|| root.error("atualizacao", "its last entry has no status"))?
            .to_owned(),
        _ => return Err(root.error("atualizacao", "is required: a non-empty array")),
    };
    Ok(Rec {
        contract: link.required_text("contrato", 35)?,
        object: link.text("objeto", 35)?,
        payer: link.required_party("devedor", 140)?,
        first: calendar.required_date("dataInicial")?,
        last: calendar.date("dataFinal")?,
        periodicity,
        amount,
        minimum,
        receiver: root.required_party("recebedor", 140)?,
        receiver_ispb,
        retries,
        status,
        id,
    })
}

/// Parses an RFC 3339 date-time (`2020-09-15T19:39:54.013Z`, `…-03:00`) to Unix seconds.
pub(crate) fn parse_timestamp(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let date = Date::parse(&text[..10])?;
    let two = |at: usize| -> Option<i64> {
        let part = text.get(at..at + 2)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if bytes.get(13) != Some(&b':') || bytes.get(16) != Some(&b':') {
        return None;
    }
    let (hour, minute, second) = (two(11)?, two(14)?, two(17)?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && rest.as_bytes().get(3) == Some(&b':') => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            let digits = |range: core::ops::Range<usize>| -> Option<i64> {
                let part = rest.get(range)?;
                part.bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| part.parse().ok())?
            };
            let (hours, minutes) = (digits(1..3)?, digits(4..6)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            sign * (hours * 3600 + minutes * 60)
        }
        _ => return None,
    };
    Some(date.days() * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_dates() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_timestamp("2020-09-15T19:39:54.013Z"),
            Some(1_600_198_794)
        );
        assert_eq!(
            parse_timestamp("2020-09-15T16:39:54-03:00"),
            Some(1_600_198_794)
        );
        assert_eq!(parse_timestamp("2020-09-15 19:39"), None);
        assert_eq!(parse_timestamp("2020-02-30T00:00:00Z"), None);
        assert_eq!(timestamp(1_600_198_794), "2020-09-15T19:39:54Z");
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::in_brasilia(1_600_198_794).to_string(), "2020-09-15");
        assert_eq!(Date::in_brasilia(1_600_128_000).to_string(), "2020-09-14");
    }
}
