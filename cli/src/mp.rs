//! `emvqr mp`: Mercado Pago's in-store orders, from the command line. The access token comes
//! only from the environment (`MP_ACCESS_TOKEN`), never from an argument that `ps` or a shell
//! history would show.

use std::path::PathBuf;

use emvqr::mercadopago::{AccessToken, Api, Client, DEFAULT_BASE_URL, Error, QrOrder};
use emvqr::qr::{Options, QrCode};
use emvqr::render::{self, Layout};

use crate::Failure;
use crate::qr::Shade;

#[derive(clap::Subcommand)]
pub enum Mp {
    /// Orders on a point of sale (the dynamic QR model).
    #[command(subcommand)]
    Order(OrderCommand),
}

#[derive(clap::Subcommand)]
pub enum OrderCommand {
    /// Create an order (POST …/qrs): prints its qr_data, then the QR code.
    Create(WithOrder),
    /// Create an order and assign it to the POS's printed QR (PUT …/qrs).
    Assign(WithOrder),
    /// Show the order assigned to the POS.
    Get(Pos),
    /// Take the order off the POS.
    Delete(Pos),
    /// Whether an order was paid: its merchant orders and payments, by external_reference.
    Status(Status),
}

#[derive(clap::Args)]
pub struct Endpoint {
    /// The API's address (plain http only to this machine).
    #[arg(long, default_value = DEFAULT_BASE_URL)]
    base_url: String,
}

#[derive(clap::Args)]
pub struct Pos {
    /// The collector's (seller's) Mercado Pago user id.
    #[arg(long)]
    user_id: String,
    /// The POS's external_id.
    #[arg(long = "pos", value_name = "EXTERNAL_POS_ID")]
    pos: String,
    #[command(flatten)]
    endpoint: Endpoint,
}

#[derive(clap::Args)]
pub struct WithOrder {
    #[command(flatten)]
    pos: Pos,
    /// The order as JSON, exactly the request body of Mercado Pago's documentation (`-` reads
    /// standard input).
    #[arg(long, value_name = "ORDER.json")]
    order: PathBuf,
    /// The terminal's background colour, so that the QR code shows dark on light.
    #[arg(long, value_enum, default_value = "dark")]
    background: Shade,
}

#[derive(clap::Args)]
pub struct Status {
    /// The external_reference the order was created with.
    #[arg(long)]
    external_reference: String,
    #[command(flatten)]
    endpoint: Endpoint,
}

