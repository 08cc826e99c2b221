//! `emvqr._native`: the Rust half of emvqr's Python package. The typed, documented API is the
//! pure-Python package around it (`python/emvqr/__init__.py`); these functions take plain
//! values, return plain values (the decoded payload as the dict of `emvqr decode --json`), and
//! raise `emvqr.EmvqrError` for every refusal. Nothing here panics: the library returns every
//! error as a value, and so does each function below.

use std::str::FromStr;

use emvqr::amount::Amount;
use emvqr::build::{Builder, Case, PixBuilder, transliterate};
use emvqr::qr::{Ecc, Options, QrCode};
use emvqr::render::{self, Layout};
use emvqr::{Error, ParseOptions, Payload, TagPath};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

/// A refusal, as the Python package raises it: `EmvqrError(message, kind, offset, path, notes)`.
struct Refusal {
    message: String,
    kind: String,
    offset: Option<usize>,
    path: String,
    notes: Vec<String>,
}

impl Refusal {
    /// An emvqr error; `notes` when it is about a payload that did not parse.
    fn of(error: &Error, notes: Vec<String>) -> Refusal {
        Refusal {
            message: error.to_string(),
            kind: error.kind().code().to_owned(),
            offset: error.has_offset().then(|| error.offset()),
            path: error.path().to_string(),
            notes,
        }
    }

    /// A payload that did not parse, with what more there is to say about it.
    fn parse(payload: &str, error: &Error, lenient: bool) -> Refusal {
        let notes = emvqr::payload::notes(payload, error, lenient)
            .map(|note| note.to_string())
            .collect();
        Refusal::of(error, notes)
    }

    /// A value refused before any payload existed (no offset).
    fn value(kind: &str, path: &str, message: String) -> Refusal {
        Refusal {
            message,
            kind: kind.to_owned(),
            offset: None,
            path: path.to_owned(),
            notes: Vec::new(),
        }
    }

    fn into_py(self, py: Python<'_>) -> PyErr {
        let raised = py
            .import("emvqr._errors")
            .and_then(|module| module.getattr("EmvqrError"))
            .and_then(|class| {
                class.call1((self.message, self.kind, self.offset, self.path, self.notes))
            });
        match raised {
            Ok(error) => PyErr::from_value(error),
            Err(error) => error,
        }
    }
}

fn parse_options(lenient: bool) -> ParseOptions {
    if lenient {
        ParseOptions::lenient()
    } else {
        ParseOptions::strict()
    }
}

/// The decoded payload: the dict of `emvqr decode --json` (`valid`, `mode`, `fields`,
/// `schemes`, `deviations`, `deviation_count`), made from the library's `Serialize` shapes.
#[pyfunction]
#[pyo3(signature = (payload, lenient))]
fn decode<'py>(py: Python<'py>, payload: &str, lenient: bool) -> PyResult<Bound<'py, PyAny>> {
    let parsed = Payload::parse_with(payload, &parse_options(lenient))
        .map_err(|error| Refusal::parse(payload, &error, lenient).into_py(py))?;
    let decoded = pythonize::pythonize(py, &parsed)
        .map_err(|error| PyValueError::new_err(error.to_string()))?;
    let dict = decoded.cast::<PyDict>()?;
    dict.set_item("valid", true)?;
    dict.set_item("mode", if lenient { "lenient" } else { "strict" })?;
    Ok(decoded)
}

/// A Pix code. `amount` is a decimal string (the package turns a `Decimal` into one);
/// `transliterate` turns accented names and cities into the ASCII Pix requires.
#[pyfunction]
#[pyo3(signature = (name, city, key, url, amount, txid, info, recurrence, transliterate))]
#[expect(
    clippy::too_many_arguments,
    reason = "keyword arguments of one Python call"
)]
fn build_pix(
    py: Python<'_>,
    name: &str,
    city: &str,
    key: Option<&str>,
    url: Option<&str>,
    amount: Option<&str>,
    txid: Option<&str>,
    info: Option<&str>,
    recurrence: Option<&str>,
    transliterate: bool,
) -> PyResult<String> {
    let refuse = |refusal: Refusal| refusal.into_py(py);
    let (name, city) = if transliterate {
        (
            ascii::<25>(name, Case::Keep, "59", "merchant name").map_err(refuse)?,
            ascii::<15>(city, Case::Upper, "60", "merchant city").map_err(refuse)?,
        )
    } else {
        (name.to_owned(), city.to_owned())
    };
    let amount = amount
        .map(|text| {
            Amount::parse(text).map_err(|error| {
                refuse(Refusal::value(
                    "invalid_amount",
                    "54",
                    format!("field 54 (transaction amount): {text:?}: {error}"),
                ))
            })
        })
        .transpose()?;
    let mut builder = match (key, url, recurrence) {
        (Some(key), None, _) => PixBuilder::new_static(key, &name, &city),
        (None, Some(url), _) => PixBuilder::new_dynamic(url, &name, &city),
        (None, None, Some(location)) => PixBuilder::new_recurrence(location, &name, &city),
        (Some(_), Some(_), _) => {
            return Err(PyValueError::new_err("give a key or a url, not both"));
        }
        (None, None, None) => {
            return Err(PyValueError::new_err(
                "give a key (static code), a url (dynamic code) or a recurrence",
            ));
        }
    };
    if let (Some(location), true) = (recurrence, key.is_some() || url.is_some()) {
        builder.recurrence(location);
    }
    if let Some(amount) = &amount {
        builder.amount(amount);
    }
    if let Some(txid) = txid {
        builder.txid(txid);
    }
    if let Some(info) = info {
        builder.info(info);
    }
    builder
        .build()
        .map(|code| code.as_str().to_owned())
        .map_err(|error| refuse(Refusal::of(&error, Vec::new())))
}

