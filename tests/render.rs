//! Every renderer's output must scan: each valid payload of the vector set is rendered, turned
//! back into pixels the way a screen or an image viewer would show them, and decoded with a
//! real QR decoder (rqrr) to the exact bytes. (CI also scans the CLI's PNG and SVG files with
//! zbarimg, after rsvg-convert for SVG: see `.ci/scan`.)

mod common;

use emvqr::qr::{Ecc, Options, QrCode};
use emvqr::render::{self, Background, Layout};

/// Decodes a picture `width` × `height` whose dark pixels `dark(x, y)` says, with rqrr.
fn scan(width: usize, height: usize, dark: impl Fn(usize, usize) -> bool) -> Vec<u8> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        if dark(x, y) { 0 } else { 255 }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "rqrr found {} symbols", grids.len());
    let mut out = Vec::new();
    grids[0].decode_to(&mut out).unwrap();
    out
}

fn encode(payload: &str, ecc: Ecc) -> QrCode {
    QrCode::encode(payload.as_bytes(), &Options::new().with_ecc(ecc)).unwrap()
}

// ---------------------------------------------------------------- terminal

/// The picture a terminal shows: each character is two pixels tall; a glyph's lit halves
/// are the foreground colour, the rest the background.
fn terminal_pixels(text: &str, background: Background) -> (usize, usize, Vec<bool>) {
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let width = lines[0].len();
    assert!(lines.iter().all(|l| l.len() == width), "ragged lines");
    let height = 2 * lines.len();
    let mut dark = vec![false; width * height];
    for (row, line) in lines.iter().enumerate() {
        for (x, c) in line.iter().enumerate() {
            let (upper, lower) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                ' ' => (false, false),
                other => panic!("unexpected character {other:?}"),
            };
            let foreground_is_dark = background == Background::Light;
            dark[2 * row * width + x] = upper == foreground_is_dark;
            dark[(2 * row + 1) * width + x] = lower == foreground_is_dark;
        }
    }
    (width, height, dark)
}

#[test]
fn terminal_text_scans_for_every_valid_vector_on_both_backgrounds() {
    for (i, payload) in common::valid_payloads().iter().enumerate() {
        let code = encode(payload, Ecc::ALL[i % 4]);
        for background in [Background::Light, Background::Dark] {
            let mut text = String::new();
            render::terminal(&code, &Layout::new(), background, &mut text).unwrap();
            let (width, height, dark) = terminal_pixels(&text, background);
            // Blow each character half up to 3 × 3 pixels, as a screen would.
            let bytes = scan(3 * width, 3 * height, |x, y| dark[y / 3 * width + x / 3]);
            assert_eq!(bytes, payload.as_bytes(), "payload {i}, {background:?}");
        }
    }
}

#[test]
fn terminal_text_fits_80_columns_up_to_version_10() {
    for ecc in Ecc::ALL {
        let options = Options::new()
            .with_ecc(ecc)
            .with_min_version(10)
            .with_max_version(10);
        let code = QrCode::encode(b"00020101021126580014br.gov.bcb.pix", &options).unwrap();
        assert_eq!(code.version(), 10);
        let mut text = String::new();
        render::terminal(&code, &Layout::new(), Background::Dark, &mut text).unwrap();
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
        assert_eq!(widest, 57 + 2 * 4);
        assert!(widest <= 80);
        assert_eq!(text.lines().count(), (57_usize + 2 * 4).div_ceil(2));
    }
}

#[test]
fn terminal_scale_makes_modules_square_cells() {
    let code = encode("00020101021126580014br.gov.bcb.pix", Ecc::Medium);
    let layout = Layout::new().with_scale(2).with_quiet_zone(1);
    let mut text = String::new();
    render::terminal(&code, &layout, Background::Light, &mut text).unwrap();
    let side = code.size() + 2;
    // Two columns and one line (two half rows) per module.
    assert_eq!(text.lines().count(), side);
    assert!(text.lines().all(|l| l.chars().count() == 2 * side));
    let (width, height, dark) = terminal_pixels(&text, Background::Light);
    for y in 0..height {
        for x in 0..width {
            assert_eq!(
                dark[y * width + x],
                layout.is_dark(&code, x, y),
                "({x}, {y})"
            );
        }
    }
}

// ---------------------------------------------------------------- SVG

/// Rasterises the one path of an SVG this crate wrote (`M x y h n v1 H x z` rectangles, in
/// module units), checking the document's frame on the way.
fn svg_modules(svg: &str, layout: &Layout, across: usize) -> Vec<bool> {
    let px = across * usize::from(layout.scale());
    let head = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{px}\" height=\"{px}\" viewBox=\"0 0 {across} {across}\" shape-rendering=\"crispEdges\"><rect width=\"{across}\" height=\"{across}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
    );
    let path = svg
        .strip_prefix(&head)
        .and_then(|rest| rest.strip_suffix("\"/></svg>\n"))
        .unwrap_or_else(|| panic!("unexpected frame: {svg}"));
    let mut dark = vec![false; across * across];
    for rect in path.split('z').filter(|r| !r.is_empty()) {
        let numbers: Vec<usize> = rect
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().unwrap())
            .collect();
        let [x, y, n, 1, back] = numbers[..] else {
            panic!("unexpected rectangle {rect:?}")
        };
        assert_eq!(back, x, "{rect:?}");
        for cell in &mut dark[y * across + x..y * across + x + n] {
            assert!(!*cell, "overlapping runs at {rect:?}");
            *cell = true;
        }
    }
    dark
}

