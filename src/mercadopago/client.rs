//! A blocking client (feature `mercadopago-ureq`): sends [`Call`]s with `ureq` over rustls.

use std::thread::sleep;
use std::time::{Duration, Instant};

use super::{Call, Error, retry_after};

/// Sends calls with a timeout, a bounded answer size, bounded retries and, if given, a
/// deadline for everything it sends.
///
/// Retries happen only on answers that are transient for that call ([`Call::may_retry`]:
/// 429, 500, 502, 503, 504, and only 429 and 503 for the legacy `/qrs` writes), after the
/// answer's `Retry-After` or an exponential backoff, reusing the call's idempotency key. A
/// `Retry-After` longer than the longest wait (30 s) ends the retries: the error carries it.
/// A request that timed out is not retried: it may have been processed.
///
/// Redirects are not followed: Mercado Pago's API does not redirect, so a redirect is an
/// answer that is not the API's ([`Error::UnexpectedResponse`]), and the request (with its
/// token and idempotency key) goes nowhere else. A deadline ([`Client::with_deadline`]) bounds
/// every request, retry and wait the client makes until then: a command that reads several
/// pages gives its whole work one deadline.
///
/// Plain `http://` requests (to a mock server on this machine) never go through a proxy from
/// the environment, which would carry the token across a network in clear text.
///
/// ```no_run
/// use emvqr::mercadopago::{AccessToken, Api, Client, Item, Money, QrOrder};
///
/// let api = Api::new(AccessToken::from_env()?);
/// let order = QrOrder::new("order-1042", "Coffee shop", Money::from_cents(1190))
///     .item(Item::new("Espresso", Money::from_cents(595), 2));
/// let created = Client::new().run(&api.create_qr_order("123456", "CAJA01", &order)?)?;
/// println!("{}", created.qr_data);
/// # Ok::<(), emvqr::mercadopago::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    /// For https: honours the environment's proxy settings.
    agent: ureq::Agent,
    /// For plain http to this machine: never a proxy.
    direct: ureq::Agent,
    timeout: Duration,
    retries: u32,
    backoff: Duration,
    max_wait: Duration,
    body_limit: u64,
    deadline: Option<Instant>,
}

impl Default for Client {
    fn default() -> Self {
        Client::new()
    }
}

impl Client {
    /// 30-second timeout per request, 3 retries from a 1-second backoff (waits capped at 30
    /// seconds), answers up to 1 MiB.
    pub fn new() -> Client {
        let timeout = Duration::from_secs(30);
        Client {
            agent: agent(timeout, true),
            direct: agent(timeout, false),
            timeout,
            retries: 3,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(30),
            body_limit: 1 << 20,
            deadline: None,
        }
    }

    /// Gives up at `deadline`: no request, retry or wait of this client goes past it
    /// ([`Error::DeadlinePassed`]).
    #[must_use]
    pub fn with_deadline(mut self, deadline: Instant) -> Client {
        self.deadline = Some(deadline);
        self
    }

    /// What is left of the deadline (`None` without one); an error once it has passed.
    fn remaining(&self) -> Result<Option<Duration>, Error> {
        let Some(deadline) = self.deadline else {
            return Ok(None);
        };
        match deadline.checked_duration_since(Instant::now()) {
            Some(left) if !left.is_zero() => Ok(Some(left)),
            _ => Err(Error::DeadlinePassed),
        }
    }

    /// The whole-request timeout (connect, send, answer).
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Client {
        self.agent = agent(timeout, true);
        self.direct = agent(timeout, false);
        self.timeout = timeout;
        self
    }

    /// How many times a transient error answer is retried, and the first backoff (doubled
    /// each time) when the answer has no `Retry-After`.
    #[must_use]
    pub fn with_retries(mut self, retries: u32, backoff: Duration) -> Client {
        self.retries = retries;
        self.backoff = backoff;
        self
    }

    /// The longest answer read, in bytes.
    #[must_use]
    pub fn with_body_limit(mut self, bytes: u64) -> Client {
        self.body_limit = bytes;
        self
    }

    /// Sends `call` and parses the answer.
    pub fn run<T>(&self, call: &Call<T>) -> Result<T, Error> {
        let agent = if call.request().uri().scheme_str() == Some("https") {
            &self.agent
        } else {
            &self.direct
        };
        let mut attempt: u32 = 0;
        loop {
            let left = self.remaining()?;
            let timeout = left.map_or(self.timeout, |left| left.min(self.timeout));
            let request = agent
                .configure_request(call.to_request())
                .timeout_global(Some(timeout))
                .build();
            let mut response = agent.run(request).map_err(|e| match e {
                ureq::Error::Timeout(_) if left.is_some_and(|left| left <= self.timeout) => {
                    Error::DeadlinePassed
                }
                other => self.transport(&other),
            })?;
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(http::header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .unwrap_or("nowhere");
                return Err(Error::UnexpectedResponse {
                    status: status.as_u16(),
                    reason: format!(
                        "a redirect to {location}, which is not followed: Mercado Pago's API does not redirect"
                    ),
                });
            }
            let wait_asked = retry_after(response.headers());
            let body = response
                .body_mut()
                .with_config()
                .limit(self.body_limit)
                .read_to_vec()
                .map_err(|e| match e {
                    ureq::Error::BodyExceedsLimit(_) => Error::ResponseTooLarge {
                        limit: self.body_limit,
                    },
                    other => self.transport(&other),
                })?;
            match call.parse(status, &body) {
                Err(Error::Api(mut api)) => {
                    api.retry_after = wait_asked;
                    let backoff = self.backoff.saturating_mul(1 << attempt.min(16));
                    let wait = wait_asked.unwrap_or(backoff.min(self.max_wait));
                    let in_time = self.remaining()?.is_none_or(|left| wait < left);
                    if call.may_retry(&api)
                        && attempt < self.retries
                        && wait <= self.max_wait
                        && in_time
                    {
                        sleep(wait);
                        attempt += 1;
                        continue;
                    }
                    return Err(Error::Api(api));
                }
                other => return other,
            }
        }
    }

    fn transport(&self, error: &ureq::Error) -> Error {
        match error {
            ureq::Error::Timeout(_) => {
                Error::Transport(format!("no answer within {} s", self.timeout.as_secs_f32()))
            }
            other => Error::Transport(other.to_string()),
        }
    }
}

fn agent(timeout: Duration, environment_proxy: bool) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(0)
        // Error answers carry Mercado Pago's explanation: read them as answers.
        .http_status_as_error(false)
        .user_agent(concat!("emvqr/", env!("CARGO_PKG_VERSION")));
    let config = if environment_proxy {
        config
    } else {
        config.proxy(None)
    };
    config.build().new_agent()
}
