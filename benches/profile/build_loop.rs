//! Builds one static Pix code many times: a target for profilers. With `--pix`, through
//! `PixBuilder` (which checks each field as it writes it) instead of the general `Builder`
//! (which checks what it wrote with the parser).
use emvqr::amount::Currency;
use emvqr::build::{Builder, PixBuilder};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let pix = args.next().as_deref() == Some("--pix");
    let key = std::hint::black_box("123e4567-e12b-12d1-a456-426655440000");
    let mut total = 0;
    for _ in 0..n {
        let code = if pix {
            PixBuilder::new_static(key, "ANA", "RIO").build().unwrap()
        } else {
            Builder::new()
                .merchant_account(26, "br.gov.bcb.pix", &[(1, key)])
                .merchant_category_code("0000")
                .currency(Currency::BRL)
                .country_code("BR")
                .merchant_name("ANA")
                .merchant_city("RIO")
                .reference_label("***")
                .build()
                .unwrap()
        };
        total += std::hint::black_box(&code).len();
    }
    println!("{total}");
}
