//! The Orders API flow against a mock server on loopback (mockito): create with the exact
//! request, retries that keep their idempotency key, get, cancel, refunds, waiting until paid,
//! stores and points of sale, order notifications and their de-duplication.
#![cfg(feature = "mercadopago-ureq")]

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use emvqr::mercadopago::{
    AccessToken, Api, Client, Deduplicator, Error, Money, Notification, OrderItem, OrderRequest,
    OrderState, PosRequest, QrMode, RefundState, StatusDetail, StoreLocation, StoreRequest, Topic,
    WaitOutcome, verify_signature,
};
use mockito::{Matcher, Server};

const TOKEN: &str = "APP_USR-6612-orders-secret";
/// A real Mercado Pago in-store payload (shared vectors, mercadopago.txt).
const QR_DATA: &str = "00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42e8-98d7-f6805209d83a5204000053039865802BR5909Test Test6009SAO PAULO62070503***63041A36";
/// The reference example of the Orders API (MLA, lowercase GUI): valid.
const REFERENCE_QR_DATA: &str = "00020101021243650016com.mercadolibre020130636261ba79b-e543-41c7-b71a-cec05c18e72b50120008326594305204970053030325802AR5904Test6004CABA63041094";
const ORDER_ID: &str = "ORD01K372G4J4FXZ9HGHZMJMGGPKE";
const PAYMENT_ID: &str = "PAY01K372G4J4FXZ9HGHZMKWSQS20";

fn api(server: &Server) -> Api {
    Api::new(AccessToken::new(TOKEN).unwrap())
        .with_base_url(&server.url())
        .unwrap()
}

fn client() -> Client {
    Client::new()
        .with_timeout(Duration::from_secs(5))
        .with_retries(3, Duration::ZERO)
        .with_poll_intervals(Duration::from_millis(20), Duration::from_millis(50))
}

fn request() -> OrderRequest {
    OrderRequest::new("ext_ref_1234", "STORE001POS001", Money::from_cents(5000))
        .description("Smartphone")
        .expiration_time("PT16M")
        .item(OrderItem::new("Smartphone", Money::from_cents(5000), 1))
}

