//! The QR encoder against the reference, Nayuki's qrcodegen: with a byte segment and the same
//! level, version range, mask and boost flag, the matrices must be equal module for module.

mod common;

use emvqr::qr::{self, Ecc, Options, QrCode, Segmentation};
use qrcodegen::{QrCodeEcc, QrSegment, Version};

fn reference_ecc(ecc: Ecc) -> QrCodeEcc {
    match ecc {
        Ecc::Low => QrCodeEcc::Low,
        Ecc::Medium => QrCodeEcc::Medium,
        Ecc::Quartile => QrCodeEcc::Quartile,
        Ecc::High => QrCodeEcc::High,
    }
}

fn reference(data: &[u8], options: &Options) -> qrcodegen::QrCode {
    qrcodegen::QrCode::encode_segments_advanced(
        &[QrSegment::make_bytes(data)],
        reference_ecc(options.ecc()),
        Version::new(options.min_version()),
        Version::new(options.max_version()),
        options.mask().map(qrcodegen::Mask::new),
        options.boost_ecc(),
    )
    .unwrap()
}

/// Asserts equality of everything observable; returns the version used.
fn assert_same(data: &[u8], options: &Options) -> u8 {
    let ours = QrCode::encode(data, options).unwrap();
    let theirs = reference(data, options);
    let context = format!("{options:?}, {} bytes", data.len());
    assert_symbols_equal(&ours, &theirs, &context);
    ours.version()
}

/// Version, size, level, mask and every module of `ours` equal `theirs`.
fn assert_symbols_equal(ours: &QrCode, theirs: &qrcodegen::QrCode, context: &str) {
    assert_eq!(
        i32::from(ours.version()),
        i32::from(theirs.version().value()),
        "version: {context}"
    );
    assert_eq!(ours.size() as i32, theirs.size(), "size: {context}");
    assert_eq!(
        reference_ecc(ours.ecc()),
        theirs.error_correction_level(),
        "ecc: {context}"
    );
    assert_eq!(
        i32::from(ours.mask()),
        i32::from(theirs.mask().value()),
        "mask: {context}"
    );
    for y in 0..ours.size() {
        for x in 0..ours.size() {
            assert_eq!(
                ours.module(x, y),
                theirs.get_module(x as i32, y as i32),
                "module ({x}, {y}): {context}"
            );
        }
    }
}

/// Deterministic filler bytes (all 256 values occur).
fn bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// The most bytes a byte segment can carry at `version` and `ecc`.
fn byte_capacity(version: u8, ecc: Ecc) -> usize {
    qr::byte_capacity(version, ecc).unwrap()
}

#[test]
fn every_version_level_and_mask_matches_the_reference() {
    for version in 1..=40u8 {
        for ecc in Ecc::ALL {
            let data = bytes(
                byte_capacity(version, ecc),
                u64::from(version) * 4 + ecc as u64,
            );
            for mask in 0..8 {
                let options = Options::new()
                    .with_ecc(ecc)
                    .with_min_version(version)
                    .with_max_version(version)
                    .with_mask(Some(mask))
                    .with_boost_ecc(false)
                    .with_segmentation(Segmentation::Byte);
                assert_same(&data, &options);
            }
        }
    }
}

#[test]
fn short_data_in_a_large_version_matches_the_reference() {
    // Mostly padding: exercises the terminator and the 0xEC/0x11 pad bytes.
    for version in [1, 7, 27, 40] {
        for len in [0, 1, 2, 13] {
            let options = Options::new()
                .with_min_version(version)
                .with_max_version(version)
                .with_mask(Some(5))
                .with_boost_ecc(false)
                .with_segmentation(Segmentation::Byte);
            assert_same(&bytes(len, 99), &options);
        }
    }
}

#[test]
fn automatic_mask_and_version_match_the_reference_on_real_payloads() {
    let payloads = common::payloads();
    assert!(payloads.len() > 80);
    for (i, payload) in payloads.iter().enumerate() {
        let ecc = Ecc::ALL[i % 4];
        for boost_ecc in [false, true] {
            let options = Options::new()
                .with_ecc(ecc)
                .with_boost_ecc(boost_ecc)
                .with_segmentation(Segmentation::Byte);
            assert_same(payload.as_bytes(), &options);
        }
    }
}

