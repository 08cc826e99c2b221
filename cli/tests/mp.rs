//! `emvqr mp` against a local Mercado Pago (mockito): the order's qr_data and its QR code, the
//! status of a payment, the token only from the environment, API errors with their message.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use mockito::{Matcher, Server};

const TOKEN: &str = "APP_USR-6612-cli-token";
const QR_DATA: &str = "00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42e8-98d7-f6805209d83a5204000053039865802BR5909Test Test6009SAO PAULO62070503***63041A36";
const ORDER: &str = r#"{
  "external_reference": "12345",
  "title": "Product order",
  "description": "Chocolate",
  "notification_url": "https://www.yourserver.com/notifications",
  "total_amount": 1190,
  "items": [
    {
      "sku_number": "A123K9191938",
      "category": "marketplace",
      "title": "Point Mini",
      "description": "This is the Point Mini",
      "unit_price": 238,
      "quantity": 5,
      "unit_measure": "unit",
      "total_amount": 1190
    }
  ],
  "cash_out": { "amount": 0 }
}"#;

fn emvqr(args: &[&str], token: Option<&str>, stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_emvqr"));
    command.args(args).env_remove("MP_ACCESS_TOKEN");
    if let Some(token) = token {
        command.env("MP_ACCESS_TOKEN", token);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn create_prints_qr_data_then_a_qr_code_that_scans() {
    let mut server = Server::new();
    let mock = server
        .mock(
            "POST",
            "/instore/orders/qr/seller/collectors/123456/pos/CAJA01/qrs",
        )
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .match_body(Matcher::PartialJson(
            serde_json::json!({"external_reference": "12345", "total_amount": 1190}),
        ))
        .with_status(201)
        .with_body(format!(
            r#"{{"qr_data":"{QR_DATA}","in_store_order_id":"d4e8ca59"}}"#
        ))
        .create();
    let url = server.url();
    let out = emvqr(
        &[
            "mp",
            "order",
            "create",
            "--user-id",
            "123456",
            "--pos",
            "CAJA01",
            "--order",
            "-",
            "--base-url",
            &url,
        ],
        Some(TOKEN),
        ORDER,
    );
    mock.assert();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let (first, picture) = stdout.split_once('\n').unwrap();
    assert_eq!(first, QR_DATA);
    assert_eq!(common::scan_terminal(picture, "dark"), QR_DATA.as_bytes());
}

#[test]
fn the_token_comes_only_from_the_environment() {
    let out = emvqr(
        &[
            "mp",
            "order",
            "get",
            "--user-id",
            "123456",
            "--pos",
            "CAJA01",
            "--base-url",
            "http://127.0.0.1:9",
        ],
        None,
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("MP_ACCESS_TOKEN: not set"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn plain_http_is_refused_except_to_this_machine() {
    let out = emvqr(
        &[
            "mp",
            "order",
            "status",
            "--external-reference",
            "12345",
            "--base-url",
            "http://api.mercadopago.com",
        ],
        Some(TOKEN),
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("plain http is allowed only to this machine"));
}

#[test]
fn an_api_error_exits_1_with_the_servers_message_and_no_token() {
    let mut server = Server::new();
    let _mock = server
        .mock("PUT", "/instore/orders/qr/seller/collectors/123456/pos/CAJA01/qrs")
        .with_status(400)
        .with_body(r#"{"message":"The pos with external_id CAJA01 does not exist","error":"invalid_externalPosId","status":400}"#)
        .create();
    let url = server.url();
    let out = emvqr(
        &[
            "mp",
            "order",
            "assign",
            "--user-id",
            "123456",
            "--pos",
            "CAJA01",
            "--order",
            "-",
            "--base-url",
            &url,
        ],
        Some(TOKEN),
        ORDER,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("The pos with external_id CAJA01 does not exist"),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN));
}

#[test]
fn an_order_body_that_does_not_add_up_is_refused_before_sending() {
    let mut server = Server::new();
    let mock = server.mock("POST", Matcher::Any).expect(0).create();
    let url = server.url();
    let wrong = ORDER.replacen("\"total_amount\": 1190,", "\"total_amount\": 1200,", 1);
    let out = emvqr(
        &[
            "mp",
            "order",
            "create",
            "--user-id",
            "123456",
            "--pos",
            "CAJA01",
            "--order",
            "-",
            "--base-url",
            &url,
        ],
        Some(TOKEN),
        &wrong,
    );
    mock.assert();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("total_amount"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn status_prints_the_merchant_orders_and_their_payments() {
    let mut server = Server::new();
    let _mock = server
        .mock("GET", "/merchant_orders/search")
        .match_query(Matcher::UrlEncoded("external_reference".into(), "12345".into()))
        .with_body(r#"{"elements":[{"id":8437329110,"status":"closed","order_status":"paid","external_reference":"12345","total_amount":1190,"paid_amount":1190,"payments":[{"id":1316942733,"transaction_amount":1190,"status":"approved","status_detail":"accredited","currency_id":"ARS"}]}],"next_offset":1,"total":1}"#)
        .create();
    let url = server.url();
    let out = emvqr(
        &[
            "mp",
            "order",
            "status",
            "--external-reference",
            "12345",
            "--base-url",
            &url,
        ],
        Some(TOKEN),
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "merchant order 8437329110: status closed, order_status paid, paid 1190 of 1190\n  payment 1316942733: approved (accredited) 1190 ARS\npaid\n"
    );
}

#[test]
fn get_and_delete_the_order_on_a_pos() {
    let mut server = Server::new();
    let path = "/instore/qr/seller/collectors/123456/pos/CAJA01/orders";
    let _get = server
        .mock("GET", path)
        .with_status(404)
        .with_body(r#"{"error":"point_of_sale_in_store_order_not_found","message":"not found","status":404}"#)
        .create();
    let delete = server.mock("DELETE", path).with_status(204).create();
    let url = server.url();
    let pos = ["--user-id", "123456", "--pos", "CAJA01", "--base-url", &url];
    let get = emvqr(
        &[&["mp", "order", "get"][..], &pos].concat(),
        Some(TOKEN),
        "",
    );
    assert_eq!(text(&get.stdout), "no order on POS CAJA01\n");
    let deleted = emvqr(
        &[&["mp", "order", "delete"][..], &pos].concat(),
        Some(TOKEN),
        "",
    );
    assert_eq!(deleted.status.code(), Some(0));
    delete.assert();
}
