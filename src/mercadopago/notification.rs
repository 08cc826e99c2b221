//! Notifications Mercado Pago sends to your `notification_url` (IPN and webhooks), the
//! `x-signature` check for the ones that are signed, and a de-duplicator for its re-sends.
//!
//! A notification only says "look at resource N". Fetch it with your own token and decide
//! from what the API answers. Orders API webhooks (topic `order`) carry an `x-signature`
//! ([`Notification::verify`]): check it, then fetch the order. The legacy QR flow's merchant
//! order notifications (IPN) are **not signed**: fetching the merchant order back is the only
//! check.

use core::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha2::Sha256;

use super::{Api, Call, Error, MerchantOrder, Order, OrderState, StatusDetail};

/// What a notification is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Topic {
    /// A merchant order: the legacy QR flow's signal (fetch it, act on `closed`).
    MerchantOrder,
    /// A payment.
    Payment,
    /// An Orders API order.
    Order,
    /// A chargeback.
    Chargebacks,
    /// Anything else, as written.
    Other(String),
}

impl Topic {
    fn from_text(text: &str) -> Topic {
        match text {
            "merchant_order" | "topic_merchant_order_wh" => Topic::MerchantOrder,
            "payment" => Topic::Payment,
            "order" => Topic::Order,
            "chargebacks" => Topic::Chargebacks,
            other => Topic::Other(other.to_owned()),
        }
    }
}

/// A notification, from an IPN (`?topic=merchant_order&id=…`) or a webhook (JSON body with
/// `type` and `data.id`).
///
/// ```
/// use emvqr::mercadopago::{AccessToken, Api, Notification, Topic};
///
/// let ipn = Notification::parse("topic=merchant_order&id=8437329110", b"")?;
/// assert_eq!((ipn.topic.clone(), ipn.resource_id.as_str()), (Topic::MerchantOrder, "8437329110"));
///
/// // Never trust it: fetch the merchant order with your own token.
/// let api = Api::new(AccessToken::new("APP_USR-1234")?);
/// let call = ipn.fetch_merchant_order(&api).unwrap()?;
/// assert_eq!(call.request().uri().path(), "/merchant_orders/8437329110");
///
/// let webhook = Notification::parse(
///     "data.id=123456&type=payment",
///     br#"{"action":"payment.updated","api_version":"v1","data":{"id":"123456"},"live_mode":true,"type":"payment"}"#,
/// )?;
/// assert_eq!(webhook.topic, Topic::Payment);
/// assert_eq!(webhook.action.as_deref(), Some("payment.updated"));
/// # Ok::<(), emvqr::mercadopago::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    /// What it is about.
    pub topic: Topic,
    /// The resource's id (`id` of an IPN, `data.id` of a webhook): what to fetch.
    pub resource_id: String,
    /// The query string's `data.id`, exactly as received: what a webhook's signature covers,
    /// the `data_id` to pass to [`verify_signature`]. (IPNs are not signed.)
    pub signed_id: Option<String>,
    /// A webhook's `action` (`payment.created`).
    pub action: Option<String>,
    /// A webhook's `live_mode`.
    pub live_mode: Option<bool>,
    /// Whether it came as an IPN (query only) rather than a webhook.
    pub is_ipn: bool,
    /// The notification's own id (the body's top-level `id`): the same on every re-send.
    pub notification_id: Option<String>,
    /// What an Orders API notification (topic `order`) says of the order in its body's `data`:
    /// unsigned, a hint until the order is fetched.
    pub order: Option<OrderEvent>,
}

/// The order an Orders API notification describes, as its body's `data` says.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OrderEvent {
    /// Where the order stands (`processed`, `canceled`, `expired`, `refunded`, …).
    pub status: Option<OrderState>,
    /// Why.
    pub status_detail: Option<StatusDetail>,
    /// Your id of the order.
    pub external_reference: Option<String>,
    /// The order's version, counted up at each change: a notification with a lower version
    /// than one already handled is stale.
    pub version: Option<u64>,
}