#[test]
fn automatic_mask_matches_the_reference_across_versions() {
    for version in 1..=40u8 {
        let ecc = Ecc::ALL[usize::from(version) % 4];
        let len = byte_capacity(version, ecc) - usize::from(version) % 3;
        let options = Options::new()
            .with_ecc(ecc)
            .with_min_version(version)
            .with_max_version(version)
            .with_segmentation(Segmentation::Byte);
        assert_same(&bytes(len, 7 + u64::from(version)), &options);
    }
}

#[test]
fn data_too_long_is_an_error_for_both() {
    let data = bytes(byte_capacity(5, Ecc::High) + 1, 1);
    let options = Options::new()
        .with_ecc(Ecc::High)
        .with_max_version(5)
        .with_segmentation(Segmentation::Byte);
    assert!(matches!(
        QrCode::encode(&data, &options),
        Err(qr::Error::DataTooLong { .. })
    ));
    assert!(
        qrcodegen::QrCode::encode_segments_advanced(
            &[QrSegment::make_bytes(&data)],
            QrCodeEcc::High,
            Version::MIN,
            Version::new(5),
            None,
            true
        )
        .is_err()
    );
}

#[test]
fn encoding_into_a_caller_buffer_gives_the_same_symbol() {
    use emvqr::qr::Buffer;
    let data = bytes(150, 3);
    for segmentation in [Segmentation::Byte, Segmentation::Optimal] {
        let options = Options::new()
            .with_max_version(10)
            .with_segmentation(segmentation);
        let mut buffer = Buffer::<{ qr::buffer_words(10) }, { qr::buffer_bytes(10) }>::new();
        let borrowed = QrCode::encode_in(&data, &options, &mut buffer).unwrap();
        let owned = QrCode::encode(&data, &options).unwrap();
        assert_eq!(
            (borrowed.version(), borrowed.mask(), borrowed.ecc()),
            (owned.version(), owned.mask(), owned.ecc())
        );
        for y in 0..owned.size() {
            assert_eq!(borrowed.row(y), owned.row(y), "row {y}");
        }
    }
}

#[test]
fn a_buffer_too_small_for_the_version_needed_is_an_error() {
    use emvqr::qr::Buffer;
    let data = bytes(300, 4); // needs more than version 5
    let mut buffer = Buffer::<{ qr::buffer_words(5) }, { qr::buffer_bytes(5) }>::new();
    let result = QrCode::encode_in(&data, &Options::default(), &mut buffer);
    assert_eq!(result.unwrap_err(), qr::Error::BufferTooSmall);
}

#[test]
fn invalid_options_are_errors() {
    let data = b"x";
    let bad_range = Options::new().with_min_version(5).with_max_version(4);
    assert_eq!(
        QrCode::encode(data, &bad_range).unwrap_err(),
        qr::Error::InvalidVersionRange { min: 5, max: 4 }
    );
    let zero = Options::new().with_min_version(0);
    assert!(matches!(
        QrCode::encode(data, &zero),
        Err(qr::Error::InvalidVersionRange { .. })
    ));
    let mask = Options::new().with_mask(Some(8));
    assert_eq!(
        QrCode::encode(data, &mask).unwrap_err(),
        qr::Error::InvalidMask(8)
    );
}

#[test]
fn long_digit_strings_match_a_numeric_segment() {
    // The optimal planner keeps a byte per input byte in the symbol's own 4,248 bytes; longer
    // inputs need words of their own. All digits make one numeric segment, which qrcodegen
    // encodes too.
    for len in [3000, 4248, 4249, 5600, 7089] {
        let digits: Vec<u8> = bytes(len, 9).iter().map(|b| b'0' + b % 10).collect();
        let options = Options::new().with_ecc(Ecc::Low).with_mask(Some(4));
        let ours = QrCode::encode(&digits, &options).unwrap();
        let theirs = qrcodegen::QrCode::encode_segments_advanced(
            &[QrSegment::make_numeric(
                &String::from_utf8(digits.clone()).unwrap(),
            )],
            QrCodeEcc::Low,
            Version::MIN,
            Version::MAX,
            Some(qrcodegen::Mask::new(4)),
            true,
        )
        .unwrap();
        assert_symbols_equal(&ours, &theirs, &format!("{len} digits"));
    }
}

#[test]
fn byte_capacity_is_none_outside_the_versions_instead_of_panicking() {
    for version in [0, 41, 49, u8::MAX] {
        for ecc in Ecc::ALL {
            assert_eq!(qr::byte_capacity(version, ecc), None, "{version}");
        }
    }
}
