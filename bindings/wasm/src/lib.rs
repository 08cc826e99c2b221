//! emvqr in JavaScript: `decode`, `buildPix`, `qrSvg` and `qrMatrix`, over WebAssembly.
//!
//! Every answer is what the `emvqr` command prints with `--json` (docs/json.md); every failure
//! is a thrown JavaScript `Error` whose `message` is emvqr's and which carries `kind`, `offset`,
//! `path` and, for a payload that does not parse, `notes`. Nothing panics across the boundary:
//! the library never panics, and these functions return every error as a value.

use emvqr::amount::Amount;
use emvqr::build::PixBuilder;
use emvqr::qr::{Ecc, Options, QrCode};
use emvqr::render::{self, Layout};
use emvqr::{Error, ParseOptions, Payload};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A field of the payload (docs/json.md). */
export interface Field {
  /** The two-digit ID, as written. */
  id: string;
  /** IDs joined by dots: "62.05". */
  path: string;
  /** From EMVCo's field table ("unknown field" without a row). */
  name: string;
  /** Byte offset of the field's ID in the payload. */
  offset: number;
  /** The value, exactly as written. */
  value: string;
  /** A template's sub-fields. */
  fields?: Field[];
}

/** A broken rule, as `error` or as a lenient `deviation`. */
export interface Problem {
  /** A stable code: "crc_mismatch", "pix_invalid_cpf", … */
  kind: string;
  path: string;
  /** Byte offset into the payload; null when there is none. */
  offset: number | null;
  message: string;
}

/** What `decode` answers (the JSON of `emvqr decode --json`). */
export interface Decoded {
  valid: true;
  mode: "strict" | "lenient";
  fields: Field[];
  /** Each scheme recognised: name, id (its template), description, and its typed fields. */
  schemes: Array<{ name: string; id: string; description: string; [field: string]: unknown }>;
  deviations: Problem[];
  deviation_count: number;
}

/** The `Error` every function throws: emvqr's message, and where and what. */
export interface EmvqrError extends Error {
  kind: string;
  offset?: number | null;
  path?: string;
  /** What more there is to say about a payload that does not parse. */
  notes?: string[];
}

export interface PixSpec {
  /** A Pix key (CPF, CNPJ, +55 phone, e-mail, random key), for a static code… */
  key?: string;
  /** …or the location of a dynamic code (without https://). */
  url?: string;
  name: string;
  city: string;
  /** A decimal string ("10.50") or a number. */
  amount?: string | number;
  txid?: string;
  info?: string;
}

export interface QrOptions {
  ecc?: "L" | "M" | "Q" | "H";
  /** Modules of quiet zone (4). */
  border?: number;
  /** Pixels a module, in the SVG (8). */
  scale?: number;
  /** Whether the payload must parse first (true). */
  validate?: boolean;
  /** Validate leniently. */
  lenient?: boolean;
}

export interface QrMatrix {
  size: number;
  version: number;
  /** size × size, row by row, 1 for dark. */
  modules: Uint8Array;
}
"#;

/// Decodes a payload: `{ valid, mode, fields, schemes, deviations, deviation_count }`, the
/// JSON of `emvqr decode --json`. Throws an `Error` (with `kind`, `offset`, `path`, `notes`)
/// when it does not parse.
#[wasm_bindgen(unchecked_return_type = "Decoded")]
pub fn decode(payload: &str, lenient: Option<bool>) -> Result<JsValue, JsValue> {
    let lenient = lenient.unwrap_or(false);
    let options = if lenient {
        ParseOptions::lenient()
    } else {
        ParseOptions::strict()
    };
    match Payload::parse_with(payload, &options) {
        Ok(parsed) => {
            let mut value = serde_json::to_value(&parsed).map_err(internal)?;
            if let Some(object) = value.as_object_mut() {
                object.insert("valid".into(), true.into());
                let mode = if lenient { "lenient" } else { "strict" };
                object.insert("mode".into(), mode.into());
            }
            to_js(&value)
        }
        Err(error) => {
            let notes: Vec<String> = emvqr::payload::notes(payload, &error, lenient)
                .map(|note| note.to_string())
                .collect();
            Err(thrown(&error, &notes))
        }
    }
}