impl Notification {
    /// Reads a notification from the request's query string (without `?`) and body.
    ///
    /// A webhook's resource id and topic are the query string's `data.id` and `type`: its
    /// signature covers that `data.id` (see [`Notification::verify`]), so what the
    /// application acts on is what was signed. A body that names another id or topic is
    /// refused, and so is a webhook whose `data.id` comes only in the body. An IPN (`topic`
    /// and `id` in the query, or a `resource` URL in the body) is not signed: fetch what it
    /// names with your own token before acting.
    ///
    /// The query string is read up to [`MAX_QUERY_LEN`] bytes and the body up to
    /// [`MAX_BODY_LEN`].
    pub fn parse(query: &str, body: &[u8]) -> Result<Notification, Error> {
        if query.len() > MAX_QUERY_LEN || body.len() > MAX_BODY_LEN {
            return Err(Error::InvalidNotification(format!(
                "longer than a notification is ({} bytes of query, {} of body; at most {MAX_QUERY_LEN} and {MAX_BODY_LEN})",
                query.len(),
                body.len()
            )));
        }
        let params: Vec<(String, String)> = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (percent_decode(key), percent_decode(value))
            })
            .collect();
        let param = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        // A body that is not JSON (form-encoded, say) is ignored: the query may be enough.
        let parsed: Result<Value, _> = serde_json::from_slice(body);
        let body_note = match (&parsed, body.iter().all(u8::is_ascii_whitespace)) {
            (Err(e), false) => format!("; the body is not JSON: {e}"),
            _ => String::new(),
        };
        let json = parsed.unwrap_or(Value::Null);
        let text = |value: Option<&Value>| value.and_then(super::json_text);
        let body_kind = text(json.get("type"));
        let body_id = text(json.get("data").and_then(|d| d.get("id")));
        // A webhook: the query's data.id is what its signature covers.
        if let Some(signed) = param("data.id") {
            let resource_id = check_id(signed.to_owned())?;
            if let Some(other) = body_id.filter(|id| id != signed) {
                return Err(Error::InvalidNotification(format!(
                    "the body names resource {other:?}, but the signed data.id is {signed:?}"
                )));
            }
            let kind = match (param("type"), body_kind) {
                (Some(query), Some(body)) if query != body => {
                    return Err(Error::InvalidNotification(format!(
                        "the body's type {body:?} disagrees with the query's {query:?}"
                    )));
                }
                (Some(query), _) => query.to_owned(),
                (None, Some(body)) => body,
                (None, None) => {
                    return Err(Error::InvalidNotification(format!(
                        "a webhook with data.id but no type{body_note}"
                    )));
                }
            };
            let topic = Topic::from_text(&kind);
            let data = json.get("data");
            let order = (topic == Topic::Order).then(|| OrderEvent {
                status: text(data.and_then(|d| d.get("status"))).map(|s| OrderState::from_text(&s)),
                status_detail: text(data.and_then(|d| d.get("status_detail")))
                    .map(|s| StatusDetail::from_text(&s)),
                external_reference: text(data.and_then(|d| d.get("external_reference"))),
                version: data.and_then(|d| d.get("version")).and_then(Value::as_u64),
            });
            return Ok(Notification {
                topic,
                resource_id,
                signed_id: Some(signed.to_owned()),
                action: text(json.get("action")),
                live_mode: json.get("live_mode").and_then(Value::as_bool),
                is_ipn: false,
                notification_id: text(json.get("id")),
                order,
            });
        }
        if body_kind.is_some() && body_id.is_some() {
            return Err(Error::InvalidNotification(
                "a webhook's data.id comes in its query string, which its signature covers; this one has it only in the body".to_owned(),
            ));
        }
        // An IPN: `topic` and `id` in the query; newer ones put `topic` and a `resource` URL
        // in the body.
        let topic = param("topic")
            .map(str::to_owned)
            .or_else(|| text(json.get("topic")));
        let id = param("id").map(str::to_owned).or_else(|| {
            text(json.get("resource")).and_then(|url| url.rsplit('/').next().map(str::to_owned))
        });
        match (topic, id) {
            (Some(topic), Some(id)) => Ok(Notification {
                topic: Topic::from_text(&topic),
                resource_id: check_id(id)?,
                signed_id: None,
                action: None,
                live_mode: None,
                is_ipn: true,
                notification_id: None,
                order: None,
            }),
            _ => Err(Error::InvalidNotification(format!(
                "neither a webhook (data.id and type in the query) nor an IPN (topic and id){body_note}"
            ))),
        }
    }

    /// Checks the webhook's `x-signature` header against the signed `data.id` of its query
    /// string (see [`verify_signature`]). An IPN carries no signature:
    /// [`SignatureError::NotSigned`].
    pub fn verify(
        &self,
        secret: &str,
        x_signature: &str,
        x_request_id: Option<&str>,
        freshness: Freshness,
    ) -> Result<SignatureMatch, SignatureError> {
        match &self.signed_id {
            Some(id) => verify_signature(secret, x_signature, x_request_id, Some(id), freshness),
            None => Err(SignatureError::NotSigned),
        }
    }

    /// For a merchant order notification, the call that fetches it; `None` for other topics.
    pub fn fetch_merchant_order(&self, api: &Api) -> Option<Result<Call<MerchantOrder>, Error>> {
        if self.topic != Topic::MerchantOrder {
            return None;
        }
        Some(match self.resource_id.parse::<u64>() {
            Ok(id) => api.get_merchant_order(id),
            Err(_) => Err(Error::InvalidNotification(format!(
                "merchant order id {:?} is not a number",
                self.resource_id
            ))),
        })
    }

    /// For an Orders API notification, the call that fetches the order; `None` for other
    /// topics.
    pub fn fetch_order(&self, api: &Api) -> Option<Result<Call<Order>, Error>> {
        (self.topic == Topic::Order).then(|| api.get_order(&self.resource_id))
    }
}

