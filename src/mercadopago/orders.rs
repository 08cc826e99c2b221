//! The Orders API, Mercado Pago's current one for QR: `POST /v1/orders` with `type: "qr"`
//! answers the order with `type_response.qr_data`; `GET /v1/orders/{id}` reads it back.

use http::{Method, StatusCode};
use serde::{Deserialize, Serialize};

use super::qrs::text_field;
use super::{Api, Call, Error, Money, check_pos_id, checked_qr_data, parse_json};

/// How the QR of an order behaves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QrMode {
    /// A one-time code for this order, in the answer's `qr_data` (emvqr's default: the order
    /// is shown on a screen).
    #[default]
    Dynamic,
    /// The one-time code, and the order also on the POS's printed QR.
    Hybrid,
    /// Only the POS's printed QR (Mercado Pago's default): the answer has no `qr_data`.
    Static,
}

/// A QR order for `POST /v1/orders`.
///
/// ```
/// use emvqr::mercadopago::{AccessToken, Api, Money, OrderItem, OrderRequest, QrMode};
///
/// let api = Api::new(AccessToken::new("APP_USR-1234")?);
/// let order = OrderRequest::new("order-1042", "CAJA01", Money::from_cents(1190))
///     .mode(QrMode::Hybrid)
///     .item(OrderItem::new("Espresso", Money::from_cents(595), 2));
/// let call = api.create_order(&order)?;
/// let body: serde_json::Value = serde_json::from_slice(call.request().body()).unwrap();
/// assert_eq!(body["type"], "qr");
/// assert_eq!(body["total_amount"], "11.90"); // a string, exactly
/// assert_eq!(body["config"]["qr"]["mode"], "hybrid");
/// assert!(call.idempotency_key().is_some()); // required by this API
/// # Ok::<(), emvqr::mercadopago::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRequest {
    /// Your id: at most 64 of `A-Z a-z 0-9 _ -`.
    pub external_reference: String,
    /// The POS (`config.qr.external_pos_id`).
    pub external_pos_id: String,
    /// The amount to pay.
    pub total_amount: Money,
    /// The QR's behaviour.
    pub mode: QrMode,
    /// At most 150 characters.
    pub description: Option<String>,
    /// An ISO 8601 duration, `PT15M` (the default) up to 3600 hours.
    pub expiration_time: Option<String>,
    /// What is sold (informative; when present they must add up to the total).
    pub items: Vec<OrderItem>,
}

/// One line of an Orders API order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrderItem {
    /// The product's name.
    pub title: String,
    /// The price of one unit, sent as a decimal string.
    #[serde(serialize_with = "super::money::as_string")]
    pub unit_price: Money,
    /// How many units.
    pub quantity: u32,
    /// `unit`, `pack`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_measure: Option<String>,
    /// Your product code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_code: Option<String>,
}

impl OrderItem {
    /// `quantity` units of `title` at `unit_price`.
    pub fn new(title: &str, unit_price: Money, quantity: u32) -> OrderItem {
        OrderItem {
            title: title.to_owned(),
            unit_price,
            quantity,
            unit_measure: Some("unit".to_owned()),
            external_code: None,
        }
    }
}

impl OrderRequest {
    /// A dynamic QR order for `total_amount` on the POS `external_pos_id`.
    pub fn new(
        external_reference: &str,
        external_pos_id: &str,
        total_amount: Money,
    ) -> OrderRequest {
        OrderRequest {
            external_reference: external_reference.to_owned(),
            external_pos_id: external_pos_id.to_owned(),
            total_amount,
            mode: QrMode::Dynamic,
            description: None,
            expiration_time: None,
            items: Vec::new(),
        }
    }

    /// Sets the QR mode.
    #[must_use]
    pub fn mode(mut self, mode: QrMode) -> OrderRequest {
        self.mode = mode;
        self
    }

    /// Adds an item.
    #[must_use]
    pub fn item(mut self, item: OrderItem) -> OrderRequest {
        self.items.push(item);
        self
    }

