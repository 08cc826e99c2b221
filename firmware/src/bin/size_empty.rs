//! The baseline of the flash table: cortex-m-rt's vector table and start-up, nothing of emvqr.
#![no_std]
#![no_main]

#[cortex_m_rt::entry]
fn main() -> ! {
    core::hint::black_box(emvqr_firmware::PAYLOAD.len());
    loop {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}
