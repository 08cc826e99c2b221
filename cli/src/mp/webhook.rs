//! `emvqr mp webhook listen`: a small HTTP server that receives Mercado Pago's notifications,
//! checks each signature, answers at once and prints one line per event. For development, and
//! for kiosks that learn about payments this way.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant, SystemTime};

use emvqr::mercadopago::{
    Api, Deduplicator, Freshness, MAX_BODY_LEN, MAX_QUERY_LEN, Notification, SignatureError, Topic,
};
use serde::Serialize;

use super::{Endpoint, api, failure};
use crate::{Failure, out};

/// The environment variable the webhook secret comes from.
const SECRET_VARIABLE: &str = "MP_WEBHOOK_SECRET";

#[derive(clap::Subcommand)]
pub enum WebhookCommand {
    /// Receive notifications: verify each x-signature with MP_WEBHOOK_SECRET, answer 200 to
    /// valid ones (401 otherwise), print one line per new event.
    Listen(Listen),
}

#[derive(clap::Args)]
pub struct Listen {
    /// The port to listen on.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The address to listen on (0.0.0.0 to accept notifications from other machines, behind
    /// a tunnel or a proxy that terminates TLS).
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// One JSON object per event instead of text.
    #[arg(long)]
    json: bool,
    /// Fetch the order an Orders API notification names (with MP_ACCESS_TOKEN) and print its
    /// status.
    #[arg(long)]
    fetch: bool,
    /// Also accept unsigned notifications (the legacy IPNs, which Mercado Pago does not
    /// sign), marked "verified": false. Never act on one without fetching what it names.
    #[arg(long)]
    allow_unsigned: bool,
    /// Refuse signatures older than this many seconds (0: no limit). Mercado Pago re-sends a
    /// notification for about a day until it gets an answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 90_000)]
    max_age: u64,
    #[command(flatten)]
    endpoint: Endpoint,
}

/// The longest request head (request line and headers) read.
const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request, and to read the answer.
const IO_TIMEOUT: Duration = Duration::from_secs(5);

pub fn run(command: &WebhookCommand) -> Result<(), Failure> {
    let WebhookCommand::Listen(args) = command;
    let secret = std::env::var(SECRET_VARIABLE).unwrap_or_default();
    if secret.trim().is_empty() {
        return Err(Failure::usage(format!(
            "{SECRET_VARIABLE} is not set: export your application's webhook secret in it \
             (Your integrations → the application → Webhooks)"
        )));
    }
    let api = if args.fetch {
        Some(api(&args.endpoint)?)
    } else {
        None
    };
    let address = SocketAddr::new(args.bind, args.port);
    let listener = TcpListener::bind(address)
        .map_err(|e| Failure::usage(format!("cannot listen on {address}: {e}")))?;
    let local = listener.local_addr().unwrap_or(address);
    out::note(&format!(
        "listening on http://{local} for Mercado Pago notifications (Ctrl-C stops)"
    ));
    let mut seen = Deduplicator::new(100_000, Duration::from_secs(26 * 3600));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let event = handle(stream, secret.trim(), args, &mut seen);
        if let Some(event) = event {
            report(&event, args, api.as_ref())?;
        }
    }
    Ok(())
}

/// One event, as printed.
#[derive(Serialize)]
struct Event {
    topic: String,
    action: Option<String>,
    id: String,
    request_id: Option<String>,
    verified: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
}

/// Reads one request, answers it, and returns the event to print: none for a request refused,
/// or a duplicate.
fn handle(
    mut stream: TcpStream,
    secret: &str,
    args: &Listen,
    seen: &mut Deduplicator,
) -> Option<Event> {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let started = Instant::now();
    let request = match read_request(&stream, started) {
        Ok(request) => request,
        Err((status, reason)) => {
            answer(&mut stream, status, reason);
            return None;
        }
    };
    if request.method != "POST" {
        answer(&mut stream, 405, "notifications come as POST");
        return None;
    }
    let notification = match Notification::parse(&request.query, &request.body) {
        Ok(notification) => notification,
        Err(_) => {
            answer(&mut stream, 400, "not a Mercado Pago notification");
            return None;
        }
    };
    let freshness = if args.max_age == 0 {
        Freshness::Unchecked
    } else {
        Freshness::Within {
            now: SystemTime::now(),
            tolerance: Duration::from_secs(args.max_age),
        }
    };
    let verified = match (&request.signature, &notification.signed_id) {
        (Some(signature), Some(_)) => {
            notification.verify(secret, signature, request.request_id.as_deref(), freshness)
        }
        _ => Err(SignatureError::NotSigned),
    };
    let verified = match verified {
        Ok(_) => true,
        Err(SignatureError::NotSigned) if args.allow_unsigned => false,
        Err(_) => {
            // Nothing of a refused notification is printed: it may be forged.
            answer(&mut stream, 401, "the signature does not hold");
            return None;
        }
    };
    // Answered at once: Mercado Pago waits 22 s at most, then sends it again.
    answer(&mut stream, 200, "ok");
    if !seen.first_time(&notification, Instant::now()) {
        return None;
    }
    Some(Event {
        topic: topic_name(&notification.topic),
        action: notification.action.clone(),
        id: notification.resource_id.clone(),
        request_id: request.request_id.clone(),
        verified,
        status: None,
    })
}

