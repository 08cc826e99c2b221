//! Fetching a location and its key set over HTTPS (feature `pix-location-ureq`), then the
//! sans-IO verification.

use std::fmt;
use std::net::SocketAddr;
use std::string::String;
use std::sync::Arc;
use std::time::{Duration, Instant};
use std::vec::Vec;

use rustls_pki_types::UnixTime;
use ureq::tls::{Certificate, RootCerts, TlsConfig};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver as NameResolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

use super::Failure;
use super::charge::Charge;
use super::jws::{MAX_JWKS_LEN, MAX_JWS_LEN};
use super::location::{CobvQuery, FoundLocation, Location, LocationError, locations};
use super::verify::{Algorithm, Step, TrustStore, Verifier};
use crate::path::TagPath;
use crate::payload::Payload;

/// What resolving a location can end with, besides a verified charge.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The location is refused before any connection.
    Location(LocationError),
    /// The connection failed, TLS did not verify, or no answer came in time.
    Transport {
        /// The address.
        url: String,
        /// What happened.
        detail: String,
    },
    /// The deadline passed before the work was done.
    DeadlinePassed,
    /// The server answered with an error status (a charge that is gone answers 404 or 410),
    /// or a redirect, which is not followed.
    Status {
        /// The address.
        url: String,
        /// The status.
        status: u16,
        /// The problem's title and detail (RFC 7807), or the redirect's target.
        detail: String,
    },
    /// The answer failed a step of the verification.
    Refused {
        /// The address whose answer failed.
        url: String,
        /// The step and why.
        failure: Failure,
    },
}

impl Error {
    /// Whether it is a failure to reach a working server (connection, TLS, time, or an
    /// answer 429 or 5xx: try again later), rather than an answer that was refused.
    pub fn is_transport(&self) -> bool {
        match self {
            Error::Transport { .. } | Error::DeadlinePassed => true,
            Error::Status { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Location(error) => write!(f, "the location is refused: {error}"),
            Error::Transport { url, detail } => write!(f, "{url}: {detail}"),
            Error::DeadlinePassed => f.write_str("the deadline passed"),
            Error::Status {
                url,
                status,
                detail,
            } => write!(f, "{url} answered {status}: {detail}"),
            Error::Refused { url, failure } => write!(f, "{url}: {failure}"),
        }
    }
}

impl std::error::Error for Error {}

/// A location's charge, verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The location.
    pub location: Location,
    /// The address fetched.
    pub url: String,
    /// The algorithm that signed the charge.
    pub algorithm: Algorithm,
    /// The checks passed, in order (TLS, the JWS, the key set, the chain, the signature, the
    /// schema).
    pub steps: Vec<Step>,
    /// The charge.
    pub charge: Charge,
}

/// The outcome for one location of a payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    /// Where the location is in the payload (`26.25`, `80.25`).
    pub path: TagPath,
    /// The verified charge, or why not.
    pub result: Result<Resolved, Error>,
}

/// Connects to given addresses for given hosts (as curl's `--connect-to`), while TLS still
/// checks the host's name.
#[derive(Debug, Default)]
struct ConnectTo {
    overrides: Vec<(String, SocketAddr)>,
    default: DefaultResolver,
}

impl NameResolver for ConnectTo {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or_default();
        if let Some((_, address)) = self
            .overrides
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(host))
        {
            let mut found = self.empty();
            found.push(*address);
            return Ok(found);
        }
        self.default.resolve(uri, config, timeout)
    }
}

