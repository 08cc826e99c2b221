//! Building a static Pix code, side by side with the Rust emitters: `cargo bench --manifest-path benches/Cargo.toml --bench build`.
//!
//! Every emitter writes the same 122-byte code (benches/inputs.rs, PIX_STATIC_122), checked
//! once before timing. The peers build from their own structures, prepared beforehand by
//! their parsers: `brcode::brcode_to_string` consumes its `BrCode` (so each iteration clones
//! it), `pix_brcode_parser::generate_brcode` borrows its `BRCode`, and promptparse's generic
//! TLV `encode` + `with_crc_tag` takes a list of tags built per call.

mod inputs;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use emvqr::amount::Currency;
use emvqr::build::Builder;
use emvqr::build::PixBuilder;

const KEY: &str = "123e4567-e12b-12d1-a456-426655440000";

fn emvqr_builder(key: &str) -> heapless::String<512> {
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
}

fn emvqr_pix_builder(key: &str) -> heapless::String<512> {
    PixBuilder::new_static(key, "ANA", "RIO").build().unwrap()
}

fn promptparse_encode(key: &str) -> String {
    use promptparse::tlv::{TlvTag, encode, tag, with_crc_tag};
    let account = vec![tag("00", "br.gov.bcb.pix"), tag("01", key)];
    let account_value = encode(&account);
    let additional = vec![tag("05", "***")];
    let additional_value = encode(&additional);
    let tags: Vec<TlvTag> = vec![
        tag("00", "01"),
        TlvTag::with_sub_tags("26".into(), account_value, account),
        tag("52", "0000"),
        tag("53", "986"),
        tag("58", "BR"),
        tag("59", "ANA"),
        tag("60", "RIO"),
        TlvTag::with_sub_tags("62".into(), additional_value, additional),
    ];
    with_crc_tag(&encode(&tags), "63", true)
}

fn build(c: &mut Criterion) {
    let expected = inputs::PIX_STATIC_122;
    assert_eq!(emvqr_builder(KEY).as_str(), expected);
    assert_eq!(emvqr_pix_builder(KEY).as_str(), expected);
    assert_eq!(promptparse_encode(KEY), expected);
    let brcode = brcode::str_to_brcode(expected);
    assert_eq!(brcode::brcode_to_string(brcode.clone()), expected);
    let pix = pix_brcode_parser::parse_brcode(expected).unwrap();
    assert_eq!(pix_brcode_parser::generate_brcode(&pix).unwrap(), expected);

    // Each output is kept where it was made and handed to `black_box` by reference: by value,
    // emvqr's 520-byte `heapless::String` would be copied once more, which no caller does.
    let mut group = c.benchmark_group("build");
    group.bench_function("pix_static/emvqr_builder", |b| {
        b.iter(|| black_box(&emvqr_builder(black_box(KEY))).len())
    });
    group.bench_function("pix_static/emvqr_pix_builder", |b| {
        b.iter(|| black_box(&emvqr_pix_builder(black_box(KEY))).len())
    });
    group.bench_function("pix_static/brcode", |b| {
        b.iter(|| black_box(&brcode::brcode_to_string(black_box(&brcode).clone())).len())
    });
    group.bench_function("pix_static/pix-brcode-parser", |b| {
        b.iter(|| black_box(&pix_brcode_parser::generate_brcode(black_box(&pix)).unwrap()).len())
    });
    group.bench_function("pix_static/promptparse", |b| {
        b.iter(|| black_box(&promptparse_encode(black_box(KEY))).len())
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(40)
}

criterion_group! { name = benches; config = config(); targets = build }
criterion_main!(benches);
