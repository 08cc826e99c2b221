//! One encoding, for measuring stack use: `valgrind --tool=massif --stacks=yes`.
//! Arguments: `encode` or `encode_in`, and a payload length; `none` measures the baseline.
use emvqr::qr::{self, Buffer, Ecc, Options, QrCode};

static mut SINK: u8 = 0;

fn main() {
    let mut args = std::env::args().skip(1);
    let how = args.next().unwrap_or_default();
    let len: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(187);
    let data = vec![b'a'; len];
    let options = Options {
        ecc: Ecc::Low,
        ..Options::default()
    };
    let mask = match how.as_str() {
        "encode" => QrCode::encode(&data, &options)
            .map(|c| c.version())
            .unwrap_or(0),
        "encode_in20" => {
            let mut buffer = Box::new(Buffer::<
                { qr::buffer_words(20) },
                { qr::buffer_bytes(20, qr::Segmentation::Optimal) },
            >::new());
            QrCode::encode_in(&data, &options, &mut buffer)
                .map(|c| c.version())
                .unwrap_or(0)
        }
        "encode_in20_byte" => {
            let mut buffer = Box::new(Buffer::<
                { qr::buffer_words(20) },
                { qr::buffer_bytes(20, qr::Segmentation::Byte) },
            >::new());
            let options = Options {
                segmentation: qr::Segmentation::Byte,
                ..options
            };
            QrCode::encode_in(&data, &options, &mut buffer)
                .map(|c| c.version())
                .unwrap_or(0)
        }
        _ => 0,
    };
    std::hint::black_box(mask);
    let _ = unsafe { SINK };
}
