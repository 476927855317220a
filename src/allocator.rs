//! The global allocator: mimalloc, handing freed memory back to the system
//! soon after it is freed.
//!
//! Indexing allocates many small strings (mimalloc: the system allocator
//! spent a fifth of cold indexing time on them). mimalloc 3 keeps freed
//! pages for a second before it returns them (`purge_delay`, 1000 ms):
//! while tantivy flushes its 40 MB arenas and the analysis churns, that
//! retained memory added ~50 MB to the cold build's peak at 150,000 stories
//! (382/384 MB against 332/339 MB with 10 ms, the delay of mimalloc 2).
//! Returning pages costs CPU: 4-9% more user+system time on that build
//! (1.6-3.1 s of ~36 s, against the same binary with 1000 ms), bought for
//! the 400 MB cap. `MIMALLOC_PURGE_DELAY` in the environment still decides.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::{c_int, c_long, c_void};

#[global_allocator]
static GLOBAL: Mimalloc = Mimalloc;

// mimalloc's option API (the `extended` feature of libmimalloc-sys would
// name them, but pulls in a crate for C types the two calls do not need),
// and its plain allocation calls, which the mimalloc crate does not use.
unsafe extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
    #[cfg(test)]
    fn mi_option_get(option: c_int) -> c_long;
    fn mi_malloc(size: usize) -> *mut c_void;
    fn mi_zalloc(size: usize) -> *mut c_void;
    fn mi_realloc(p: *mut c_void, newsize: usize) -> *mut c_void;
}

/// Every mimalloc block is aligned to a machine word at least: its own
/// aligned realloc takes the plain path up to this alignment.
const WORD_ALIGN: usize = std::mem::size_of::<usize>();

/// mimalloc, asked for a plain block when the layout's alignment is one
/// every block has. `mimalloc::MiMalloc` asks `mi_malloc_aligned` for all:
/// a block over 1 KB whose size class is not a power of two then takes the
/// over-allocating path (about a quarter of the cold build's allocations,
/// and more than half of the instructions spent allocating).
struct Mimalloc;

// SAFETY: each call hands mimalloc's own functions a layout they serve:
// plain ones only when mimalloc's alignment covers the layout's, and all
// blocks are freed by `mi_free`, whichever call made them.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD_ALIGN {
            unsafe { mi_malloc(layout.size()).cast() }
        } else {
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD_ALIGN {
            unsafe { mi_zalloc(layout.size()).cast() }
        } else {
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= WORD_ALIGN {
            unsafe { mi_realloc(ptr.cast(), new_size).cast() }
        } else {
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
        }
    }
}

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_e` (libmimalloc-sys
/// 0.1.49); a test pins it against the environment variable of that name.
const PURGE_DELAY: c_int = 15;

/// Milliseconds between a free and the return of its pages to the system.
const PURGE_DELAY_MS: c_long = 10;

/// Sets the purge delay, unless the environment sets it (mimalloc reads
/// `MIMALLOC_PURGE_DELAY`, or its old name, whatever the case).
pub fn configure() {
    let set_by_user = std::env::vars_os().any(|(k, _)| {
        k.to_str().is_some_and(|k| {
            k.eq_ignore_ascii_case("MIMALLOC_PURGE_DELAY")
                || k.eq_ignore_ascii_case("MIMALLOC_RESET_DELAY")
        })
    });
    if !set_by_user {
        // SAFETY: sets an integer in mimalloc's option table; the index is
        // within it (see the test).
        unsafe { mi_option_set(PURGE_DELAY, PURGE_DELAY_MS) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every size class and alignment come back aligned, hold
    /// what was written, keep it through realloc, and zeroed ones are zero.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let sizes = (1..=300).chain((300..70_000).step_by(97));
        for size in sizes {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero size; every block is freed with the
                // layout it was made with, and only its bytes are touched.
                unsafe {
                    let p = GLOBAL.alloc(layout);
                    assert!(
                        !p.is_null() && (p as usize).is_multiple_of(align),
                        "{size} {align}"
                    );
                    p.write_bytes(0xa5, size);
                    let grown = size * 3 + 1;
                    let q = GLOBAL.realloc(p, layout, grown);
                    assert!(
                        !q.is_null() && (q as usize).is_multiple_of(align),
                        "{size} {align}"
                    );
                    assert!(
                        std::slice::from_raw_parts(q, size)
                            .iter()
                            .all(|&b| b == 0xa5)
                    );
                    GLOBAL.dealloc(q, Layout::from_size_align(grown, align).unwrap());
                    let z = GLOBAL.alloc_zeroed(layout);
                    assert!(
                        !z.is_null() && (z as usize).is_multiple_of(align),
                        "{size} {align}"
                    );
                    assert!(std::slice::from_raw_parts(z, size).iter().all(|&b| b == 0));
                    GLOBAL.dealloc(z, layout);
                }
            }
        }
    }

    const CHILD: &str = "VOUCH_TEST_ALLOCATOR_CHILD";

    fn purge_delay() -> c_long {
        // SAFETY: reads an integer of mimalloc's option table.
        unsafe { mi_option_get(PURGE_DELAY) }
    }

    /// mimalloc reads `MIMALLOC_PURGE_DELAY` at start into the option this
    /// module sets: run this test again in a process that has it, where
    /// `configure` must leave the user's value.
    #[test]
    fn the_option_set_is_the_purge_delay_and_the_environment_wins() {
        if std::env::var_os(CHILD).is_some() {
            assert_eq!(purge_delay(), 123);
            configure();
            assert_eq!(purge_delay(), 123);
            return;
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "allocator::tests::the_option_set_is_the_purge_delay_and_the_environment_wins",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .env("mimalloc_purge_delay", "123")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "child: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn without_the_environment_the_delay_is_short() {
        if std::env::vars_os().any(|(k, _)| {
            k.to_str()
                .is_some_and(|k| k.to_ascii_uppercase().starts_with("MIMALLOC_"))
        }) {
            return;
        }
        configure();
        assert_eq!(purge_delay(), PURGE_DELAY_MS);
    }
}
