//! The locations a dynamic Pix code carries, checked before anything connects to them.

use std::fmt;
use std::string::String;
use std::vec::Vec;

use crate::path::TagPath;
use crate::payload::Payload;
use crate::schemes::pix::Pix;

/// The longest location, in characters (manual §2.5.2; `PayloadLocation.location` in the
/// `openapi.yaml` of `bacen/pix-api`).
pub const MAX_LOCATION_LEN: usize = 77;

/// What a location serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChargeKind {
    /// An immediate charge (`cob`): 26.25 without a `cobv` path segment.
    Cob,
    /// A charge with a due date (`cobv`): 26.25 with a `cobv` path segment.
    CobV,
    /// A Pix Automático recurrence (`rec`): sub-field 25 of the recurrence template (80–99).
    Rec,
}

impl ChargeKind {
    /// `cob`, `cobv` or `rec`, as the Pix API names them.
    pub const fn name(self) -> &'static str {
        match self {
            ChargeKind::Cob => "cob",
            ChargeKind::CobV => "cobv",
            ChargeKind::Rec => "rec",
        }
    }
}

impl fmt::Display for ChargeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a location is refused before any connection.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LocationError {
    /// Empty, or longer than [`MAX_LOCATION_LEN`] characters.
    Length {
        /// Its length in characters.
        chars: usize,
    },
    /// It starts with a scheme (`https://`): a location has none; the reader adds `https://`.
    HasScheme,
    /// A character a location may not hold (only letters, digits, `-`, `.`, `_`, `~`, `/` and
    /// `%` escapes): no query, fragment, port, credentials or spaces.
    Character {
        /// The character.
        character: char,
        /// Its byte offset in the location.
        offset: usize,
    },
    /// The host is not a DNS name (two or more labels of letters, digits and inner hyphens, at
    /// most 63 characters each, 253 in all, the last not all digits): IP literals are refused.
    Host {
        /// The host as written.
        host: String,
    },
    /// Nothing after the host: a location names a charge (`host/path/token`).
    NoPath,
}

impl fmt::Display for LocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocationError::Length { chars } => write!(
                f,
                "a location holds 1 to {MAX_LOCATION_LEN} characters, this one {chars}"
            ),
            LocationError::HasScheme => f.write_str(
                "a location is written without a scheme (no https://); the reader adds https://",
            ),
            LocationError::Character { character, offset } => write!(
                f,
                "{:?} at byte {offset} may not appear in a location (letters, digits, - . _ ~ / and %-escapes only: no query, port, credentials or spaces)",
                character
            ),
            LocationError::Host { host } => write!(
                f,
                "the host \"{}\" is not a DNS name (IP literals and single labels are refused)",
                crate::Escaped(host)
            ),
            LocationError::NoPath => {
                f.write_str("a location names a charge: host/path, not a host alone")
            }
        }
    }
}

impl std::error::Error for LocationError {}

/// A location checked for fetching: `https://` + it is the charge's address.
///
/// ```
/// use emvqr::pix_location::{ChargeKind, Location};
///
/// let location = Location::new("pix.example.com/qr/v2/cobv/9d36b84fc70b478fb95c12729b90ca25", false)?;
/// assert_eq!(location.kind(), ChargeKind::CobV);
/// assert_eq!(location.host(), "pix.example.com");
/// assert!(Location::new("https://pix.example.com/qr/1", false).is_err());
/// assert!(Location::new("10.0.0.1/qr/1", false).is_err());
/// # Ok::<(), emvqr::pix_location::LocationError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    text: String,
    host_len: usize,
    kind: ChargeKind,
}

