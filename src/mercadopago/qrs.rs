//! The dynamic QR model of the integration guide:
//! `/instore/orders/qr/seller/collectors/{user_id}/pos/{external_pos_id}/qrs` (POST creates an
//! order and answers its `qr_data`; PUT also assigns it to the POS's printed QR), and the
//! order on a POS: `/instore/qr/seller/collectors/{user_id}/pos/{external_pos_id}/orders`
//! (GET, DELETE).

use http::{Method, StatusCode};
use serde::{Deserialize, Deserializer, Serialize};

use super::{
    Api, ApiError, Call, Error, Money, check_pos_id, check_user_id, checked_qr_data, parse_json,
};

/// The body of a dynamic QR order, exactly as Mercado Pago documents it: it serializes to
/// the API's JSON and reads the JSON of its documentation (unknown fields are refused, so that
/// a misspelt one is not silently dropped).
///
/// ```
/// use emvqr::mercadopago::{Item, Money, QrOrder};
///
/// let order = QrOrder::new("order-1042", "Coffee shop", Money::from_cents(1190))
///     .item(Item::new("Espresso", Money::from_cents(595), 2));
/// assert!(order.check().is_ok());
///
/// // Money is checked before anything is sent: 2 × 5.95 is not 12.00.
/// let wrong = QrOrder::new("order-1043", "Coffee shop", Money::from_cents(1200))
///     .item(Item::new("Espresso", Money::from_cents(595), 2));
/// assert_eq!(
///     wrong.check().unwrap_err().to_string(),
///     "total_amount: 12 is not the sum of the items' total_amount, 11.90"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QrOrder {
    /// Your id for the order; the merchant order search finds it again.
    #[serde(deserialize_with = "string_or_number")]
    pub external_reference: String,
    /// A title for the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What is being paid for (required).
    pub description: String,
    /// Where Mercado Pago sends this order's notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_url: Option<String>,
    /// When the order stops being payable: ISO 8601 with milliseconds and a UTC offset,
    /// `2026-12-24T18:00:00.000-03:00`. Orders made with POST cannot be deleted, so set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<String>,
    /// The amount to pay: the sum of the items' `total_amount`.
    pub total_amount: Money,
    /// What is sold; may be empty only with a `cash_out`.
    #[serde(default)]
    pub items: Vec<Item>,
    /// Taxes, informative (not added to the total).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taxes: Vec<Tax>,
    /// The integrator's (platform's) Mercado Pago user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sponsor: Option<Sponsor>,
    /// A cash withdrawal with the payment (needs an agreement with Mercado Pago).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash_out: Option<CashOut>,
}

/// One line of an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Your product code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_number: Option<String>,
    /// Free text (`FOOD`, `marketplace`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The product's name (required).
    pub title: String,
    /// A longer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The price of one unit.
    pub unit_price: Money,
    /// How many units.
    pub quantity: u32,
    /// The unit: `unit` or `pack`.
    pub unit_measure: String,
    /// `unit_price × quantity`.
    pub total_amount: Money,
    /// The currency (only in Mercado Pago's error list; optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency_id: Option<String>,
}

/// A tax line (`{"value": 21, "type": "IVA"}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tax {
    /// The amount.
    pub value: Money,
    /// The kind (`IVA`).
    #[serde(rename = "type")]
    pub kind: String,
}

/// The integrator's Mercado Pago user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sponsor {
    /// Its user id.
    pub id: u64,
}

/// A cash withdrawal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CashOut {
    /// The amount withdrawn.
    pub amount: Money,
}

impl QrOrder {
    /// An order with its three required fields and no items yet.
    pub fn new(external_reference: &str, description: &str, total_amount: Money) -> QrOrder {
        QrOrder {
            external_reference: external_reference.to_owned(),
            title: None,
            description: description.to_owned(),
            notification_url: None,
            expiration_date: None,
            total_amount,
            items: Vec::new(),
            taxes: Vec::new(),
            sponsor: None,
            cash_out: None,
        }
    }

    /// Adds an item.
    #[must_use]
    pub fn item(mut self, item: Item) -> QrOrder {
        self.items.push(item);
        self
    }

    /// Sets the title.
    #[must_use]
    pub fn title(mut self, title: &str) -> QrOrder {
        self.title = Some(title.to_owned());
        self
    }

    /// Sets where notifications go.
    #[must_use]
    pub fn notification_url(mut self, url: &str) -> QrOrder {
        self.notification_url = Some(url.to_owned());
        self
    }

