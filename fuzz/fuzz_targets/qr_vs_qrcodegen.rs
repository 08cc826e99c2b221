//! Differential fuzzing against the reference encoder: with a byte segment and the same
//! options, emvqr and qrcodegen must agree on success, version, level, mask and every module.
//! With optimal segmentation, emvqr must never need a larger version than with bytes.
#![no_main]

use arbitrary::Arbitrary;
use emvqr::qr::{Ecc, Options, QrCode, Segmentation};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    ecc: u8,
    min_version: u8,
    span: u8,
    mask: Option<u8>,
    boost_ecc: bool,
    data: Vec<u8>,
}

fuzz_target!(|input: Input| {
    let ecc = Ecc::ALL[usize::from(input.ecc % 4)];
    let min_version = 1 + input.min_version % 40;
    let max_version = (min_version + input.span % 8).min(40);
    let options = Options::new()
        .with_ecc(ecc)
        .with_min_version(min_version)
        .with_max_version(max_version)
        .with_mask(input.mask.map(|m| m % 8))
        .with_boost_ecc(input.boost_ecc)
        .with_segmentation(Segmentation::Byte);
    let ours = QrCode::encode(&input.data, &options);
    let theirs = qrcodegen::QrCode::encode_segments_advanced(
        &[qrcodegen::QrSegment::make_bytes(&input.data)],
        [
            qrcodegen::QrCodeEcc::Low,
            qrcodegen::QrCodeEcc::Medium,
            qrcodegen::QrCodeEcc::Quartile,
            qrcodegen::QrCodeEcc::High,
        ][ecc as usize],
        qrcodegen::Version::new(min_version),
        qrcodegen::Version::new(max_version),
        options.mask().map(qrcodegen::Mask::new),
        options.boost_ecc(),
    );
    match (&ours, &theirs) {
        (Ok(ours), Ok(theirs)) => {
            assert_eq!(
                i32::from(ours.version()),
                i32::from(theirs.version().value())
            );
            assert_eq!(
                ours.ecc() as usize,
                theirs.error_correction_level() as usize
            );
            assert_eq!(i32::from(ours.mask()), i32::from(theirs.mask().value()));
            for y in 0..ours.size() {
                for x in 0..ours.size() {
                    assert_eq!(
                        ours.module(x, y),
                        theirs.get_module(x as i32, y as i32),
                        "({x}, {y})"
                    );
                }
            }
        }
        (Err(_), Err(_)) => {}
        _ => panic!(
            "one encoder failed: ours {:?}, qrcodegen {:?}",
            ours.as_ref().err(),
            theirs.as_ref().err()
        ),
    }
    let optimal = QrCode::encode(
        &input.data,
        &options.with_segmentation(Segmentation::Optimal),
    );
    if let (Ok(bytes), Ok(optimal)) = (&ours, &optimal) {
        assert!(optimal.version() <= bytes.version());
    }
    if ours.is_ok() {
        assert!(
            optimal.is_ok(),
            "optimal segments must fit wherever one byte segment does"
        );
    }
});
