//! Strict parsing of a 187-byte dynamic Pix code and a 512-byte code, side by side with the Rust
//! peers in one run: `cargo bench --manifest-path benches/Cargo.toml --bench parse`.
//!
//! What each peer does (see shared/spec/peers.md):
//! - `pix-brcode-parser` checks the CRC, then walks the TLV into a `HashMap`; it refuses the
//!   187-byte code (uppercase GUI, dynamic URL), so its time there is time-to-error.
//! - `brcode::from_str` walks the TLV into vectors without checking the CRC;
//!   `brcode::str_to_brcode` also builds its typed struct.
//! - `emv_qrcps::helpers::validate` only checks the CRC.

mod inputs;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use emvqr::Payload;

fn parse(c: &mut Criterion) {
    for (name, code) in [
        ("pix_dynamic_187", inputs::PIX_DYNAMIC_187),
        ("max_512", inputs::MAX_512),
    ] {
        assert!(Payload::parse(code).is_ok(), "{name} must be valid");
        let mut group = c.benchmark_group(format!("parse/{name}"));
        group.bench_function("emvqr_strict", |b| {
            b.iter(|| Payload::parse(black_box(code)).is_ok())
        });
        group.bench_function("emvqr_lenient", |b| {
            b.iter(|| Payload::parse_lenient(black_box(code)).is_ok())
        });
        group.bench_function("emvqr_crc_only", |b| {
            b.iter(|| emvqr::crc16::check_tail(black_box(code)).is_some_and(|c| c.matches()))
        });
        group.bench_function("pix-brcode-parser", |b| {
            b.iter(|| pix_brcode_parser::parse_brcode(black_box(code)).is_ok())
        });
        group.bench_function("brcode_from_str", |b| {
            b.iter(|| brcode::from_str(black_box(code)).len())
        });
        group.bench_function("brcode_str_to_brcode", |b| {
            b.iter(|| brcode::str_to_brcode(black_box(code)))
        });
        group.bench_function("emv-qrcps_validate_crc", |b| {
            b.iter(|| emv_qrcps::helpers::validate(black_box(code)))
        });
        group.finish();
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(40)
}

criterion_group! { name = benches; config = config(); targets = parse }
criterion_main!(benches);
