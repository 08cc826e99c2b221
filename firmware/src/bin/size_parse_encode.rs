//! Flash of what a point-of-sale screen links: strict parsing, then encoding what parsed.
#![no_std]
#![no_main]

use core::hint::black_box;

use emvqr::Payload;
use emvqr::qr::{Options, QrCode};

#[cortex_m_rt::entry]
fn main() -> ! {
    if let Ok(payload) = Payload::parse(emvqr_firmware::runtime_input()) {
        let code = QrCode::encode(payload.as_str().as_bytes(), &Options::default());
        black_box(code.map(|c| c.module(black_box(3), black_box(4))).ok());
    }
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}