impl Notification {
    /// What identifies this notification across Mercado Pago's re-sends: its own id when the
    /// body has one, else its topic, resource, action and order version. Two notifications
    /// about one order (`order.processed`, later `order.refunded`) have different keys.
    pub fn dedup_key(&self) -> String {
        match &self.notification_id {
            Some(id) => format!("notification:{id}"),
            None => format!(
                "{:?}:{}:{}:{}",
                self.topic,
                self.resource_id,
                self.action.as_deref().unwrap_or(""),
                self.order
                    .as_ref()
                    .and_then(|o| o.version)
                    .map_or(String::new(), |v| v.to_string())
            ),
        }
    }
}

/// The notifications already handled, remembered for a while, so that each is acted on once.
///
/// Mercado Pago sends a notification again until it gets a 2xx answer, every 15 minutes and
/// then less often, for about a day; an answer that was lost, or slow, brings a duplicate.
/// Answer a duplicate 2xx (so the re-sends stop) and do nothing else.
///
/// ```
/// use std::time::{Duration, Instant};
/// use emvqr::mercadopago::{Deduplicator, Notification};
///
/// let mut seen = Deduplicator::new(10_000, Duration::from_secs(26 * 3600));
/// let notification = Notification::parse(
///     "data.id=ORD01JQ4S4KY8HWQ6NA5PXB65B3D3&type=order",
///     br#"{"action":"order.processed","id":"123456","type":"order","data":{"id":"ORD01JQ4S4KY8HWQ6NA5PXB65B3D3","status":"processed","version":2}}"#,
/// )?;
/// let now = Instant::now();
/// assert!(seen.first_time(&notification, now));
/// assert!(!seen.first_time(&notification, now + Duration::from_secs(900))); // the re-send
/// # Ok::<(), emvqr::mercadopago::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Deduplicator {
    seen: std::collections::HashMap<String, std::time::Instant>,
    order: std::collections::VecDeque<(String, std::time::Instant)>,
    capacity: usize,
    keep: Duration,
}

impl Deduplicator {
    /// Remembers at most `capacity` notifications, each for `keep` (a day and a bit covers
    /// Mercado Pago's re-sends).
    pub fn new(capacity: usize, keep: Duration) -> Deduplicator {
        Deduplicator {
            seen: std::collections::HashMap::new(),
            order: std::collections::VecDeque::new(),
            capacity: capacity.max(1),
            keep,
        }
    }

