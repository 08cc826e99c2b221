//! QR encoding, side by side with the Rust encoders in one run: `cargo bench --manifest-path benches/Cargo.toml --bench qr`.
//!
//! Inputs (benches/inputs.rs): the 187-byte dynamic Pix code, a 122-byte static Pix code and a
//! 512-byte code; levels L, M, Q; automatic mask, and mask 2 fixed at level M (the mask every
//! encoder picks there, so fixed and automatic give the same symbol).
//!
//! - `emvqr` uses its default optimal segmentation (a smaller version: the 187-byte code is
//!   version 8 at M instead of 10); `emvqr_byte` uses one byte segment, the same symbol as the
//!   peers, bit for bit.
//! - The peers are called as shared/spec/performance-anchors.md describes: qrcodegen's
//!   `encode_segments_advanced` with a byte segment, qrcodegen-no-heap's `encode_binary` with
//!   caller buffers (the input is copied into its temp buffer each call, as its API requires),
//!   fast_qr's builder in byte mode, qrcode with a byte segment at the minimal version
//!   (`qrcode_byte`) and its default mixed segmentation (`qrcode_autoseg`).

mod inputs;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use emvqr::qr::{Ecc, Options, QrCode, Segmentation};

const FIXED_MASK: u8 = 2;

fn qrcodegen_ecc(ecc: Ecc) -> qrcodegen::QrCodeEcc {
    [
        qrcodegen::QrCodeEcc::Low,
        qrcodegen::QrCodeEcc::Medium,
        qrcodegen::QrCodeEcc::Quartile,
        qrcodegen::QrCodeEcc::High,
    ][ecc as usize]
}

fn no_heap_ecc(ecc: Ecc) -> qrcodegen_no_heap::QrCodeEcc {
    use qrcodegen_no_heap::QrCodeEcc as E;
    [E::Low, E::Medium, E::Quartile, E::High][ecc as usize]
}

fn fast_qr_ecc(ecc: Ecc) -> fast_qr::ECL {
    [
        fast_qr::ECL::L,
        fast_qr::ECL::M,
        fast_qr::ECL::Q,
        fast_qr::ECL::H,
    ][ecc as usize]
}

fn qrcode_ecc(ecc: Ecc) -> qrcode::EcLevel {
    [
        qrcode::EcLevel::L,
        qrcode::EcLevel::M,
        qrcode::EcLevel::Q,
        qrcode::EcLevel::H,
    ][ecc as usize]
}

/// The version a byte segment needs (what every byte-mode encoder picks).
fn byte_version(data: &[u8], ecc: Ecc) -> u8 {
    let options = Options::new()
        .with_ecc(ecc)
        .with_boost_ecc(false)
        .with_segmentation(Segmentation::Byte);
    QrCode::encode(data, &options).unwrap().version()
}

fn encoders(c: &mut Criterion) {
    let cases = [
        ("pix_dynamic_187", inputs::PIX_DYNAMIC_187),
        ("pix_static_122", inputs::PIX_STATIC_122),
        ("max_512", inputs::MAX_512),
    ];
    for (name, text) in cases {
        let data = text.as_bytes();
        for ecc in [Ecc::Low, Ecc::Medium, Ecc::Quartile] {
            let masks: &[Option<u8>] = if ecc == Ecc::Medium {
                &[None, Some(FIXED_MASK)]
            } else {
                &[None]
            };
            for &mask in masks {
                let label = format!(
                    "{ecc:?}/{}",
                    mask.map_or("auto".to_owned(), |m| format!("mask{m}"))
                );
                let mut group = c.benchmark_group(format!("qr/{name}"));
                let version = byte_version(data, ecc);

                let options = Options::new()
                    .with_ecc(ecc)
                    .with_mask(mask)
                    .with_boost_ecc(false);
                group.bench_function(BenchmarkId::new("emvqr", &label), |b| {
                    b.iter(|| QrCode::encode(black_box(data), &options).unwrap().mask())
                });
                let bytes = options.with_segmentation(Segmentation::Byte);
                group.bench_function(BenchmarkId::new("emvqr_byte", &label), |b| {
                    b.iter(|| QrCode::encode(black_box(data), &bytes).unwrap().mask())
                });
                group.bench_function(BenchmarkId::new("qrcodegen", &label), |b| {
                    b.iter(|| {
                        let segments = [qrcodegen::QrSegment::make_bytes(black_box(data))];
                        qrcodegen::QrCode::encode_segments_advanced(
                            &segments,
                            qrcodegen_ecc(ecc),
                            qrcodegen::Version::MIN,
                            qrcodegen::Version::MAX,
                            mask.map(qrcodegen::Mask::new),
                            false,
                        )
                        .unwrap()
                        .size()
                    })
                });
                let capacity = qrcodegen_no_heap::Version::new(version).buffer_len();
                let mut temp = vec![0u8; capacity];
                let mut out = vec![0u8; capacity];
                group.bench_function(BenchmarkId::new("qrcodegen-no-heap", &label), |b| {
                    b.iter(|| {
                        temp[..data.len()].copy_from_slice(black_box(data));
                        qrcodegen_no_heap::QrCode::encode_binary(
                            &mut temp,
                            data.len(),
                            &mut out,
                            no_heap_ecc(ecc),
                            qrcodegen_no_heap::Version::MIN,
                            qrcodegen_no_heap::Version::new(version),
                            mask.map(qrcodegen_no_heap::Mask::new),
                            false,
                        )
                        .unwrap()
                        .size()
                    })
                });
                group.bench_function(BenchmarkId::new("fast_qr", &label), |b| {
                    b.iter(|| {
                        let mut builder = fast_qr::QRBuilder::new(black_box(data));
                        builder.ecl(fast_qr_ecc(ecc)).mode(fast_qr::Mode::Byte);
                        if let Some(m) = mask {
                            builder.mask(fast_mask(m));
                        }
                        builder.build().unwrap().size
                    })
                });
                if mask.is_none() {
                    group.bench_function(BenchmarkId::new("qrcode_byte", &label), |b| {
                        b.iter(|| {
                            let mut bits = qrcode::bits::Bits::new(qrcode::Version::Normal(
                                i16::from(version),
                            ));
                            bits.push_byte_data(black_box(data)).unwrap();
                            bits.push_terminator(qrcode_ecc(ecc)).unwrap();
                            qrcode::QrCode::with_bits(bits, qrcode_ecc(ecc))
                                .unwrap()
                                .width()
                        })
                    });
                }
                if mask.is_none() && ecc == Ecc::Medium {
                    group.bench_function(BenchmarkId::new("qrcode_autoseg", &label), |b| {
                        b.iter(|| {
                            qrcode::QrCode::with_error_correction_level(
                                black_box(data),
                                qrcode_ecc(ecc),
                            )
                            .unwrap()
                            .width()
                        })
                    });
                }
                group.finish();
            }
        }
    }
}

fn fast_mask(mask: u8) -> fast_qr::Mask {
    use fast_qr::Mask::*;
    [
        Checkerboard,
        HorizontalLines,
        VerticalLines,
        DiagonalLines,
        LargeCheckerboard,
        Fields,
        Diamonds,
        Meadow,
    ][usize::from(mask)]
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(40)
}

criterion_group! { name = benches; config = config(); targets = encoders }
criterion_main!(benches);