impl Location {
    /// Checks `text`, a location as a code writes it; `recurrence` when it comes from the
    /// recurrence template (a `rec`), else it is a `cob` or, with a `cobv` path segment, a
    /// `cobv`.
    pub fn new(text: &str, recurrence: bool) -> Result<Location, LocationError> {
        let chars = text.chars().count();
        if chars == 0 || chars > MAX_LOCATION_LEN {
            return Err(LocationError::Length { chars });
        }
        let lower = text.get(..8).map(str::to_ascii_lowercase);
        if text.contains("://")
            || lower
                .as_deref()
                .is_some_and(|head| head.starts_with("https:") || head.starts_with("http:"))
        {
            return Err(LocationError::HasScheme);
        }
        let bytes = text.as_bytes();
        let mut at = 0;
        for (offset, character) in text.char_indices() {
            if offset < at {
                continue;
            }
            let allowed = character.is_ascii_alphanumeric() || "-._~/".contains(character);
            let escape = character == '%'
                && bytes.get(offset + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(offset + 2).is_some_and(u8::is_ascii_hexdigit);
            if escape {
                at = offset + 3;
            } else if !allowed {
                return Err(LocationError::Character { character, offset });
            }
        }
        let host_len = text.find('/').unwrap_or(text.len());
        let host = &text[..host_len];
        if !is_dns_name(host) {
            return Err(LocationError::Host { host: host.into() });
        }
        let path = &text[host_len..];
        if path.split('/').all(str::is_empty) {
            return Err(LocationError::NoPath);
        }
        let kind = if recurrence {
            ChargeKind::Rec
        } else if path
            .split('/')
            .any(|segment| segment.eq_ignore_ascii_case("cobv"))
        {
            ChargeKind::CobV
        } else {
            ChargeKind::Cob
        };
        Ok(Location {
            text: text.into(),
            host_len,
            kind,
        })
    }

    /// The location as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The host (compare it ignoring ASCII case).
    pub fn host(&self) -> &str {
        &self.text[..self.host_len]
    }

    /// What it serves.
    pub fn kind(&self) -> ChargeKind {
        self.kind
    }

    /// The address to fetch: `https://` + the location, and for a `cobv` the query's
    /// parameters (`codMun`, `DPP`); a `cob` or `rec` ignores them.
    pub fn url(&self, query: &CobvQuery) -> String {
        let mut url = String::with_capacity(8 + self.text.len() + 32);
        url.push_str("https://");
        url.push_str(&self.text);
        if self.kind == ChargeKind::CobV {
            let mut separator = '?';
            if let Some(code) = &query.cod_mun {
                url.push(separator);
                url.push_str("codMun=");
                url.push_str(code.as_str());
                separator = '&';
            }
            if let Some(date) = query.dpp {
                url.push(separator);
                url.push_str("DPP=");
                url.push_str(&date.to_string());
            }
        }
        url
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whether `host` is a DNS name: labels of letters, digits and inner hyphens (1–63
/// characters), at least two, at most 253 characters, the last label not all digits (so no
/// IPv4 literal; `:` and `[` are refused earlier, so no IPv6 literal or port).
pub(crate) fn is_dns_name(host: &str) -> bool {
    if host.is_empty() || host.len() > 253 {
        return false;
    }
    let mut labels = 0;
    let mut last_all_digits = false;
    for label in host.split('.') {
        let bytes = label.as_bytes();
        let well_formed = !bytes.is_empty()
            && bytes.len() <= 63
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            && bytes.first() != Some(&b'-')
            && bytes.last() != Some(&b'-');
        if !well_formed {
            return false;
        }
        labels += 1;
        // A numeric last label makes the name an IPv4 address to the resolver: decimal, or
        // hexadecimal with 0x (`0x7f.0x1` is 127.0.0.1 to inet_aton).
        let hex = bytes
            .get(..2)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"0x"))
            && bytes
                .get(2..)
                .is_some_and(|rest| rest.iter().all(u8::is_ascii_hexdigit));
        last_all_digits = bytes.iter().all(u8::is_ascii_digit) || hex;
    }
    labels >= 2 && !last_all_digits
}

/// A municipality code of the IBGE: 7 digits (`codMun`, for a `cobv`'s charges that vary by
/// the payer's municipality).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MunicipalityCode(String);

impl MunicipalityCode {
    /// Checks `code`: 7 digits, the first two a state's code (11–53).
    pub fn new(code: &str) -> Result<MunicipalityCode, QueryError> {
        let digits = code.len() == 7 && code.bytes().all(|b| b.is_ascii_digit());
        let state = code.get(..2).and_then(|s| s.parse::<u8>().ok());
        if !digits || !state.is_some_and(|s| (11..=53).contains(&s)) {
            return Err(QueryError::MunicipalityCode(code.into()));
        }
        Ok(MunicipalityCode(code.into()))
    }

    /// The 7 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A calendar date (`YYYY-MM-DD`), as the Pix API writes dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i64,
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return None;
        }
        let number = |range: core::ops::Range<usize>| -> Option<i64> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// The date `days` after 1970-01-01 (kept within ±[`Date::MAX_DAYS`], some 2.9 billion
    /// years, so that no arithmetic on dates overflows).
    pub const fn from_days(days: i64) -> Date {
        Date {
            days: if days > Date::MAX_DAYS {
                Date::MAX_DAYS
            } else if days < -Date::MAX_DAYS {
                -Date::MAX_DAYS
            } else {
                days
            },
        }
    }

    /// The farthest a date lies from 1970-01-01, in days.
    pub const MAX_DAYS: i64 = 1 << 40;

    /// Days since 1970-01-01.
    pub const fn days(self) -> i64 {
        self.days
    }

    /// The date in Brasília (UTC−3, no daylight saving since 2019) at `unix_seconds`.
    pub const fn in_brasilia(unix_seconds: i64) -> Date {
        Date::from_days(unix_seconds.saturating_sub(3 * 3600).div_euclid(86_400))
    }

    /// This date plus `days`.
    pub const fn plus(self, days: i64) -> Date {
        Date::from_days(self.days.saturating_add(days))
    }

    fn civil(self) -> (i64, i64, i64) {
        // Howard Hinnant's civil_from_days.
        let z = self.days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        (year, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.civil();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A wrong `cobv` query parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueryError {
    /// `codMun` is not 7 digits starting with a state's code.
    MunicipalityCode(String),
    /// `DPP` is not a `YYYY-MM-DD` date.
    Date(String),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::MunicipalityCode(code) => write!(
                f,
                "codMun \"{}\" is not an IBGE municipality code (7 digits, the first two a state's code)",
                crate::Escaped(code)
            ),
            QueryError::Date(date) => {
                write!(
                    f,
                    "DPP \"{}\" is not a date (YYYY-MM-DD)",
                    crate::Escaped(date)
                )
            }
        }
    }
}

impl std::error::Error for QueryError {}

/// The query parameters of a `cobv`'s address: the payer's municipality (`codMun`) and the
/// intended payment date (`DPP`), with which the receiving PSP computes fines, interest and
/// discounts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CobvQuery {
    /// `codMun`.
    pub cod_mun: Option<MunicipalityCode>,
    /// `DPP`.
    pub dpp: Option<Date>,
}

/// A location of a payload, with the field it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundLocation {
    /// Where in the payload: `26.25`, or `80.25` (the recurrence template's).
    pub path: TagPath,
    /// The location, or why it cannot be fetched.
    pub location: Result<Location, LocationError>,
}

