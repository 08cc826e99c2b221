//! Encodes one payload many times: a target for profilers. Arguments: iterations, mask
//! (`auto` or 0-7), segmentation (`optimal` or `byte`).
use emvqr::qr::{Options, QrCode, Segmentation};

fn main() {
    let code = b"00020101021226940014BR.GOV.BCB.PIX2572pix-qr.mercadopago.com/instore/o/v2/fdf9ece0-6137-4e1e-a49d-94f55ec9eee25204000053039865802BR5920FELIPE AAAAAA AAAAA 6009SAO PAULO62070503***63048C65";
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let mask = args.next().and_then(|s| s.parse().ok());
    let segmentation = match args.next().as_deref() {
        Some("byte") => Segmentation::Byte,
        _ => Segmentation::Optimal,
    };
    let options = Options::new()
        .with_mask(mask)
        .with_boost_ecc(false)
        .with_segmentation(segmentation);
    let mut total = 0usize;
    for _ in 0..n {
        total += usize::from(
            QrCode::encode(std::hint::black_box(code), &options)
                .unwrap()
                .mask(),
        );
    }
    println!("{total}");
}
