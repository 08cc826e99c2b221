//! A thin client for Mercado Pago's QR payments (feature `mercadopago`): from an order to
//! `qr_data` to a QR code on screen, and from a notification to "paid".
//!
//! # The flow (Orders API)
//!
//! 1. Once: a store and a point of sale to sell on ([`Api::create_store`],
//!    [`Api::create_pos`]; the POS's `external_id` is what orders name).
//! 2. Create an order ([`Api::create_order`], `POST /v1/orders` with `type: "qr"`). The
//!    answer's `qr_data` is checked with the strict [`Payload::parse`](crate::Payload::parse)
//!    before it is handed back: a code that would not scan, or would pay the wrong account,
//!    is an error, never a picture.
//! 3. Draw it: [`QrCode::encode`](crate::qr::QrCode::encode) and [`crate::render`].
//! 4. Learn whether it was paid: a notification of topic `order` ([`Notification::parse`],
//!    its `x-signature` checked with [`Notification::verify`], re-sends dropped with
//!    [`Deduplicator`]), then the order fetched back with your own token
//!    ([`Api::get_order`], [`Order::is_paid`]). Without notifications, poll:
//!    [`Client::wait_for_order`] (the pace and the deadline are [`Poller`]'s, which works
//!    without I/O for any HTTP client).
//! 5. Cancel an unpaid order ([`Api::cancel_order`]) or refund a paid one
//!    ([`Api::refund_order`], in full or in part).
//!
//! Every write of the Orders API carries an `X-Idempotency-Key`, the same for every retry
//! of it and a new one for each operation: a retried request never charges twice.
//!
//! The legacy in-store API (`/instore/orders/qr/…`, which Mercado Pago now files under "QR
//! code legacy") stays: [`Api::create_qr_order`], [`Api::assign_qr_order`], merchant order
//! notifications (not signed: fetch [`Api::get_merchant_order`] and act on `closed`), and the
//! search by `external_reference` ([`Api::search_merchant_orders`]).
//!
//! # Sans-IO
//!
//! Every endpoint is a method of [`Api`] that returns a [`Call`]: an `http::Request<Vec<u8>>`
//! to send with any HTTP client, and the parser for the answer. The blocking
//! [`Client`] (feature `mercadopago-ureq`) sends them with timeouts, a bounded answer size and
//! bounded retries:
//!
//! ```
//! use emvqr::mercadopago::{AccessToken, Api, Money, OrderItem, OrderRequest};
//!
//! let api = Api::new(AccessToken::new("APP_USR-1234")?);
//! let order = OrderRequest::new("order-1042", "CAJA01", Money::from_cents(1190))
//!     .item(OrderItem::new("Espresso", Money::from_cents(595), 2));
//! let call = api.create_order(&order)?;
//! assert_eq!(call.request().method(), "POST");
//! assert_eq!(call.request().uri(), "https://api.mercadopago.com/v1/orders");
//! assert!(call.idempotency_key().is_some());
//! // The token is sent, but never shown.
//! assert!(!format!("{:?}", call.request()).contains("APP_USR-1234"));
//!
//! // Whatever client sent it, the answer goes through the call's parser.
//! let body = br#"{"id":"ORD01JQ4S4KY8HWQ6NA5PXB65B3D3","status":"created","type_response":{"qr_data":"00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42e8-98d7-f6805209d83a5204000053039865802BR5909Test Test6009SAO PAULO62070503***63041A36"}}"#;
//! let created = call.parse(http::StatusCode::CREATED, body)?;
//! assert!(created.qr_data.unwrap().starts_with("000201"));
//! # Ok::<(), emvqr::mercadopago::Error>(())
//! ```
//!
//! Money is exact ([`Money`], integer cents, written with two decimals); before an order is
//! sent, its items must add up to its `total_amount`.

#[cfg(feature = "mercadopago-ureq")]
mod client;
mod error;
mod merchant_orders;
mod money;
mod notification;
mod orders;
mod qrs;
mod stores;
mod wait;

#[cfg(feature = "mercadopago-ureq")]
pub use client::Client;
pub use error::{ApiError, Cause, Error};
pub use merchant_orders::{
    MerchantOrder, MerchantOrderPayment, MerchantOrderSearch, MerchantOrderStatus, OrderStatus,
    PaymentStatus,
};
pub use money::{Money, MoneyError};
pub use notification::{
    Deduplicator, Freshness, IdForm, MAX_BODY_LEN, MAX_QUERY_LEN, Notification, OrderEvent,
    SignatureError, SignatureMatch, Topic, verify_signature,
};
pub use orders::{
    Order, OrderItem, OrderPayment, OrderRefund, OrderRequest, OrderState, QrMode, RefundState,
    StatusDetail,
};
pub use qrs::{Assigned, CashOut, Item, PosOrder, QrOrder, QrOrderCreated, Sponsor, Tax};
pub use stores::{Page, Pos, PosQr, PosRequest, Store, StoreLocation, StoreRequest, User};
pub use wait::{Poller, Progress, Step, WaitOutcome};