    /// Sets the expiry (`2026-12-24T18:00:00.000-03:00`).
    #[must_use]
    pub fn expiration_date(mut self, date: &str) -> QrOrder {
        self.expiration_date = Some(date.to_owned());
        self
    }

    /// Checks the order before it is sent: required fields present, URLs and dates well
    /// formed, the expiry in the future, each item's total `unit_price × quantity`, and the
    /// items adding up to `total_amount` (with a non-zero `cash_out`, whose share of the total
    /// Mercado Pago does not document, only the items' own totals are checked).
    pub fn check(&self) -> Result<(), Error> {
        text_field("external_reference", &self.external_reference)?;
        text_field("description", &self.description)?;
        if let Some(title) = &self.title {
            text_field("title", title)?;
        }
        if let Some(url) = &self.notification_url {
            check_url("notification_url", url)?;
        }
        if let Some(date) = &self.expiration_date {
            check_expiration(date)?;
        }
        if self.total_amount == Money::ZERO {
            return Err(Error::invalid("total_amount", "must be more than zero"));
        }
        // A cash out of zero (as in Mercado Pago's own example) is no cash out.
        let cash_out = self.cash_out.as_ref().map_or(Money::ZERO, |c| c.amount);
        if self.items.is_empty() && cash_out == Money::ZERO {
            return Err(Error::invalid(
                "items",
                "an order needs items (or a cash_out)",
            ));
        }
        let mut sum = Money::ZERO;
        for (i, item) in self.items.iter().enumerate() {
            let field = |name: &str| format!("items[{i}].{name}");
            text_field(&field("title"), &item.title)?;
            text_field(&field("unit_measure"), &item.unit_measure)?;
            if item.quantity == 0 {
                return Err(Error::invalid(field("quantity"), "must be at least 1"));
            }
            let expected = item
                .unit_price
                .checked_mul(u64::from(item.quantity))
                .ok_or_else(|| Error::invalid(field("total_amount"), "overflows"))?;
            if item.total_amount != expected {
                return Err(Error::invalid(
                    field("total_amount"),
                    format!(
                        "{} is not unit_price × quantity = {} × {} = {expected}",
                        item.total_amount, item.unit_price, item.quantity
                    ),
                ));
            }
            sum = sum
                .checked_add(expected)
                .ok_or_else(|| Error::invalid("total_amount", "the items' sum overflows"))?;
        }
        if cash_out == Money::ZERO && sum != self.total_amount {
            return Err(Error::invalid(
                "total_amount",
                format!(
                    "{} is not the sum of the items' total_amount, {sum}",
                    self.total_amount
                ),
            ));
        }
        Ok(())
    }
}

impl Item {
    /// `quantity` units of `title` at `unit_price`, measured in `unit`s, its total computed.
    /// (`unit_price × quantity` saturates on overflow, which [`QrOrder::check`] then refuses.)
    pub fn new(title: &str, unit_price: Money, quantity: u32) -> Item {
        Item {
            sku_number: None,
            category: None,
            title: title.to_owned(),
            description: None,
            unit_price,
            quantity,
            unit_measure: "unit".to_owned(),
            total_amount: unit_price
                .checked_mul(u64::from(quantity))
                .unwrap_or(Money::from_cents(u64::MAX)),
            currency_id: None,
        }
    }
}

/// The answer to creating an order: its `qr_data`, already checked with the strict parser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrOrderCreated {
    /// The EMVCo payload to draw.
    pub qr_data: String,
    /// Mercado Pago's id for the in-store order.
    pub in_store_order_id: Option<String>,
}

/// The answer to assigning an order to a POS: Mercado Pago documents an empty 201, shows `{}`
/// and, in its migration guide, `qr_data`; all three are success. The order is on the POS's
/// printed QR either way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assigned {
    /// The EMVCo payload, when the answer carries a valid one (checked with the strict parser).
    pub qr_data: Option<String>,
    /// Mercado Pago's id for the in-store order, when given.
    pub in_store_order_id: Option<String>,
    /// A `qr_data` the strict parser refused, with why: do not draw it (the printed QR still
    /// charges the order).
    pub invalid_qr_data: Option<(String, crate::Error)>,
}

/// The order assigned to a POS, as `GET …/orders` echoes it (fields optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct PosOrder {
    /// Your id for the order.
    #[serde(default, deserialize_with = "optional_string_or_number")]
    pub external_reference: Option<String>,
    /// The title.
    #[serde(default)]
    pub title: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The amount.
    #[serde(default)]
    pub total_amount: Option<Money>,
    /// The expiry.
    #[serde(default)]
    pub expiration_date: Option<String>,
    /// Where notifications go.
    #[serde(default)]
    pub notification_url: Option<String>,
}

