//! `emvqr mp order`: the legacy in-store QR API (`/instore/orders/qr/…`), which Mercado Pago
//! now files under "QR code legacy"; `emvqr mp qr` speaks the Orders API.

use std::path::PathBuf;

use emvqr::mercadopago::QrOrder;

use super::{Endpoint, api, failure, print_qr};
use crate::qr::Shade;
use crate::{Failure, input, out};

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

pub fn run(command: &OrderCommand) -> Result<(), Failure> {
    match command {
        OrderCommand::Create(args) => {
            let client = args.pos.endpoint.client();
            let api = api(&args.pos.endpoint)?;
            let order = read_order(&args.order)?;
            let call = api
                .create_qr_order(&args.pos.user_id, &args.pos.pos, &order)
                .map_err(failure)?;
            let created = client.run(&call).map_err(failure)?;
            // The order exists now: its id and qr_data go out before anything that can fail.
            if let Some(id) = &created.in_store_order_id {
                out::note(&format!("in-store order {id}"));
            }
            out::line(&created.qr_data)?;
            print_qr(&created.qr_data, args.background)?;
        }
        OrderCommand::Assign(args) => {
            let client = args.pos.endpoint.client();
            let api = api(&args.pos.endpoint)?;
            let order = read_order(&args.order)?;
            let call = api
                .assign_qr_order(&args.pos.user_id, &args.pos.pos, &order)
                .map_err(failure)?;
            let assigned = client.run(&call).map_err(failure)?;
            out::line(&format!(
                "order {} assigned to POS {}: its printed QR code now charges it",
                order.external_reference, args.pos.pos
            ))?;
            if let Some(qr_data) = assigned.qr_data {
                out::line(&qr_data)?;
                print_qr(&qr_data, args.background)?;
            }
            if let Some((qr_data, error)) = assigned.invalid_qr_data {
                out::note(&format!(
                    "warning: the answer's qr_data is not a valid EMVCo payload and is not drawn: {error} (qr_data: {qr_data:?})"
                ));
            }
        }
        OrderCommand::Get(pos) => {
            let client = pos.endpoint.client();
            let api = api(&pos.endpoint)?;
            let call = api.get_pos_order(&pos.user_id, &pos.pos).map_err(failure)?;
            match client.run(&call).map_err(failure)? {
                Some(order) => {
                    let show = |value: Option<String>| value.unwrap_or_else(|| "-".to_owned());
                    out::text(&format!(
                        "external_reference: {}\ntitle: {}\ndescription: {}\ntotal_amount: {}\nexpiration_date: {}\n",
                        show(order.external_reference),
                        show(order.title),
                        show(order.description),
                        show(order.total_amount.map(|m| m.to_string())),
                        show(order.expiration_date)
                    ))?;
                }
                None => out::line(&format!("no order on POS {}", pos.pos))?,
            }
        }
        OrderCommand::Delete(pos) => {
            let client = pos.endpoint.client();
            let api = api(&pos.endpoint)?;
            let call = api
                .delete_pos_order(&pos.user_id, &pos.pos)
                .map_err(failure)?;
            client.run(&call).map_err(failure)?;
            out::line(&format!("order deleted from POS {}", pos.pos))?;
        }
        OrderCommand::Status(args) => {
            let client = args.endpoint.client();
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
            let mut report = String::new();
            if search.elements.is_empty() {
                report += &format!(
                    "no merchant order for {:?} yet: nobody has scanned the code\n",
                    args.external_reference
                );
            }
            for order in &search.elements {
                let amount = |m: Option<emvqr::mercadopago::Money>| {
                    m.map_or("-".to_owned(), |m| m.to_string())
                };
                // Every value from the server is escaped line by line as it is printed: a
                // carriage return in a status cannot print over the verdict below.
                report += &format!(
                    "merchant order {}: status {}, order_status {}, paid {} of {}\n",
                    order.id,
                    out::escape(&order.status.to_string()),
                    out::escape(order.order_status.as_ref().map_or("-", |s| s.as_str())),
                    amount(order.paid_amount),
                    amount(order.total_amount),
                );
                for payment in &order.payments {
                    report += &format!(
                        "  payment {}: {} ({}) {} {}\n",
                        payment.id,
                        out::escape(&payment.status.to_string()),
                        out::escape(payment.status_detail.as_deref().unwrap_or("-")),
                        amount(payment.transaction_amount),
                        out::escape(payment.currency_id.as_deref().unwrap_or("")),
                    );
                }
            }
            if !search.elements.is_empty() {
                report += if search.is_paid() {
                    "paid\n"
                } else {
                    "not paid (act only on a closed merchant order)\n"
                };
            }
            out::text(&report)?;
        }
    }
    Ok(())
}

/// The most pages of merchant orders `status` reads.
const MAX_PAGES: usize = 20;

fn read_order(path: &std::path::Path) -> Result<QrOrder, Failure> {
    let text = input::read_file(path)?;
    serde_json::from_str(&text)
        .map_err(|e| Failure::invalid(format!("{}: not an order body: {e}", path.display())))
}
