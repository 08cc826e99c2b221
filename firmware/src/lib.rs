//! What the firmware demo computes, written once so that the microcontroller (src/bin/demo.rs,
//! under qemu) and the host (examples/host.rs) run the same code and CI compares their
//! answers: parse a payment code, build one, encode and draw it on a 1-bit display buffer.
#![no_std]

use core::fmt;

use embedded_graphics_core::Pixel;
use embedded_graphics_core::draw_target::DrawTarget;
use embedded_graphics_core::geometry::{OriginDimensions, Point, Size};
use embedded_graphics_core::pixelcolor::BinaryColor;
use embedded_graphics_core::prelude::Drawable;
use emvqr::Payload;
use emvqr::amount::Amount;
use emvqr::build::PixBuilder;
use emvqr::qr::{self, Buffer, Ecc, Options, QrCode};
use emvqr::render::{Layout, QrDrawable};

/// The Mercado Pago dynamic Pix code of the integration guide (187 bytes, merchant-name length
/// mended), as a point-of-sale screen gets it from the server.
pub const PAYLOAD: &str = "00020101021226940014BR.GOV.BCB.PIX2572pix-qr.mercadopago.com/instore/o/v2/fdf9ece0-6137-4e1e-a49d-94f55ec9eee25204000053039865802BR5920FELIPE AAAAAA AAAAA 6009SAO PAULO62070503***63048C65";

/// The input of the flash programs (`src/bin/size_*.rs`): a code that arrives at run time, as a
/// terminal's codes do. `black_box` hides that it is empty, so a program links all that any
/// input needs, and its flash counts no payload's bytes.
pub fn runtime_input() -> &'static str {
    core::hint::black_box("")
}

/// The largest version the demo's buffer holds: 97 modules, more than any payment code needs.
pub const MAX_VERSION: u8 = 20;

/// Caller-owned working memory of the encoder, for versions up to [`MAX_VERSION`].
pub type QrBuffer = Buffer<{ qr::buffer_words(MAX_VERSION) }, { qr::buffer_bytes(MAX_VERSION) }>;

/// A 128 × 128 monochrome display's frame buffer, one bit a pixel (a common OLED size).
pub struct Screen {
    pixels: [u8; Screen::SIDE * Screen::SIDE / 8],
}

impl Screen {
    /// Pixels across and down.
    pub const SIDE: usize = 128;

    /// A blank screen.
    pub const fn new() -> Screen {
        Screen {
            pixels: [0; Screen::SIDE * Screen::SIDE / 8],
        }
    }

    /// Whether the pixel at (`x`, `y`) is lit.
    pub fn lit(&self, x: usize, y: usize) -> bool {
        let bit = y * Screen::SIDE + x;
        self.pixels
            .get(bit / 8)
            .is_some_and(|b| b & (0x80 >> (bit % 8)) != 0)
    }
}

impl Default for Screen {
    fn default() -> Self {
        Screen::new()
    }
}

impl OriginDimensions for Screen {
    fn size(&self) -> Size {
        Size::new_equal(Screen::SIDE as u32)
    }
}

impl DrawTarget for Screen {
    type Color = BinaryColor;
    type Error = core::convert::Infallible;

    fn draw_iter<I: IntoIterator<Item = Pixel<BinaryColor>>>(
        &mut self,
        pixels: I,
    ) -> Result<(), Self::Error> {
        for Pixel(Point { x, y }, color) in pixels {
            let (Ok(x), Ok(y)) = (usize::try_from(x), usize::try_from(y)) else {
                continue;
            };
            if x >= Screen::SIDE || y >= Screen::SIDE {
                continue;
            }
            let bit = y * Screen::SIDE + x;
            let mask = 0x80 >> (bit % 8);
            match color {
                BinaryColor::On => self.pixels[bit / 8] |= mask,
                BinaryColor::Off => self.pixels[bit / 8] &= !mask,
            }
        }
        Ok(())
    }
}

