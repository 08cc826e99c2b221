//! The Mercado Pago client against a mock server on loopback (mockito): every answer shape the
//! API documents, its errors, retries, timeouts, and the notification signature vectors.
#![cfg(feature = "mercadopago-ureq")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use emvqr::ErrorKind;
use emvqr::mercadopago::{
    AccessToken, Api, Client, Error, Freshness, IdForm, Item, MerchantOrderStatus, Money,
    Notification, OrderItem, OrderRequest, OrderStatus, PaymentStatus, QrMode, QrOrder,
    SignatureError, Topic, verify_signature,
};
use mockito::{Matcher, Server};

const TOKEN: &str = "APP_USR-6612-secret-token";
/// A real Mercado Pago in-store payload (shared vectors, mercadopago.txt).
const QR_DATA: &str = "00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42e8-98d7-f6805209d83a5204000053039865802BR5909Test Test6009SAO PAULO62070503***63041A36";
/// The guide's payload whose field 59 was edited after the code was made.
const BROKEN_QR_DATA: &str = "00020101021243650016COM.MERCADOLIBRE02013063638f1192a-5fd1-4180-a180-8bcae3556bc35204000053039865802BR5925IZABEL AAAA DE MELO6007BARUERI62070503***63040B6D";
const QRS_PATH: &str = "/instore/orders/qr/seller/collectors/123456/pos/CAJA01/qrs";

fn api(server: &Server) -> Api {
    Api::new(AccessToken::new(TOKEN).unwrap())
        .with_base_url(&server.url())
        .unwrap()
}

fn client() -> Client {
    Client::new()
        .with_timeout(Duration::from_secs(5))
        .with_retries(3, Duration::ZERO)
}

/// The order of the integration guide: 5 × 238 = 1190 (here in reais).
fn order() -> QrOrder {
    QrOrder::new("order-1042", "Compra en tienda", Money::from_units(1190))
        .title("Pedido 1042")
        .notification_url("https://example.com/notifications")
        .item(Item::new("Yerba", Money::from_units(238), 5))
}

#[test]
fn create_sends_the_documented_request_and_returns_checked_qr_data() {
    let mut server = Server::new();
    let mock = server
        .mock("POST", QRS_PATH)
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .match_header("content-type", "application/json")
        .match_header("x-idempotency-key", Matcher::Regex("^[0-9a-f-]{36}$".into()))
        .match_body(Matcher::Json(serde_json::json!({
            "external_reference": "order-1042",
            "title": "Pedido 1042",
            "description": "Compra en tienda",
            "notification_url": "https://example.com/notifications",
            "total_amount": 1190,
            "items": [{
                "title": "Yerba", "unit_price": 238, "quantity": 5,
                "unit_measure": "unit", "total_amount": 1190
            }]
        })))
        .with_status(201)
        .with_body(format!(
            r#"{{"qr_data":"{QR_DATA}","in_store_order_id":"d4e8ca59-3e1d-4c03-b1f6-580e87c654ae"}}"#
        ))
        .create();
    let call = api(&server)
        .create_qr_order("123456", "CAJA01", &order())
        .unwrap();
    let created = client().run(&call).unwrap();
    mock.assert();
    assert_eq!(created.qr_data, QR_DATA);
    assert_eq!(
        created.in_store_order_id.as_deref(),
        Some("d4e8ca59-3e1d-4c03-b1f6-580e87c654ae")
    );
}