#[derive(Deserialize)]
struct CreatedBody {
    qr_data: Option<String>,
    in_store_order_id: Option<String>,
}

impl Api {
    /// `POST …/pos/{external_pos_id}/qrs`: a new order whose `qr_data` you draw. The order is
    /// checked first ([`QrOrder::check`]).
    pub fn create_qr_order(
        &self,
        user_id: &str,
        external_pos_id: &str,
        order: &QrOrder,
    ) -> Result<Call<QrOrderCreated>, Error> {
        let request = self.qrs_request(Method::POST, user_id, external_pos_id, order)?;
        Ok(Call::new(request, parse_created).retrying_only_unprocessed())
    }

    /// `PUT …/pos/{external_pos_id}/qrs`: a new order, also assigned to the POS's printed QR
    /// (whichever code the buyer scans, the other is disabled).
    pub fn assign_qr_order(
        &self,
        user_id: &str,
        external_pos_id: &str,
        order: &QrOrder,
    ) -> Result<Call<Assigned>, Error> {
        let request = self.qrs_request(Method::PUT, user_id, external_pos_id, order)?;
        Ok(Call::new(request, parse_assigned).retrying_only_unprocessed())
    }

    /// `GET …/pos/{external_pos_id}/orders`: the order assigned to the POS; none when the
    /// answer is 404 `point_of_sale_in_store_order_not_found`.
    pub fn get_pos_order(
        &self,
        user_id: &str,
        external_pos_id: &str,
    ) -> Result<Call<Option<PosOrder>>, Error> {
        let path = pos_orders_path(user_id, external_pos_id)?;
        Ok(Call::new(
            self.request(Method::GET, &path, None)?,
            parse_pos_order,
        ))
    }

    /// `DELETE …/pos/{external_pos_id}/orders`: takes the order off the POS (any 2xx is
    /// success; Mercado Pago does not document which).
    pub fn delete_pos_order(
        &self,
        user_id: &str,
        external_pos_id: &str,
    ) -> Result<Call<()>, Error> {
        let path = pos_orders_path(user_id, external_pos_id)?;
        Ok(Call::new(
            self.request(Method::DELETE, &path, None)?,
            parse_empty,
        ))
    }

    fn qrs_request(
        &self,
        method: Method,
        user_id: &str,
        external_pos_id: &str,
        order: &QrOrder,
    ) -> Result<http::Request<Vec<u8>>, Error> {
        check_user_id(user_id)?;
        check_pos_id(external_pos_id)?;
        order.check()?;
        let path =
            format!("/instore/orders/qr/seller/collectors/{user_id}/pos/{external_pos_id}/qrs");
        let mut request = self.request(method, &path, Some(Api::json_body(order)?))?;
        // Harmless where not honoured, and it makes a retried request recognisable.
        let key = super::new_idempotency_key();
        if let Ok(value) = http::HeaderValue::try_from(key) {
            request.headers_mut().insert(super::IDEMPOTENCY_KEY, value);
        }
        Ok(request)
    }
}

fn pos_orders_path(user_id: &str, external_pos_id: &str) -> Result<String, Error> {
    check_user_id(user_id)?;
    check_pos_id(external_pos_id)?;
    Ok(format!(
        "/instore/qr/seller/collectors/{user_id}/pos/{external_pos_id}/orders"
    ))
}

fn parse_created(status: StatusCode, body: &[u8]) -> Result<QrOrderCreated, Error> {
    let created: CreatedBody = parse_json(status, body)?;
    let qr_data = created.qr_data.ok_or_else(|| Error::UnexpectedResponse {
        status: status.as_u16(),
        reason: "the answer has no qr_data".to_owned(),
    })?;
    Ok(QrOrderCreated {
        qr_data: checked_qr_data(qr_data, created.in_store_order_id.as_deref())?,
        in_store_order_id: created.in_store_order_id,
    })
}

fn parse_assigned(status: StatusCode, body: &[u8]) -> Result<Assigned, Error> {
    if status.is_success() && body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Assigned::default());
    }
    let created: CreatedBody = parse_json(status, body)?;
    // The order is on the POS whatever the qr_data: a bad one is reported, not fatal.
    let (qr_data, invalid_qr_data) = match created.qr_data {
        Some(qr_data) => match crate::Payload::parse(&qr_data) {
            Ok(_) => (Some(qr_data), None),
            Err(error) => (None, Some((qr_data, error))),
        },
        None => (None, None),
    };
    Ok(Assigned {
        qr_data,
        in_store_order_id: created.in_store_order_id,
        invalid_qr_data,
    })
}

