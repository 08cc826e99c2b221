//! Decode a payment code and explain it: its fields, the schemes it carries, and, when it is
//! broken, which rule it breaks and where.
//!
//!     cargo run --example decode                      # a Pix code
//!     cargo run --example decode -- '000201…6304ABCD' # your code
use emvqr::schemes::{self, Scheme};
use emvqr::tlv::Field;
use emvqr::{Escaped, Payload};

const PIX: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000\
                   5204000053039865406123.455802BR5913Fulano de Tal6008BRASILIA\
                   62070503***6304A5A2";

fn main() {
    let text = std::env::args().nth(1).unwrap_or_else(|| PIX.to_owned());
    match Payload::parse(&text) {
        Ok(payload) => explain(&payload),
        Err(error) => {
            // The error is a value: a kind to match on, a byte offset and a tag path.
            println!("invalid: {error}");
            let field = if error.path().is_root() {
                "the payload".to_owned()
            } else {
                error.path().to_string()
            };
            println!(
                "  kind {}, in {field}, at byte {}",
                error.kind().code(),
                error.offset()
            );
            // Lenient parsing reads what it can and lists every rule the code breaks.
            if let Ok(payload) = Payload::parse_lenient(&text) {
                println!(
                    "read leniently, {} deviation(s):",
                    payload.deviation_count()
                );
                for deviation in payload.deviations() {
                    println!("  - {deviation}");
                }
                explain(&payload);
            }
            std::process::exit(1);
        }
    }
}

fn explain(payload: &Payload<'_>) {
    for field in payload.fields() {
        print_field(field, 0);
    }
    if let (Some(amount), Some(currency)) = (payload.amount_value(), payload.currency()) {
        println!("amount: {amount} ({currency})");
    }
    for scheme in schemes::recognise(payload) {
        println!("scheme: {scheme}");
        if let Scheme::Pix(pix) = scheme {
            println!("  Pix key: {:?}", pix.key());
        }
    }
}

fn print_field(field: Field<'_>, depth: usize) {
    let indent = "  ".repeat(depth);
    if field.is_template() {
        println!("{indent}{} {}:", field.path(), field.name());
        for sub in field.subfields().flatten() {
            print_field(sub, depth + 1);
        }
    } else {
        // Escaped: a code is untrusted text; its bytes must not drive the terminal.
        println!(
            "{indent}{} {}: {}",
            field.path(),
            field.name(),
            Escaped(field.value())
        );
    }
}