    /// Sets the description.
    #[must_use]
    pub fn description(mut self, description: &str) -> OrderRequest {
        self.description = Some(description.to_owned());
        self
    }

    /// Sets how long the order stays payable (`PT15M`).
    #[must_use]
    pub fn expiration_time(mut self, duration: &str) -> OrderRequest {
        self.expiration_time = Some(duration.to_owned());
        self
    }

    /// Checks the documented limits and that the items add up to the total.
    pub fn check(&self) -> Result<(), Error> {
        let reference = &self.external_reference;
        if reference.is_empty()
            || reference.len() > 64
            || !reference
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(Error::invalid(
                "external_reference",
                "1 to 64 of A-Z, a-z, 0-9, '_' and '-'",
            ));
        }
        check_pos_id(&self.external_pos_id)?;
        if self.total_amount == Money::ZERO {
            return Err(Error::invalid("total_amount", "must be more than zero"));
        }
        if let Some(description) = &self.description {
            text_field("description", description)?;
            if description.chars().count() > 150 {
                return Err(Error::invalid("description", "at most 150 characters"));
            }
        }
        if let Some(duration) = &self.expiration_time
            && !duration_seconds(duration).is_some_and(|s| (30..=3600 * 3600).contains(&s))
        {
            return Err(Error::invalid(
                "expiration_time",
                format!(
                    "{duration:?} is not an ISO 8601 duration from 30 seconds to 3600 hours, like PT15M"
                ),
            ));
        }
        if self.items.len() > 10 {
            return Err(Error::invalid("items", "at most 10 items"));
        }
        if !self.items.is_empty() {
            let mut sum = Money::ZERO;
            for (i, item) in self.items.iter().enumerate() {
                text_field(&format!("items[{i}].title"), &item.title)?;
                let limits = [
                    ("title", Some(&item.title), 150),
                    ("unit_measure", item.unit_measure.as_ref(), 10),
                    ("external_code", item.external_code.as_ref(), 30),
                ];
                for (field, value, max) in limits {
                    if value.is_some_and(|v| v.chars().count() > max) {
                        return Err(Error::invalid(
                            format!("items[{i}].{field}"),
                            format!("at most {max} characters"),
                        ));
                    }
                }
                let line = item
                    .unit_price
                    .checked_mul(u64::from(item.quantity))
                    .filter(|_| item.quantity > 0)
                    .ok_or_else(|| {
                        Error::invalid(format!("items[{i}].quantity"), "must be at least 1")
                    })?;
                sum = sum
                    .checked_add(line)
                    .ok_or_else(|| Error::invalid("items", "the sum overflows"))?;
            }
            if sum != self.total_amount {
                return Err(Error::invalid(
                    "total_amount",
                    format!("{} is not the sum of the items, {sum}", self.total_amount),
                ));
            }
        }
        Ok(())
    }

    fn to_json(&self) -> serde_json::Value {
        let amount = self.total_amount.with_two_decimals();
        let mut body = serde_json::json!({
            "type": "qr",
            "total_amount": amount,
            "external_reference": self.external_reference,
            "config": { "qr": { "external_pos_id": self.external_pos_id, "mode": self.mode } },
            "transactions": { "payments": [ { "amount": amount } ] },
        });
        if let Some(object) = body.as_object_mut() {
            if let Some(description) = &self.description {
                object.insert("description".into(), description.clone().into());
            }
            if let Some(duration) = &self.expiration_time {
                object.insert("expiration_time".into(), duration.clone().into());
            }
            if !self.items.is_empty() {
                object.insert(
                    "items".into(),
                    serde_json::to_value(&self.items).unwrap_or_default(),
                );
            }
        }
        body
    }
}