/// Builds a Pix code from `{ key | url, name, city, amount?, txid?, info? }` (`amount` a
/// decimal string like `"10.50"`, or a number). Throws an `Error` naming the field when a
/// value breaks a rule.
#[wasm_bindgen(js_name = buildPix)]
pub fn build_pix(
    #[wasm_bindgen(unchecked_param_type = "PixSpec")] spec: JsValue,
) -> Result<String, JsValue> {
    let text = |name: &str| -> Result<Option<String>, JsValue> {
        let value = Reflect::get(&spec, &JsValue::from_str(name))?;
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        if let Some(number) = value.as_f64() {
            return Ok(Some(format!("{number}")));
        }
        value
            .as_string()
            .map(Some)
            .ok_or_else(|| usage(&format!("{name} must be a string")))
    };
    let name = text("name")?.ok_or_else(|| usage("name is required"))?;
    let city = text("city")?.ok_or_else(|| usage("city is required"))?;
    let key = text("key")?;
    let url = text("url")?;
    let amount = match text("amount")? {
        Some(amount) => {
            Some(Amount::parse(&amount).map_err(|e| usage(&format!("amount {amount:?}: {e}")))?)
        }
        None => None,
    };
    let (txid, info) = (text("txid")?, text("info")?);
    let mut builder = match (&key, &url) {
        (Some(key), None) => PixBuilder::new_static(key, &name, &city),
        (None, Some(url)) => PixBuilder::new_dynamic(url, &name, &city),
        _ => return Err(usage("give either a key or a url")),
    };
    if let Some(amount) = &amount {
        builder.amount(amount);
    }
    if let Some(txid) = &txid {
        builder.txid(txid);
    }
    if let Some(info) = &info {
        builder.info(info);
    }
    builder
        .build()
        .map(|code| code.as_str().to_owned())
        .map_err(|error| thrown(&error, &[]))
}

/// The QR code of `payload` as an SVG document. `options`: `{ ecc: "L" | "M" | "Q" | "H",
/// border (modules of quiet zone, 4), scale (pixels a module, 8), validate (true: the payload
/// must parse strictly; false draws any text), lenient (validate leniently) }`.
#[wasm_bindgen(js_name = qrSvg)]
pub fn qr_svg(payload: &str, options: Option<Object>) -> Result<String, JsValue> {
    let options = options.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    let code = encode(payload, &options)?;
    let border = number(&options, "border")?.unwrap_or(4.0);
    let scale = number(&options, "scale")?.unwrap_or(8.0);
    let layout = Layout::new()
        .with_quiet_zone(clamp(border, 0, 255, "border")?)
        .with_scale(clamp(scale, 1, 255, "scale")?);
    let mut svg = String::with_capacity(render::svg_len(&code, &layout));
    render::svg(&code, &layout, &mut svg).map_err(|_| usage("cannot draw the code"))?;
    Ok(svg)
}

/// The QR code of `payload` as modules: `{ size, version, modules }`, `modules` a
/// `Uint8Array` of `size × size`, row by row, 1 for dark. Options as for `qrSvg` (`ecc`,
/// `validate`, `lenient`).
#[wasm_bindgen(js_name = qrMatrix, unchecked_return_type = "QrMatrix")]
pub fn qr_matrix(payload: &str, options: Option<Object>) -> Result<JsValue, JsValue> {
    let options = options.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    let code = encode(payload, &options)?;
    let size = code.size();
    let modules: Vec<u8> = (0..size * size)
        .map(|i| u8::from(code.module(i % size, i / size)))
        .collect();
    let result = Object::new();
    Reflect::set(&result, &"size".into(), &JsValue::from(size as u32))?;
    Reflect::set(&result, &"version".into(), &JsValue::from(code.version()))?;
    Reflect::set(&result, &"modules".into(), &Uint8Array::from(&modules[..]))?;
    Ok(result.into())
}