#[test]
fn svg_scans_for_every_valid_vector() {
    for (i, payload) in common::valid_payloads().iter().enumerate() {
        let code = encode(payload, Ecc::ALL[i % 4]);
        let layout = Layout::new().with_scale(8);
        let mut svg = String::new();
        render::svg(&code, &layout, &mut svg).unwrap();
        assert_eq!(svg.len(), render::svg_len(&code, &layout));
        let across = layout.modules_across(&code);
        let dark = svg_modules(&svg, &layout, across);
        let bytes = scan(4 * across, 4 * across, |x, y| dark[y / 4 * across + x / 4]);
        assert_eq!(bytes, payload.as_bytes(), "payload {i}");
    }
}

#[test]
fn svg_writes_into_a_fixed_buffer_and_refuses_one_too_small() {
    let code = encode("00020101021126580014br.gov.bcb.pix", Ecc::Medium);
    let layout = Layout::new();
    let len = render::svg_len(&code, &layout);
    let mut exact = heapless::String::<8192>::new();
    render::svg(&code, &layout, &mut exact).unwrap();
    assert_eq!(exact.len(), len);
    let mut small = heapless::String::<1024>::new();
    assert!(len > 1024);
    assert!(render::svg(&code, &layout, &mut small).is_err());
}

// ---------------------------------------------------------------- PNG

#[cfg(feature = "png")]
#[test]
fn png_scans_for_every_valid_vector() {
    for (i, payload) in common::valid_payloads().iter().enumerate() {
        let code = encode(payload, Ecc::ALL[i % 4]);
        let layout = Layout::new().with_scale(3);
        let mut file = Vec::new();
        render::png(&code, &layout, &mut file).unwrap();
        // Read back with the png crate's decoder, expanded to 8-bit gray.
        let mut decoder = png::Decoder::new(std::io::Cursor::new(&file));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!(
            (info.bit_depth, info.color_type),
            (png::BitDepth::One, png::ColorType::Grayscale)
        );
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut pixels).unwrap();
        let side = layout.side(&code);
        assert_eq!((frame.width as usize, frame.height as usize), (side, side));
        assert_eq!(frame.color_type, png::ColorType::Grayscale);
        let stride = frame.line_size;
        let bytes = scan(side, side, |x, y| pixels[y * stride + x] < 128);
        assert_eq!(bytes, payload.as_bytes(), "payload {i}");
    }
}

// ---------------------------------------------------------------- embedded-graphics

#[cfg(feature = "embedded-graphics")]
#[test]
fn mock_display_shows_a_187_byte_pix_code_that_scans() {
    use embedded_graphics::mock_display::MockDisplay;
    use embedded_graphics::pixelcolor::BinaryColor;
    use embedded_graphics::prelude::*;
    use emvqr::render::QrDrawable;

    const PIX_DYNAMIC_187: &str = "00020101021226940014BR.GOV.BCB.PIX2572pix-qr.mercadopago.com/instore/o/v2/fdf9ece0-6137-4e1e-a49d-94f55ec9eee25204000053039865802BR5920FELIPE AAAAAA AAAAA 6009SAO PAULO62070503***63048C65";
    let code = encode(PIX_DYNAMIC_187, Ecc::Medium);
    assert_eq!(code.version(), 8);
    // 49 modules and 3 on each side: 55 of MockDisplay's 64 pixels; on a monochrome OLED a
    // lit pixel is light.
    let layout = Layout::new().with_quiet_zone(3);
    let drawing =
        QrDrawable::new(&code, layout, BinaryColor::Off, BinaryColor::On).at(Point::new(4, 5));
    assert_eq!(drawing.bounding_box().size, Size::new_equal(55));
    let mut display = MockDisplay::new();
    drawing.draw(&mut display).unwrap();
    assert_eq!(display.affected_area(), drawing.bounding_box());
    for y in 0..55 {
        for x in 0..55 {
            let expected = if layout.is_dark(&code, x, y) {
                BinaryColor::Off
            } else {
                BinaryColor::On
            };
            let point = Point::new(4 + x as i32, 5 + y as i32);
            assert_eq!(display.get_pixel(point), Some(expected), "({x}, {y})");
        }
    }
    let bytes = scan(64, 64, |x, y| {
        display.get_pixel(Point::new(x as i32, y as i32)) == Some(BinaryColor::Off)
    });
    assert_eq!(bytes, PIX_DYNAMIC_187.as_bytes());
}
