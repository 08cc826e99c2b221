//! Encode into memory you own, as firmware does: no heap, a buffer sized at compile time for
//! the largest version the display can show, and the code borrowing its modules from it.
//!
//!     cargo run --example encode_in
use emvqr::qr::{self, Buffer, Ecc, Options, QrCode};

// A Mercado Pago code fits version 10 at level M with room to spare; a 240-pixel display shows
// version 10 (57 modules with the quiet zone) at 4 pixels a module.
const MAX_VERSION: u8 = 10;
static BUFFER_SIZE: usize = core::mem::size_of::<
    Buffer<{ qr::buffer_words(MAX_VERSION) }, { qr::buffer_bytes(MAX_VERSION) }>,
>();

fn main() -> Result<(), qr::Error> {
    let payload =
        b"00020101021243650016COM.MERCADOLIBRE0201306364a9e4780-d0a6-42e8-98d7-f6805209d83a\
                    5204000053039865802BR5909Test Test6009SAO PAULO62070503***63041A36";
    // On firmware this would be a `static` (cortex-m's `singleton!`, a `StaticCell`): the
    // buffer is the one large object, and its size is known at compile time.
    let mut buffer =
        Buffer::<{ qr::buffer_words(MAX_VERSION) }, { qr::buffer_bytes(MAX_VERSION) }>::new();
    let options = Options::new()
        .with_ecc(Ecc::Medium)
        .with_max_version(MAX_VERSION);
    let code = QrCode::encode_in(payload, &options, &mut buffer)?;
    println!(
        "buffer {BUFFER_SIZE} bytes; version {}, {} modules across",
        code.version(),
        code.size()
    );

    // Hand the modules to the display driver: here, one text row per module row.
    for y in 0..code.size() {
        let row: String = (0..code.size())
            .map(|x| if code.module(x, y) { '#' } else { '.' })
            .collect();
        println!("{row}");
    }

    // Too long for the buffer's versions: an error, never a truncated code.
    let too_long = [b'A'; 400];
    match QrCode::encode_in(&too_long, &options, &mut buffer) {
        Err(qr::Error::DataTooLong { bits, capacity }) => {
            println!("400 bytes need {bits} bits; version {MAX_VERSION} holds {capacity}")
        }
        other => panic!("expected DataTooLong, got {other:?}"),
    }
    Ok(())
}
