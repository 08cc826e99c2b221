//! `emvqr build`: write a payload from fields, refusing (with the reason) what breaks a rule.

use emvqr::amount::{Amount, Currency};
use emvqr::build::PixBuilder;
use emvqr::build::{Builder, Case, Order, transliterate, truncate_for};
use emvqr::rules::pix::{PixRule, normalize_key};
use emvqr::{ParseOptions, TagPath};

use crate::{Failure, out};

#[derive(clap::Subcommand)]
pub enum Kind {
    /// A Pix code: static with --key, dynamic with --url, Pix Automático with --recurrence.
    Pix(Box<PixArgs>),
    /// Any EMVCo code, field by field.
    Emv(EmvArgs),
}

#[derive(clap::Args)]
pub struct PixArgs {
    /// The Pix key (CPF, CNPJ, +55 phone, e-mail or random key): a static code.
    #[arg(
        long,
        conflicts_with = "url",
        required_unless_present_any = ["url", "recurrence"]
    )]
    key: Option<String>,
    /// The charge's location, without https://: a dynamic code.
    #[arg(long)]
    url: Option<String>,
    /// A recurrence's location, without https:// (Pix Automático): the code also asks the
    /// payer to authorise it; alone, it only asks that.
    #[arg(long, value_name = "LOCATION")]
    recurrence: Option<String>,
    /// The ISPB of the withdrawal service provider (Pix Saque, 26.03): 8 digits or capitals.
    #[arg(long, value_name = "ISPB", conflicts_with = "recurrence")]
    fss: Option<String>,
    /// The merchant name (at most 25 characters, printable ASCII).
    #[arg(long)]
    name: String,
    /// The merchant city (at most 15 characters, printable ASCII).
    #[arg(long)]
    city: String,
    /// The amount in reais, digits with a '.' and at most 2 decimals (10.50).
    #[arg(long, allow_hyphen_values = true)]
    amount: Option<String>,
    /// The txid: 1 to 25 letters and digits (*** when absent).
    #[arg(long)]
    txid: Option<String>,
    /// Additional information for the payer.
    #[arg(long)]
    info: Option<String>,
    /// The merchant category code.
    #[arg(long, default_value = "0000")]
    mcc: String,
    /// Write a key typed by people canonically first: (11) 94321-4321 → +5511943214321.
    #[arg(long)]
    normalize_key: bool,
    #[command(flatten)]
    text: TextArgs,
}

#[derive(clap::Args)]
pub struct TextArgs {
    /// Replace accented letters in name and city by ASCII ones (São Paulo → Sao Paulo);
    /// without it, accents are refused.
    #[arg(long)]
    transliterate: bool,
    /// Cut name and city to their maximum lengths; without it, a value too long is refused.
    #[arg(long)]
    truncate: bool,
}

#[derive(clap::Args)]
pub struct EmvArgs {
    /// A field as PATH=VALUE: 59=NAME, 26.00=br.gov.bcb.pix, 62.05=***. Repeat for each.
    #[arg(long = "field", value_name = "PATH=VALUE", required = true)]
    fields: Vec<String>,
    /// Keep the fields in the order given instead of the canonical order.
    #[arg(long)]
    as_given: bool,
    /// Check with every relaxation (the fields may break field rules; the result still
    /// parses leniently).
    #[arg(long)]
    lenient: bool,
}

pub fn run(kind: &Kind) -> Result<(), Failure> {
    let code = match kind {
        Kind::Pix(args) => pix(args)?,
        Kind::Emv(args) => emv(args)?,
    };
    out::line(&code)
}

fn pix(args: &PixArgs) -> Result<String, Failure> {
    let name = clean(&args.name, 59, &args.text)?;
    let city = clean(&args.city, 60, &args.text)?;
    let normalized;
    let mut builder = match (&args.key, &args.url) {
        (Some(key), _) => {
            let key = if args.normalize_key {
                normalized = normalize_key(key)
                    .map_err(|rule| Failure::invalid(format!("--key {key:?}: {rule}")))?
                    .1;
                normalized.as_str()
            } else {
                key.as_str()
            };
            PixBuilder::new_static(key, &name, &city)
        }
        (None, Some(url)) => PixBuilder::new_dynamic(url, &name, &city),
        (None, None) => match &args.recurrence {
            Some(location) => PixBuilder::new_recurrence(location, &name, &city),
            None => {
                return Err(Failure::usage(
                    "give --key (static), --url (dynamic) or --recurrence (Pix Automático)",
                ));
            }
        },
    };
    if let Some(location) = &args.recurrence
        && (args.key.is_some() || args.url.is_some())
    {
        builder.recurrence(location);
    }
    if let Some(fss) = &args.fss {
        builder.fss(fss);
    }
    let amount = match &args.amount {
        Some(text) => Some(amount(text, Currency::BRL)?),
        None => None,
    };
    if let Some(amount) = &amount {
        builder.amount(amount);
    }
    if let Some(txid) = &args.txid {
        builder.txid(txid);
    }
    if let Some(info) = &args.info {
        builder.info(info);
    }
    builder.merchant_category_code(&args.mcc);
    match builder.build() {
        Ok(code) => Ok(code.to_string()),
        Err(error) => {
            let mut failure = Failure::invalid(error.to_string());
            if !args.normalize_key
                && PixRule::try_from(error.kind()).is_ok()
                && let Some(key) = &args.key
                && let Ok((_, canonical)) = normalize_key(key)
                && canonical != key.as_str()
            {
                failure = failure.note(format!(
                    "--normalize-key would write the key as {canonical}"
                ));
            }
            Err(failure)
        }
    }
}

/// An amount in `currency`: the grammar, and no more decimals than the currency has; written
/// canonically (10.5 → 10.50).
fn amount(text: &str, currency: Currency) -> Result<Amount, Failure> {
    let units = emvqr::amount::to_minor_units(text, currency.exponent)
        .map_err(|e| Failure::invalid(format!("--amount {text:?}: {e}")))?;
    Amount::from_minor_units(units, currency.exponent)
        .map_err(|e| Failure::invalid(format!("--amount {text:?}: {e}")))
}

/// Name and city through the opt-in helpers.
fn clean(value: &str, id: u8, text: &TextArgs) -> Result<String, Failure> {
    let mut value = value.to_owned();
    if text.transliterate {
        let ascii: heapless::String<256> = transliterate(&value, Case::Keep)
            .map_err(|e| Failure::invalid(format!("field {id:02}: {e}")))?;
        value = ascii.to_string();
    }
    if text.truncate {
        value = truncate_for(TagPath::new(id), &value).to_owned();
    }
    Ok(value)
}

fn emv(args: &EmvArgs) -> Result<String, Failure> {
    let mut parsed = Vec::new();
    for field in &args.fields {
        let (path, value) = field.split_once('=').ok_or_else(|| {
            Failure::usage(format!(
                "--field {field:?}: expected PATH=VALUE, e.g. 59=LOJA"
            ))
        })?;
        let path: TagPath = path
            .parse()
            .map_err(|error| Failure::usage(format!("--field {field:?}: {error}")))?;
        parsed.push((path, value));
    }
    let mut builder = Builder::new();
    if args.as_given {
        builder.order(Order::AsGiven);
    }
    if args.lenient {
        builder.options(ParseOptions::lenient());
    }
    for (path, value) in &parsed {
        builder.field(*path, value);
    }
    let mut out = [0u8; 2048];
    builder
        .build_into(&mut out)
        .map(str::to_owned)
        .map_err(|error| Failure::invalid(error.to_string()))
}