use core::fmt;
use std::hash::{BuildHasher, Hasher};

use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use http::{Method, StatusCode};
use serde::de::DeserializeOwned;

use crate::Payload;

/// Where the API lives.
pub const DEFAULT_BASE_URL: &str = "https://api.mercadopago.com";

/// The environment variable the command-line tool reads the token from.
pub const ACCESS_TOKEN_VARIABLE: &str = "MP_ACCESS_TOKEN";

/// A Mercado Pago access token. It goes into the `Authorization` header, marked sensitive,
/// and nowhere else: `Debug` shows `AccessToken(<redacted>)`, errors never contain it.
///
/// ```
/// use emvqr::mercadopago::AccessToken;
/// let token = AccessToken::new("APP_USR-8765-secret")?;
/// assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
/// assert!(AccessToken::new("two words").is_err());
/// # Ok::<(), emvqr::mercadopago::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(HeaderValue);

impl AccessToken {
    /// A token: non-empty, printable ASCII without spaces.
    pub fn new(token: &str) -> Result<AccessToken, Error> {
        if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::invalid(
                "access token",
                "must be non-empty printable ASCII without spaces",
            ));
        }
        let mut value = HeaderValue::try_from(format!("Bearer {token}"))
            .map_err(|_| Error::invalid("access token", "not a valid header value"))?;
        value.set_sensitive(true);
        Ok(AccessToken(value))
    }

    /// The token in [`ACCESS_TOKEN_VARIABLE`] (`MP_ACCESS_TOKEN`).
    pub fn from_env() -> Result<AccessToken, Error> {
        match std::env::var(ACCESS_TOKEN_VARIABLE) {
            Ok(token) => AccessToken::new(token.trim()),
            Err(_) => Err(Error::invalid(
                ACCESS_TOKEN_VARIABLE,
                "not set; export your Mercado Pago access token in it",
            )),
        }
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// The API's address and your credentials: makes one [`Call`] per endpoint.
#[derive(Clone, Debug)]
pub struct Api {
    base_url: String,
    token: AccessToken,
}

impl Api {
    /// The production API, [`DEFAULT_BASE_URL`].
    pub fn new(token: AccessToken) -> Api {
        Api {
            base_url: DEFAULT_BASE_URL.to_owned(),
            token,
        }
    }

    /// Another address: `https://` anywhere, plain `http://` only to this machine (a mock
    /// server), so that a token never crosses a network in clear text.
    ///
    /// ```
    /// use emvqr::mercadopago::{AccessToken, Api};
    /// let api = || Api::new(AccessToken::new("T").unwrap());
    /// assert!(api().with_base_url("http://127.0.0.1:8080").is_ok());
    /// assert!(api().with_base_url("http://api.example.com").is_err());
    /// ```
    pub fn with_base_url(mut self, base_url: &str) -> Result<Api, Error> {
        let uri: http::Uri = base_url
            .parse()
            .map_err(|_| Error::invalid("base URL", format!("{base_url:?} is not a URL")))?;
        if uri.query().is_some() || base_url.contains('#') {
            return Err(Error::invalid(
                "base URL",
                format!(
                    "{base_url:?}: the API paths are appended to it, so it takes no query or fragment"
                ),
            ));
        }
        let host = uri.host().unwrap_or_default();
        let address = host.trim_start_matches('[').trim_end_matches(']');
        let loopback = host.eq_ignore_ascii_case("localhost")
            || address
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        match uri.scheme_str() {
            Some("https") => {}
            Some("http") if loopback => {}
            Some("http") => {
                return Err(Error::invalid(
                    "base URL",
                    format!(
                        "{base_url:?}: plain http is allowed only to this machine (localhost, 127.0.0.1, ::1)"
                    ),
                ));
            }
            _ => {
                return Err(Error::invalid(
                    "base URL",
                    format!("{base_url:?} must start with https://"),
                ));
            }
        }
        self.base_url = base_url.trim_end_matches('/').to_owned();
        Ok(self)
    }

    /// The base URL in use.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<http::Request<Vec<u8>>, Error> {
        let mut builder = http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base_url))
            .header(AUTHORIZATION, self.token.0.clone())
            .header(http::header::ACCEPT, "application/json");
        if body.is_some() {
            builder = builder.header(CONTENT_TYPE, "application/json");
        }
        builder
            .body(body.unwrap_or_default())
            .map_err(|e| Error::invalid("request", e.to_string()))
    }

    fn json_body<B: serde::Serialize>(body: &B) -> Result<Vec<u8>, Error> {
        serde_json::to_vec(body).map_err(|e| Error::invalid("body", e.to_string()))
    }
}

