//! Flash of the QR encoder: `QrCode::encode` with the default options (any version) and a
//! module read.
#![no_std]
#![no_main]

use core::hint::black_box;

use emvqr::qr::{Options, QrCode};

#[cortex_m_rt::entry]
fn main() -> ! {
    let code = QrCode::encode(
        emvqr_firmware::runtime_input().as_bytes(),
        &Options::default(),
    );
    black_box(code.map(|c| c.module(black_box(3), black_box(4))).ok());
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}
