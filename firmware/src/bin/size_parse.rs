//! Flash of strict parsing, the rule books included: `Payload::parse` and a field read.
#![no_std]
#![no_main]

use core::hint::black_box;

#[cortex_m_rt::entry]
fn main() -> ! {
    let parsed = emvqr::Payload::parse(emvqr_firmware::runtime_input());
    black_box(parsed.map(|p| p.merchant_name().map(str::len)).ok());
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}
