//! `emvqr mp`: Mercado Pago from the command line. The access token comes only from the
//! environment (`MP_ACCESS_TOKEN`), the webhook secret only from `MP_WEBHOOK_SECRET`: never
//! from an argument that `ps` or a shell history would show, and never in any output.
//!
//! - `qr`: orders of the Orders API (`/v1/orders`, `type: "qr"`): create, show, wait, cancel,
//!   refund;
//! - `store`, `pos`: the stores and points of sale orders are sold on;
//! - `webhook listen`: a small server that receives and checks notifications;
//! - `order`: the legacy in-store API.

mod legacy;
mod orders;
mod stores;
mod webhook;

use std::time::{Duration, Instant};

use emvqr::mercadopago::{AccessToken, Api, Client, DEFAULT_BASE_URL, Error};
use emvqr::qr::{Options, QrCode};
use emvqr::render::{self, Layout};

use crate::qr::Shade;
use crate::{Failure, out};

#[derive(clap::Subcommand)]
pub enum Mp {
    /// QR orders of the Orders API: create one and show its code, wait until it is paid, get,
    /// cancel or refund it.
    #[command(subcommand)]
    Qr(orders::QrCommand),
    /// Stores: create one, list them.
    #[command(subcommand)]
    Store(stores::StoreCommand),
    /// Points of sale (where QR orders are sold): create one, list them.
    #[command(subcommand)]
    Pos(stores::PosCommand),
    /// Notifications: a server that receives and checks them.
    #[command(subcommand)]
    Webhook(webhook::WebhookCommand),
    /// The legacy in-store API (`/instore/orders/qr/…`, "QR code legacy").
    #[command(subcommand)]
    Order(legacy::OrderCommand),
}

pub fn run(command: &Mp) -> Result<(), Failure> {
    match command {
        Mp::Qr(command) => orders::run(command),
        Mp::Store(command) => stores::run_store(command),
        Mp::Pos(command) => stores::run_pos(command),
        Mp::Webhook(command) => webhook::run(command),
        Mp::Order(command) => legacy::run(command),
    }
}

#[derive(clap::Args)]
pub struct Endpoint {
    /// The API's address (plain http only to this machine).
    #[arg(long, default_value = DEFAULT_BASE_URL)]
    base_url: String,
    /// Give up after this many seconds, retries, waits and pages included (exit 3).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    deadline: u64,
}

impl Endpoint {
    /// A client whose deadline is this command's.
    fn client(&self) -> Client {
        Client::new().with_deadline(Instant::now() + Duration::from_secs(self.deadline))
    }
}

fn api(endpoint: &Endpoint) -> Result<Api, Failure> {
    let token = AccessToken::from_env().map_err(|e| Failure::usage(e.to_string()))?;
    Api::new(token)
        .with_base_url(&endpoint.base_url)
        .map_err(|e| Failure::usage(e.to_string()))
}

/// Transport failures exit 3, requests refused (by Mercado Pago or before sending) exit 1.
fn failure(error: Error) -> Failure {
    if error.is_transport() {
        Failure::transport(error.to_string())
    } else {
        Failure::invalid(error.to_string())
    }
}

/// The QR code of `qr_data` (already checked by the client) in the terminal.
fn print_qr(qr_data: &str, shade: Shade) -> Result<(), Failure> {
    let code = QrCode::encode(qr_data.as_bytes(), &Options::default())
        .map_err(|e| Failure::invalid(format!("cannot encode qr_data: {e}")))?;
    let mut picture = String::new();
    render::terminal(&code, &Layout::new(), shade.background(), &mut picture)
        .map_err(|_| Failure::invalid("cannot draw the code"))?;
    out::bytes(picture.as_bytes())
}
