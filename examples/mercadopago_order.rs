//! From a Mercado Pago order to a QR code on screen, then to "paid" — against a local stand-in
//! for api.mercadopago.com, so that it runs anywhere (feature `mercadopago-ureq`).
//!
//!     cargo run --example mercadopago_order --features mercadopago-ureq
//!
//! Against Mercado Pago itself, drop the stand-in: `Api::new(AccessToken::from_env()?)` reads
//! `MP_ACCESS_TOKEN`, and the base URL is api.mercadopago.com.
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use emvqr::mercadopago::{AccessToken, Api, Client, Money, OrderItem, OrderRequest, WaitOutcome};
use emvqr::qr::{Options, QrCode};
use emvqr::render::{self, Background, Layout};

const QR_DATA: &str = "00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42e8-98d7-f6805209d83a5204000053039865802BR5909Test Test6009SAO PAULO62070503***63041A36";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stand_in = StandIn::start();
    let api = Api::new(AccessToken::new("APP_USR-example")?).with_base_url(&stand_in.url())?;
    // One deadline for the whole sale: every request, retry and wait fits in it.
    let client = Client::new().with_deadline(Instant::now() + Duration::from_secs(30));

    // 1. The order: exact money (integer cents), items that add up, checked before sending.
    let order = OrderRequest::new("order-1042", "CAJA01", Money::from_cents(1190))
        .item(OrderItem::new("Espresso", Money::from_cents(595), 2))
        .expiration_time("PT15M");
    let created = client.run(&api.create_order(&order)?)?;

    // 2. Its qr_data passed the strict parser: a code that would not scan, or would pay the
    //    wrong account, is an error here, never a picture.
    let qr_data = created
        .qr_data
        .as_deref()
        .ok_or("the order has no qr_data")?;
    let code = QrCode::encode(qr_data.as_bytes(), &Options::default())?;
    let mut screen = String::new();
    render::terminal(&code, &Layout::new(), Background::Dark, &mut screen)?;
    let total = created.total_amount.ok_or("the order has no total")?;
    println!("order {}: scan to pay {total}", created.id);
    print!("{screen}");

    // 3. Paid? A notification says so (check its signature, then fetch the order); without
    //    one, poll the order until it is paid, ends, or fifteen minutes pass.
    let outcome = client.wait_for_order(&api, &created.id, Duration::from_secs(900), |_, _| {
        ControlFlow::Continue(())
    })?;
    match outcome {
        WaitOutcome::Paid(order) => println!("paid: {}", order.id),
        WaitOutcome::Ended(order) => println!("not paid: {:?}", order.status),
        _ => println!("no payment yet"),
    }
    Ok(())
}

/// A local HTTP server answering as Mercado Pago's Orders API does.
struct StandIn {
    server: mockito::ServerGuard,
}

impl StandIn {
    fn start() -> StandIn {
        let mut server = mockito::Server::new();
        let order = |status: &str| {
            format!(
                r#"{{"id":"ORD01JQ4S4KY8HWQ6NA5PXB65B3D3","status":"{status}","external_reference":"order-1042","total_amount":"11.90","type_response":{{"qr_data":"{QR_DATA}"}}}}"#
            )
        };
        server
            .mock("POST", "/v1/orders")
            .with_status(201)
            .with_body(order("created"))
            .create();
        server
            .mock("GET", "/v1/orders/ORD01JQ4S4KY8HWQ6NA5PXB65B3D3")
            .with_body(order("processed"))
            .create();
        StandIn { server }
    }

    fn url(&self) -> String {
        self.server.url()
    }
}
