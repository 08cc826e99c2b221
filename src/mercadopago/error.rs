//! What can go wrong talking to Mercado Pago, as values a program can match on.

use core::fmt;
use std::time::Duration;

use serde_json::Value;

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Mercado Pago answered with an error status; its body, read defensively.
    Api(ApiError),
    /// A request emvqr refuses to send: an argument or a field of the body breaks a rule
    /// (`field` names it as a JSON path, `items[1].total_amount`).
    InvalidRequest {
        /// The argument or JSON field.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The server's `qr_data` is not a valid EMVCo payload: it must not be shown. The order
    /// itself was created: `order_id` names it (to cancel it, or to ask Mercado Pago).
    InvalidQrData {
        /// The payload as received.
        qr_data: String,
        /// What the strict parser found.
        error: crate::Error,
        /// The created order's id (`in_store_order_id`, or the Orders API's `id`), if given.
        order_id: Option<String>,
    },
    /// A success status with a body that is not what the endpoint documents.
    UnexpectedResponse {
        /// The HTTP status.
        status: u16,
        /// What did not fit.
        reason: String,
    },
    /// A notification that is neither a webhook nor an IPN, or carries an id that is not one.
    InvalidNotification(String),
    /// The request did not complete: connection refused, timeout, TLS (blocking client only).
    Transport(String),
    /// The answer was longer than the client accepts.
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The client's deadline passed before the call (its retries and waits included) ended.
    DeadlinePassed,
}

impl Error {
    /// Whether the request did not reach an answer of Mercado Pago's API: the network, a
    /// timeout, the deadline, or an answer that is not the API's (a redirect, a body that is
    /// not the documented one, an answer too large).
    pub fn is_transport(&self) -> bool {
        matches!(
            self,
            Error::Transport(_)
                | Error::DeadlinePassed
                | Error::UnexpectedResponse { .. }
                | Error::ResponseTooLarge { .. }
        )
    }

    /// Whether trying again later may succeed: a 429, 500, 502, 503 or 504 answer.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Error::Api(api) if api.is_retryable())
    }

    pub(crate) fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::InvalidRequest {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => api.fmt(f),
            Error::InvalidRequest { field, reason } => write!(f, "{field}: {reason}"),
            Error::InvalidQrData {
                qr_data,
                error,
                order_id,
            } => {
                if let Some(id) = order_id {
                    write!(f, "order {id} was created, but ")?;
                }
                write!(
                    f,
                    "Mercado Pago returned a qr_data that is not a valid EMVCo payload: {error} (qr_data: {qr_data:?})"
                )
            }
            Error::UnexpectedResponse { status, reason } => {
                write!(
                    f,
                    "unexpected answer from Mercado Pago (HTTP {status}): {reason}"
                )
            }
            Error::InvalidNotification(reason) => {
                write!(f, "not a Mercado Pago notification: {reason}")
            }
            Error::Transport(reason) => write!(f, "the request did not complete: {reason}"),
            Error::ResponseTooLarge { limit } => {
                write!(f, "the answer is longer than the {limit} bytes accepted")
            }
            Error::DeadlinePassed => {
                f.write_str("the deadline passed before Mercado Pago answered")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::InvalidQrData { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// An error answer: every field of Mercado Pago's error body is optional, because its shape
/// varies by endpoint and era (`cause` or `causes`, a list or an object).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// `message`: for people.
    pub message: Option<String>,
    /// `error`: a key such as `invalid_collectorId` or `bad_request`.
    pub error: Option<String>,
    /// `cause` or `causes`: the details.
    pub causes: Vec<Cause>,
    /// The `Retry-After` header, when the transport passed it on.
    pub retry_after: Option<Duration>,
    /// The body as received, cut to 2 KiB.
    pub body: String,
}

/// One entry of `cause`/`causes`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cause {
    /// `code` (a string or a number in the wild).
    pub code: Option<String>,
    /// `description`.
    pub description: Option<String>,
}

impl ApiError {
    /// Reads an error body; anything that is not JSON is kept as `body` only.
    pub fn from_body(status: u16, body: &[u8]) -> ApiError {
        let json: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let text = |key: &str| json.get(key).and_then(super::json_text);
        // `cause` (the usual name) and `causes` (seen in legacy answers), both read.
        let causes = ["cause", "causes"]
            .iter()
            .filter_map(|key| json.get(key))
            .flat_map(|value| match value {
                Value::Array(entries) => entries.iter().map(Cause::from_json).collect(),
                Value::Null => Vec::new(),
                other => vec![Cause::from_json(other)],
            })
            .collect();
        let mut raw = String::from_utf8_lossy(body).into_owned();
        if raw.len() > 2048 {
            let mut end = 2048;
            while !raw.is_char_boundary(end) {
                end -= 1;
            }
            raw.truncate(end);
        }
        ApiError {
            status,
            message: text("message"),
            error: text("error"),
            causes,
            retry_after: None,
            body: raw,
        }
    }

    /// Whether trying again later may succeed: 429 (too many requests), 500, 502, 503 and 504,
    /// as Mercado Pago's SDKs treat them. (Whether a write may be *repeated* also depends on
    /// the endpoint: see [`Call::may_retry`](super::Call::may_retry).)
    pub fn is_retryable(&self) -> bool {
        matches!(self.status, 429 | 500 | 502 | 503 | 504)
    }
}

impl Cause {
    fn from_json(value: &Value) -> Cause {
        match value {
            Value::Object(_) => Cause {
                code: value.get("code").and_then(super::json_text),
                description: value
                    .get("description")
                    .or_else(|| value.get("message"))
                    .and_then(super::json_text),
            },
            other => Cause {
                code: None,
                description: super::json_text(other),
            },
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Mercado Pago answered HTTP {}", self.status)?;
        match (&self.message, &self.error) {
            (Some(message), Some(error)) => write!(f, ": {message} ({error})")?,
            (Some(message), None) => write!(f, ": {message}")?,
            (None, Some(error)) => write!(f, ": {error}")?,
            (None, None) if !self.body.is_empty() => write!(f, ": {}", self.body)?,
            (None, None) => {}
        }
        for cause in &self.causes {
            match (&cause.code, &cause.description) {
                (Some(code), Some(description)) => write!(f, "; {code}: {description}")?,
                (Some(text), None) | (None, Some(text)) => write!(f, "; {text}")?,
                (None, None) => {}
            }
        }
        if let Some(wait) = self.retry_after {
            write!(f, " (retry after {} s)", wait.as_secs())?;
        }
        Ok(())
    }
}
