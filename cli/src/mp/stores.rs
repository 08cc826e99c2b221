//! `emvqr mp store` and `emvqr mp pos`: where QR orders are sold.

use emvqr::mercadopago::{Api, Client, PosRequest, StoreLocation, StoreRequest};

use super::{Endpoint, api, failure};
use crate::{Failure, out};

#[derive(clap::Subcommand)]
pub enum StoreCommand {
    /// Create a store.
    Create(CreateStore),
    /// List the stores (or the one with --external-id).
    List(ListStores),
}

#[derive(clap::Subcommand)]
pub enum PosCommand {
    /// Create a point of sale in a store: prints its id and the links to its printed QR code.
    Create(CreatePos),
    /// List the points of sale (of one store with --external-store-id).
    List(ListPos),
}

#[derive(clap::Args)]
pub struct User {
    /// The account's user id (default: the token's own, from GET /users/me).
    #[arg(long)]
    user_id: Option<String>,
}

#[derive(clap::Args)]
pub struct CreateStore {
    /// The store's name.
    #[arg(long)]
    name: String,
    /// Your id for it: 1 to 60 letters and digits.
    #[arg(long)]
    external_id: String,
    /// The street number, as written (`0123`).
    #[arg(long)]
    street_number: String,
    /// The street.
    #[arg(long)]
    street_name: String,
    /// The city (Mercado Pago computes taxes from it: the real one).
    #[arg(long)]
    city: String,
    /// The state or province.
    #[arg(long)]
    state: String,
    /// Degrees north.
    #[arg(long, allow_hyphen_values = true)]
    latitude: f64,
    /// Degrees east.
    #[arg(long, allow_hyphen_values = true)]
    longitude: f64,
    /// A landmark, to help find it.
    #[arg(long)]
    reference: Option<String>,
    #[command(flatten)]
    user: User,
    #[command(flatten)]
    endpoint: Endpoint,
}

#[derive(clap::Args)]
pub struct ListStores {
    /// Only the store with this external_id.
    #[arg(long)]
    external_id: Option<String>,
    #[command(flatten)]
    user: User,
    #[command(flatten)]
    endpoint: Endpoint,
}

#[derive(clap::Args)]
pub struct CreatePos {
    /// Its name, under 45 characters.
    #[arg(long)]
    name: String,
    /// Your id for it (what orders are sold on): 1 to 39 letters and digits.
    #[arg(long)]
    external_id: String,
    /// The store, by Mercado Pago's id.
    #[arg(long, required_unless_present = "external_store_id")]
    store_id: Option<String>,
    /// The store, by your id.
    #[arg(long)]
    external_store_id: Option<String>,
    /// The merchant category, as Mercado Pago numbers it per country (621102: gastronomy in
    /// Argentina; 5611203 in Brazil).
    #[arg(long)]
    category: Option<u32>,
    #[command(flatten)]
    endpoint: Endpoint,
}

#[derive(clap::Args)]
pub struct ListPos {
    /// Only the points of sale of this store (its external_id).
    #[arg(long)]
    external_store_id: Option<String>,
    #[command(flatten)]
    endpoint: Endpoint,
}

/// The most stores or points of sale a list reads, and per page.
const MOST: u64 = 1000;
const PAGE: u64 = 50;

pub fn run_store(command: &StoreCommand) -> Result<(), Failure> {
    match command {
        StoreCommand::Create(args) => {
            let api = api(&args.endpoint)?;
            let client = args.endpoint.client();
            let user_id = user_id(&api, &client, &args.user)?;
            let mut location = StoreLocation::new(
                &args.street_number,
                &args.street_name,
                &args.city,
                &args.state,
                args.latitude,
                args.longitude,
            );
            location.reference.clone_from(&args.reference);
            let store = StoreRequest::new(&args.name, &args.external_id, location);
            let created = client
                .run(&api.create_store(&user_id, &store).map_err(failure)?)
                .map_err(failure)?;
            out::line(&format!(
                "store {}: {} (external_id {})",
                created.id,
                created.name.as_deref().unwrap_or("-"),
                created.external_id.as_deref().unwrap_or("-")
            ))
        }
        StoreCommand::List(args) => {
            let api = api(&args.endpoint)?;
            let client = args.endpoint.client();
            let user_id = user_id(&api, &client, &args.user)?;
            let mut offset = 0;
            while offset < MOST {
                let call = api
                    .list_stores(&user_id, args.external_id.as_deref(), offset, PAGE)
                    .map_err(failure)?;
                let page = client.run(&call).map_err(failure)?;
                for store in &page.results {
                    out::row(&[
                        &store.id,
                        store.external_id.as_deref().unwrap_or("-"),
                        store.name.as_deref().unwrap_or("-"),
                        store.address.as_deref().unwrap_or("-"),
                    ])?;
                }
                offset += PAGE;
                if page.results.is_empty() || offset >= page.total {
                    break;
                }
            }
            Ok(())
        }
    }
}

pub fn run_pos(command: &PosCommand) -> Result<(), Failure> {
    match command {
        PosCommand::Create(args) => {
            let api = api(&args.endpoint)?;
            let mut pos = PosRequest::new(&args.name, &args.external_id);
            if let Some(store_id) = &args.store_id {
                pos = pos.store_id(store_id);
            }
            if let Some(external) = &args.external_store_id {
                pos = pos.external_store_id(external);
            }
            if let Some(category) = args.category {
                pos = pos.category(category);
            }
            let created = args
                .endpoint
                .client()
                .run(&api.create_pos(&pos).map_err(failure)?)
                .map_err(failure)?;
            let mut text = format!(
                "pos {}: {} (external_id {}), store {}\n",
                created.id,
                created.name.as_deref().unwrap_or("-"),
                created.external_id.as_deref().unwrap_or("-"),
                created
                    .external_store_id
                    .as_deref()
                    .or(created.store_id.as_deref())
                    .unwrap_or("-"),
            );
            if let Some(qr) = &created.qr {
                for (what, url) in [
                    ("printed QR code", &qr.image),
                    ("printable PDF", &qr.template_document),
                ] {
                    if let Some(url) = url {
                        text += &format!("  {what}: {url}\n");
                    }
                }
            }
            out::text(&text)
        }
        PosCommand::List(args) => {
            let api = api(&args.endpoint)?;
            let client = args.endpoint.client();
            let mut offset = 0;
            while offset < MOST {
                let call = api
                    .list_pos(args.external_store_id.as_deref(), offset, PAGE)
                    .map_err(failure)?;
                let page = client.run(&call).map_err(failure)?;
                for pos in &page.results {
                    out::row(&[
                        &pos.id,
                        pos.external_id.as_deref().unwrap_or("-"),
                        pos.name.as_deref().unwrap_or("-"),
                        pos.external_store_id
                            .as_deref()
                            .or(pos.store_id.as_deref())
                            .unwrap_or("-"),
                    ])?;
                }
                offset += PAGE;
                if page.results.is_empty() || offset >= page.total {
                    break;
                }
            }
            Ok(())
        }
    }
}

/// The user id given, or the token's own.
fn user_id(api: &Api, client: &Client, user: &User) -> Result<String, Failure> {
    match &user.user_id {
        Some(id) => Ok(id.clone()),
        None => Ok(client
            .run(&api.current_user().map_err(failure)?)
            .map_err(failure)?
            .id),
    }
}
