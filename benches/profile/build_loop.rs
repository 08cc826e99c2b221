//! Builds one static Pix code many times: a target for profilers.
use emvqr::amount::Currency;
use emvqr::build::Builder;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let key = std::hint::black_box("123e4567-e12b-12d1-a456-426655440000");
    let mut total = 0;
    for _ in 0..n {
        let code = Builder::new()
            .merchant_account(26, "br.gov.bcb.pix", &[(1, key)])
            .merchant_category_code("0000")
            .currency(Currency::BRL)
            .country_code("BR")
            .merchant_name("ANA")
            .merchant_city("RIO")
            .reference_label("***")
            .build()
            .unwrap();
        total += std::hint::black_box(&code).len();
    }
    println!("{total}");
}