/// Checks (unless told not to) and encodes `payload`.
fn encode(payload: &str, options: &JsValue) -> Result<QrCode, JsValue> {
    if flag(options, "validate")?.unwrap_or(true) {
        let lenient = flag(options, "lenient")?.unwrap_or(false);
        let parse = if lenient {
            ParseOptions::lenient()
        } else {
            ParseOptions::strict()
        };
        if let Err(error) = Payload::parse_with(payload, &parse) {
            let notes: Vec<String> = emvqr::payload::notes(payload, &error, lenient)
                .map(|note| note.to_string())
                .collect();
            return Err(thrown(&error, &notes));
        }
    }
    let ecc = match text_option(options, "ecc")?.as_deref() {
        None | Some("M" | "m") => Ecc::Medium,
        Some("L" | "l") => Ecc::Low,
        Some("Q" | "q") => Ecc::Quartile,
        Some("H" | "h") => Ecc::High,
        Some(other) => return Err(usage(&format!("ecc {other:?}: one of L, M, Q, H"))),
    };
    QrCode::encode(payload.as_bytes(), &Options::new().with_ecc(ecc)).map_err(|error| {
        let thrown = js_sys::Error::new(&error.to_string());
        let _ = Reflect::set(&thrown, &"kind".into(), &"qr_data_too_long".into());
        thrown.into()
    })
}

/// The JavaScript `Error` for an emvqr error: its message, and `kind`, `offset` (null when
/// it has none), `path` and `notes` as properties.
fn thrown(error: &Error, notes: &[String]) -> JsValue {
    let thrown = js_sys::Error::new(&error.to_string());
    let offset = if error.has_offset() {
        JsValue::from(error.offset() as u32)
    } else {
        JsValue::NULL
    };
    let notes: js_sys::Array = notes.iter().map(|n| JsValue::from_str(n)).collect();
    for (key, value) in [
        ("kind", JsValue::from_str(error.kind().code())),
        ("offset", offset),
        ("path", JsValue::from_str(&error.path().to_string())),
        ("notes", notes.into()),
    ] {
        let _ = Reflect::set(&thrown, &key.into(), &value);
    }
    thrown.into()
}

/// A thrown `Error` for a wrong argument (`kind: "usage"`).
fn usage(message: &str) -> JsValue {
    let thrown = js_sys::Error::new(message);
    let _ = Reflect::set(&thrown, &"kind".into(), &"usage".into());
    thrown.into()
}

fn internal(error: impl std::fmt::Display) -> JsValue {
    usage(&error.to_string())
}

fn to_js(value: &serde_json::Value) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&value.to_string())
}

fn property(options: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    Reflect::get(options, &JsValue::from_str(name))
}

fn flag(options: &JsValue, name: &str) -> Result<Option<bool>, JsValue> {
    let value = property(options, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_bool()
        .map(Some)
        .ok_or_else(|| usage(&format!("{name} must be true or false")))
}

fn number(options: &JsValue, name: &str) -> Result<Option<f64>, JsValue> {
    let value = property(options, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_f64()
        .map(Some)
        .ok_or_else(|| usage(&format!("{name} must be a number")))
}

fn text_option(options: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    let value = property(options, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or_else(|| usage(&format!("{name} must be a string")))
}

fn clamp(value: f64, least: u8, most: u8, name: &str) -> Result<u8, JsValue> {
    if value.fract() != 0.0 || value < f64::from(least) || value > f64::from(most) {
        return Err(usage(&format!(
            "{name} must be a whole number from {least} to {most}"
        )));
    }
    Ok(value as u8)
}