/// One API call: the request to send, the parser for its answer, and which error answers are
/// worth retrying.
pub struct Call<T> {
    request: http::Request<Vec<u8>>,
    parse: fn(StatusCode, &[u8]) -> Result<T, Error>,
    retry_on: &'static [u16],
    /// Whether a request that timed out may be sent again: a read, or a write whose
    /// idempotency key the API honours (it answers the first result again).
    retry_timeouts: bool,
}

/// Answers that say the request was not processed, or may be retried safely: the official SDKs'
/// list. For reads, and for writes whose idempotency key the API honours.
const RETRY_SAFE: &[u16] = &[429, 500, 502, 503, 504];

/// For the legacy `/qrs` writes, whose idempotency key Mercado Pago does not document: only
/// answers that say nothing was done (too many requests, service unavailable). A 500 or a
/// gateway's 502/504 may follow an order that was created, and POST orders cannot be deleted.
const RETRY_UNPROCESSED: &[u16] = &[429, 503];

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .finish_non_exhaustive()
    }
}

impl<T> Call<T> {
    fn new(
        request: http::Request<Vec<u8>>,
        parse: fn(StatusCode, &[u8]) -> Result<T, Error>,
    ) -> Call<T> {
        let retry_timeouts = request.method() == Method::GET;
        Call {
            request,
            parse,
            retry_on: RETRY_SAFE,
            retry_timeouts,
        }
    }

    /// A write of the Orders API, which honours `X-Idempotency-Key`: a fresh key for this
    /// operation, reused by every retry of it (after a timeout, a 5xx or a 429), so that a
    /// retried request never does the operation twice.
    fn idempotent(mut self) -> Call<T> {
        if let Ok(value) = HeaderValue::try_from(new_idempotency_key()) {
            self.request.headers_mut().insert(IDEMPOTENCY_KEY, value);
        }
        self.retry_timeouts = true;
        self
    }

    /// Whether the blocking client may send this call again after it timed out: reads, and
    /// the Orders API's writes (their idempotency key makes a repeat harmless). Not the legacy
    /// `/qrs` writes, which may have created an order that cannot be deleted.
    pub fn may_retry_timeout(&self) -> bool {
        self.retry_timeouts
    }

    /// Retries only answers that say nothing was done (see [`RETRY_UNPROCESSED`]).
    fn retrying_only_unprocessed(mut self) -> Call<T> {
        self.retry_on = RETRY_UNPROCESSED;
        self
    }

    /// Whether the blocking client may send this call again after `error`: 429, 500, 502,
    /// 503, 504 for reads and the Orders API; only 429 and 503 for the legacy `/qrs` writes,
    /// whose idempotency is not documented.
    pub fn may_retry(&self, error: &ApiError) -> bool {
        self.retry_on.contains(&error.status)
    }

    /// The request: method, URL, headers (the token marked sensitive), JSON body.
    pub fn request(&self) -> &http::Request<Vec<u8>> {
        &self.request
    }

    /// A copy of the request, to send (again: retries reuse the same idempotency key).
    pub fn to_request(&self) -> http::Request<Vec<u8>> {
        let mut copy = http::Request::new(self.request.body().clone());
        *copy.method_mut() = self.request.method().clone();
        *copy.uri_mut() = self.request.uri().clone();
        *copy.headers_mut() = self.request.headers().clone();
        copy
    }

    /// The idempotency key sent with this call, if it has one (POST requests do).
    pub fn idempotency_key(&self) -> Option<&str> {
        self.request
            .headers()
            .get(IDEMPOTENCY_KEY)
            .and_then(|v| v.to_str().ok())
    }