pub fn run(command: &Mp) -> Result<(), Failure> {
    let Mp::Order(command) = command;
    let client = Client::new();
    match command {
        OrderCommand::Create(args) => {
            let api = api(&args.pos.endpoint)?;
            let order = read_order(&args.order)?;
            let call = api
                .create_qr_order(&args.pos.user_id, &args.pos.pos, &order)
                .map_err(failure)?;
            let created = client.run(&call).map_err(failure)?;
            println!("{}", created.qr_data);
            print_qr(&created.qr_data, args.background)?;
            if let Some(id) = created.in_store_order_id {
                eprintln!("in-store order {id}");
            }
        }
        OrderCommand::Assign(args) => {
            let api = api(&args.pos.endpoint)?;
            let order = read_order(&args.order)?;
            let call = api
                .assign_qr_order(&args.pos.user_id, &args.pos.pos, &order)
                .map_err(failure)?;
            let assigned = client.run(&call).map_err(failure)?;
            println!(
                "order {} assigned to POS {}: its printed QR code now charges it",
                order.external_reference, args.pos.pos
            );
            if let Some(qr_data) = assigned.qr_data {
                println!("{qr_data}");
                print_qr(&qr_data, args.background)?;
            }
            if let Some((qr_data, error)) = assigned.invalid_qr_data {
                eprintln!(
                    "warning: the answer's qr_data is not a valid EMVCo payload and is not drawn: {error} (qr_data: {qr_data:?})"
                );
            }
        }
        OrderCommand::Get(pos) => {
            let api = api(&pos.endpoint)?;
            let call = api.get_pos_order(&pos.user_id, &pos.pos).map_err(failure)?;
            match client.run(&call).map_err(failure)? {
                Some(order) => {
                    let show = |value: Option<String>| value.unwrap_or_else(|| "-".to_owned());
                    println!("external_reference: {}", show(order.external_reference));
                    println!("title: {}", show(order.title));
                    println!("description: {}", show(order.description));
                    println!(
                        "total_amount: {}",
                        show(order.total_amount.map(|m| m.to_string()))
                    );
                    println!("expiration_date: {}", show(order.expiration_date));
                }
                None => println!("no order on POS {}", pos.pos),
            }
        }
        OrderCommand::Delete(pos) => {
            let api = api(&pos.endpoint)?;
            let call = api
                .delete_pos_order(&pos.user_id, &pos.pos)
                .map_err(failure)?;
            client.run(&call).map_err(failure)?;
            println!("order deleted from POS {}", pos.pos);
        }
        OrderCommand::Status(args) => {
            let api = api(&args.endpoint)?;
            // Every page: each scan of the code makes its own merchant order.
            let mut orders = Vec::new();
            let mut offset = 0;
            for _ in 0..MAX_PAGES {
                let call = api
                    .search_merchant_orders_from(&args.external_reference, offset)
                    .map_err(failure)?;
                let page = client.run(&call).map_err(failure)?;
                let done = page.elements.is_empty()
                    || page.next_offset <= offset
                    || page.next_offset >= page.total;
                offset = page.next_offset;
                orders.extend(page.elements);
                if done {
                    break;
                }
            }
            let search = emvqr::mercadopago::MerchantOrderSearch {
                total: orders.len() as u64,
                next_offset: offset,
                elements: orders,
            };
            if search.elements.is_empty() {
                println!(
                    "no merchant order for {:?} yet: nobody has scanned the code",
                    args.external_reference
                );
            }
            for order in &search.elements {
                let amount = |m: Option<emvqr::mercadopago::Money>| {
                    m.map_or("-".to_owned(), |m| m.to_string())
                };
                println!(
                    "merchant order {}: status {}, order_status {}, paid {} of {}",
                    order.id,
                    order.status,
                    order.order_status.as_ref().map_or("-", |s| s.as_str()),
                    amount(order.paid_amount),
                    amount(order.total_amount),
                );
                for payment in &order.payments {
                    println!(
                        "  payment {}: {} ({}) {} {}",
                        payment.id,
                        payment.status,
                        payment.status_detail.as_deref().unwrap_or("-"),
                        amount(payment.transaction_amount),
                        payment.currency_id.as_deref().unwrap_or(""),
                    );
                }
            }
            if !search.elements.is_empty() {
                println!(
                    "{}",
                    if search.is_paid() {
                        "paid"
                    } else {
                        "not paid (act only on a closed merchant order)"
                    }
                );
            }
        }
    }
    Ok(())
}

fn api(endpoint: &Endpoint) -> Result<Api, Failure> {
    let token = AccessToken::from_env().map_err(|e| Failure::usage(e.to_string()))?;
    Api::new(token)
        .with_base_url(&endpoint.base_url)
        .map_err(|e| Failure::usage(e.to_string()))
}

fn read_order(path: &PathBuf) -> Result<QrOrder, Failure> {
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
    .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| Failure::invalid(format!("{}: not an order body: {e}", path.display())))
}

fn failure(error: Error) -> Failure {
    Failure::invalid(error.to_string())
}

/// The most pages of merchant orders `status` reads.
const MAX_PAGES: usize = 20;

/// The QR code of `qr_data` (already checked by the client) in the terminal.
fn print_qr(qr_data: &str, shade: Shade) -> Result<(), Failure> {
    let code = QrCode::encode(qr_data.as_bytes(), &Options::default())
        .map_err(|e| Failure::invalid(format!("cannot encode qr_data: {e}")))?;
    let mut picture = String::new();
    render::terminal(&code, &Layout::new(), shade.background(), &mut picture)
        .map_err(|_| Failure::invalid("cannot draw the code"))?;
    print!("{picture}");
    Ok(())
}