/// The seconds of an ISO 8601 duration in weeks, days, hours, minutes and seconds
/// (`PT15M`, `P1DT2H`); `None` if malformed, or in years or months, whose length varies.
fn duration_seconds(text: &str) -> Option<u64> {
    let rest = text.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((_, "")) => return None,
        Some((date, time)) => (date, time),
        None => (rest, ""),
    };
    if rest.is_empty() {
        return None;
    }
    let sum = |part: &str, units: &[(char, u64)]| -> Option<u64> {
        let mut total: u64 = 0;
        let mut number: Option<u64> = None;
        for c in part.chars() {
            if let Some(digit) = c.to_digit(10) {
                number = Some(
                    number
                        .unwrap_or(0)
                        .checked_mul(10)?
                        .checked_add(u64::from(digit))?,
                );
            } else {
                let (_, seconds) = units.iter().find(|(unit, _)| *unit == c)?;
                total = total.checked_add(number.take()?.checked_mul(*seconds)?)?;
            }
        }
        number.is_none().then_some(total)
    };
    let days = sum(date, &[('W', 7 * 86_400), ('D', 86_400)])?;
    let hours = sum(time, &[('H', 3600), ('M', 60), ('S', 1)])?;
    days.checked_add(hours)
}

/// Declares an open enum of Mercado Pago's words: the known ones as variants, anything else
/// kept as written in `Unknown`, so that a word Mercado Pago adds later is not an error.
macro_rules! words {
    ($(#[$doc:meta])* $name:ident { $($(#[$variant_doc:meta])* $variant:ident = $($text:literal)|+,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$variant_doc])* $variant,)*
            /// A word this version of emvqr does not know, as Mercado Pago wrote it.
            Unknown(String),
        }

        impl $name {
            /// The word as Mercado Pago writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => [$($text),+][0],)*
                    $name::Unknown(text) => text,
                }
            }

            pub(super) fn from_text(text: &str) -> $name {
                match text {
                    $($($text)|+ => $name::$variant,)*
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                let text = String::deserialize(deserializer)?;
                Ok($name::from_text(&text))
            }
        }
    };
}

words! {
    /// Where an Orders API order (or one of its transactions) stands. A QR order goes from
    /// `created` to `processed` (paid), `expired` or `canceled`, and from `processed` to
    /// `refunded`.
    OrderState {
        /// Waiting for payment.
        Created = "created",
        /// Paid.
        Processed = "processed",
        /// Not paid within its `expiration_time`.
        Expired = "expired",
        /// Cancelled through the API.
        Canceled = "canceled" | "cancelled",
        /// Paid, then refunded in full.
        Refunded = "refunded",
        /// A transaction failed.
        Failed = "failed",
        /// Waiting for the payer or the seller to act.
        ActionRequired = "action_required",
    }
}

impl OrderState {
    /// Whether the order will not change any more while nobody acts on it: paid (until a
    /// refund), expired, canceled, failed or refunded. What a wait stops at.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            OrderState::Processed
                | OrderState::Expired
                | OrderState::Canceled
                | OrderState::Failed
                | OrderState::Refunded
        )
    }
}

words! {
    /// The detail of a status: why an order or a transaction stands where it does.
    StatusDetail {
        /// Just created.
        Created = "created",
        /// A payment transaction waiting for the payer.
        ReadyToProcess = "ready_to_process",
        /// Paid.
        Processed = "processed",
        /// Paid and credited.
        Accredited = "accredited",
        /// Paid, then refunded in part.
        PartiallyRefunded = "partially_refunded",
        /// Refunded in full.
        Refunded = "refunded",
        /// Not paid in time.
        Expired = "expired",
        /// Cancelled.
        Canceled = "canceled" | "cancelled",
        /// Cancelled through the API.
        CanceledByApi = "canceled_by_api",
    }
}

words! {
    /// Where a refund stands: Mercado Pago may process it later (then confirms it by
    /// notification, or on a later `GET`).
    RefundState {
        /// Accepted, not yet done.
        Processing = "processing",
        /// Done.
        Processed = "processed",
        /// Done.
        Refunded = "refunded",
        /// Refused.
        Failed = "failed",
    }
}