fn parse_pos_order(status: StatusCode, body: &[u8]) -> Result<Option<PosOrder>, Error> {
    if status == StatusCode::NOT_FOUND {
        let error = ApiError::from_body(404, body);
        let key = "point_of_sale_in_store_order_not_found";
        if error.error.as_deref() == Some(key)
            || error.causes.iter().any(|c| c.code.as_deref() == Some(key))
        {
            return Ok(None);
        }
        return Err(Error::Api(error));
    }
    // An array with the order; some answers are the bare object. Read from the text (not a
    // `Value`), so that amounts never pass through a float.
    let unexpected = |e: serde_json::Error| Error::UnexpectedResponse {
        status: status.as_u16(),
        reason: e.to_string(),
    };
    let raw: Box<serde_json::value::RawValue> = parse_json(status, body)?;
    if raw.get().trim_start().starts_with('[') {
        let mut orders: Vec<PosOrder> = serde_json::from_str(raw.get()).map_err(unexpected)?;
        Ok((!orders.is_empty()).then(|| orders.swap_remove(0)))
    } else {
        serde_json::from_str(raw.get())
            .map(Some)
            .map_err(unexpected)
    }
}

fn parse_empty(status: StatusCode, body: &[u8]) -> Result<(), Error> {
    if status.is_success() {
        Ok(())
    } else {
        Err(Error::Api(ApiError::from_body(status.as_u16(), body)))
    }
}

/// A required text: not empty, no control characters.
pub(super) fn text_field(field: &str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    Ok(())
}

/// An absolute http(s) URL without spaces.
fn check_url(field: &str, url: &str) -> Result<(), Error> {
    let uri: Option<http::Uri> = url.parse().ok();
    let ok =
        uri.is_some_and(|u| matches!(u.scheme_str(), Some("https" | "http")) && u.host().is_some());
    if !ok {
        return Err(Error::invalid(
            field,
            format!("{url:?} is not an http(s) URL"),
        ));
    }
    Ok(())
}

/// `YYYY-MM-DDTHH:MM:SS[.fff]±HH:MM` (or `Z`), a real date, in the future.
fn check_expiration(date: &str) -> Result<(), Error> {
    let seconds = parse_timestamp(date).ok_or_else(|| {
        Error::invalid(
            "expiration_date",
            format!("{date:?} is not an ISO 8601 date-time with a UTC offset, like 2026-12-24T18:00:00.000-03:00"),
        )
    })?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    if seconds <= now {
        return Err(Error::invalid(
            "expiration_date",
            format!("{date:?} is in the past"),
        ));
    }
    Ok(())
}

/// Seconds since the Unix epoch of an ISO 8601 date-time with an offset; `None` if malformed.
pub(super) fn parse_timestamp(text: &str) -> Option<i64> {
    let number = |range: core::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let bytes = text.as_bytes();
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if !separators.iter().all(|&(i, c)| bytes.get(i) == Some(&c)) {
        return None;
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    let mut rest = text.get(19..)?;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = fraction.get(digits..)?;
    }
    let offset = match rest {
        "Z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (h, m) = rest.get(1..)?.split_once(':')?;
            let two_digits = |t: &str| t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit());
            if !two_digits(h) || !two_digits(m) {
                return None;
            }
            let (h, m) = (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?);
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let month_days = *days_in_month.get(usize::try_from(month.checked_sub(1)?).ok()?)?;
    if !(1..=month_days).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Days since the epoch of a civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    super::json_text(&value)
        .ok_or_else(|| serde::de::Error::custom("expected a string or a number"))
}

fn optional_string_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Null => Ok(None),
        value => super::json_text(&value)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom("expected a string or a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_timestamp;

    #[test]
    fn timestamps_read_as_epoch_seconds() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_timestamp("2023-08-22T16:34:56.559-04:00"),
            Some(1_692_736_496)
        );
        assert_eq!(
            parse_timestamp("2024-02-29T00:00:00.000+00:00"),
            Some(1_709_164_800)
        );
        for bad in [
            "2023-02-29T00:00:00Z",
            "2023-08-22 16:34:56Z",
            "2023-08-22T16:34:56",
            "2023-13-01T00:00:00Z",
            "2023-08-22T16:34:56.-04:00",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }
}
