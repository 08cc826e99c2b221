//! Every symbol with optimal segments must read back with a real decoder (rqrr), to the exact
//! bytes; and optimal segments must make EMVCo payloads smaller than one byte segment.

mod common;

use emvqr::qr::{Ecc, Options, QrCode, Segmentation};

const PIX_DYNAMIC_187: &str = "00020101021226940014BR.GOV.BCB.PIX2572pix-qr.mercadopago.com/instore/o/v2/fdf9ece0-6137-4e1e-a49d-94f55ec9eee25204000053039865802BR5920FELIPE AAAAAA AAAAA 6009SAO PAULO62070503***63048C65";

/// Renders at 4 pixels per module with a 4-module quiet zone and decodes with rqrr.
fn decode(code: &QrCode) -> (Vec<u8>, usize, u8) {
    let (scale, border) = (4, 4);
    let side = (code.size() + 2 * border) * scale;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
        let (mx, my) = (
            (x / scale).wrapping_sub(border),
            (y / scale).wrapping_sub(border),
        );
        if code.module(mx, my) { 0 } else { 255 }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "rqrr found {} symbols", grids.len());
    let mut out = Vec::new();
    let meta = grids[0].decode_to(&mut out).unwrap();
    (out, meta.version.0, meta.mask as u8)
}

#[test]
fn optimal_segments_read_back_exactly() {
    let mut payloads = common::payloads();
    payloads.push(PIX_DYNAMIC_187.to_owned());
    for (i, payload) in payloads.iter().enumerate() {
        let options = Options::new().with_ecc(Ecc::ALL[i % 4]);
        let code = QrCode::encode(payload.as_bytes(), &options).unwrap();
        let (bytes, version, mask) = decode(&code);
        assert_eq!(bytes, payload.as_bytes(), "payload {i}");
        assert_eq!(
            (version, mask),
            (usize::from(code.version()), code.mask()),
            "payload {i}"
        );
    }
}

#[test]
fn mixed_content_reads_back_exactly() {
    // Digit runs, uppercase runs, lowercase, UTF-8 and every alphanumeric symbol.
    let cases: [&[u8]; 6] = [
        b"",
        b"0",
        b"12345678901234567890123456789012345678901234567890",
        b"HELLO WORLD $%*+-./: 0123456789",
        "abc123DEF456ghi北京 ÃÕ 789XYZ".as_bytes(),
        &[
            0xFF, 0x00, b'1', b'2', b'3', b'4', b'5', b'6', b'7', b'A', b'B', b'C', b'D', b'E',
            b'F', b'G', b'H', 0x80,
        ],
    ];
    for data in cases {
        for ecc in Ecc::ALL {
            let code = QrCode::encode(data, &Options::new().with_ecc(ecc)).unwrap();
            assert_eq!(decode(&code).0, data);
        }
    }
}

#[test]
fn every_fixed_mask_reads_back() {
    for mask in 0..8 {
        let code = QrCode::encode(
            PIX_DYNAMIC_187.as_bytes(),
            &Options::new().with_mask(Some(mask)),
        )
        .unwrap();
        assert_eq!(
            decode(&code),
            (PIX_DYNAMIC_187.as_bytes().to_vec(), 8, mask)
        );
    }
}

#[test]
fn the_187_byte_code_fits_version_8_at_ecc_m() {
    let optimal = QrCode::encode(PIX_DYNAMIC_187.as_bytes(), &Options::default()).unwrap();
    let bytes = QrCode::encode(
        PIX_DYNAMIC_187.as_bytes(),
        &Options::new().with_segmentation(Segmentation::Byte),
    )
    .unwrap();
    assert_eq!((optimal.version(), optimal.ecc()), (8, Ecc::Medium));
    assert_eq!((bytes.version(), bytes.ecc()), (10, Ecc::Medium));
    // 49² against 57²: 26 % fewer modules.
    assert_eq!((optimal.size(), bytes.size()), (49, 57));
}

#[test]
fn optimal_segments_never_need_a_larger_version_than_bytes() {
    for payload in common::payloads() {
        for ecc in Ecc::ALL {
            let options = Options::new().with_ecc(ecc).with_boost_ecc(false);
            let optimal = QrCode::encode(payload.as_bytes(), &options).unwrap();
            let bytes = QrCode::encode(
                payload.as_bytes(),
                &options.with_segmentation(Segmentation::Byte),
            )
            .unwrap();
            assert!(optimal.version() <= bytes.version(), "{payload}");
        }
    }
}

#[test]
fn generated_mixed_runs_read_back_exactly() {
    // Runs of digits, uppercase, lowercase and bytes, up to 900 long: the planner's 64-byte
    // windows with runs across them, and more than eight error correction blocks (the
    // interleaver's scattered path).
    let alphabets: [&[u8]; 4] = [
        b"0123456789",
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:",
        b"abcdefghijklmnopqrstuvwxyz",
        &[0x00, 0x7F, 0x80, 0xC3, 0xFF, b'#', b'~'],
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 33) as usize % bound
    };
    for case in 0..48 {
        let len = 1 + next(if case % 4 == 0 { 900 } else { 200 });
        let mut data = Vec::with_capacity(len);
        while data.len() < len {
            let alphabet = alphabets[next(4)];
            for _ in 0..1 + next(12) {
                data.push(alphabet[next(alphabet.len())]);
            }
        }
        data.truncate(len);
        let ecc = Ecc::ALL[(case + case / 4) % 4];
        let code = QrCode::encode(&data, &Options::new().with_ecc(ecc)).unwrap();
        assert_eq!(decode(&code).0, data, "case {case}, {len} bytes, {ecc:?}");
    }
}
