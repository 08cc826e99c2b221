//! Stores and points of sale: a QR order is sold on a POS (`config.qr.external_pos_id`), and a
//! POS belongs to a store. Create them once, then sell on the POS's `external_id`.

use http::{Method, StatusCode};
use serde::{Deserialize, Deserializer, Serialize};

use super::qrs::text_field;
use super::{Api, Call, Error, check_pos_id, check_user_id, parse_json, query_value};

/// A store for `POST /users/{user_id}/stores`.
///
/// ```
/// use emvqr::mercadopago::{AccessToken, Api, StoreLocation, StoreRequest};
///
/// let api = Api::new(AccessToken::new("APP_USR-1234")?);
/// let location = StoreLocation::new("0123", "Rua Augusta", "São Paulo", "SP", -23.5558, -46.6620);
/// let store = StoreRequest::new("Loja Centro", "LOJ001", location);
/// let call = api.create_store("446566691", &store)?;
/// assert_eq!(call.request().uri().path(), "/users/446566691/stores");
/// let body: serde_json::Value = serde_json::from_slice(call.request().body()).unwrap();
/// assert_eq!(body["location"]["street_number"], "0123");
/// # Ok::<(), emvqr::mercadopago::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct StoreRequest {
    /// The store's name.
    pub name: String,
    /// Your id for it: letters and digits, at most 60, unique per store. POS point at it.
    pub external_id: String,
    /// Where it is.
    pub location: StoreLocation,
}

impl StoreRequest {
    /// A store named `name`, known to you as `external_id`, at `location`.
    pub fn new(name: &str, external_id: &str, location: StoreLocation) -> StoreRequest {
        StoreRequest {
            name: name.to_owned(),
            external_id: external_id.to_owned(),
            location,
        }
    }

    /// Checks the documented limits.
    pub fn check(&self) -> Result<(), Error> {
        text_field("name", &self.name)?;
        if self.external_id.is_empty()
            || self.external_id.len() > 60
            || !self.external_id.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(Error::invalid(
                "external_id",
                format!("{:?}: 1 to 60 letters and digits", self.external_id),
            ));
        }
        let location = &self.location;
        for (field, value) in [
            ("location.street_number", &location.street_number),
            ("location.street_name", &location.street_name),
            ("location.city_name", &location.city_name),
            ("location.state_name", &location.state_name),
        ] {
            text_field(field, value)?;
        }
        if !(-90.0..=90.0).contains(&location.latitude) {
            return Err(Error::invalid("location.latitude", "from -90 to 90"));
        }
        if !(-180.0..=180.0).contains(&location.longitude) {
            return Err(Error::invalid("location.longitude", "from -180 to 180"));
        }
        Ok(())
    }
}

/// Where a store is. Mercado Pago computes taxes from the city, state and coordinates: give
/// the real ones.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct StoreLocation {
    /// The street number, as text (`"0123"`).
    pub street_number: String,
    /// The street.
    pub street_name: String,
    /// The city.
    pub city_name: String,
    /// The state or province.
    pub state_name: String,
    /// Degrees north.
    pub latitude: f64,
    /// Degrees east.
    pub longitude: f64,
    /// A landmark, to help find it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

impl StoreLocation {
    /// An address and its coordinates.
    pub fn new(
        street_number: &str,
        street_name: &str,
        city_name: &str,
        state_name: &str,
        latitude: f64,
        longitude: f64,
    ) -> StoreLocation {
        StoreLocation {
            street_number: street_number.to_owned(),
            street_name: street_name.to_owned(),
            city_name: city_name.to_owned(),
            state_name: state_name.to_owned(),
            latitude,
            longitude,
            reference: None,
        }
    }
}

/// A store as Mercado Pago answers it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Store {
    /// Mercado Pago's id (a number in some answers, a string in others: kept as text).
    #[serde(deserialize_with = "number_or_text")]
    pub id: String,
    /// The name.
    pub name: Option<String>,
    /// Your id.
    pub external_id: Option<String>,
    /// The address, as one line (`location.address_line`).
    #[serde(default, rename = "location", deserialize_with = "address_line")]
    pub address: Option<String>,
}

