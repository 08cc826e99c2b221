//! Arbitrary input to everything the Mercado Pago client reads from the network: answers of
//! every endpoint (any status, any body), notifications, signatures, amounts. Never panics;
//! amounts that parse print back to a text that parses to the same amount.
#![no_main]

use emvqr::mercadopago::{
    AccessToken, Api, ApiError, Freshness, Item, Money, Notification, QrOrder, verify_signature,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, &[u8], &str, &str)| {
    let (status, body, query, header) = input;
    let Ok(status) = http::StatusCode::from_u16(status.clamp(100, 999)) else {
        return;
    };
    let api = Api::new(AccessToken::new("APP_USR-fuzz").expect("a valid token"));
    let order = QrOrder::new("r", "d", Money::from_cents(100)).item(Item::new(
        "t",
        Money::from_cents(100),
        1,
    ));
    let _ = api
        .create_qr_order("1", "P", &order)
        .map(|c| c.parse(status, body));
    let _ = api
        .assign_qr_order("1", "P", &order)
        .map(|c| c.parse(status, body));
    let _ = api.get_pos_order("1", "P").map(|c| c.parse(status, body));
    let _ = api.get_merchant_order(1).map(|c| c.parse(status, body));
    let _ = api
        .search_merchant_orders("r")
        .map(|c| c.parse(status, body));
    let _ = api.get_order("ORD1").map(|c| c.parse(status, body));
    let _ = ApiError::from_body(status.as_u16(), body).to_string();
    if let Ok(notification) = Notification::parse(query, body) {
        let _ = notification.fetch_merchant_order(&api);
        let _ = notification.fetch_order(&api);
        // What the application acts on is what the signature covers.
        match &notification.signed_id {
            Some(signed) => {
                assert_eq!(&notification.resource_id, signed);
                assert!(!signed.contains([';', ':']));
                if let Ok(json) = serde_json::from_slice::<serde_json::Value>(body)
                    && let Some(id) = json
                        .get("data")
                        .and_then(|d| d.get("id"))
                        .and_then(|i| i.as_str())
                {
                    assert_eq!(id, signed);
                }
            }
            None => assert!(notification.is_ipn),
        }
        let _ = notification.verify("secret", header, Some(query), Freshness::Unchecked);
    }
    // A manifest that a value could split two ways never verifies.
    if header.contains([';', ':']) || query.contains([';', ':']) {
        assert!(
            verify_signature(
                "secret",
                header,
                Some(query),
                Some(header),
                Freshness::Unchecked
            )
            .is_err()
        );
    }
    let _ = verify_signature(
        "secret",
        header,
        Some(query),
        Some(header),
        Freshness::Unchecked,
    );
    if let Ok(money) = header.parse::<Money>() {
        assert_eq!(money.to_string().parse::<Money>(), Ok(money));
    }
});