/// Fetches a location's charge and its key set over HTTPS and verifies them: TLS against the
/// trust store's roots, no redirects, answers bounded ([`MAX_JWS_LEN`], [`MAX_JWKS_LEN`]),
/// every request within the timeout and all of them within the deadline.
///
/// ```no_run
/// use emvqr::pix_location::{CobvQuery, Resolver, TrustStore};
/// use emvqr::Payload;
///
/// let payload = Payload::parse("00020101021226…6304ABCD")?;
/// let resolver = Resolver::new(TrustStore::web());
/// for resolution in resolver.resolve_payload(&payload, &CobvQuery::default()) {
///     match resolution.result {
///         Ok(resolved) => println!("{}: {:?}", resolution.path, resolved.charge),
///         Err(error) => println!("{}: {error}", resolution.path),
///     }
/// }
/// # Ok::<(), emvqr::Error>(())
/// ```
#[derive(Debug)]
pub struct Resolver {
    verifier: Verifier,
    connect_to: Vec<(String, SocketAddr)>,
    timeout: Duration,
    deadline: Option<Instant>,
    agent: ureq::Agent,
}

impl Resolver {
    /// A resolver trusting `trust`'s roots, for TLS and for the charge's signing chain; a
    /// 10-second timeout per request, no deadline.
    pub fn new(trust: TrustStore) -> Resolver {
        Resolver::with_verifier(Verifier::new(trust))
    }

    /// A resolver verifying with `verifier` (its roots, and its options); TLS is checked
    /// against the same roots.
    pub fn with_verifier(verifier: Verifier) -> Resolver {
        let timeout = Duration::from_secs(10);
        let agent = agent(&verifier, &[], timeout);
        Resolver {
            verifier,
            connect_to: Vec::new(),
            timeout,
            deadline: None,
            agent,
        }
    }

    /// Connects to `address` when a request is for `host` (tests, private networks); TLS
    /// still checks `host`.
    pub fn with_connect_to(mut self, host: &str, address: SocketAddr) -> Resolver {
        self.connect_to.push((host.into(), address));
        self.agent = agent(&self.verifier, &self.connect_to, self.timeout);
        self
    }

    /// The timeout of each request.
    pub fn with_timeout(mut self, timeout: Duration) -> Resolver {
        self.timeout = timeout;
        self.agent = agent(&self.verifier, &self.connect_to, self.timeout);
        self
    }

    /// When all the work must be done.
    pub fn with_deadline(mut self, deadline: Instant) -> Resolver {
        self.deadline = Some(deadline);
        self
    }

    /// Resolves every location of `payload` ([`locations`]), in order.
    pub fn resolve_payload(&self, payload: &Payload<'_>, query: &CobvQuery) -> Vec<Resolution> {
        locations(payload)
            .into_iter()
            .map(|FoundLocation { path, location }| Resolution {
                path,
                result: location
                    .map_err(Error::Location)
                    .and_then(|location| self.resolve(&location, query)),
            })
            .collect()
    }

    /// Fetches `location`'s charge (with `query` for a `cobv`), then its key set, and
    /// verifies both at the current time.
    pub fn resolve(&self, location: &Location, query: &CobvQuery) -> Result<Resolved, Error> {
        let url = location.url(query);
        let body = self.get(&url, "application/jose", MAX_JWS_LEN)?;
        let refused = |url: &str, failure: Failure| Error::Refused {
            url: url.into(),
            failure,
        };
        let mut steps = vec![Step {
            check: "TLS",
            detail: format!("{} verified against the trust store", location.host()),
        }];
        let (jws, header_steps) = self
            .verifier
            .header(location, &body)
            .map_err(|failure| refused(&url, failure))?;
        steps.extend(header_steps);
        let jku = jws.header().jku.clone();
        let jwks = self.get(&jku, "application/json", MAX_JWKS_LEN)?;
        let verified = self
            .verifier
            .verify(location, &jws, &jwks, UnixTime::now())
            .map_err(|failure| {
                // A key set that cannot be read is the jku's fault; the rest concerns the JWS.
                let at = match failure {
                    Failure::Jwks(_) | Failure::TooLarge { .. } | Failure::KeyNotFound { .. } => {
                        &jku
                    }
                    _ => &url,
                };
                refused(at, failure)
            })?;
        steps.extend(verified.steps);
        let charge = Charge::parse(location.kind(), jws.payload())
            .map_err(|error| refused(&url, Failure::Charge(error)))?;
        steps.push(Step {
            check: "schema",
            detail: format!(
                "the payload is a {} by the Pix API's schema",
                location.kind()
            ),
        });
        Ok(Resolved {
            location: location.clone(),
            url,
            algorithm: verified.algorithm,
            steps,
            charge,
        })
    }

