//! A counting global allocator proves that parsing allocates nothing.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use emvqr::Payload;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `f` on this thread.
fn allocations_in(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    COUNTING.with(|c| c.set(true));
    f();
    COUNTING.with(|c| c.set(false));
    ALLOCATIONS.load(Ordering::SeqCst) - before
}

fn all_vector_payloads() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        out.extend(
            text.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(|l| l.split('\t').nth(2).unwrap().to_owned()),
        );
    }
    out
}

#[test]
fn the_counter_sees_allocations() {
    // Without this, a broken counter would make the real test pass vacuously.
    assert_eq!(
        allocations_in(|| drop(std::hint::black_box(Box::new(7u64)))),
        1
    );
}

#[test]
fn parsing_allocates_nothing() {
    let payloads = all_vector_payloads();
    assert!(payloads.len() > 80);
    let count = allocations_in(|| {
        for code in &payloads {
            for result in [Payload::parse(code), Payload::parse_lenient(code)] {
                match result {
                    Ok(payload) => {
                        let fields = payload.fields().count();
                        let accounts = payload.merchant_accounts().filter_map(|a| a.gui()).count();
                        let sub = payload
                            .additional_data()
                            .and_then(|d| d.reference_label())
                            .map_or(0, str::len);
                        let name = payload.merchant_name().map_or(0, str::len);
                        std::hint::black_box((
                            fields,
                            accounts,
                            sub,
                            name,
                            payload.deviations().len(),
                        ));
                    }
                    Err(error) => {
                        std::hint::black_box((error.kind(), error.offset(), error.path()));
                    }
                }
            }
        }
    });
    assert_eq!(count, 0, "parsing allocated {count} times");
}

#[test]
fn formatting_an_error_into_a_fixed_buffer_allocates_nothing() {
    use std::fmt::Write;
    let code = "00020101021243650016COM.MERCADOLIBRE02013063638f1192a-5fd1-4180-a180-8bcae3556bc35204000053039865802BR5925IZABEL AAAA DE MELO6007BARUERI62070503***63040B6D";
    let mut buffer = heapless_string::Buffer::default();
    let count = allocations_in(|| {
        let error = Payload::parse(code).unwrap_err();
        write!(buffer, "{error}").unwrap();
    });
    assert_eq!(count, 0);
    assert!(buffer.as_str().contains("field 59"));
}

mod heapless_string {
    /// A fixed-capacity `fmt::Write` sink.
    pub struct Buffer {
        bytes: [u8; 512],
        len: usize,
    }

    impl Default for Buffer {
        fn default() -> Buffer {
            Buffer {
                bytes: [0; 512],
                len: 0,
            }
        }
    }

    impl Buffer {
        pub fn as_str(&self) -> &str {
            std::str::from_utf8(&self.bytes[..self.len]).unwrap()
        }
    }

    impl std::fmt::Write for Buffer {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let end = self.len + s.len();
            self.bytes
                .get_mut(self.len..end)
                .ok_or(std::fmt::Error)?
                .copy_from_slice(s.as_bytes());
            self.len = end;
            Ok(())
        }
    }
}