fn ascii<const N: usize>(
    text: &str,
    case: Case,
    path: &str,
    name: &str,
) -> Result<String, Refusal> {
    transliterate::<N>(text, case)
        .map(|done| done.as_str().to_owned())
        .map_err(|error| {
            Refusal::value(
                "invalid_character",
                path,
                format!("field {path} ({name}): {text:?}: {error}"),
            )
        })
}

/// Any EMVCo payload from `(path, value)` pairs (`"59"`, `"62.05"`): the builder writes 00,
/// the lengths and the CRC, in canonical order, and refuses what would not parse strictly.
#[pyfunction]
fn build_emv(py: Python<'_>, fields: Vec<(String, String)>) -> PyResult<String> {
    let mut paths = Vec::with_capacity(fields.len());
    for (path, _) in &fields {
        let parsed = TagPath::from_str(path).map_err(|error| {
            Refusal::value(
                "invalid_tag_path",
                path,
                format!("{path:?} is not a field path: {error}"),
            )
            .into_py(py)
        })?;
        paths.push(parsed);
    }
    let mut builder = Builder::new();
    for (path, (_, value)) in paths.into_iter().zip(&fields) {
        builder.field(path, value);
    }
    builder
        .build()
        .map(|code| code.as_str().to_owned())
        .map_err(|error| Refusal::of(&error, Vec::new()).into_py(py))
}

/// Checks `payload` (unless `validate` is false) and encodes it.
fn encode(
    py: Python<'_>,
    payload: &str,
    ecc: &str,
    validate: bool,
    lenient: bool,
) -> PyResult<QrCode> {
    if validate {
        Payload::parse_with(payload, &parse_options(lenient))
            .map_err(|error| Refusal::parse(payload, &error, lenient).into_py(py))?;
    }
    let ecc = match ecc {
        "L" | "l" => Ecc::Low,
        "M" | "m" => Ecc::Medium,
        "Q" | "q" => Ecc::Quartile,
        "H" | "h" => Ecc::High,
        other => {
            return Err(PyValueError::new_err(format!(
                "ecc {other:?}: one of \"L\", \"M\", \"Q\", \"H\""
            )));
        }
    };
    QrCode::encode(payload.as_bytes(), &Options::new().with_ecc(ecc))
        .map_err(|error| Refusal::value("qr_data_too_long", "", error.to_string()).into_py(py))
}

fn layout(border: u8, scale: u8) -> PyResult<Layout> {
    if scale == 0 {
        return Err(PyValueError::new_err("scale must be at least 1"));
    }
    Ok(Layout::new().with_quiet_zone(border).with_scale(scale))
}

/// The QR code as an SVG document.
#[pyfunction]
#[pyo3(signature = (payload, ecc, border, scale, validate, lenient))]
fn qr_svg(
    py: Python<'_>,
    payload: &str,
    ecc: &str,
    border: u8,
    scale: u8,
    validate: bool,
    lenient: bool,
) -> PyResult<String> {
    let code = encode(py, payload, ecc, validate, lenient)?;
    let layout = layout(border, scale)?;
    let mut svg = String::with_capacity(render::svg_len(&code, &layout));
    render::svg(&code, &layout, &mut svg)
        .map_err(|error| PyValueError::new_err(error.to_string()))?;
    Ok(svg)
}

/// The QR code as a PNG file (1-bit grey).
#[pyfunction]
#[pyo3(signature = (payload, ecc, border, scale, validate, lenient))]
fn qr_png<'py>(
    py: Python<'py>,
    payload: &str,
    ecc: &str,
    border: u8,
    scale: u8,
    validate: bool,
    lenient: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let code = encode(py, payload, ecc, validate, lenient)?;
    let layout = layout(border, scale)?;
    let mut png = Vec::new();
    render::png(&code, &layout, &mut png)
        .map_err(|error| PyValueError::new_err(error.to_string()))?;
    Ok(PyBytes::new(py, &png))
}

/// The QR code's modules, row by row, `True` for dark (no quiet zone).
#[pyfunction]
#[pyo3(signature = (payload, ecc, validate, lenient))]
fn qr_matrix(
    py: Python<'_>,
    payload: &str,
    ecc: &str,
    validate: bool,
    lenient: bool,
) -> PyResult<Vec<Vec<bool>>> {
    let code = encode(py, payload, ecc, validate, lenient)?;
    let size = code.size();
    Ok((0..size)
        .map(|y| (0..size).map(|x| code.module(x, y)).collect())
        .collect())
}

/// The refusals among `lines`, as `(index, message, kind, offset, path, notes)`; the
/// interpreter is released while the batch is checked.
#[pyfunction]
fn check_batch(py: Python<'_>, lines: Vec<String>, lenient: bool) -> PyResult<Vec<Py<PyAny>>> {
    let refusals: Vec<(usize, Refusal)> = py.detach(|| {
        let options = parse_options(lenient);
        lines
            .iter()
            .enumerate()
            .filter_map(|(index, line)| {
                Payload::parse_with(line, &options)
                    .err()
                    .map(|error| (index, Refusal::parse(line, &error, lenient)))
            })
            .collect()
    });
    refusals
        .into_iter()
        .map(|(index, refusal)| {
            let error = refusal.into_py(py).into_value(py);
            Ok((index, error).into_pyobject(py)?.into_any().unbind())
        })
        .collect()
}

#[pymodule]
mod _native {
    #[pymodule_export]
    use super::{build_emv, build_pix, check_batch, decode, qr_matrix, qr_png, qr_svg};
}