/// A point of sale for `POST /pos`, in a store given by Mercado Pago's id, yours, or both.
///
/// ```
/// use emvqr::mercadopago::{AccessToken, Api, PosRequest};
///
/// let api = Api::new(AccessToken::new("APP_USR-1234")?);
/// let pos = PosRequest::new("Caixa 1", "LOJ001POS001").external_store_id("LOJ001");
/// let body: serde_json::Value =
///     serde_json::from_slice(api.create_pos(&pos)?.request().body()).unwrap();
/// assert_eq!(body["fixed_amount"], true); // a scan before any order shows a waiting screen
/// assert_eq!(body["external_store_id"], "LOJ001");
/// # Ok::<(), emvqr::mercadopago::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PosRequest {
    /// Its name, under 45 characters.
    pub name: String,
    /// Always `true` for the integrated QR models: a code scanned before an order exists
    /// shows a waiting screen instead of asking the payer for an amount.
    pub fixed_amount: bool,
    /// Your id for it: letters and digits, under 40, unique, unchangeable. Orders are sold on
    /// it (`config.qr.external_pos_id`).
    pub external_id: String,
    /// Mercado Pago's id of the store.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_id: Option<String>,
    /// Your id of the store.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_store_id: Option<String>,
    /// The merchant category (MCC as Mercado Pago numbers it per country: 621102 for
    /// gastronomy in Argentina, 5611203 in Brazil).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<u32>,
}

impl PosRequest {
    /// A POS named `name`, known to you as `external_id`; give its store with
    /// [`store_id`](PosRequest::store_id) or [`external_store_id`](PosRequest::external_store_id).
    pub fn new(name: &str, external_id: &str) -> PosRequest {
        PosRequest {
            name: name.to_owned(),
            fixed_amount: true,
            external_id: external_id.to_owned(),
            store_id: None,
            external_store_id: None,
            category: None,
        }
    }

    /// The store, by Mercado Pago's id.
    #[must_use]
    pub fn store_id(mut self, store_id: &str) -> PosRequest {
        self.store_id = Some(store_id.to_owned());
        self
    }

    /// The store, by your id.
    #[must_use]
    pub fn external_store_id(mut self, external_store_id: &str) -> PosRequest {
        self.external_store_id = Some(external_store_id.to_owned());
        self
    }

    /// The merchant category.
    #[must_use]
    pub fn category(mut self, category: u32) -> PosRequest {
        self.category = Some(category);
        self
    }

    /// Checks the documented limits.
    pub fn check(&self) -> Result<(), Error> {
        text_field("name", &self.name)?;
        if self.name.chars().count() >= 45 {
            return Err(Error::invalid("name", "under 45 characters"));
        }
        check_pos_id(&self.external_id)
            .map_err(|_| Error::invalid("external_id", "1 to 39 letters and digits"))?;
        if self.store_id.is_none() && self.external_store_id.is_none() {
            return Err(Error::invalid(
                "store_id",
                "give the store, by Mercado Pago's id or by your external_store_id",
            ));
        }
        if let Some(store_id) = &self.store_id
            && (store_id.is_empty() || !store_id.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Error::invalid(
                "store_id",
                "Mercado Pago's store id is a number",
            ));
        }
        if let Some(external) = &self.external_store_id
            && (external.is_empty()
                || external.len() > 60
                || !external.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return Err(Error::invalid(
                "external_store_id",
                "1 to 60 letters and digits",
            ));
        }
        Ok(())
    }
}

/// A point of sale as Mercado Pago answers it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Pos {
    /// Mercado Pago's id.
    #[serde(deserialize_with = "number_or_text")]
    pub id: String,
    /// The name.
    pub name: Option<String>,
    /// Your id: what orders are sold on.
    pub external_id: Option<String>,
    /// Mercado Pago's id of the store.
    #[serde(default, deserialize_with = "optional_number_or_text")]
    pub store_id: Option<String>,
    /// Your id of the store.
    pub external_store_id: Option<String>,
    /// `active`, …
    pub status: Option<String>,
    /// The POS's printed QR code (the `static` and `hybrid` modes): images to print.
    pub qr: Option<PosQr>,
}

/// The printed QR code of a POS.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PosQr {
    /// The QR code as a PNG image.
    pub image: Option<String>,
    /// A printable PDF with the code.
    pub template_document: Option<String>,
    /// A printable PNG with the code.
    pub template_image: Option<String>,
}

/// One page of a search.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Page<T> {
    /// How many there are in all.
    pub total: u64,
    /// Where this page starts.
    pub offset: u64,
    /// The page.
    pub results: Vec<T>,
}