    /// Whether `notification`, arriving at `now`, was not seen before; it is remembered.
    pub fn first_time(&mut self, notification: &Notification, now: std::time::Instant) -> bool {
        // Forget what is too old, or beyond the capacity, oldest first.
        while let Some((key, at)) = self.order.front() {
            let expired = now
                .checked_duration_since(*at)
                .is_some_and(|age| age > self.keep);
            if !expired && self.order.len() < self.capacity {
                break;
            }
            if self.seen.get(key) == Some(at) {
                self.seen.remove(key);
            }
            self.order.pop_front();
        }
        let key = notification.dedup_key();
        if self.seen.contains_key(&key) {
            return false;
        }
        self.seen.insert(key.clone(), now);
        self.order.push_back((key, now));
        true
    }
}

/// The longest query string [`Notification::parse`] reads, in bytes.
pub const MAX_QUERY_LEN: usize = 8 * 1024;

/// The longest body [`Notification::parse`] reads, in bytes: Mercado Pago's notifications are
/// a few hundred.
pub const MAX_BODY_LEN: usize = 64 * 1024;

/// Resource ids are short and plain: refuse anything that could smuggle a path, or split the
/// signed manifest (`;`, `:`).
fn check_id(id: String) -> Result<String, Error> {
    if id.is_empty()
        || id.len() > 64
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Error::InvalidNotification(format!(
            "{id:?} is not a resource id"
        )));
    }
    Ok(id)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let hex = |j: usize| bytes.get(j).and_then(|&b| char::from(b).to_digit(16));
        match (byte, hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------- x-signature

/// Whether to check the signature's `ts` against the clock, to limit replays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Freshness {
    /// Do not look at the time.
    Unchecked,
    /// `ts` must be within `tolerance` of `now`.
    Within {
        /// The time the notification arrived.
        now: SystemTime,
        /// How far `ts` may be from it.
        tolerance: Duration,
    },
}

/// How the resource id entered the signed manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdForm {
    /// As received (what Mercado Pago's SDKs do since June 2026).
    AsReceived,
    /// Lowercased (what its documentation says for alphanumeric ids).
    Lowercased,
    /// No id: the manifest had no `id:` pair.
    Absent,
}

/// A signature that matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignatureMatch {
    /// Which form of the id matched.
    pub id_form: IdForm,
    /// The signature's `ts`, as sent.
    pub ts: u64,
}

/// Why a signature does not hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// The secret is empty: a deployment whose secret is not configured would accept
    /// signatures anyone can compute.
    EmptySecret,
    /// The `x-signature` header lacks `ts=` or `v1=`.
    MissingPart(&'static str),
    /// `ts` is not a number or `v1` not 64 hex digits.
    Malformed(&'static str),
    /// The HMAC does not match: wrong secret, or a changed id, request id or `ts`.
    Mismatch,
    /// A notification without a signature to check: an IPN.
    NotSigned,
    /// Authentic, but `ts` is outside the freshness window (a replay?).
    Stale {
        /// The signature's time, in seconds since the epoch.
        ts_seconds: u64,
    },
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::EmptySecret => f.write_str("the webhook secret is empty"),
            SignatureError::MissingPart(part) => {
                write!(f, "the x-signature header has no {part}= part")
            }
            SignatureError::Malformed(part) => {
                write!(f, "the x-signature header's {part} is malformed")
            }
            SignatureError::NotSigned => {
                f.write_str("the notification is an IPN, which Mercado Pago does not sign")
            }
            SignatureError::Mismatch => f.write_str(
                "the signature does not match: wrong secret, or the notification was changed",
            ),
            SignatureError::Stale { ts_seconds } => write!(
                f,
                "the signature's time ({ts_seconds}) is outside the accepted window"
            ),
        }
    }
}

impl std::error::Error for SignatureError {}

