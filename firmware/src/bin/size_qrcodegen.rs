//! The comparison: qrcodegen-no-heap encoding the same payload (binary mode, level M, any
//! version up to 40, automatic mask), with buffers on the stack as its documentation shows.
#![no_std]
#![no_main]

use core::hint::black_box;

use qrcodegen_no_heap::{QrCode, QrCodeEcc, Version};

#[cortex_m_rt::entry]
fn main() -> ! {
    let mut data = [0u8; Version::MAX.buffer_len()];
    let mut temp = [0u8; Version::MAX.buffer_len()];
    let text = emvqr_firmware::runtime_input();
    let code = QrCode::encode_text(
        text,
        &mut temp,
        &mut data,
        QrCodeEcc::Medium,
        Version::MIN,
        Version::MAX,
        None,
        true,
    );
    black_box(code.map(|c| c.get_module(black_box(3), black_box(4))).ok());
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}