#[test]
fn amounts_go_out_exactly_as_decimals() {
    let mut server = Server::new();
    let order = QrOrder::new("o-7", "Café", Money::from_cents(2970)).item(Item::new(
        "Pão de queijo",
        Money::from_cents(990),
        3,
    ));
    let mock = server
        .mock("POST", QRS_PATH)
        .match_body(Matcher::Regex(
            r#""unit_price":9\.90,.*"total_amount":29\.70"#.into(),
        ))
        .with_status(200)
        .with_body(format!(r#"{{"qr_data":"{QR_DATA}"}}"#))
        .create();
    client()
        .run(
            &api(&server)
                .create_qr_order("123456", "CAJA01", &order)
                .unwrap(),
        )
        .unwrap();
    mock.assert();
}

#[test]
fn an_order_whose_money_does_not_add_up_is_never_sent() {
    let mut server = Server::new();
    let mock = server.mock("POST", Matcher::Any).expect(0).create();
    let mut wrong_item = order();
    wrong_item.items[0].total_amount = Money::from_units(1189);
    let mut wrong_total = order();
    wrong_total.total_amount = Money::from_cents(119_001);
    for (order, field) in [
        (wrong_item, "items[0].total_amount"),
        (wrong_total, "total_amount"),
    ] {
        match api(&server).create_qr_order("123456", "CAJA01", &order) {
            Err(Error::InvalidRequest { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{other:?}"),
        }
    }
    for (user, pos) in [("12a", "CAJA01"), ("123456", "CAJA 01"), ("123456", "../x")] {
        assert!(matches!(
            api(&server).create_qr_order(user, pos, &order()),
            Err(Error::InvalidRequest { .. })
        ));
    }
    let past = order().expiration_date("2020-01-01T00:00:00.000-03:00");
    assert!(
        api(&server)
            .create_qr_order("123456", "CAJA01", &past)
            .is_err()
    );
    let future = order().expiration_date("2099-12-24T18:00:00.000-03:00");
    assert!(
        api(&server)
            .create_qr_order("123456", "CAJA01", &future)
            .is_ok()
    );
    mock.assert();
}

#[test]
fn a_400_becomes_a_typed_error_and_is_not_retried() {
    let mut server = Server::new();
    let mock = server
        .mock("POST", QRS_PATH)
        .with_status(400)
        .with_body(r#"{"message":"total_amount must be number","error":"invalid_total_amount","status":400,"cause":[{"code":"invalid_total_amount","description":"total_amount must be number"}]}"#)
        .expect(1)
        .create();
    let error = client()
        .run(
            &api(&server)
                .create_qr_order("123456", "CAJA01", &order())
                .unwrap(),
        )
        .unwrap_err();
    mock.assert();
    let Error::Api(api_error) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api_error.status, 400);
    assert_eq!(api_error.error.as_deref(), Some("invalid_total_amount"));
    assert_eq!(api_error.causes.len(), 1);
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "Mercado Pago answered HTTP 400: total_amount must be number (invalid_total_amount); invalid_total_amount: total_amount must be number"
    );
}

#[test]
fn a_legacy_causes_list_and_a_non_json_body_are_kept() {
    let mut server = Server::new();
    let _causes = server
        .mock("GET", "/merchant_orders/1")
        .with_status(400)
        .with_body(r#"{"message":"invalid_preference_body","causes":[{"code":1001,"message":"items must be an array"}]}"#)
        .create();
    let _html = server
        .mock("GET", "/merchant_orders/2")
        .with_status(502)
        .with_body("<html>Bad gateway</html>")
        .create();
    let no_retry = client().with_retries(0, Duration::ZERO);
    let Err(Error::Api(error)) = no_retry.run(&api(&server).get_merchant_order(1).unwrap()) else {
        panic!()
    };
    assert_eq!(error.causes[0].code.as_deref(), Some("1001"));
    assert_eq!(
        error.causes[0].description.as_deref(),
        Some("items must be an array")
    );
    let Err(Error::Api(error)) = no_retry.run(&api(&server).get_merchant_order(2).unwrap()) else {
        panic!()
    };
    assert_eq!((error.status, error.message.as_deref()), (502, None));
    assert_eq!(error.body, "<html>Bad gateway</html>");
}

#[test]
fn a_401_is_an_api_error_that_never_shows_the_token() {
    let mut server = Server::new();
    let mock = server
        .mock("POST", QRS_PATH)
        .with_status(401)
        .with_body(r#"{"message":"invalid access token","error":"unauthorized","status":401}"#)
        .expect(1)
        .create();
    let call = api(&server)
        .create_qr_order("123456", "CAJA01", &order())
        .unwrap();
    let error = client().run(&call).unwrap_err();
    mock.assert();
    assert!(matches!(&error, Error::Api(e) if e.status == 401));
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{call:?}"),
        format!("{:?}", api(&server)),
        format!("{:?}", client()),
    ] {
        assert!(
            !text.contains(TOKEN) && !text.contains("secret-token"),
            "{text}"
        );
    }
}

#[test]
fn a_429_is_retried_after_retry_after_with_the_same_idempotency_key() {
    let mut server = Server::new();
    let call = api(&server)
        .create_qr_order("123456", "CAJA01", &order())
        .unwrap();
    let key = call.idempotency_key().unwrap().to_owned();
    let busy = server
        .mock("POST", QRS_PATH)
        .match_header("x-idempotency-key", key.as_str())
        .with_status(429)
        .with_header("retry-after", "0")
        .with_body(r#"{"message":"too many requests"}"#)
        .expect(1)
        .create();
    let done = server
        .mock("POST", QRS_PATH)
        .match_header("x-idempotency-key", key.as_str())
        .with_status(201)
        .with_body(format!(r#"{{"qr_data":"{QR_DATA}"}}"#))
        .expect(1)
        .create();
    let created = client().run(&call).unwrap();
    busy.assert();
    done.assert();
    assert_eq!(created.qr_data, QR_DATA);
}

#[test]
fn retries_are_bounded() {
    let mut server = Server::new();
    let mock = server
        .mock("GET", "/merchant_orders/9")
        .with_status(503)
        .with_header("retry-after", "0")
        .expect(4)
        .create();
    let error = client()
        .run(&api(&server).get_merchant_order(9).unwrap())
        .unwrap_err();
    mock.assert();
    assert!(error.is_retryable());
    assert!(matches!(error, Error::Api(ref e) if e.retry_after == Some(Duration::ZERO)));
}

#[test]
fn assign_accepts_the_three_documented_answers() {
    for (body, qr_data) in [
        ("", None),
        ("{}", None),
        (
            &*format!(r#"{{"qr_data":"{QR_DATA}","in_store_order_id":"abc"}}"#),
            Some(QR_DATA),
        ),
    ] {
        let mut server = Server::new();
        let mock = server
            .mock("PUT", QRS_PATH)
            .with_status(201)
            .with_body(body)
            .create();
        let assigned = client()
            .run(
                &api(&server)
                    .assign_qr_order("123456", "CAJA01", &order())
                    .unwrap(),
            )
            .unwrap();
        mock.assert();
        assert_eq!(assigned.qr_data.as_deref(), qr_data, "body {body:?}");
    }
}

#[test]
fn an_invalid_qr_data_from_the_server_is_an_error_that_says_why() {
    let mut server = Server::new();
    let _mock = server
        .mock("POST", QRS_PATH)
        .with_status(201)
        .with_body(format!(
            r#"{{"qr_data":"{BROKEN_QR_DATA}","in_store_order_id":"d4e8ca59"}}"#
        ))
        .create();
    let error = client()
        .run(
            &api(&server)
                .create_qr_order("123456", "CAJA01", &order())
                .unwrap(),
        )
        .unwrap_err();
    let Error::InvalidQrData {
        qr_data,
        error: parse_error,
        order_id,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(order_id.as_deref(), Some("d4e8ca59"));
    assert_eq!(qr_data, BROKEN_QR_DATA);
    assert!(matches!(
        parse_error.kind(),
        ErrorKind::LengthMismatch { declared: 25, .. }
    ));
    assert_eq!(parse_error.path().to_string(), "59");
    assert!(
        error
            .to_string()
            .contains("field 59 (merchant name) declares 25 characters")
    );
    assert!(
        error
            .to_string()
            .starts_with("order d4e8ca59 was created, but")
    );
}

#[test]
fn a_timed_out_read_is_retried_and_a_timed_out_legacy_write_is_not() {
    let mut server = Server::new();
    let slow = |_: &mockito::Request| {
        std::thread::sleep(Duration::from_millis(700));
        b"{}".to_vec()
    };
    // A read: asked again (with the client's one retry), then reported.
    let read = server
        .mock("GET", "/merchant_orders/5")
        .with_body_from_request(slow)
        .expect(2)
        .create();
    let started = std::time::Instant::now();
    let error = client()
        .with_timeout(Duration::from_millis(250))
        .with_retries(1, Duration::ZERO)
        .run(&api(&server).get_merchant_order(5).unwrap())
        .unwrap_err();
    assert!(
        matches!(&error, Error::Transport(reason) if reason.contains("0.25 s")),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_millis(1200));
    // A legacy /qrs write, which may have created an order: sent once.
    let write = server
        .mock("POST", QRS_PATH)
        .with_body_from_request(slow)
        .expect(1)
        .create();
    let call = api(&server)
        .create_qr_order("123456", "CAJA01", &order())
        .unwrap();
    assert!(!call.may_retry_timeout());
    let error = client()
        .with_timeout(Duration::from_millis(250))
        .run(&call)
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error}");
    // Let the server finish the requests it got.
    std::thread::sleep(Duration::from_millis(1500));
    read.assert();
    write.assert();
}

#[test]
fn an_answer_over_the_size_limit_is_refused() {
    let mut server = Server::new();
    let _mock = server
        .mock("GET", "/merchant_orders/6")
        .with_body(vec![b' '; 4096])
        .create();
    let error = client()
        .with_body_limit(1024)
        .run(&api(&server).get_merchant_order(6).unwrap())
        .unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1024 }),
        "{error}"
    );
}

#[test]
fn the_order_on_a_pos_is_read_and_deleted() {
    let mut server = Server::new();
    let path = "/instore/qr/seller/collectors/123456/pos/CAJA01/orders";
    let get = server
        .mock("GET", path)
        .with_body(r#"[{"external_reference":12345,"title":"Pedido","description":"x","total_amount":1190.0,"items":[]}]"#)
        .create();
    let order = client()
        .run(&api(&server).get_pos_order("123456", "CAJA01").unwrap())
        .unwrap()
        .unwrap();
    get.assert();
    assert_eq!(order.external_reference.as_deref(), Some("12345"));
    assert_eq!(order.total_amount, Some(Money::from_units(1190)));
    let delete = server.mock("DELETE", path).with_status(204).create();
    client()
        .run(&api(&server).delete_pos_order("123456", "CAJA01").unwrap())
        .unwrap();
    delete.assert();
    let mut empty = Server::new();
    let _none = empty
        .mock("GET", path)
        .with_status(404)
        .with_body(r#"{"error":"point_of_sale_in_store_order_not_found","message":"no order","status":404}"#)
        .create();
    let none = client()
        .run(&api(&empty).get_pos_order("123456", "CAJA01").unwrap())
        .unwrap();
    assert_eq!(none, None);
}

#[test]
fn merchant_orders_are_fetched_and_searched_with_their_statuses() {
    let mut server = Server::new();
    let _order = server
        .mock("GET", "/merchant_orders/8437329110")
        .with_body(r#"{"id":8437329110,"status":"closed","order_status":"paid","external_reference":"pedido 42","total_amount":1190,"paid_amount":1190.0,"refunded_amount":0,"cancelled":false,"payments":[{"id":1316942733,"transaction_amount":1190,"total_paid_amount":1190,"status":"approved","status_detail":"accredited","currency_id":"BRL","date_approved":"2026-11-26T12:00:00.000-03:00","operation_type":"regular_payment"}],"items":[]}"#)
        .create();
    let merchant_order = client()
        .run(&api(&server).get_merchant_order(8_437_329_110).unwrap())
        .unwrap();
    assert!(merchant_order.is_paid());
    assert_eq!(merchant_order.order_status, Some(OrderStatus::Paid));
    assert_eq!(merchant_order.paid_amount, Some(Money::from_units(1190)));
    assert_eq!(merchant_order.payments[0].status, PaymentStatus::Approved);

    let search = server
        .mock("GET", "/merchant_orders/search")
        .match_query(Matcher::UrlEncoded(
            "external_reference".into(),
            "pedido 42".into(),
        ))
        .with_body(r#"{"elements":null,"next_offset":0,"total":0}"#)
        .create();
    let found = client()
        .run(&api(&server).search_merchant_orders("pedido 42").unwrap())
        .unwrap();
    search.assert();
    assert!(found.elements.is_empty() && !found.is_paid());

    let _opened = server
        .mock("GET", "/merchant_orders/7")
        .with_body(
            r#"{"id":7,"status":"opened","order_status":"payment_in_process","payments":null}"#,
        )
        .create();
    let opened = client()
        .run(&api(&server).get_merchant_order(7).unwrap())
        .unwrap();
    assert_eq!(opened.status, MerchantOrderStatus::Opened);
    assert!(!opened.is_paid());
}

#[test]
fn the_orders_api_needs_an_idempotency_key_and_answers_type_response_qr_data() {
    let mut server = Server::new();
    let request = OrderRequest::new("order-1042", "CAJA01", Money::from_cents(1190))
        .mode(QrMode::Dynamic)
        .expiration_time("PT15M")
        .item(OrderItem::new("Espresso", Money::from_cents(595), 2));
    let call = api(&server).create_order(&request).unwrap();
    let key = call.idempotency_key().unwrap().to_owned();
    let mock = server
        .mock("POST", "/v1/orders")
        .match_header("x-idempotency-key", key.as_str())
        .match_body(Matcher::PartialJson(serde_json::json!({
            "type": "qr", "total_amount": "11.90", "external_reference": "order-1042",
            "expiration_time": "PT15M",
            "config": {"qr": {"external_pos_id": "CAJA01", "mode": "dynamic"}},
            "transactions": {"payments": [{"amount": "11.90"}]},
            "items": [{"title": "Espresso", "unit_price": "5.95", "quantity": 2}]
        })))
        .with_status(201)
        .with_body(format!(r#"{{"id":"ORD01JQ4S4KY8HWQ6NA5PXB65B3D3","status":"created","status_detail":"created","external_reference":"order-1042","total_amount":"11.90","type_response":{{"qr_data":"{QR_DATA}"}}}}"#))
        .create();
    let created = client().run(&call).unwrap();
    mock.assert();
    assert_eq!(created.qr_data.as_deref(), Some(QR_DATA));
    assert_eq!(created.total_amount, Some(Money::from_cents(1190)));
    // A caller's own key, for retries across restarts.
    assert!(
        api(&server)
            .create_order(&request)
            .unwrap()
            .with_idempotency_key("order-1042-try-1")
            .is_ok()
    );
    assert!(
        api(&server)
            .create_order(&request)
            .unwrap()
            .with_idempotency_key("bad key")
            .is_err()
    );
}

#[test]
fn base_urls_in_clear_text_are_only_for_this_machine() {
    let token = || AccessToken::new(TOKEN).unwrap();
    assert!(
        Api::new(token())
            .with_base_url("http://localhost:1234")
            .is_ok()
    );
    assert!(Api::new(token()).with_base_url("http://[::1]:1234").is_ok());
    assert!(
        Api::new(token())
            .with_base_url("https://api.mercadopago.com/")
            .is_ok()
    );
    for url in [
        "http://api.mercadopago.com",
        "ftp://localhost",
        "not a url",
        "http://127.example.com",
        "https://api.mercadopago.com/?x=1",
        "https://api.mercadopago.com/#",
    ] {
        assert!(Api::new(token()).with_base_url(url).is_err(), "{url}");
    }
}

// ---------------------------------------------------------------- notifications

const REQUEST_ID: &str = "bb56a2f1-6aae-46ac-982e-9dcd3581d08e";
/// The vector of the spec notes: HMAC-SHA256("your_secret",
/// "id:123456;request-id:bb56a2f1-6aae-46ac-982e-9dcd3581d08e;ts:1742505638683;").
const SIGNATURE: &str =
    "ts=1742505638683,v1=776a361739f250949fc75c476481d013d1d9b7f203c775a755ff1510c3798c68";

#[test]
fn signature_vector_matches() {
    let matched = verify_signature(
        "your_secret",
        SIGNATURE,
        Some(REQUEST_ID),
        Some("123456"),
        Freshness::Unchecked,
    )
    .unwrap();
    assert_eq!(
        (matched.id_form, matched.ts),
        (IdForm::AsReceived, 1_742_505_638_683)
    );
    // Spaces and key case in the header do not matter.
    let spaced =
        " TS=1742505638683 , V1=776a361739f250949fc75c476481d013d1d9b7f203c775a755ff1510c3798c68 ";
    assert!(
        verify_signature(
            "your_secret",
            spaced,
            Some(REQUEST_ID),
            Some("123456"),
            Freshness::Unchecked
        )
        .is_ok()
    );
}

#[test]
fn tampered_signatures_do_not_match() {
    let check = |secret, header, request_id, id| {
        verify_signature(secret, header, request_id, id, Freshness::Unchecked)
    };
    let mismatch = Err(SignatureError::Mismatch);
    assert_eq!(
        check("other_secret", SIGNATURE, Some(REQUEST_ID), Some("123456")),
        mismatch
    );
    assert_eq!(
        check("your_secret", SIGNATURE, Some(REQUEST_ID), Some("123457")),
        mismatch
    );
    assert_eq!(
        check(
            "your_secret",
            SIGNATURE,
            Some("bb56a2f1-6aae-46ac-982e-9dcd3581d08f"),
            Some("123456")
        ),
        mismatch
    );
    assert_eq!(
        check("your_secret", SIGNATURE, None, Some("123456")),
        mismatch
    );
    let other_ts = SIGNATURE.replace("1742505638683", "1742505638684");
    assert_eq!(
        check("your_secret", &other_ts, Some(REQUEST_ID), Some("123456")),
        mismatch
    );
    let flipped = SIGNATURE.replace("776a", "776b");
    assert_eq!(
        check("your_secret", &flipped, Some(REQUEST_ID), Some("123456")),
        mismatch
    );
}

#[test]
fn signature_headers_with_missing_or_malformed_parts_are_refused() {
    let check = |header| {
        verify_signature(
            "your_secret",
            header,
            Some(REQUEST_ID),
            Some("123456"),
            Freshness::Unchecked,
        )
    };
    assert_eq!(
        check("v1=776a361739f250949fc75c476481d013d1d9b7f203c775a755ff1510c3798c68"),
        Err(SignatureError::MissingPart("ts"))
    );
    assert_eq!(
        check("ts=1742505638683"),
        Err(SignatureError::MissingPart("v1"))
    );
    assert_eq!(check(""), Err(SignatureError::MissingPart("ts")));
    assert_eq!(
        check("ts=soon,v1=776a"),
        Err(SignatureError::Malformed("ts"))
    );
    assert_eq!(
        check("ts=1742505638683,v1=776a"),
        Err(SignatureError::Malformed("v1"))
    );
    assert_eq!(
        check(
            "ts=1742505638683,v1=zz6a361739f250949fc75c476481d013d1d9b7f203c775a755ff1510c3798c68"
        ),
        Err(SignatureError::Malformed("v1"))
    );
}

#[test]
fn an_uppercase_id_signed_lowercased_matches_and_says_so() {
    // Vectors computed with Python's hmac: the manifest with the id lowercased, and one with
    // no id at all (the pair dropped).
    let request_id = Some("3f1c2b2e-5a0c-4b9e-9c11-7e2c1d0f9a44");
    let lowercased =
        "ts=1704908010,v1=172a885206cc684886c6fa0592f71b050b07ea3210a879cf04fe873c0259b9d6";
    let matched = verify_signature(
        "your_secret",
        lowercased,
        request_id,
        Some("ORD01JQ4S4KY8HWQ6NA5PXB65B3D3"),
        Freshness::Unchecked,
    )
    .unwrap();
    assert_eq!(matched.id_form, IdForm::Lowercased);
    let without_id =
        "ts=1704908010,v1=c7f03f4af2397bcf2480c69e860558680626a844d8defc828f449465b68753fc";
    let matched = verify_signature(
        "your_secret",
        without_id,
        request_id,
        None,
        Freshness::Unchecked,
    )
    .unwrap();
    assert_eq!(matched.id_form, IdForm::Absent);
}

#[test]
fn a_signature_outside_the_time_window_is_stale() {
    // ts 1742505638683 is milliseconds: 2025-03-20T21:20:38Z.
    let signed_at = UNIX_EPOCH + Duration::from_secs(1_742_505_638);
    let window = |now| Freshness::Within {
        now,
        tolerance: Duration::from_secs(300),
    };
    let check = |freshness| {
        verify_signature(
            "your_secret",
            SIGNATURE,
            Some(REQUEST_ID),
            Some("123456"),
            freshness,
        )
    };
    assert!(check(window(signed_at + Duration::from_secs(60))).is_ok());
    assert_eq!(
        check(window(signed_at + Duration::from_secs(3600))),
        Err(SignatureError::Stale {
            ts_seconds: 1_742_505_638
        })
    );
    assert!(check(window(SystemTime::now())).is_err());
}

#[test]
fn notifications_are_read_from_ipn_and_webhook_shapes() {
    let ipn = Notification::parse("topic=merchant_order&id=8437329110", b"").unwrap();
    assert!(ipn.is_ipn);
    assert_eq!(
        (ipn.topic, ipn.resource_id.as_str()),
        (Topic::MerchantOrder, "8437329110")
    );
    let resource = Notification::parse(
        "",
        br#"{"resource":"https://api.mercadolibre.com/merchant_orders/8437329110","topic":"merchant_order"}"#,
    )
    .unwrap();
    assert_eq!(resource.resource_id, "8437329110");
    let webhook = Notification::parse(
        "data.id=ORD01JQ4S4KY8HWQ6NA5PXB65B3D3&type=order",
        br#"{"action":"order.processed","api_version":"v1","data":{"id":"ORD01JQ4S4KY8HWQ6NA5PXB65B3D3"},"date_created":"2026-11-26T12:00:00Z","live_mode":false,"type":"order","user_id":"123456"}"#,
    )
    .unwrap();
    assert_eq!(webhook.topic, Topic::Order);
    assert_eq!(webhook.live_mode, Some(false));
    let token = AccessToken::new(TOKEN).unwrap();
    let call = webhook.fetch_order(&Api::new(token)).unwrap().unwrap();
    assert_eq!(
        call.request().uri().path(),
        "/v1/orders/ORD01JQ4S4KY8HWQ6NA5PXB65B3D3"
    );
    assert!(
        webhook
            .fetch_merchant_order(&Api::new(AccessToken::new(TOKEN).unwrap()))
            .is_none()
    );
    for (query, body) in [
        ("", &b""[..]),
        ("topic=merchant_order", b""),
        ("", b"not json"),
        ("topic=merchant_order&id=../../users/me", b""),
    ] {
        assert!(
            matches!(
                Notification::parse(query, body),
                Err(Error::InvalidNotification(_))
            ),
            "{query} {body:?}"
        );
    }
}

#[test]
fn a_cash_out_of_zero_is_no_cash_out() {
    use emvqr::mercadopago::CashOut;
    let with_cash_out = |amount, total, items: bool| {
        let mut order = QrOrder::new("o-1", "Saque", total);
        if items {
            order = order.item(Item::new("Yerba", Money::from_units(238), 5));
        }
        order.cash_out = Some(CashOut { amount });
        order.check()
    };
    // Mercado Pago's example sends "cash_out": {"amount": 0}: the items must still add up.
    assert!(with_cash_out(Money::ZERO, Money::from_units(1190), true).is_ok());
    assert!(with_cash_out(Money::ZERO, Money::from_units(1200), true).is_err());
    assert!(with_cash_out(Money::ZERO, Money::from_units(1190), false).is_err());
    // A real withdrawal needs no items.
    assert!(with_cash_out(Money::from_units(100), Money::from_units(100), false).is_ok());
}

#[test]
fn legacy_qrs_writes_are_retried_only_when_nothing_was_done() {
    // A 500 may follow a created order, and POST orders cannot be deleted: no retry.
    let mut server = Server::new();
    let failed = server
        .mock("POST", QRS_PATH)
        .with_status(500)
        .expect(1)
        .create();
    let error = client()
        .run(
            &api(&server)
                .create_qr_order("123456", "CAJA01", &order())
                .unwrap(),
        )
        .unwrap_err();
    failed.assert();
    assert!(error.is_retryable()); // transient in general, not for this write
    // The same answer to a read is retried.
    let read = server
        .mock("GET", "/merchant_orders/3")
        .with_status(500)
        .expect(4)
        .create();
    client()
        .run(&api(&server).get_merchant_order(3).unwrap())
        .unwrap_err();
    read.assert();
}

#[test]
fn a_retry_after_longer_than_the_longest_wait_ends_the_retries() {
    let mut server = Server::new();
    let mock = server
        .mock("GET", "/merchant_orders/4")
        .with_status(429)
        .with_header("retry-after", "120")
        .expect(1)
        .create();
    let error = client()
        .run(&api(&server).get_merchant_order(4).unwrap())
        .unwrap_err();
    mock.assert();
    assert!(matches!(error, Error::Api(ref e) if e.retry_after == Some(Duration::from_secs(120))));
    assert!(
        error.to_string().ends_with("(retry after 120 s)"),
        "{error}"
    );
}

#[test]
fn an_invalid_qr_data_from_assign_is_reported_but_the_order_is_assigned() {
    let mut server = Server::new();
    let _mock = server
        .mock("PUT", QRS_PATH)
        .with_status(201)
        .with_body(format!(r#"{{"qr_data":"{BROKEN_QR_DATA}"}}"#))
        .create();
    let assigned = client()
        .run(
            &api(&server)
                .assign_qr_order("123456", "CAJA01", &order())
                .unwrap(),
        )
        .unwrap();
    assert_eq!(assigned.qr_data, None);
    let (qr_data, error) = assigned.invalid_qr_data.unwrap();
    assert_eq!(qr_data, BROKEN_QR_DATA);
    assert_eq!(error.path().to_string(), "59");
}

#[test]
fn merchant_order_amounts_that_do_not_read_exactly_do_not_hide_the_status() {
    let mut server = Server::new();
    let _mock = server
        .mock("GET", "/merchant_orders/11")
        .with_body(r#"{"id":11,"status":"closed","total_amount":1.19E+3,"paid_amount":0.30000000000000004,"payments":[]}"#)
        .create();
    let order = client()
        .run(&api(&server).get_merchant_order(11).unwrap())
        .unwrap();
    assert!(order.is_paid());
    assert_eq!((order.total_amount, order.paid_amount), (None, None));
}

#[test]
fn the_search_reads_later_pages_from_their_offset() {
    let mut server = Server::new();
    let page = server
        .mock("GET", "/merchant_orders/search")
        .match_query(Matcher::AllOf(vec![
            Matcher::UrlEncoded("external_reference".into(), "order-1042".into()),
            Matcher::UrlEncoded("offset".into(), "2".into()),
        ]))
        .with_body(r#"{"elements":[{"id":3,"status":"closed"}],"next_offset":3,"total":3}"#)
        .create();
    let found = client()
        .run(
            &api(&server)
                .search_merchant_orders_from("order-1042", 2)
                .unwrap(),
        )
        .unwrap();
    page.assert();
    assert!(found.is_paid());
}

#[test]
fn an_empty_secret_is_refused() {
    assert_eq!(
        verify_signature(
            "",
            SIGNATURE,
            Some(REQUEST_ID),
            Some("123456"),
            Freshness::Unchecked
        ),
        Err(SignatureError::EmptySecret)
    );
}

#[test]
fn a_webhook_says_which_id_its_signature_covers_and_an_ipn_ignores_a_form_body() {
    let webhook = Notification::parse(
        "data.id=123456&type=payment",
        br#"{"data":{"id":"123456"},"type":"payment"}"#,
    )
    .unwrap();
    assert_eq!(webhook.signed_id.as_deref(), Some("123456"));
    let matched = verify_signature(
        "your_secret",
        SIGNATURE,
        Some(REQUEST_ID),
        webhook.signed_id.as_deref(),
        Freshness::Unchecked,
    );
    assert!(matched.is_ok());
    let ipn =
        Notification::parse("topic=merchant_order&id=77", b"topic=merchant_order&id=77").unwrap();
    assert_eq!((ipn.resource_id.as_str(), ipn.signed_id), ("77", None));
}

// ----- hardening: what an adversarial review found

#[test]
fn a_notification_acts_on_the_signed_query_not_on_the_body() {
    // The signature covers the query's data.id: a body naming another resource is refused.
    let forged = Notification::parse(
        "data.id=123456&type=payment",
        br#"{"type":"payment","data":{"id":"999999"}}"#,
    );
    assert!(matches!(forged, Err(Error::InvalidNotification(ref m)) if m.contains("999999")));
    // Another topic in the body than in the query: refused.
    let retyped = Notification::parse(
        "data.id=123456&type=payment",
        br#"{"type":"order","data":{"id":"123456"}}"#,
    );
    assert!(matches!(retyped, Err(Error::InvalidNotification(_))));
    // A webhook whose data.id is only in the body has nothing signed to act on.
    let unsigned = Notification::parse("", br#"{"type":"order","data":{"id":"ORD1"}}"#);
    assert!(matches!(unsigned, Err(Error::InvalidNotification(_))));
    // The topic and id come from the query; the signature checks out on them.
    let webhook = Notification::parse(
        "data.id=123456&type=payment",
        br#"{"action":"payment.updated"}"#,
    )
    .unwrap();
    assert_eq!(
        (webhook.topic.clone(), webhook.resource_id.as_str()),
        (Topic::Payment, "123456")
    );
    assert!(
        webhook
            .verify(
                "your_secret",
                SIGNATURE,
                Some(REQUEST_ID),
                Freshness::Unchecked
            )
            .is_ok()
    );
    let ipn = Notification::parse("topic=merchant_order&id=77", b"").unwrap();
    assert_eq!(
        ipn.verify(
            "your_secret",
            SIGNATURE,
            Some(REQUEST_ID),
            Freshness::Unchecked
        ),
        Err(SignatureError::NotSigned)
    );
}

#[test]
fn a_signed_id_that_could_split_the_manifest_is_refused() {
    // id:123456;request-id:<rid>;ts:…; can be signed as a data.id with no request id.
    use hmac::{Hmac, KeyInit, Mac};
    let ts = "1742505638683";
    let spliced = format!("123456;request-id:{REQUEST_ID}");
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(b"your_secret").unwrap();
    mac.update(format!("id:{spliced};ts:{ts};").as_bytes());
    let v1: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let header = format!("ts={ts},v1={v1}");
    assert_eq!(
        verify_signature(
            "your_secret",
            &header,
            None,
            Some(&spliced),
            Freshness::Unchecked
        ),
        Err(SignatureError::Malformed("data.id"))
    );
    let query = format!(
        "data.id={}&type=payment",
        spliced.replace(';', "%3B").replace(':', "%3A")
    );
    assert!(matches!(
        Notification::parse(&query, b""),
        Err(Error::InvalidNotification(_))
    ));
}

#[test]
fn a_notification_larger_than_any_is_refused() {
    let body = vec![b' '; emvqr::mercadopago::MAX_BODY_LEN + 1];
    assert!(matches!(
        Notification::parse("topic=merchant_order&id=1", &body),
        Err(Error::InvalidNotification(_))
    ));
}

#[test]
fn a_redirect_is_not_followed_and_its_answer_not_trusted() {
    let mut elsewhere = Server::new();
    let followed = elsewhere
        .mock("GET", Matcher::Any)
        .with_status(200)
        .with_body(format!(r#"{{"qr_data":"{QR_DATA}"}}"#))
        .expect(0)
        .create();
    let mut server = Server::new();
    server
        .mock("POST", QRS_PATH)
        .with_status(302)
        .with_header("location", &format!("{}/steal", elsewhere.url()))
        .create();
    let error = client()
        .run(
            &api(&server)
                .create_qr_order("123456", "CAJA01", &order())
                .unwrap(),
        )
        .unwrap_err();
    assert!(error.is_transport(), "{error}");
    assert!(
        matches!(error, Error::UnexpectedResponse { status: 302, .. }),
        "{error}"
    );
    followed.assert();
}

#[test]
fn a_deadline_bounds_retries_and_retry_after_waits() {
    let mut server = Server::new();
    server
        .mock("GET", "/merchant_orders/1")
        .with_status(429)
        .with_header("retry-after", "2")
        .expect_at_least(1)
        .create();
    let started = std::time::Instant::now();
    let error = Client::new()
        .with_retries(10, Duration::ZERO)
        .with_deadline(started + Duration::from_millis(1500))
        .run(&api(&server).get_merchant_order(1).unwrap())
        .unwrap_err();
    // The 2-second wait would pass the deadline: the client stops with the answer it has.
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(error, Error::Api(ref e) if e.status == 429),
        "{error}"
    );
    // A deadline already passed sends nothing.
    let passed = Client::new().with_deadline(std::time::Instant::now());
    assert!(matches!(
        passed.run(&api(&server).get_merchant_order(1).unwrap()),
        Err(Error::DeadlinePassed)
    ));
}
