//! `emvqr pix resolve`: fetch and verify the charges behind a dynamic Pix code's locations.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use emvqr::pix_location::{
    Charge, CobvQuery, Concern, Date, Document, Error, MunicipalityCode, Party, Resolution,
    Resolved, Resolver, TrustStore, timestamp,
};
use emvqr::{Escaped, Payload};
use serde_json::{Value, json};

use crate::{Failure, input, out};

#[derive(clap::Subcommand)]
pub enum Pix {
    /// Fetch the charge behind each location of a dynamic Pix code (26.25, and a Pix
    /// Automático recurrence's), verify its signature, key set and certificate chain, and
    /// print it, or the step that failed and why. Exit 0 verified and payable, 1 refused or
    /// not payable, 2 bad usage, 3 transport failure.
    Resolve(ResolveArgs),
}

#[derive(clap::Args)]
pub struct ResolveArgs {
    /// The payload; `-` or nothing reads standard input.
    payload: Option<String>,
    /// For a due-date charge (cobv): the intended payment date, YYYY-MM-DD (query DPP).
    #[arg(long, value_name = "YYYY-MM-DD")]
    dpp: Option<String>,
    /// For a due-date charge (cobv): the payer's IBGE municipality code (query codMun).
    #[arg(long, value_name = "NNNNNNN")]
    cod_mun: Option<String>,
    /// Trust the certificates of this PEM file too (a private PKI, the BCB's CERTQRC list,
    /// tests), besides Mozilla's roots. Repeatable.
    #[arg(long, value_name = "FILE")]
    root_ca: Vec<PathBuf>,
    /// Connect to ADDR:PORT for HOST, while TLS still checks HOST (as curl's option).
    /// Repeatable.
    #[arg(long, value_name = "HOST:ADDR:PORT")]
    connect_to: Vec<String>,
    /// One JSON document: each location's charge, steps and concerns, or its failure.
    #[arg(long)]
    json: bool,
    /// Give up after this many seconds (exit 3).
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    deadline: u64,
}

pub fn run(command: &Pix) -> Result<(), Failure> {
    match command {
        Pix::Resolve(args) => resolve(args),
    }
}

fn resolve(args: &ResolveArgs) -> Result<(), Failure> {
    let query = CobvQuery {
        cod_mun: args
            .cod_mun
            .as_deref()
            .map(MunicipalityCode::new)
            .transpose()
            .map_err(|e| Failure::usage(e.to_string()))?,
        dpp: args
            .dpp
            .as_deref()
            .map(|text| {
                Date::parse(text)
                    .ok_or_else(|| Failure::usage(format!("--dpp {text}: not a date (YYYY-MM-DD)")))
            })
            .transpose()?,
    };
    let mut trust = TrustStore::web();
    for path in &args.root_ca {
        let pem = input::read_file(path)?;
        trust
            .add_pem(&pem)
            .map_err(|e| Failure::usage(format!("--root-ca {}: {e}", path.display())))?;
    }
    let deadline = Instant::now()
        .checked_add(Duration::from_secs(args.deadline))
        .ok_or_else(|| Failure::usage(format!("--deadline {}: too far away", args.deadline)))?;
    let mut resolver = Resolver::new(trust)
        .with_deadline(deadline)
        .with_timeout(Duration::from_secs(args.deadline.clamp(1, 10)));
    for rule in &args.connect_to {
        let (host, address) = connect_to(rule)?;
        resolver = resolver.with_connect_to(host, address);
    }
    let text = input::read_payload(args.payload.as_deref())?;
    let payload = Payload::parse(&text).map_err(|e| Failure::invalid(e.to_string()))?;
    let resolutions = resolver.resolve_payload(&payload, &query);
    if resolutions.is_empty() {
        return Err(Failure::usage(
            "this code has no location to resolve: it is not a dynamic Pix code (26.25) or a Pix Automático code",
        ));
    }
    let now = now();
    if args.json {
        let all: Vec<Value> = resolutions
            .iter()
            .map(|r| to_json(r, now, &payload))
            .collect();
        let mut text =
            serde_json::to_string_pretty(&all).map_err(|e| Failure::io(e.to_string()))?;
        text.push('\n');
        out::bytes(text.as_bytes())?;
    } else {
        for (index, resolution) in resolutions.iter().enumerate() {
            if index > 0 {
                out::line("")?;
            }
            print(resolution, now, &payload)?;
        }
    }
    let refused = resolutions.iter().any(|r| match &r.result {
        Ok(resolved) => resolved
            .charge
            .concerns(now, Some(&payload))
            .iter()
            .any(Concern::blocks_payment),
        Err(error) => !error.is_transport(),
    });
    let transport = resolutions
        .iter()
        .any(|r| r.result.as_ref().is_err_and(Error::is_transport));
    match (refused, transport) {
        (true, _) => Err(Failure::silent(1)),
        (false, true) => Err(Failure::silent(3)),
        (false, false) => Ok(()),
    }
}