fn topic_name(topic: &Topic) -> String {
    match topic {
        Topic::MerchantOrder => "merchant_order".to_owned(),
        Topic::Payment => "payment".to_owned(),
        Topic::Order => "order".to_owned(),
        Topic::Chargebacks => "chargebacks".to_owned(),
        Topic::Other(other) => other.clone(),
        _ => "unknown".to_owned(),
    }
}

/// Prints an event (after fetching its order, with `--fetch`).
fn report(event: &Event, args: &Listen, api: Option<&Api>) -> Result<(), Failure> {
    let mut event_status = None;
    if let Some(api) = api
        && event.topic == "order"
    {
        let fetched = api
            .get_order(&event.id)
            .map_err(failure)
            .and_then(|call| args.endpoint.client().run(&call).map_err(failure));
        match fetched {
            Ok(order) => event_status = order.status.map(|s| s.to_string()),
            Err(error) => out::note(&format!(
                "cannot fetch order {}: {}",
                event.id,
                error.lines.join("; ")
            )),
        }
    }
    let event = Event {
        status: event_status,
        topic: event.topic.clone(),
        action: event.action.clone(),
        id: event.id.clone(),
        request_id: event.request_id.clone(),
        verified: event.verified,
    };
    if args.json {
        let mut line =
            out::json_for_terminal(&serde_json::to_string(&event).unwrap_or_default()).into_owned();
        line.push('\n');
        out::bytes(line.as_bytes())
    } else {
        let mut line = format!(
            "{} {} {}",
            event.topic,
            event.id,
            event.action.as_deref().unwrap_or("-")
        );
        if let Some(status) = &event.status {
            line += &format!(" status {status}");
        }
        if let Some(request_id) = &event.request_id {
            line += &format!(" (request {request_id})");
        }
        line += if event.verified {
            " verified"
        } else {
            " UNSIGNED"
        };
        out::line(&line)
    }
}

/// The parts of a request the listener reads.
struct Request {
    method: String,
    query: String,
    signature: Option<String>,
    request_id: Option<String>,
    body: Vec<u8>,
}

/// Reads a request, bounded in size and time; `Err` is the answer to give.
fn read_request(stream: &TcpStream, started: Instant) -> Result<Request, (u16, &'static str)> {
    let mut reader = BufReader::new(stream.take((MAX_HEAD + MAX_BODY_LEN) as u64));
    let mut head = Vec::new();
    let mut line = Vec::new();
    let mut lines = Vec::new();
    loop {
        line.clear();
        let read = reader
            .read_until(b'\n', &mut line)
            .map_err(|_| (408, "the request took too long"))?;
        head.extend_from_slice(&line);
        if read == 0 || head.len() > MAX_HEAD || started.elapsed() > IO_TIMEOUT {
            return Err((431, "the request head is too large or incomplete"));
        }
        let text = String::from_utf8_lossy(&line).trim_end().to_owned();
        if text.is_empty() {
            break;
        }
        lines.push(text);
    }
    let mut parts = lines
        .first()
        .map(|l| l.split(' '))
        .ok_or((400, "no request line"))?;
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default();
    let query = target.split_once('?').map_or("", |(_, q)| q);
    if query.len() > MAX_QUERY_LEN {
        return Err((414, "the query string is too long"));
    }
    let header = |name: &str| {
        lines.iter().skip(1).find_map(|l| {
            let (key, value) = l.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    };
    let length: usize = match header("content-length") {
        Some(value) => value.parse().map_err(|_| (400, "a bad content-length"))?,
        None => 0,
    };
    if length > MAX_BODY_LEN {
        return Err((413, "the body is larger than a notification"));
    }
    let mut body = vec![0; length];
    reader
        .read_exact(&mut body)
        .map_err(|_| (408, "the body did not arrive in time"))?;
    Ok(Request {
        method,
        query: query.to_owned(),
        signature: header("x-signature"),
        request_id: header("x-request-id"),
        body,
    })
}

fn answer(stream: &mut TcpStream, status: u16, reason: &str) {
    let phrase = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        _ => "Request Header Fields Too Large",
    };
    let body = format!("{reason}\n");
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {phrase}\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}