/// An order as the API answers it, in `status`, with the payment in `payment`.
fn order_body(status: &str, detail: &str, payment: &str, qr_data: Option<&str>) -> String {
    let type_response = qr_data.map_or(String::new(), |qr| {
        format!(r#","type_response":{{"qr_data":"{qr}"}}"#)
    });
    format!(
        r#"{{"id":"{ORDER_ID}","type":"qr","processing_mode":"automatic","external_reference":"ext_ref_1234","total_amount":"50.00","country_code":"BRA","status":"{status}","status_detail":"{detail}","currency":"BRL","transactions":{{"payments":[{{"id":"{PAYMENT_ID}","amount":"50.00","status":"{status}","status_detail":"{payment}"}}]}},"config":{{"qr":{{"external_pos_id":"STORE001POS001","mode":"dynamic"}}}}{type_response}}}"#
    )
}

#[test]
fn create_sends_exactly_the_documented_body_and_headers() {
    let mut server = Server::new();
    let call = api(&server).create_order(&request()).unwrap();
    let key = call.idempotency_key().unwrap().to_owned();
    let mock = server
        .mock("POST", "/v1/orders")
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .match_header("content-type", "application/json")
        .match_header("x-idempotency-key", key.as_str())
        .match_body(Matcher::Json(serde_json::json!({
            "type": "qr",
            "total_amount": "50.00",
            "external_reference": "ext_ref_1234",
            "description": "Smartphone",
            "expiration_time": "PT16M",
            "config": {"qr": {"external_pos_id": "STORE001POS001", "mode": "dynamic"}},
            "transactions": {"payments": [{"amount": "50.00"}]},
            "items": [{"title": "Smartphone", "unit_price": "50.00", "quantity": 1, "unit_measure": "unit"}]
        })))
        .with_status(201)
        .with_body(order_body("created", "created", "ready_to_process", Some(REFERENCE_QR_DATA)))
        .create();
    let order = client().run(&call).unwrap();
    mock.assert();
    assert_eq!(order.id, ORDER_ID);
    assert_eq!(order.status, Some(OrderState::Created));
    assert_eq!(order.qr_data.as_deref(), Some(REFERENCE_QR_DATA));
    assert_eq!(order.payments[0].id, PAYMENT_ID);
    assert_eq!(
        order.payments[0].status_detail,
        Some(StatusDetail::ReadyToProcess)
    );
    assert_eq!(order.currency.as_deref(), Some("BRL"));
    // Every amount with two decimals, whole ones too.
    let whole = OrderRequest::new("r1", "POS1", Money::from_units(1190));
    let body: serde_json::Value =
        serde_json::from_slice(api(&server).create_order(&whole).unwrap().request().body())
            .unwrap();
    assert_eq!(body["total_amount"], "1190.00");
}

#[test]
fn a_retried_create_keeps_its_key_and_a_new_create_gets_another() {
    let mut server = Server::new();
    let call = api(&server).create_order(&request()).unwrap();
    let key = call.idempotency_key().unwrap().to_owned();
    let failing = server
        .mock("POST", "/v1/orders")
        .match_header("x-idempotency-key", key.as_str())
        .with_status(500)
        .with_body(r#"{"errors":[{"code":"internal_error","message":"try again"}]}"#)
        .expect(1)
        .create();
    let succeeding = server
        .mock("POST", "/v1/orders")
        .match_header("x-idempotency-key", key.as_str())
        .with_status(201)
        .with_body(order_body(
            "created",
            "created",
            "ready_to_process",
            Some(QR_DATA),
        ))
        .expect(1)
        .create();
    let order = client().run(&call).unwrap();
    failing.assert();
    succeeding.assert();
    assert_eq!(order.qr_data.as_deref(), Some(QR_DATA));
    // A second order is a second operation: another key.
    let again = api(&server).create_order(&request()).unwrap();
    assert_ne!(again.idempotency_key(), Some(key.as_str()));
    assert!(again.may_retry_timeout() && call.may_retry_timeout());
}

#[test]
fn a_qr_data_that_fails_the_strict_parser_is_refused_with_the_order_id() {
    let mut server = Server::new();
    let broken = QR_DATA.replace("SAO PAULO", "SAO PAULA");
    server
        .mock("POST", "/v1/orders")
        .with_status(201)
        .with_body(order_body(
            "created",
            "created",
            "ready_to_process",
            Some(&broken),
        ))
        .create();
    match client().run(&api(&server).create_order(&request()).unwrap()) {
        Err(Error::InvalidQrData {
            order_id, qr_data, ..
        }) => {
            assert_eq!(order_id.as_deref(), Some(ORDER_ID));
            assert_eq!(qr_data, broken);
        }
        other => panic!("expected InvalidQrData, got {other:?}"),
    }
    // A dynamic order without qr_data is not what the API documents; a static one has none.
    server
        .mock("POST", "/v1/orders")
        .with_status(201)
        .with_body(order_body("created", "created", "ready_to_process", None))
        .create();
    assert!(matches!(
        client().run(&api(&server).create_order(&request()).unwrap()),
        Err(Error::UnexpectedResponse { .. })
    ));
    let static_order = client()
        .run(
            &api(&server)
                .create_order(&request().mode(QrMode::Static))
                .unwrap(),
        )
        .unwrap();
    assert_eq!(static_order.qr_data, None);
}

#[test]
fn get_cancel_and_refunds_speak_the_documented_endpoints() {
    let mut server = Server::new();
    let get = server
        .mock("GET", format!("/v1/orders/{ORDER_ID}").as_str())
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .match_header("x-idempotency-key", Matcher::Missing)
        .with_body(order_body("processed", "accredited", "accredited", None))
        .create();
    let order = client()
        .run(&api(&server).get_order(ORDER_ID).unwrap())
        .unwrap();
    get.assert();
    assert!(order.is_paid());
    assert_eq!(order.status_detail, Some(StatusDetail::Accredited));

    let cancel = server
        .mock("POST", format!("/v1/orders/{ORDER_ID}/cancel").as_str())
        .match_header(
            "x-idempotency-key",
            Matcher::Regex("^[0-9a-f-]{36}$".into()),
        )
        .match_body(Matcher::Exact(String::new()))
        .with_body(order_body("canceled", "canceled", "canceled_by_api", None))
        .create();
    let canceled = client()
        .run(&api(&server).cancel_order(ORDER_ID).unwrap())
        .unwrap();
    cancel.assert();
    assert_eq!(canceled.status, Some(OrderState::Canceled));
    assert_eq!(
        canceled.payments[0].status_detail,
        Some(StatusDetail::CanceledByApi)
    );

    let refund_body = |status: &str, refund: &str| {
        format!(
            r#"{{"id":"{ORDER_ID}","status":"{status}","status_detail":"{status}","transactions":{{"refunds":[{{"id":"REF01J67CQQH5904WDBVZEM1234D","transaction_id":"{PAYMENT_ID}","amount":"24.90","status":"{refund}"}}]}}}}"#
        )
    };
    let total = server
        .mock("POST", format!("/v1/orders/{ORDER_ID}/refund").as_str())
        .match_header(
            "x-idempotency-key",
            Matcher::Regex("^[0-9a-f-]{36}$".into()),
        )
        .match_body(Matcher::Exact(String::new()))
        .with_body(refund_body("refunded", "processed"))
        .create();
    let refunded = client()
        .run(&api(&server).refund_order(ORDER_ID, None).unwrap())
        .unwrap();
    total.assert();
    assert_eq!(refunded.status, Some(OrderState::Refunded));
    assert_eq!(refunded.refunds[0].status, Some(RefundState::Processed));

    let partial = server
        .mock("POST", format!("/v1/orders/{ORDER_ID}/refund").as_str())
        .match_body(Matcher::Json(serde_json::json!({
            "transactions": [{"id": PAYMENT_ID, "amount": "24.90"}]
        })))
        .with_body(refund_body("processed", "processing"))
        .create();
    let call = api(&server)
        .refund_order(ORDER_ID, Some((PAYMENT_ID, Money::from_cents(2490))))
        .unwrap();
    let partly = client().run(&call).unwrap();
    partial.assert();
    assert_eq!(partly.refunds[0].amount, Some(Money::from_cents(2490)));
    assert_eq!(partly.refunds[0].status, Some(RefundState::Processing));
    // Ids are opaque letters and digits: nothing that could change the path.
    assert!(api(&server).get_order("ORD/../users").is_err());
    // Words Mercado Pago adds later are kept as written, not errors.
    let mut later = Server::new();
    later
        .mock("GET", format!("/v1/orders/{ORDER_ID}").as_str())
        .with_body(order_body(
            "in_review",
            "pending_review",
            "pending_review",
            None,
        ))
        .create();
    let order = client()
        .run(&api(&later).get_order(ORDER_ID).unwrap())
        .unwrap();
    assert_eq!(order.status, Some(OrderState::Unknown("in_review".into())));
    assert_eq!(order.status.unwrap().as_str(), "in_review");
    assert_eq!(
        order.status_detail,
        Some(StatusDetail::Unknown("pending_review".into()))
    );
}

#[test]
fn waiting_polls_until_paid_or_ended_or_the_timeout() {
    let mut server = Server::new();
    let path = format!("/v1/orders/{ORDER_ID}");
    server
        .mock("GET", path.as_str())
        .with_body(order_body("created", "created", "ready_to_process", None))
        .expect(2)
        .create();
    server
        .mock("GET", path.as_str())
        .with_status(503)
        .expect(1)
        .create();
    server
        .mock("GET", path.as_str())
        .with_body(order_body("processed", "accredited", "accredited", None))
        .create();
    let mut seen = Vec::new();
    let outcome = client()
        .wait_for_order(
            &api(&server),
            ORDER_ID,
            Duration::from_secs(10),
            |order, _| {
                if let Some(order) = order {
                    seen.push(order.status.clone());
                }
                ControlFlow::Continue(())
            },
        )
        .unwrap();
    // Created twice, a 503 polled through, then processed.
    assert!(matches!(outcome, WaitOutcome::Paid(ref order) if order.is_paid()));
    assert!(seen.ends_with(&[Some(OrderState::Processed)]));
    assert!(
        seen.iter()
            .filter(|s| **s == Some(OrderState::Created))
            .count()
            >= 2
    );

    let mut ended = Server::new();
    ended
        .mock("GET", path.as_str())
        .with_body(order_body("expired", "expired", "expired", None))
        .create();
    let outcome = client()
        .wait_for_order(&api(&ended), ORDER_ID, Duration::from_secs(10), |_, _| {
            ControlFlow::Continue(())
        })
        .unwrap();
    assert!(matches!(outcome, WaitOutcome::Ended(ref o) if o.status == Some(OrderState::Expired)));

    let mut pending = Server::new();
    pending
        .mock("GET", path.as_str())
        .with_body(order_body("created", "created", "ready_to_process", None))
        .create();
    let started = Instant::now();
    let outcome = client()
        .wait_for_order(
            &api(&pending),
            ORDER_ID,
            Duration::from_millis(400),
            |_, _| ControlFlow::Continue(()),
        )
        .unwrap();
    assert!(matches!(outcome, WaitOutcome::TimedOut(Some(_))));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    // The caller can stop it.
    let outcome = client()
        .wait_for_order(&api(&pending), ORDER_ID, Duration::from_secs(10), |_, _| {
            ControlFlow::Break(())
        })
        .unwrap();
    assert!(matches!(outcome, WaitOutcome::Stopped(_)));
    // A refused token ends the wait with the error.
    let mut refused = Server::new();
    refused
        .mock("GET", path.as_str())
        .with_status(401)
        .with_body(r#"{"message":"invalid access token","status":401}"#)
        .create();
    assert!(matches!(
        client().wait_for_order(&api(&refused), ORDER_ID, Duration::from_secs(5), |_, _| {
            ControlFlow::Continue(())
        }),
        Err(Error::Api(ref e)) if e.status == 401
    ));
}

#[test]
fn stores_and_points_of_sale_are_created_and_listed() {
    let mut server = Server::new();
    let location = StoreLocation::new("0123", "Rua Augusta", "São Paulo", "SP", -23.5558, -46.662);
    let store = server
        .mock("POST", "/users/446566691/stores")
        .match_body(Matcher::Json(serde_json::json!({
            "name": "Loja Centro", "external_id": "LOJ001",
            "location": {"street_number": "0123", "street_name": "Rua Augusta", "city_name": "São Paulo",
                         "state_name": "SP", "latitude": -23.5558, "longitude": -46.662}
        })))
        .with_status(201)
        .with_body(r#"{"id":1234567,"name":"Loja Centro","external_id":"LOJ001","location":{"address_line":"Rua Augusta, 0123, São Paulo, SP"}}"#)
        .create();
    let created = client()
        .run(
            &api(&server)
                .create_store(
                    "446566691",
                    &StoreRequest::new("Loja Centro", "LOJ001", location),
                )
                .unwrap(),
        )
        .unwrap();
    store.assert();
    assert_eq!(created.id, "1234567");
    assert_eq!(
        created.address.as_deref(),
        Some("Rua Augusta, 0123, São Paulo, SP")
    );
    server
        .mock("GET", "/users/446566691/stores/search")
        .match_query(Matcher::AllOf(vec![
            Matcher::UrlEncoded("offset".into(), "0".into()),
            Matcher::UrlEncoded("limit".into(), "50".into()),
        ]))
        .with_body(r#"{"paging":{"total":1,"offset":0,"limit":50},"results":[{"id":"30163646","name":"Loja Centro","external_id":"LOJ001"}]}"#)
        .create();
    let page = client()
        .run(&api(&server).list_stores("446566691", None, 0, 50).unwrap())
        .unwrap();
    assert_eq!((page.total, page.results[0].id.as_str()), (1, "30163646"));

    let pos = server
        .mock("POST", "/pos")
        .match_body(Matcher::Json(serde_json::json!({
            "name": "Caixa 1", "fixed_amount": true, "store_id": 1234567,
            "external_store_id": "LOJ001", "external_id": "LOJ001POS001", "category": 5611203
        })))
        .with_status(201)
        .with_body(r#"{"id":2711382,"name":"Caixa 1","external_id":"LOJ001POS001","store_id":1234567,"external_store_id":"LOJ001","status":"active","qr":{"image":"https://www.mercadopago.com/instore/merchant/qr/2711382/a.png","template_document":"https://www.mercadopago.com/instore/merchant/qr/2711382/t.pdf"}}"#)
        .create();
    let request = PosRequest::new("Caixa 1", "LOJ001POS001")
        .store_id("1234567")
        .external_store_id("LOJ001")
        .category(5611203);
    let created = client()
        .run(&api(&server).create_pos(&request).unwrap())
        .unwrap();
    pos.assert();
    assert_eq!(
        (created.id.as_str(), created.store_id.as_deref()),
        ("2711382", Some("1234567"))
    );
    assert!(created.qr.unwrap().image.unwrap().ends_with("a.png"));
    // The documented limits are checked before sending.
    assert!(
        api(&server)
            .create_pos(&PosRequest::new("Caixa 1", "POS-1").store_id("1"))
            .is_err()
    );
    assert!(
        api(&server)
            .create_pos(&PosRequest::new("Caixa 1", "POS1"))
            .is_err()
    );
    let far = StoreLocation::new("1", "Rua", "Cidade", "SP", 91.0, 0.0);
    assert!(
        api(&server)
            .create_store("446566691", &StoreRequest::new("Loja", "L1", far))
            .is_err()
    );
    assert!(
        api(&server)
            .create_store(
                "me",
                &StoreRequest::new(
                    "Loja",
                    "L1",
                    StoreLocation::new("1", "R", "C", "S", 0.0, 0.0)
                )
            )
            .is_err()
    );
}

#[test]
fn order_notifications_are_read_verified_and_deduplicated() {
    // The notification of the documentation's guide, signed with the SDKs' test secret.
    let body = br#"{"action":"order.processed","api_version":"v1","application_id":"76506430185983","date_created":"2021-11-01T02:02:02Z","id":"123456","live_mode":false,"type":"order","user_id":2025701502,"data":{"id":"ORD01JQ4S4KY8HWQ6NA5PXB65B3D3","status":"processed","status_detail":"accredited","external_reference":"ext_ref_1234","version":2}}"#;
    let notification =
        Notification::parse("data.id=ORD01JQ4S4KY8HWQ6NA5PXB65B3D3&type=order", body).unwrap();
    assert_eq!(notification.topic, Topic::Order);
    let event = notification.order.clone().unwrap();
    assert_eq!(
        (event.status, event.version),
        (Some(OrderState::Processed), Some(2))
    );
    let header =
        "ts=1742505638683,v1=fb15ae6472eb449173c556793205d77787d58f384d183bb5bc3b724c27bd103c";
    let request_id = Some("2066ca19-c6f1-498a-be75-1923005edd06");
    assert!(
        notification
            .verify(
                "your_secret_key_here",
                header,
                request_id,
                emvqr::mercadopago::Freshness::Unchecked
            )
            .is_ok()
    );
    assert!(
        verify_signature(
            "another_secret",
            header,
            request_id,
            Some("ORD01JQ4S4KY8HWQ6NA5PXB65B3D3"),
            emvqr::mercadopago::Freshness::Unchecked
        )
        .is_err()
    );
    let mut seen = Deduplicator::new(2, Duration::from_secs(60));
    let now = Instant::now();
    assert!(seen.first_time(&notification, now));
    assert!(!seen.first_time(&notification, now + Duration::from_secs(30)));
    // Forgotten once it is older than the window, or pushed out by newer ones.
    assert!(seen.first_time(&notification, now + Duration::from_secs(120)));
    let refunded = Notification::parse(
        "data.id=ORD01JQ4S4KY8HWQ6NA5PXB65B3D3&type=order",
        br#"{"action":"order.refunded","id":"123457","type":"order","data":{"id":"ORD01JQ4S4KY8HWQ6NA5PXB65B3D3","status":"refunded","version":3}}"#,
    )
    .unwrap();
    assert!(seen.first_time(&refunded, now + Duration::from_secs(121)));
}
