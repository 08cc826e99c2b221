//! Parses one payload many times: a target for profilers (`valgrind --tool=callgrind`).
//!
//!     parse_loop [COUNT] [--without-rule-books]
//!
//! The second form leaves the scheme rule books out, which shows what they cost.
fn main() {
    let code = "00020101021226940014BR.GOV.BCB.PIX2572pix-qr.mercadopago.com/instore/o/v2/fdf9ece0-6137-4e1e-a49d-94f55ec9eee25204000053039865802BR5920FELIPE AAAAAA AAAAA 6009SAO PAULO62070503***63048C65";
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let options = match args.next().as_deref() {
        Some("--without-rule-books") => emvqr::ParseOptions::strict().without_rule_books(),
        _ => emvqr::ParseOptions::strict(),
    };
    let mut ok = 0;
    for _ in 0..n {
        ok += usize::from(emvqr::Payload::parse_with(std::hint::black_box(code), &options).is_ok());
    }
    println!("{ok} {}", std::mem::size_of::<emvqr::Payload>());
}
