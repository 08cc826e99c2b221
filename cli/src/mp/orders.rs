//! `emvqr mp qr`: QR orders of the Orders API (`POST /v1/orders` with `type: "qr"`).

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use emvqr::mercadopago::{Money, Order, OrderItem, OrderRequest, QrMode, WaitOutcome};

use super::{Endpoint, api, failure, print_qr};
use crate::qr::Shade;
use crate::{Failure, out};

#[derive(clap::Subcommand)]
pub enum QrCommand {
    /// Create an order on a point of sale: prints its id and qr_data, then the QR code.
    Create(Create),
    /// Show an order: status, amount, payment, refunds.
    Get(OrderId),
    /// Cancel an order that is not paid yet.
    Cancel(OrderId),
    /// Refund a paid order, in full or (`--amount`) in part.
    Refund(Refund),
    /// Wait until an order is paid (exit 0), ends otherwise or the timeout passes (exit 1).
    Wait(Wait),
}

#[derive(clap::Args)]
pub struct Create {
    /// The point of sale's external_id.
    #[arg(long = "pos", value_name = "EXTERNAL_POS_ID")]
    pos: String,
    /// The amount, like 11.90.
    #[arg(long)]
    amount: Money,
    /// Your id of the order: 1 to 64 of A-Z, a-z, 0-9, '_' and '-', unique per order.
    #[arg(long)]
    external_reference: String,
    /// What is sold, at most 150 characters.
    #[arg(long)]
    description: Option<String>,
    /// A line of the order, TITLE:UNIT_PRICE:QUANTITY (repeat it; the lines must add up to the
    /// amount).
    #[arg(long = "item", value_name = "TITLE:UNIT_PRICE:QUANTITY", value_parser = parse_item)]
    items: Vec<OrderItem>,
    /// dynamic: a code for this order, shown here; hybrid: also on the POS's printed code;
    /// static: only on the printed code.
    #[arg(long, value_enum, default_value = "dynamic")]
    mode: Mode,
    /// How long the order stays payable, an ISO 8601 duration (Mercado Pago's default: PT15M).
    #[arg(long, value_name = "DURATION")]
    expires: Option<String>,
    /// Then wait until it is paid, as `emvqr mp qr wait` does.
    #[arg(long)]
    wait: bool,
    /// With --wait: give up waiting after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 900)]
    timeout: u64,
    /// The terminal's background colour, so that the QR code shows dark on light.
    #[arg(long, value_enum, default_value = "dark")]
    background: Shade,
    #[command(flatten)]
    endpoint: Endpoint,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Mode {
    Dynamic,
    Hybrid,
    Static,
}

#[derive(clap::Args)]
pub struct OrderId {
    /// The order's id (ORD…).
    order_id: String,
    #[command(flatten)]
    endpoint: Endpoint,
}

#[derive(clap::Args)]
pub struct Refund {
    /// The order's id (ORD…).
    order_id: String,
    /// Refund this much of the payment (where Mercado Pago allows partial refunds); without
    /// it, the whole order.
    #[arg(long)]
    amount: Option<Money>,
    #[command(flatten)]
    endpoint: Endpoint,
}

#[derive(clap::Args)]
pub struct Wait {
    /// The order's id (ORD…).
    order_id: String,
    /// Give up waiting after this many seconds (exit 1).
    #[arg(long, value_name = "SECONDS", default_value_t = 900)]
    timeout: u64,
    #[command(flatten)]
    endpoint: Endpoint,
}

pub fn run(command: &QrCommand) -> Result<(), Failure> {
    match command {
        QrCommand::Create(args) => create(args),
        QrCommand::Get(args) => {
            let order = args
                .endpoint
                .client()
                .run(
                    &api(&args.endpoint)?
                        .get_order(&args.order_id)
                        .map_err(failure)?,
                )
                .map_err(failure)?;
            out::text(&describe(&order))
        }
        QrCommand::Cancel(args) => {
            let order = args
                .endpoint
                .client()
                .run(
                    &api(&args.endpoint)?
                        .cancel_order(&args.order_id)
                        .map_err(failure)?,
                )
                .map_err(failure)?;
            out::text(&describe(&order))
        }
        QrCommand::Refund(args) => refund(args),
        QrCommand::Wait(args) => wait(&args.endpoint, &args.order_id, args.timeout),
    }
}

fn create(args: &Create) -> Result<(), Failure> {
    let mut request =
        OrderRequest::new(&args.external_reference, &args.pos, args.amount).mode(match args.mode {
            Mode::Dynamic => QrMode::Dynamic,
            Mode::Hybrid => QrMode::Hybrid,
            Mode::Static => QrMode::Static,
        });
    if let Some(description) = &args.description {
        request = request.description(description);
    }
    if let Some(duration) = &args.expires {
        request = request.expiration_time(duration);
    }
    for item in &args.items {
        request = request.item(item.clone());
    }
    let api = api(&args.endpoint)?;
    let order = args
        .endpoint
        .client()
        .run(&api.create_order(&request).map_err(failure)?)
        .map_err(failure)?;
    // The order exists now: its id and qr_data go out before anything that can fail.
    out::line(&order.id)?;
    match &order.qr_data {
        Some(qr_data) => {
            out::line(qr_data)?;
            print_qr(qr_data, args.background)?;
        }
        None => out::note(&format!(
            "order {} is on POS {}'s printed QR code (static mode): there is no code to show",
            order.id, args.pos
        )),
    }
    if args.wait {
        wait(&args.endpoint, &order.id, args.timeout)?;
    }
    Ok(())
}

fn refund(args: &Refund) -> Result<(), Failure> {
    let api = api(&args.endpoint)?;
    let client = args.endpoint.client();
    let partial = match args.amount {
        None => None,
        Some(amount) => {
            // A partial refund names the payment transaction: read it from the order.
            let order = client
                .run(&api.get_order(&args.order_id).map_err(failure)?)
                .map_err(failure)?;
            let payment = order
                .payments
                .first()
                .map(|p| p.id.clone())
                .ok_or_else(|| {
                    Failure::invalid(format!(
                        "order {} has no payment transaction to refund",
                        order.id
                    ))
                })?;
            Some((payment, amount))
        }
    };
    let call = api
        .refund_order(
            &args.order_id,
            partial
                .as_ref()
                .map(|(payment, amount)| (payment.as_str(), *amount)),
        )
        .map_err(failure)?;
    let order = client.run(&call).map_err(failure)?;
    out::text(&describe(&order))
}

/// Set by Ctrl-C: the wait stops at its next look (a tenth of a second at most).
static STOP: AtomicBool = AtomicBool::new(false);

fn wait(endpoint: &Endpoint, order_id: &str, timeout: u64) -> Result<(), Failure> {
    let api = api(endpoint)?;
    // Ctrl-C ends the wait cleanly: the progress line is finished and the exit code says so.
    let _ = ctrlc::set_handler(|| STOP.store(true, Ordering::SeqCst));
    let mut progress = Progress::new(order_id);
    let outcome = endpoint.client().wait_for_order(
        &api,
        order_id,
        Duration::from_secs(timeout),
        |order, elapsed| {
            progress.show(order, elapsed);
            if STOP.load(Ordering::SeqCst) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    );
    progress.finish();
    match outcome.map_err(failure)? {
        WaitOutcome::Paid(order) => {
            out::text(&describe(&order))?;
            out::line("paid")
        }
        WaitOutcome::Ended(order) => {
            out::text(&describe(&order))?;
            let status = order.status.map_or("-".to_owned(), |s| s.to_string());
            Err(Failure::invalid(format!(
                "order {order_id} ended {} without being paid",
                out::escape(&status)
            )))
        }
        WaitOutcome::TimedOut(_) => Err(Failure::invalid(format!(
            "timed out after {timeout} s: order {order_id} is not paid yet"
        ))),
        WaitOutcome::Stopped(_) => Err(Failure {
            code: 130,
            lines: vec![format!("stopped waiting for order {order_id}")],
        }),
        _ => Err(Failure::invalid("the wait ended")),
    }
}

/// The wait's progress on standard error: one line updated in place on a terminal, a line per
/// change of status otherwise.
struct Progress {
    order_id: String,
    terminal: bool,
    status: Option<String>,
    drawn: bool,
}

impl Progress {
    fn new(order_id: &str) -> Progress {
        Progress {
            order_id: order_id.to_owned(),
            terminal: std::io::stderr().is_terminal(),
            status: None,
            drawn: false,
        }
    }

    fn show(&mut self, order: Option<&Order>, elapsed: Duration) {
        if let Some(order) = order {
            let status = order
                .status
                .as_ref()
                .map_or("-".to_owned(), |s| s.to_string());
            let changed = self.status.as_deref() != Some(status.as_str());
            self.status = Some(status);
            if !self.terminal && changed {
                out::note(&format!(
                    "order {}: {} after {} s",
                    self.order_id,
                    self.status.as_deref().unwrap_or("-"),
                    elapsed.as_secs()
                ));
            }
        }
        if self.terminal {
            let line = format!(
                "waiting for order {}: {} — {} s (Ctrl-C stops)",
                self.order_id,
                self.status.as_deref().unwrap_or("asking"),
                elapsed.as_secs()
            );
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[2K{}", out::escape(&line));
            let _ = stderr.flush();
            self.drawn = true;
        }
    }

    fn finish(&self) {
        if self.drawn {
            let _ = writeln!(std::io::stderr());
        }
    }
}

/// An order, a few lines for people.
fn describe(order: &Order) -> String {
    let show = |value: Option<String>| value.unwrap_or_else(|| "-".to_owned());
    let mut text = format!(
        "order {}: {} ({}), {} {}, external_reference {}\n",
        order.id,
        show(order.status.as_ref().map(ToString::to_string)),
        show(order.status_detail.as_ref().map(ToString::to_string)),
        show(order.total_amount.map(|m| m.with_two_decimals())),
        order.currency.as_deref().unwrap_or(""),
        show(order.external_reference.clone()),
    );
    for payment in &order.payments {
        text += &format!(
            "  payment {}: {} ({}) {}\n",
            payment.id,
            show(payment.status.as_ref().map(ToString::to_string)),
            show(payment.status_detail.as_ref().map(ToString::to_string)),
            show(payment.amount.map(|m| m.with_two_decimals())),
        );
    }
    for refund in &order.refunds {
        text += &format!(
            "  refund {} of {}: {} {}\n",
            refund.id,
            show(refund.transaction_id.clone()),
            show(refund.status.as_ref().map(ToString::to_string)),
            show(refund.amount.map(|m| m.with_two_decimals())),
        );
    }
    text
}

/// `TITLE:UNIT_PRICE:QUANTITY`; the title may hold colons (the last two fields are split off).
fn parse_item(text: &str) -> Result<OrderItem, String> {
    let mut parts = text.rsplitn(3, ':');
    let (Some(quantity), Some(price), Some(title)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err("expected TITLE:UNIT_PRICE:QUANTITY, like Espresso:5.95:2".to_owned());
    };
    let price: Money = price
        .parse()
        .map_err(|e| format!("unit price {price:?}: {e}"))?;
    let quantity: u32 = quantity
        .parse()
        .map_err(|_| format!("quantity {quantity:?} is not a whole number"))?;
    Ok(OrderItem::new(title, price, quantity))
}
