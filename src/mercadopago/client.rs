//! A blocking client (feature `mercadopago-ureq`): sends [`Call`]s with `ureq` over rustls.

use std::ops::ControlFlow;
use std::thread::sleep;
use std::time::{Duration, Instant};

use super::{
    Api, Call, Error, MerchantOrderSearch, Order, Poller, Progress, Step, WaitOutcome, retry_after,
};

/// Sends calls with a timeout, a bounded answer size, bounded retries and, if given, a
/// deadline for everything it sends.
///
/// Retries happen only on answers that are transient for that call ([`Call::may_retry`]:
/// 429, 500, 502, 503, 504, and only 429 and 503 for the legacy `/qrs` writes), after the
/// answer's `Retry-After` or an exponential backoff, reusing the call's idempotency key. A
/// `Retry-After` longer than the longest wait (30 s) ends the retries: the error carries it.
/// A request that timed out is retried only when a repeat is harmless
/// ([`Call::may_retry_timeout`]: reads, and the Orders API's writes with their idempotency
/// key); a legacy `/qrs` write that timed out may have been processed.
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
    /// The first and the longest interval between polls of a wait.
    poll_intervals: (Duration, Duration),
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
            poll_intervals: (Duration::from_secs(1), Duration::from_secs(5)),
        }
    }

    /// The intervals of [`Client::wait_for_order`]'s polls: `first`, then half as long again
    /// each time up to `longest` (1 s and 5 s by default; see [`Poller`]).
    #[must_use]
    pub fn with_poll_intervals(mut self, first: Duration, longest: Duration) -> Client {
        self.poll_intervals = (first, longest);
        self
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
            let mut response = match agent.run(request) {
                Ok(response) => response,
                Err(ureq::Error::Timeout(_)) if left.is_some_and(|left| left <= self.timeout) => {
                    return Err(Error::DeadlinePassed);
                }
                Err(error @ ureq::Error::Timeout(_)) => {
                    // Sent again only when a repeat is harmless (a read, or an idempotency
                    // key the API honours): a timed-out write may have been done.
                    let wait = self
                        .backoff
                        .saturating_mul(1 << attempt.min(16))
                        .min(self.max_wait);
                    let in_time = self.remaining()?.is_none_or(|left| wait < left);
                    if call.may_retry_timeout() && attempt < self.retries && in_time {
                        sleep(wait);
                        attempt += 1;
                        continue;
                    }
                    return Err(self.transport(&error));
                }
                Err(other) => return Err(self.transport(&other)),
            };
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

    /// Polls `GET /v1/orders/{id}` (at the pace of [`Poller`]) until the order is paid or
    /// ends (canceled, expired, failed, refunded), or until `timeout` passes. Transient
    /// failures (the network, 5xx, 429) are polled through; any other error ends the wait.
    ///
    /// `watch` sees each answer, and the time elapsed every tenth of a second while waiting;
    /// it returns [`ControlFlow::Break`] to stop waiting ([`WaitOutcome::Stopped`]).
    pub fn wait_for_order(
        &self,
        api: &Api,
        id: &str,
        timeout: Duration,
        watch: impl FnMut(Option<&Order>, Duration) -> ControlFlow<()>,
    ) -> Result<WaitOutcome<Order>, Error> {
        self.wait(&api.get_order(id)?, timeout, Order::progress, watch)
    }

    /// [`Client::wait_for_order`] for a legacy order: searches its merchant orders by
    /// `external_reference` until one is closed and paid.
    pub fn wait_for_merchant_orders(
        &self,
        api: &Api,
        external_reference: &str,
        timeout: Duration,
        watch: impl FnMut(Option<&MerchantOrderSearch>, Duration) -> ControlFlow<()>,
    ) -> Result<WaitOutcome<MerchantOrderSearch>, Error> {
        let call = api.search_merchant_orders(external_reference)?;
        self.wait(&call, timeout, MerchantOrderSearch::progress, watch)
    }

    fn wait<T>(
        &self,
        call: &Call<T>,
        timeout: Duration,
        progress: fn(&T) -> Progress,
        mut watch: impl FnMut(Option<&T>, Duration) -> ControlFlow<()>,
    ) -> Result<WaitOutcome<T>, Error> {
        let start = Instant::now();
        let (first, longest) = self.poll_intervals;
        let mut poller = Poller::new(start, timeout).with_intervals(first, longest);
        // No request outlives the wait.
        let deadline = self
            .deadline
            .map_or(poller.deadline(), |own| own.min(poller.deadline()));
        let client = self.clone().with_deadline(deadline);
        let mut last = None;
        loop {
            match poller.next(Instant::now()) {
                Step::TimedOut => return Ok(WaitOutcome::TimedOut(last)),
                Step::Wait(pause) => {
                    sleep(pause.min(Duration::from_millis(100)));
                    if watch(last.as_ref(), start.elapsed()).is_break() {
                        return Ok(WaitOutcome::Stopped(last));
                    }
                }
                Step::Poll => match client.run(call) {
                    Ok(answer) => {
                        if watch(Some(&answer), start.elapsed()).is_break() {
                            return Ok(WaitOutcome::Stopped(Some(answer)));
                        }
                        match progress(&answer) {
                            Progress::Paid => return Ok(WaitOutcome::Paid(answer)),
                            Progress::Ended(_) => return Ok(WaitOutcome::Ended(answer)),
                            _ => last = Some(answer),
                        }
                    }
                    Err(Error::DeadlinePassed) if Instant::now() >= poller.deadline() => {
                        return Ok(WaitOutcome::TimedOut(last));
                    }
                    // The client's own deadline, before the wait's.
                    Err(Error::DeadlinePassed) => return Err(Error::DeadlinePassed),
                    Err(error) if error.is_transport() || error.is_retryable() => {}
                    Err(error) => return Err(error),
                },
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