/// Checks a webhook's `x-signature` header (`ts=…,v1=…`): HMAC-SHA256, keyed with your
/// application's secret, of the manifest `id:{data_id};request-id:{x-request-id};ts:{ts};`
/// (a missing value drops its whole pair), compared in constant time. `data_id` is the
/// `data.id` of the query string ([`Notification::signed_id`]). When the id as received does not match and it has capital
/// letters, the lowercased id is tried too: Mercado Pago's documentation and its SDKs disagree
/// on the case (the SDKs stopped lowercasing in June 2026).
///
/// `ts` is taken as seconds, or as milliseconds when it is that large.
///
/// Orders API notifications (topic `order`) are signed this way. The legacy QR flow's merchant
/// order IPNs are not: fetch the merchant order back instead. Either way, fetch the resource
/// before acting: the signature says who sent the notification, not what the order is now.
///
/// ```
/// use emvqr::mercadopago::{verify_signature, Freshness, IdForm, SignatureError};
///
/// let header = "ts=1742505638683,v1=776a361739f250949fc75c476481d013d1d9b7f203c775a755ff1510c3798c68";
/// let request_id = Some("bb56a2f1-6aae-46ac-982e-9dcd3581d08e");
/// let ok = verify_signature("your_secret", header, request_id, Some("123456"), Freshness::Unchecked);
/// assert_eq!(ok.map(|m| m.id_form), Ok(IdForm::AsReceived));
/// let forged = verify_signature("your_secret", header, request_id, Some("123457"), Freshness::Unchecked);
/// assert_eq!(forged, Err(SignatureError::Mismatch));
/// ```
pub fn verify_signature(
    secret: &str,
    x_signature: &str,
    x_request_id: Option<&str>,
    data_id: Option<&str>,
    freshness: Freshness,
) -> Result<SignatureMatch, SignatureError> {
    if secret.is_empty() {
        return Err(SignatureError::EmptySecret);
    }
    let mut ts = None;
    let mut v1 = None;
    for part in x_signature.split(',') {
        if let Some((key, value)) = part.split_once('=') {
            match key.trim().to_ascii_lowercase().as_str() {
                "ts" => ts = Some(value.trim()),
                "v1" => v1 = Some(value.trim()),
                _ => {}
            }
        }
    }
    let ts_text = ts.ok_or(SignatureError::MissingPart("ts"))?;
    let v1 = v1.ok_or(SignatureError::MissingPart("v1"))?;
    let ts: u64 = ts_text
        .parse()
        .map_err(|_| SignatureError::Malformed("ts"))?;
    let expected = decode_hex(v1).ok_or(SignatureError::Malformed("v1"))?;

    let request_id = x_request_id.filter(|r| !r.is_empty());
    let data_id = data_id.filter(|d| !d.is_empty());
    // The manifest separates its pairs with `;` and keys from values with `:`: a value holding
    // either could be read two ways (`123;request-id:abc` with no request id).
    let splits = |value: Option<&str>| value.is_some_and(|v| v.contains([';', ':']));
    if splits(data_id) {
        return Err(SignatureError::Malformed("data.id"));
    }
    if splits(request_id) {
        return Err(SignatureError::Malformed("x-request-id"));
    }
    let matches = |id: Option<&str>| {
        let mut manifest = String::new();
        if let Some(id) = id {
            manifest.push_str(&format!("id:{id};"));
        }
        if let Some(request_id) = request_id {
            manifest.push_str(&format!("request-id:{request_id};"));
        }
        manifest.push_str(&format!("ts:{ts_text};"));
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()) else {
            return false;
        };
        mac.update(manifest.as_bytes());
        // Constant time.
        mac.verify_slice(&expected).is_ok()
    };
    let id_form = match data_id {
        None if matches(None) => IdForm::Absent,
        Some(id) if matches(Some(id)) => IdForm::AsReceived,
        Some(id)
            if id.bytes().any(|b| b.is_ascii_uppercase())
                && matches(Some(&id.to_ascii_lowercase())) =>
        {
            IdForm::Lowercased
        }
        _ => return Err(SignatureError::Mismatch),
    };
    if let Freshness::Within { now, tolerance } = freshness {
        // Milliseconds from 2001 on are above 10^12; seconds will not be for 30,000 years.
        let ts_seconds = if ts >= 1_000_000_000_000 {
            ts / 1000
        } else {
            ts
        };
        let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        if now.abs_diff(ts_seconds) > tolerance.as_secs() {
            return Err(SignatureError::Stale { ts_seconds });
        }
    }
    Ok(SignatureMatch { id_form, ts })
}

fn decode_hex(text: &str) -> Option<[u8; 32]> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        let digit = |i: usize| pair.get(i).and_then(|&b| char::from(b).to_digit(16));
        *slot = u8::try_from(digit(0)? * 16 + digit(1)?).ok()?;
    }
    Some(out)
}
