//! Build a static Pix code with an amount: lengths and CRC computed, every value checked, and
//! the result read back by the strict parser before it is returned.
//!
//!     cargo run --example build_pix
use emvqr::Payload;
use emvqr::amount::Amount;
use emvqr::build::{Case, PixBuilder, transliterate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Amounts are decimal text or integer minor units, never floating point.
    let amount: Amount = "19.90".parse()?;
    // Names and cities are ASCII in Pix codes: transliterate what the user typed.
    let name = transliterate::<25>("Padaria São João", Case::Upper)?;
    let city = transliterate::<15>("São Paulo", Case::Upper)?;

    let code = PixBuilder::new_static("fulano@example.com", &name, &city)
        .amount(&amount)
        .txid("PEDIDO1042")
        .build()?;
    println!("{code}");

    // What the builder returns always parses strictly; reading it back shows the fields.
    let payload = Payload::parse(&code)?;
    assert_eq!(payload.amount_value(), Some(amount));
    assert_eq!(payload.merchant_name(), Some("PADARIA SAO JOAO"));

    // A value the rules refuse is an error naming the field, never a silently wrong code.
    let refused = PixBuilder::new_static("not a key", &name, &city).build();
    if let Err(error) = refused {
        println!("refused: {error}");
    }
    Ok(())
}