/// Every location of `payload`'s Pix account: the payment location (26.25) first, then the
/// recurrence's (sub-field 25 of the recurrence template, 80–99). Empty for a static code or a
/// payload without Pix.
///
/// ```
/// use emvqr::build::PixBuilder;
/// use emvqr::pix_location::{locations, ChargeKind};
/// use emvqr::Payload;
///
/// let code = PixBuilder::new_dynamic("pix.example.com/qr/v2/cobv/9d36b84f", "LOJA", "RECIFE").build()?;
/// let payload = Payload::parse(&code)?;
/// let found = locations(&payload);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].path.to_string(), "26.25");
/// assert_eq!(found[0].location.as_ref().unwrap().kind(), ChargeKind::CobV);
/// # Ok::<(), emvqr::Error>(())
/// ```
pub fn locations(payload: &Payload<'_>) -> Vec<FoundLocation> {
    let mut found = Vec::new();
    let Some(pix) = Pix::find(payload) else {
        return found;
    };
    if let Some(url) = pix.url() {
        found.push(FoundLocation {
            path: TagPath::sub(pix.account().id(), 25),
            location: Location::new(url, false),
        });
    }
    if let Some(location) = pix.recurrence() {
        let template = payload
            .fields()
            .filter(|field| (80..=99).contains(&field.id()))
            .find(|field| {
                field.subfields().any(|sub| {
                    sub.is_ok_and(|sub| {
                        sub.id() == 0 && sub.value().eq_ignore_ascii_case("br.gov.bcb.pix")
                    })
                })
            })
            .map_or(80, |field| field.id());
        found.push(FoundLocation {
            path: TagPath::sub(template, 25),
            location: Location::new(location, true),
        });
    }
    found
}