    fn get(&self, url: &str, accept: &str, limit: usize) -> Result<Vec<u8>, Error> {
        let timeout = match self.deadline {
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(Error::DeadlinePassed);
                }
                left.min(self.timeout)
            }
            None => self.timeout,
        };
        let transport = |detail: String| Error::Transport {
            url: url.into(),
            detail,
        };
        let request = ureq::http::Request::get(url)
            .header("accept", accept)
            .body(())
            .map_err(|e| transport(e.to_string()))?;
        let request = self
            .agent
            .configure_request(request)
            .timeout_global(Some(timeout))
            .build();
        let mut response = self.agent.run(request).map_err(|error| match error {
            ureq::Error::Timeout(_) if self.deadline.is_some_and(|d| Instant::now() >= d) => {
                Error::DeadlinePassed
            }
            ureq::Error::Timeout(_) => {
                transport(format!("no answer within {} s", timeout.as_secs_f32()))
            }
            other => transport(other.to_string()),
        })?;
        let status = response.status();
        if status.is_redirection() {
            let to = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or("nowhere")
                .to_owned();
            return Err(Error::Status {
                url: url.into(),
                status: status.as_u16(),
                detail: format!(
                    "a redirect to {to}, which is not followed: a location answers itself"
                ),
            });
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(limit as u64)
            .read_to_vec()
            .map_err(|error| match error {
                ureq::Error::BodyExceedsLimit(_) => Error::Refused {
                    url: url.into(),
                    failure: Failure::TooLarge {
                        what: if limit == MAX_JWS_LEN {
                            "JWS"
                        } else {
                            "JWK Set"
                        },
                        limit,
                    },
                },
                other => transport(other.to_string()),
            })?;
        if !status.is_success() {
            return Err(Error::Status {
                url: url.into(),
                status: status.as_u16(),
                detail: problem(&body),
            });
        }
        Ok(body)
    }
}

/// The title and detail of an RFC 7807 problem, or the start of the body.
fn problem(body: &[u8]) -> String {
    if let Ok(serde_json::Value::Object(problem)) = serde_json::from_slice(body) {
        let text = |key: &str| problem.get(key).and_then(|v| v.as_str()).unwrap_or("");
        let joined = [text("title"), text("detail")]
            .iter()
            .filter(|t| !t.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        if !joined.is_empty() {
            return crate::Escaped(&joined).to_string();
        }
    }
    let start = body.get(..200).unwrap_or(body);
    crate::Escaped(&String::from_utf8_lossy(start)).to_string()
}

fn agent(
    verifier: &Verifier,
    connect_to: &[(String, SocketAddr)],
    timeout: Duration,
) -> ureq::Agent {
    let roots: Vec<Certificate<'static>> = verifier
        .trust()
        .certificates()
        .iter()
        .map(|der| Certificate::from_der(der.as_ref()).to_owned())
        .collect();
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .https_only(true)
        .http_status_as_error(false)
        .proxy(None)
        .user_agent(concat!("emvqr/", env!("CARGO_PKG_VERSION")))
        .tls_config(
            TlsConfig::builder()
                .root_certs(RootCerts::Specific(Arc::new(roots)))
                .build(),
        )
        .build();
    ureq::Agent::with_parts(
        config,
        DefaultConnector::default(),
        ConnectTo {
            overrides: connect_to.to_vec(),
            default: DefaultResolver::default(),
        },
    )
}