fn connect_to(rule: &str) -> Result<(&str, SocketAddr), Failure> {
    let usage = || Failure::usage(format!("--connect-to {rule}: write HOST:ADDR:PORT"));
    let (host, address) = rule.split_once(':').ok_or_else(usage)?;
    let address = address.parse().map_err(|_| usage())?;
    Ok((host, address))
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Writes a line built from a server's text: every character that would drive the terminal,
/// a line break included, is escaped, so that a charge cannot print a line of its own.
fn line(text: &str) -> Result<(), Failure> {
    out::line(&Escaped(text).to_string())
}

fn print(resolution: &Resolution, now: i64, payload: &Payload<'_>) -> Result<(), Failure> {
    match &resolution.result {
        Ok(resolved) => {
            line(&format!(
                "{} {} ({})",
                resolution.path,
                resolved.location,
                resolved.location.kind()
            ))?;
            line(&format!("  fetched {}", resolved.url))?;
            line("  verified:")?;
            for step in &resolved.steps {
                line(&format!("    ok  {step}"))?;
            }
            for described in describe(&resolved.charge) {
                line(&format!("  {described}"))?;
            }
            let concerns = resolved.charge.concerns(now, Some(payload));
            for concern in &concerns {
                let mark = if concern.blocks_payment() {
                    "not payable"
                } else {
                    "note"
                };
                line(&format!("  {mark}: {concern}"))?;
            }
            if !concerns.iter().any(Concern::blocks_payment) {
                line("  payable: yes")?;
            }
        }
        Err(error) => {
            line(&format!("{} refused", resolution.path))?;
            line(&format!("  {}", step_of(error)))?;
            line(&format!("  {error}"))?;
        }
    }
    Ok(())
}

/// Which stage an error stopped at, for people.
fn step_of(error: &Error) -> &'static str {
    match error {
        Error::Location(_) => "stopped before connecting: the location",
        Error::Transport { .. } | Error::DeadlinePassed => {
            "stopped at the connection (exit 3 unless another location was refused)"
        }
        Error::Status { .. } => "stopped at the server's answer",
        Error::Refused { .. } => "stopped at the verification",
        _ => "stopped",
    }
}

fn describe(charge: &Charge) -> Vec<String> {
    let mut lines = Vec::new();
    match charge {
        Charge::Cob(cob) => {
            lines.push(format!(
                "charge: cob, txid {}, revision {}, status {}",
                cob.txid,
                cob.revision,
                cob.status.as_str()
            ));
            lines.push(format!(
                "  amount: {}{}",
                cob.amount,
                if cob.amount_editable {
                    " (the payer may change it)"
                } else {
                    ""
                }
            ));
            if let Some(withdrawal) = &cob.withdrawal {
                lines.push(format!(
                    "  {}: {} through {} ({})",
                    withdrawal.kind, withdrawal.amount, withdrawal.facilitator, withdrawal.agent
                ));
            }
            lines.push(format!("  key: {}", cob.key));
            lines.push(format!(
                "  created {}, expires {}",
                timestamp(cob.created),
                timestamp(cob.created + i64::from(cob.expires_after))
            ));
            if let Some(payer) = &cob.payer {
                lines.push(format!("  payer: {}", payer));
            }
            if let Some(request) = &cob.request {
                lines.push(format!("  message: {request}"));
            }
            for (name, value) in &cob.info {
                lines.push(format!("  {name}: {value}"));
            }
        }
        Charge::CobV(cobv) => {
            lines.push(format!(
                "charge: cobv, txid {}, revision {}, status {}",
                cobv.txid,
                cobv.revision,
                cobv.status.as_str()
            ));
            let original = cobv
                .original
                .as_ref()
                .map(|o| format!(" (original {o})"))
                .unwrap_or_default();
            lines.push(format!("  amount: {}{original}", cobv.amount));
            lines.push(format!(
                "  due {}, payable until {} ({} days after)",
                cobv.due,
                cobv.due.plus(i64::from(cobv.days_after_due)),
                cobv.days_after_due
            ));
            lines.push(format!("  key: {}", cobv.key));
            lines.push(format!("  payer: {}", cobv.payer));
            lines.push(format!("  receiver: {}", cobv.receiver));
            if let Some(request) = &cobv.request {
                lines.push(format!("  message: {request}"));
            }
            for (name, value) in &cobv.info {
                lines.push(format!("  {name}: {value}"));
            }
        }
        Charge::Rec(rec) => {
            lines.push(format!(
                "charge: rec, idRec {}, status {}",
                rec.id, rec.status
            ));
            lines.push(format!(
                "  {} from {}{}",
                rec.periodicity,
                rec.first,
                rec.last.map(|l| format!(" to {l}")).unwrap_or_default()
            ));
            if let Some(amount) = &rec.amount {
                lines.push(format!("  amount: {amount} each time"));
            }
            if let Some(minimum) = &rec.minimum {
                lines.push(format!("  the payer's limit may not be under {minimum}"));
            }
            lines.push(format!("  contract: {}", rec.contract));
            lines.push(format!("  payer: {}", rec.payer));
            lines.push(format!(
                "  receiver: {} (ISPB {})",
                rec.receiver, rec.receiver_ispb
            ));
            lines.push(format!("  retries: {}", rec.retries));
        }
        _ => lines.push("charge: of a kind this version does not describe".into()),
    }
    lines
}

