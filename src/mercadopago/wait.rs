//! Waiting until an order is paid, without I/O: [`Poller`] says when to ask again and when to
//! give up; the caller sends the requests ([`Client::wait_for_order`](super::Client) does).

use std::time::{Duration, Instant};

use super::{MerchantOrderSearch, Order, OrderState};

/// Where a watched order stands.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress {
    /// Not paid yet, and still payable.
    Pending,
    /// Paid.
    Paid,
    /// It will not be paid: canceled, expired, failed or refunded (the status, as written).
    Ended(String),
}

impl Order {
    /// Where the order stands: paid when `processed`; ended when `canceled`, `expired`,
    /// `failed` or `refunded`; pending otherwise.
    pub fn progress(&self) -> Progress {
        match &self.status {
            Some(OrderState::Processed) => Progress::Paid,
            Some(state) if state.is_final() => Progress::Ended(state.to_string()),
            _ => Progress::Pending,
        }
    }
}

impl MerchantOrderSearch {
    /// Where a legacy order stands: paid when one of its merchant orders is closed and paid
    /// in full; pending otherwise (a legacy order has no status that says it will never be
    /// paid).
    pub fn progress(&self) -> Progress {
        if self.is_paid() {
            Progress::Paid
        } else {
            Progress::Pending
        }
    }
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// Ask for the order now.
    Poll,
    /// Wait this long (never past the deadline), then ask again.
    Wait(Duration),
    /// The deadline has passed: give up.
    TimedOut,
}

/// When to poll an order, and when to give up: the first request at once, then at growing
/// intervals (1 s, then half as long again each time, up to 5 s), never past the deadline.
/// Mercado Pago asks integrations to rely on notifications and to poll sparingly; five
/// seconds between requests keeps a wait of fifteen minutes under two hundred requests.
///
/// ```
/// use std::time::{Duration, Instant};
/// use emvqr::mercadopago::{Poller, Step};
///
/// let start = Instant::now();
/// let mut poller = Poller::new(start, Duration::from_secs(60));
/// assert_eq!(poller.next(start), Step::Poll);
/// assert_eq!(poller.next(start), Step::Wait(Duration::from_secs(1)));
/// let later = start + Duration::from_secs(1);
/// assert_eq!(poller.next(later), Step::Poll);
/// assert_eq!(poller.next(later), Step::Wait(Duration::from_millis(1500)));
/// assert_eq!(poller.next(start + Duration::from_secs(60)), Step::TimedOut);
/// ```
#[derive(Clone, Debug)]
pub struct Poller {
    deadline: Instant,
    due: Instant,
    interval: Duration,
    longest: Duration,
}

impl Poller {
    /// A wait that starts at `now` and gives up `timeout` later.
    pub fn new(now: Instant, timeout: Duration) -> Poller {
        Poller {
            deadline: now + timeout,
            due: now,
            interval: Duration::from_secs(1),
            longest: Duration::from_secs(5),
        }
    }

    /// Waits `first` after the first request, then half as long again each time up to
    /// `longest` (1 s and 5 s by default).
    #[must_use]
    pub fn with_intervals(mut self, first: Duration, longest: Duration) -> Poller {
        self.interval = first.min(longest);
        self.longest = longest;
        self
    }

    /// When the wait gives up.
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// What to do at `now`. A [`Step::Poll`] schedules the next one.
    pub fn next(&mut self, now: Instant) -> Step {
        if now >= self.deadline {
            return Step::TimedOut;
        }
        if now >= self.due {
            self.due = now + self.interval;
            self.interval = (self.interval + self.interval / 2).min(self.longest);
            return Step::Poll;
        }
        Step::Wait(self.due.min(self.deadline) - now)
    }
}

/// How a wait ended.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitOutcome<T> {
    /// Paid: the last answer.
    Paid(T),
    /// It will not be paid: the last answer says why.
    Ended(T),
    /// The timeout passed; the last answer, if any came.
    TimedOut(Option<T>),
    /// The caller stopped waiting; the last answer, if any came.
    Stopped(Option<T>),
}