/// An Orders API order as answered.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Order {
    /// Mercado Pago's id (`ORD01…`; kept opaque).
    pub id: String,
    /// Where it stands.
    pub status: Option<OrderState>,
    /// Why.
    pub status_detail: Option<StatusDetail>,
    /// Your id.
    pub external_reference: Option<String>,
    /// The amount.
    pub total_amount: Option<Money>,
    /// The currency (`BRL`, `ARS`, …), when the answer gives it.
    pub currency: Option<String>,
    /// The EMVCo payload (`type_response.qr_data`) of a dynamic or hybrid order, checked with
    /// the strict parser.
    pub qr_data: Option<String>,
    /// The payment transaction (an order has one).
    pub payments: Vec<OrderPayment>,
    /// The refunds made.
    pub refunds: Vec<OrderRefund>,
}

impl Order {
    /// Whether the order is paid: `processed`.
    pub fn is_paid(&self) -> bool {
        self.status == Some(OrderState::Processed)
    }
}

/// An order's payment transaction.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct OrderPayment {
    /// Its id (`PAY01…`): what a partial refund names.
    pub id: String,
    /// The amount.
    pub amount: Option<Money>,
    /// Where it stands.
    pub status: Option<OrderState>,
    /// Why.
    pub status_detail: Option<StatusDetail>,
}

/// A refund of an order's transaction.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct OrderRefund {
    /// Its id (`REF01…`).
    pub id: String,
    /// The refunded transaction (`PAY01…`).
    pub transaction_id: Option<String>,
    /// The amount refunded.
    pub amount: Option<Money>,
    /// Where it stands.
    pub status: Option<RefundState>,
}

#[derive(Deserialize)]
struct OrderBody {
    id: String,
    status: Option<OrderState>,
    status_detail: Option<StatusDetail>,
    external_reference: Option<String>,
    total_amount: Option<Money>,
    currency: Option<String>,
    type_response: Option<TypeResponse>,
    #[serde(default)]
    transactions: Transactions,
}

#[derive(Deserialize)]
struct TypeResponse {
    qr_data: Option<String>,
}

#[derive(Default, Deserialize)]
struct Transactions {
    #[serde(default)]
    payments: Vec<OrderPayment>,
    #[serde(default)]
    refunds: Vec<OrderRefund>,
}

impl Api {
    /// `POST /v1/orders` with `type: "qr"` and a fresh `X-Idempotency-Key` (replace it with
    /// [`Call::with_idempotency_key`] to retry across restarts). The answer of a dynamic or
    /// hybrid order must carry a valid `qr_data`.
    pub fn create_order(&self, order: &OrderRequest) -> Result<Call<Order>, Error> {
        order.check()?;
        let body = Api::json_body(&order.to_json())?;
        let request = self.request(Method::POST, "/v1/orders", Some(body))?;
        let parse = match order.mode {
            QrMode::Static => parse_order,
            QrMode::Dynamic | QrMode::Hybrid => parse_created_order,
        };
        Ok(Call::new(request, parse).idempotent())
    }

    /// `GET /v1/orders/{id}`: the order, to confirm what a notification announced or to wait
    /// for it to be paid.
    pub fn get_order(&self, id: &str) -> Result<Call<Order>, Error> {
        check_order_id(id)?;
        Ok(Call::new(
            self.request(Method::GET, &format!("/v1/orders/{id}"), None)?,
            parse_order,
        ))
    }

    /// `POST /v1/orders/{id}/cancel`: cancels an order that is still `created` (Mercado
    /// Pago answers 409 otherwise). No body; a fresh idempotency key.
    pub fn cancel_order(&self, id: &str) -> Result<Call<Order>, Error> {
        check_order_id(id)?;
        let request = self.request(Method::POST, &format!("/v1/orders/{id}/cancel"), None)?;
        Ok(Call::new(request, parse_order).idempotent())
    }