fn party_json(party: &Party) -> Value {
    let (kind, document) = match &party.document {
        Document::Cpf(text) => ("cpf", text),
        Document::Cnpj(text) => ("cnpj", text),
    };
    json!({ kind: document, "nome": party.name, "check_digits_valid": party.check_digits_valid })
}

fn info_json(info: &[(String, String)]) -> Value {
    info.iter()
        .map(|(name, value)| json!({ "nome": name, "valor": value }))
        .collect()
}

fn charge_json(charge: &Charge) -> Value {
    match charge {
        Charge::Cob(cob) => json!({
            "kind": "cob", "txid": cob.txid, "revisao": cob.revision, "status": cob.status.as_str(),
            "created": timestamp(cob.created),
            "expires": timestamp(cob.created + i64::from(cob.expires_after)),
            "amount": cob.amount.as_str(), "amount_editable": cob.amount_editable,
            "withdrawal": cob.withdrawal.as_ref().map(|w| json!({
                "kind": w.kind, "amount": w.amount.as_str(), "facilitator": w.facilitator, "agent": w.agent,
            })),
            "key": cob.key, "payer": cob.payer.as_ref().map(party_json), "message": cob.request,
            "info": info_json(&cob.info),
        }),
        Charge::CobV(cobv) => json!({
            "kind": "cobv", "txid": cobv.txid, "revisao": cobv.revision, "status": cobv.status.as_str(),
            "due": cobv.due.to_string(), "days_after_due": cobv.days_after_due,
            "amount": cobv.amount.as_str(), "original": cobv.original.as_ref().map(|o| o.as_str()),
            "key": cobv.key, "payer": party_json(&cobv.payer), "receiver": party_json(&cobv.receiver),
            "message": cobv.request, "info": info_json(&cobv.info),
        }),
        Charge::Rec(rec) => json!({
            "kind": "rec", "idRec": rec.id, "status": rec.status, "periodicity": rec.periodicity,
            "first": rec.first.to_string(), "last": rec.last.map(|d| d.to_string()),
            "amount": rec.amount.as_ref().map(|a| a.as_str()),
            "minimum": rec.minimum.as_ref().map(|a| a.as_str()),
            "contract": rec.contract, "object": rec.object,
            "payer": party_json(&rec.payer), "receiver": party_json(&rec.receiver),
            "receiver_ispb": rec.receiver_ispb, "retries": rec.retries,
        }),
        _ => json!({ "kind": "unknown" }),
    }
}

fn to_json(resolution: &Resolution, now: i64, payload: &Payload<'_>) -> Value {
    match &resolution.result {
        Ok(Resolved {
            location,
            url,
            algorithm,
            steps,
            charge,
        }) => {
            let concerns = charge.concerns(now, Some(payload));
            json!({
                "path": resolution.path.to_string(),
                "location": location.as_str(),
                "kind": location.kind().name(),
                "url": url,
                "verified": true,
                "alg": algorithm.name(),
                "steps": steps.iter().map(|s| json!({"check": s.check, "detail": s.detail})).collect::<Vec<_>>(),
                "charge": charge_json(charge),
                "concerns": concerns.iter().map(|c| json!({"blocks_payment": c.blocks_payment(), "message": c.to_string()})).collect::<Vec<_>>(),
                "payable": !concerns.iter().any(Concern::blocks_payment),
            })
        }
        Err(error) => json!({
            "path": resolution.path.to_string(),
            "verified": false,
            "transport": error.is_transport(),
            "stage": step_of(error),
            "error": error.to_string(),
        }),
    }
}
