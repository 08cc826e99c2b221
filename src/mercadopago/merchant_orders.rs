//! Merchant orders: what a QR payment produced. `GET /merchant_orders/{id}` after a
//! notification, `GET /merchant_orders/search?external_reference=…` as the fallback.

use http::{Method, StatusCode};
use serde::{Deserialize, Deserializer};

use super::{Api, Call, Error, Money, parse_json, query_value};

macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$variant_doc:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$variant_doc])* $variant,)*
            /// A value this version does not know, kept as written.
            Other(String),
        }

        impl $name {
            /// The value as Mercado Pago writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)*
                    $name::Other(text) => text,
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Ok(match text.as_str() {
                    $($text => $name::$variant,)*
                    _ => $name::Other(text),
                })
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum! {
    /// A merchant order's `status`. Act on `Closed` only: `Opened` notifications arrive at any
    /// moment of the flow.
    MerchantOrderStatus {
        /// No payment yet, or the approved ones do not cover the total.
        Opened = "opened",
        /// The approved payments cover the total: the sale is done.
        Closed = "closed",
        /// Cancelled, with no approved or pending payment.
        Expired = "expired",
    }
}

text_enum! {
    /// A merchant order's `order_status`, derived from its payments.
    OrderStatus {
        /// No payments, or all rejected or cancelled.
        PaymentRequired = "payment_required",
        /// Payments in process, pending or authorized.
        PaymentInProcess = "payment_in_process",
        /// Some approved, not covering the total.
        PartiallyPaid = "partially_paid",
        /// Approved payments cover the total.
        Paid = "paid",
        /// At least one refunded or charged back.
        PartiallyReverted = "partially_reverted",
        /// All refunded or charged back.
        Reverted = "reverted",
        /// Expired.
        Expired = "expired",
        /// The order predates this field.
        Undefined = "undefined",
    }
}

text_enum! {
    /// A payment's `status`.
    PaymentStatus {
        /// Not yet paid.
        Pending = "pending",
        /// Paid.
        Approved = "approved",
        /// Authorized, not captured.
        Authorized = "authorized",
        /// Under review.
        InProcess = "in_process",
        /// Disputed.
        InMediation = "in_mediation",
        /// Refused.
        Rejected = "rejected",
        /// Cancelled.
        Cancelled = "cancelled",
        /// Refunded.
        Refunded = "refunded",
        /// Charged back.
        ChargedBack = "charged_back",
    }
}

/// A merchant order (the fields a point of sale needs; others are ignored). Its amounts are
/// informative: one Mercado Pago writes in a form [`Money`] does not read exactly (`1.19E+3`, a
/// float artefact) is `None` rather than an error, so that the status still reads. Decide on
/// [`status`](MerchantOrder::status), not on amounts.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct MerchantOrder {
    /// Its id.
    pub id: u64,
    /// `opened`, `closed`, `expired`.
    pub status: MerchantOrderStatus,
    /// What its payments add up to.
    #[serde(default)]
    pub order_status: Option<OrderStatus>,
    /// Your id from the order.
    #[serde(default)]
    pub external_reference: Option<String>,
    /// The amount to pay.
    #[serde(default, deserialize_with = "lenient_money")]
    pub total_amount: Option<Money>,
    /// The amount paid.
    #[serde(default, deserialize_with = "lenient_money")]
    pub paid_amount: Option<Money>,
    /// The amount refunded.
    #[serde(default, deserialize_with = "lenient_money")]
    pub refunded_amount: Option<Money>,
    /// Whether it was cancelled.
    #[serde(default)]
    pub cancelled: Option<bool>,
    /// Its payments.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub payments: Vec<MerchantOrderPayment>,
}

/// A payment of a merchant order.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct MerchantOrderPayment {
    /// Its id (keep it: refunds need it).
    pub id: u64,
    /// Its status.
    pub status: PaymentStatus,
    /// Why (`accredited`, `cc_rejected_insufficient_amount`, …).
    #[serde(default)]
    pub status_detail: Option<String>,
    /// The amount of the transaction.
    #[serde(default, deserialize_with = "lenient_money")]
    pub transaction_amount: Option<Money>,
    /// The amount paid, fees included.
    #[serde(default, deserialize_with = "lenient_money")]
    pub total_paid_amount: Option<Money>,
    /// The currency (`BRL`, `ARS`).
    #[serde(default)]
    pub currency_id: Option<String>,
    /// When it was approved.
    #[serde(default)]
    pub date_approved: Option<String>,
}

/// The answer of a merchant order search; before anyone scans the code, no elements.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct MerchantOrderSearch {
    /// The orders found (`null` in the answer is an empty list).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub elements: Vec<MerchantOrder>,
    /// How many match.
    #[serde(default)]
    pub total: u64,
    /// Where the next page starts.
    #[serde(default)]
    pub next_offset: u64,
}

impl MerchantOrder {
    /// Whether the sale is done: the status is `closed` (the approved payments cover the
    /// total). This is the one signal to act on.
    pub fn is_paid(&self) -> bool {
        self.status == MerchantOrderStatus::Closed
    }
}

impl MerchantOrderSearch {
    /// Whether any of the orders found is paid (each scan of a code makes its own merchant
    /// order, so a payment may sit in any of them).
    pub fn is_paid(&self) -> bool {
        self.elements.iter().any(MerchantOrder::is_paid)
    }
}

impl Api {
    /// `GET /merchant_orders/{id}`: the merchant order a notification names.
    pub fn get_merchant_order(&self, id: u64) -> Result<Call<MerchantOrder>, Error> {
        let request = self.request(Method::GET, &format!("/merchant_orders/{id}"), None)?;
        Ok(Call::new(request, parse_json::<MerchantOrder>))
    }

    /// `GET /merchant_orders/search?external_reference=…`: the fallback when no notification
    /// arrives. The first page; [`search_merchant_orders_from`](Api::search_merchant_orders_from)
    /// reads the next ones (each scan of the code makes a merchant order).
    pub fn search_merchant_orders(
        &self,
        external_reference: &str,
    ) -> Result<Call<MerchantOrderSearch>, Error> {
        self.search_merchant_orders_from(external_reference, 0)
    }

    /// The page of the search that starts at `offset` (the previous page's `next_offset`).
    pub fn search_merchant_orders_from(
        &self,
        external_reference: &str,
        offset: u64,
    ) -> Result<Call<MerchantOrderSearch>, Error> {
        super::qrs::text_field("external_reference", external_reference)?;
        let mut path = format!(
            "/merchant_orders/search?external_reference={}",
            query_value(external_reference)
        );
        if offset > 0 {
            path.push_str(&format!("&offset={offset}"));
        }
        Ok(Call::new(
            self.request(Method::GET, &path, None)?,
            parse_search,
        ))
    }
}

fn parse_search(status: StatusCode, body: &[u8]) -> Result<MerchantOrderSearch, Error> {
    parse_json(status, body)
}

/// An amount, or `None` when it is absent, null or not exactly readable.
fn lenient_money<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Money>, D::Error> {
    let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
    Ok(serde_json::from_str::<Money>(raw.get()).ok())
}

fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}