    /// Replaces the idempotency key, which [`Api`] generates for every POST, with one of the
    /// caller's (to retry a call across restarts, say).
    pub fn with_idempotency_key(mut self, key: &str) -> Result<Call<T>, Error> {
        if key.is_empty()
            || key.len() > 64
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(Error::invalid(
                IDEMPOTENCY_KEY,
                "1 to 64 letters, digits, '-' or '_'",
            ));
        }
        let value = HeaderValue::try_from(key)
            .map_err(|_| Error::invalid(IDEMPOTENCY_KEY, "not a header value"))?;
        self.request.headers_mut().insert(IDEMPOTENCY_KEY, value);
        Ok(self)
    }

    /// Reads the answer: a 2xx body into `T`; anything else into [`Error::Api`].
    pub fn parse(&self, status: StatusCode, body: &[u8]) -> Result<T, Error> {
        (self.parse)(status, body)
    }

    /// Like [`parse`](Call::parse), and an error answer also carries its `Retry-After` header
    /// (in seconds).
    pub fn parse_response<B: AsRef<[u8]>>(&self, response: &http::Response<B>) -> Result<T, Error> {
        match self.parse(response.status(), response.body().as_ref()) {
            Err(Error::Api(mut api)) => {
                api.retry_after = retry_after(response.headers());
                Err(Error::Api(api))
            }
            other => other,
        }
    }
}

/// The header Mercado Pago reads to recognise a repeated request.
pub const IDEMPOTENCY_KEY: &str = "x-idempotency-key";

/// `Retry-After` in seconds (the HTTP-date form is not used by Mercado Pago).
fn retry_after(headers: &http::HeaderMap) -> Option<std::time::Duration> {
    headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(std::time::Duration::from_secs)
}

/// A fresh random idempotency key shaped like a UUID v4. Randomness comes from the standard
/// library's per-process hash keys and the clock: enough for uniqueness, which is all an
/// idempotency key needs.
fn new_idempotency_key() -> String {
    let state = std::collections::hash_map::RandomState::new();
    let mut words = [0u64; 2];
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    for (i, word) in words.iter_mut().enumerate() {
        let mut hasher = state.build_hasher();
        hasher.write_u128(nanos);
        hasher.write_usize(i);
        *word = hasher.finish();
    }
    let [a, b] = words;
    // Version 4, variant 10.
    let a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
    let b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFFF,
        b >> 48,
        b & 0xFFFF_FFFF_FFFF
    )
}

/// A JSON string or number as text (Mercado Pago writes ids and codes either way); `None`
/// for anything else.
fn json_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// A 2xx body as JSON `T`; any other status as [`Error::Api`].
fn parse_json<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T, Error> {
    if !status.is_success() {
        return Err(Error::Api(ApiError::from_body(status.as_u16(), body)));
    }
    serde_json::from_slice(body).map_err(|e| Error::UnexpectedResponse {
        status: status.as_u16(),
        reason: e.to_string(),
    })
}

/// Checks a `qr_data` from the server with the strict parser; the error keeps the id of the
/// order that was created all the same.
fn checked_qr_data(qr_data: String, order_id: Option<&str>) -> Result<String, Error> {
    match Payload::parse(&qr_data) {
        Ok(_) => Ok(qr_data),
        Err(error) => Err(Error::InvalidQrData {
            qr_data,
            error,
            order_id: order_id.map(str::to_owned),
        }),
    }
}

/// A collector (user) id: the account's number.
fn check_user_id(user_id: &str) -> Result<(), Error> {
    if user_id.is_empty() || user_id.len() > 20 || !user_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid(
            "user_id",
            format!("{user_id:?} must be the account's number (digits only)"),
        ));
    }
    Ok(())
}

/// A POS `external_id`: letters and digits only, under 40 characters (Mercado Pago's rule
/// for creating a POS, which also keeps the path clean).
fn check_pos_id(pos: &str) -> Result<(), Error> {
    if pos.is_empty() || pos.len() >= 40 || !pos.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid(
            "external_pos_id",
            format!(
                "{pos:?} must be 1 to 39 letters and digits, as Mercado Pago requires for a POS external_id"
            ),
        ));
    }
    Ok(())
}

/// Percent-encodes a query value: everything but the unreserved characters of RFC 3986.
fn query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_are_uuid_v4_shaped_and_differ() {
        let (a, b) = (new_idempotency_key(), new_idempotency_key());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'4');
        assert!(matches!(a.as_bytes()[19], b'8' | b'9' | b'a' | b'b'));
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            query_value("pedido 42/á&x=1"),
            "pedido%2042%2F%C3%A1%26x%3D1"
        );
        assert_eq!(query_value("order-1_2.3~"), "order-1_2.3~");
    }

    #[test]
    fn retry_after_reads_seconds() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::RETRY_AFTER, HeaderValue::from_static(" 7 "));
        assert_eq!(
            retry_after(&headers),
            Some(std::time::Duration::from_secs(7))
        );
    }
}
