#![no_std]

use core::panic::PanicInfo;

use emvqr::Payload;

const CODE: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";

/// Exported so that the linker keeps the parser: 1 when the sample payload is valid.
#[unsafe(no_mangle)]
pub extern "C" fn emvqr_nostd_check() -> i32 {
    i32::from(Payload::parse(core::hint::black_box(CODE)).is_ok())
}

#[panic_handler]
fn panic(_: &PanicInfo<'_>) -> ! {
    loop {}
}