    /// `POST /v1/orders/{id}/refund`: refunds a `processed` order, in full (no body) or, where
    /// the site allows it, `partial`ly: `amount` of its payment transaction `payment_id`
    /// (several partial refunds may add up to the payment). A refund may complete later:
    /// watch the order's refunds and status.
    ///
    /// ```
    /// use emvqr::mercadopago::{AccessToken, Api, Money};
    /// let api = Api::new(AccessToken::new("APP_USR-1234")?);
    /// let total = api.refund_order("ORD01JV391F8YM8EDEAG8CWZ0GM0N", None)?;
    /// assert!(total.request().body().is_empty());
    /// let partial = api.refund_order(
    ///     "ORD01JV391F8YM8EDEAG8CWZ0GM0N",
    ///     Some(("PAY01JVMKQQE6YW97CEQN3MJ666HD", Money::from_cents(2490))),
    /// )?;
    /// assert_eq!(
    ///     partial.request().body().as_slice(),
    ///     br#"{"transactions":[{"amount":"24.90","id":"PAY01JVMKQQE6YW97CEQN3MJ666HD"}]}"#
    /// );
    /// # Ok::<(), emvqr::mercadopago::Error>(())
    /// ```
    pub fn refund_order(
        &self,
        id: &str,
        partial: Option<(&str, Money)>,
    ) -> Result<Call<Order>, Error> {
        check_order_id(id)?;
        let body = match partial {
            None => None,
            Some((payment_id, amount)) => {
                check_order_id(payment_id).map_err(|_| {
                    Error::invalid(
                        "transactions[0].id",
                        format!("{payment_id:?} is not a transaction id"),
                    )
                })?;
                if amount == Money::ZERO {
                    return Err(Error::invalid(
                        "transactions[0].amount",
                        "must be more than zero",
                    ));
                }
                let body = serde_json::json!({
                    "transactions": [{ "id": payment_id, "amount": amount.with_two_decimals() }]
                });
                Some(Api::json_body(&body)?)
            }
        };
        let request = self.request(Method::POST, &format!("/v1/orders/{id}/refund"), body)?;
        Ok(Call::new(request, parse_order).idempotent())
    }
}

/// Orders API ids are opaque: letters and digits (`ORD01…`, and prefix-less in some tests).
fn check_order_id(id: &str) -> Result<(), Error> {
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid(
            "order id",
            format!("{id:?} is not an order id (letters and digits)"),
        ));
    }
    Ok(())
}

fn parse_order(status: StatusCode, body: &[u8]) -> Result<Order, Error> {
    let order: OrderBody = parse_json(status, body)?;
    let qr_data = order
        .type_response
        .and_then(|t| t.qr_data)
        .map(|qr_data| checked_qr_data(qr_data, Some(&order.id)))
        .transpose()?;
    Ok(Order {
        id: order.id,
        status: order.status,
        status_detail: order.status_detail,
        external_reference: order.external_reference,
        total_amount: order.total_amount,
        currency: order.currency,
        qr_data,
        payments: order.transactions.payments,
        refunds: order.transactions.refunds,
    })
}

fn parse_created_order(status: StatusCode, body: &[u8]) -> Result<Order, Error> {
    let order = parse_order(status, body)?;
    if order.qr_data.is_none() {
        return Err(Error::UnexpectedResponse {
            status: status.as_u16(),
            reason: "the order has no type_response.qr_data".to_owned(),
        });
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::duration_seconds;

    #[test]
    fn durations() {
        for (good, seconds) in [
            ("PT15M", 900),
            ("PT30S", 30),
            ("P1D", 86_400),
            ("P1DT2H", 93_600),
            ("PT3600H", 12_960_000),
            ("P1W", 604_800),
        ] {
            assert_eq!(duration_seconds(good), Some(seconds), "{good}");
        }
        for bad in [
            "", "P", "PT", "15M", "PT15", "PTM", "P1DT", "PT15X", "P1Y", "P2M", "PT1H2",
        ] {
            assert_eq!(duration_seconds(bad), None, "{bad}");
        }
    }
}