/// What the demo found: the same on every machine, or something is wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct Report {
    /// Field 59 of [`PAYLOAD`].
    pub merchant: heapless::String<25>,
    /// The QR version and the mask chosen.
    pub version: u8,
    pub mask: u8,
    /// FNV-1a of the modules, row by row.
    pub modules: u32,
    /// FNV-1a of the display buffer after drawing.
    pub screen: u32,
    /// FNV-1a of the Pix code the builder wrote, and its length.
    pub built: u32,
    pub built_len: usize,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "merchant={} version={} mask={} modules={:08x} screen={:08x} built={:08x}/{}",
            self.merchant,
            self.version,
            self.mask,
            self.modules,
            self.screen,
            self.built,
            self.built_len
        )
    }
}

/// Why the demo stopped.
#[derive(Debug)]
pub enum Failure {
    Parse(emvqr::Error),
    Amount(emvqr::amount::AmountError),
    Build(emvqr::Error),
    Encode(qr::Error),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Parse(e) => write!(f, "parse: {e}"),
            Failure::Amount(e) => write!(f, "amount: {e}"),
            Failure::Build(e) => write!(f, "build: {e}"),
            Failure::Encode(e) => write!(f, "encode: {e}"),
        }
    }
}

/// The three steps a point-of-sale screen takes, one after another.
pub fn run(buffer: &mut QrBuffer, screen: &mut Screen) -> Result<Report, Failure> {
    let payload = parse(PAYLOAD)?;
    let mut merchant = heapless::String::new();
    let _ = merchant.push_str(payload.merchant_name().unwrap_or(""));

    let built = build()?;

    let code = encode(PAYLOAD.as_bytes(), buffer)?;
    let mut modules = Fnv::new();
    for y in 0..code.size() {
        for x in 0..code.size() {
            modules.byte(u8::from(code.module(x, y)));
        }
    }
    // Two pixels a module and a 4-module quiet zone, centred: (2 × (45 + 8)) = 106 ≤ 128.
    let layout = Layout::new().with_scale(2);
    let offset = (Screen::SIDE - layout.side(&code)) / 2;
    let at = Point::new_equal(i32::try_from(offset).unwrap_or(0));
    let Ok(()) = QrDrawable::new(&code, layout, BinaryColor::On, BinaryColor::Off)
        .at(at)
        .draw(screen);
    let mut pixels = Fnv::new();
    for byte in screen.pixels {
        pixels.byte(byte);
    }
    let mut built_digest = Fnv::new();
    for byte in built.bytes() {
        built_digest.byte(byte);
    }
    Ok(Report {
        merchant,
        version: code.version(),
        mask: code.mask(),
        modules: modules.0,
        screen: pixels.0,
        built: built_digest.0,
        built_len: built.len(),
    })
}

/// Strict parsing, the rule books included.
#[inline(never)]
pub fn parse(text: &str) -> Result<Payload<'_>, Failure> {
    Payload::parse(text).map_err(Failure::Parse)
}

/// A static Pix code with an amount, as a vending machine would print for its price.
#[inline(never)]
pub fn build() -> Result<heapless::String<512>, Failure> {
    let amount = Amount::from_minor_units(350, 2).map_err(Failure::Amount)?;
    PixBuilder::new_static("+5511943214321", "MAQUINA 42", "SAO PAULO")
        .amount(&amount)
        .txid("VENDA0001")
        .build()
        .map_err(Failure::Build)
}

/// Encodes at level M into the caller's buffer.
#[inline(never)]
pub fn encode<'b>(data: &[u8], buffer: &'b mut QrBuffer) -> Result<QrCode<&'b [u64]>, Failure> {
    let options = Options::new()
        .with_ecc(Ecc::Medium)
        .with_max_version(MAX_VERSION);
    QrCode::encode_in(data, &options, buffer).map_err(Failure::Encode)
}

/// FNV-1a, 32 bits: a digest small enough for firmware, enough to tell two pictures apart.
struct Fnv(u32);

impl Fnv {
    const fn new() -> Fnv {
        Fnv(0x811c_9dc5)
    }

    fn byte(&mut self, byte: u8) {
        self.0 = (self.0 ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
}