#[derive(Deserialize)]
struct PageBody<T> {
    paging: Option<Paging>,
    #[serde(default = "Vec::new")]
    results: Vec<T>,
}

#[derive(Deserialize)]
struct Paging {
    total: Option<u64>,
    offset: Option<u64>,
}

/// The account a token belongs to (`GET /users/me`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// The user id: what the store and legacy order paths take.
    #[serde(deserialize_with = "number_or_text")]
    pub id: String,
    /// The account's nickname.
    pub nickname: Option<String>,
    /// The site (`MLB` Brazil, `MLA` Argentina, …).
    pub site_id: Option<String>,
}

impl Api {
    /// `GET /users/me`: the account the token belongs to, whose `id` the store endpoints
    /// take.
    pub fn current_user(&self) -> Result<Call<User>, Error> {
        Ok(Call::new(
            self.request(Method::GET, "/users/me", None)?,
            parse_json::<User>,
        ))
    }

    /// `POST /users/{user_id}/stores`.
    pub fn create_store(&self, user_id: &str, store: &StoreRequest) -> Result<Call<Store>, Error> {
        check_user_id(user_id)?;
        store.check()?;
        let body = Api::json_body(store)?;
        let request = self.request(
            Method::POST,
            &format!("/users/{user_id}/stores"),
            Some(body),
        )?;
        // Mercado Pago documents no idempotency for stores: a 500 may follow a store that was
        // created, so only answers that say nothing was done are retried.
        Ok(Call::new(request, parse_json::<Store>).retrying_only_unprocessed())
    }

    /// `GET /users/{user_id}/stores/search`: the stores, `limit` from `offset`, or the one
    /// with `external_id`.
    pub fn list_stores(
        &self,
        user_id: &str,
        external_id: Option<&str>,
        offset: u64,
        limit: u64,
    ) -> Result<Call<Page<Store>>, Error> {
        check_user_id(user_id)?;
        let mut path = format!("/users/{user_id}/stores/search?offset={offset}&limit={limit}");
        if let Some(external_id) = external_id {
            path.push_str(&format!("&external_id={}", query_value(external_id)));
        }
        Ok(Call::new(
            self.request(Method::GET, &path, None)?,
            parse_page::<Store>,
        ))
    }

    /// `POST /pos`.
    pub fn create_pos(&self, pos: &PosRequest) -> Result<Call<Pos>, Error> {
        pos.check()?;
        let mut body =
            serde_json::to_value(pos).map_err(|e| Error::invalid("body", e.to_string()))?;
        // Mercado Pago's store id is a number in this request.
        if let (Some(id), Some(object)) = (&pos.store_id, body.as_object_mut())
            && let Ok(number) = id.parse::<u64>()
        {
            object.insert("store_id".into(), number.into());
        }
        let request = self.request(Method::POST, "/pos", Some(Api::json_body(&body)?))?;
        Ok(Call::new(request, parse_json::<Pos>).retrying_only_unprocessed())
    }

    /// `GET /pos`: the points of sale, `limit` from `offset`, of one store if given.
    pub fn list_pos(
        &self,
        external_store_id: Option<&str>,
        offset: u64,
        limit: u64,
    ) -> Result<Call<Page<Pos>>, Error> {
        let mut path = format!("/pos?offset={offset}&limit={limit}");
        if let Some(store) = external_store_id {
            path.push_str(&format!("&external_store_id={}", query_value(store)));
        }
        Ok(Call::new(
            self.request(Method::GET, &path, None)?,
            parse_page::<Pos>,
        ))
    }
}

fn parse_page<T: serde::de::DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
) -> Result<Page<T>, Error> {
    let page: PageBody<T> = parse_json(status, body)?;
    let paging = page.paging;
    Ok(Page {
        total: paging
            .as_ref()
            .and_then(|p| p.total)
            .unwrap_or(page.results.len() as u64),
        offset: paging.as_ref().and_then(|p| p.offset).unwrap_or(0),
        results: page.results,
    })
}

/// An id that Mercado Pago writes as a number in some answers and as a string in others.
fn number_or_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    optional_number_or_text(deserializer)?
        .ok_or_else(|| serde::de::Error::custom("an id is missing"))
}

fn optional_number_or_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(text) => Some(text),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    })
}

/// A store's `location.address_line`.
fn address_line<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let location = serde_json::Value::deserialize(deserializer)?;
    Ok(location
        .get("address_line")
        .and_then(|line| line.as_str())
        .map(str::to_owned))
}
