//! The `serde` feature: the JSON shape of docs/json.md, for a valid payload, a lenient one and
//! an error.
#![cfg(feature = "serde")]

use emvqr::amount::Amount;
use emvqr::{Payload, TagPath};
use serde_json::json;

const MERCADO_PAGO: &str = "00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42e8-98d7-f6805209d83a5204000053039865802BR5909Test Test6009SAO PAULO62070503***63041A36";
const COMPOSITE: &str = "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304FB42";

#[test]
fn a_payload_serializes_its_field_tree_schemes_and_deviations() {
    let payload = Payload::parse(MERCADO_PAGO).unwrap();
    let value = serde_json::to_value(&payload).unwrap();
    assert_eq!(
        value["fields"][0],
        json!({"id": "00", "path": "00", "name": "payload format indicator", "offset": 0, "value": "01"})
    );
    let account = &value["fields"][2];
    assert_eq!(
        (account["id"].as_str(), account["path"].as_str()),
        (Some("43"), Some("43"))
    );
    assert_eq!(account["fields"][2]["path"], "43.06");
    assert_eq!(
        account["fields"][2]["value"],
        "4a9e4780-d0a6-42e8-98d7-f6805209d83a"
    );
    assert_eq!(value["schemes"][0]["name"], "Mercado Pago");
    assert_eq!(value["schemes"][0]["id"], "43");
    assert_eq!(
        value["schemes"][0]["order_id"],
        "4a9e4780-d0a6-42e8-98d7-f6805209d83a"
    );
    assert_eq!(
        (
            value["deviations"].clone(),
            value["deviation_count"].clone()
        ),
        (json!([]), json!(0))
    );
    let pix = serde_json::to_value(Payload::parse(COMPOSITE).unwrap()).unwrap();
    let scheme = &pix["schemes"][0];
    assert_eq!(
        (scheme["name"].as_str(), scheme["journey"].as_u64()),
        (Some("Pix"), Some(3))
    );
    assert_eq!(
        scheme["recurrence"],
        "pix.example.com/rec/2353c790eefb11eaadc10242ac120002"
    );
    assert_eq!(scheme["dynamic"], true);
}

#[test]
fn deviations_and_errors_serialize_with_kind_path_and_offset() {
    let accented = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASÍLIA62070503***6304B4F6";
    let value = serde_json::to_value(Payload::parse_lenient(accented).unwrap()).unwrap();
    let deviation = &value["deviations"][0];
    assert_eq!(
        (deviation["kind"].as_str(), deviation["path"].as_str()),
        (Some("invalid_character"), Some("60"))
    );
    assert_eq!(deviation["offset"], 114);
    let error = Payload::parse("000201").unwrap_err();
    assert_eq!(
        serde_json::to_value(error).unwrap(),
        json!({"kind": "crc_missing", "path": "", "offset": 6, "message": error.to_string()})
    );
    // A builder's refusal has no offset: null.
    let refused = emvqr::build::Builder::new()
        .field(TagPath::new(63), "ABCD")
        .build()
        .unwrap_err();
    assert_eq!(
        serde_json::to_value(refused).unwrap()["offset"],
        json!(null)
    );
    assert_eq!(
        serde_json::to_value("62.05".parse::<TagPath>().unwrap()).unwrap(),
        "62.05"
    );
    assert_eq!(
        serde_json::to_value(Amount::parse("10.50").unwrap()).unwrap(),
        "10.50"
    );
}
