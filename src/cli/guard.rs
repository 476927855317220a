//! Runs a computation that may panic on a damaged index, quietly: the panic
//! is caught and its message kept, instead of a backtrace on stderr and
//! exit 101. The caller decides what to say (one line) and what to do.

use std::panic::{AssertUnwindSafe, PanicHookInfo, catch_unwind};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Computations under way in `catch` (any thread: rayon's workers panic
/// on their own threads).
static QUIET: AtomicUsize = AtomicUsize::new(0);
/// The first message of a quiet panic.
static MESSAGE: Mutex<Option<String>> = Mutex::new(None);

fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.load(Ordering::SeqCst) > 0 {
                let mut m = MESSAGE.lock().unwrap_or_else(|e| e.into_inner());
                m.get_or_insert_with(|| describe(info));
            } else {
                default(info);
            }
        }));
    });
}

fn describe(info: &PanicHookInfo) -> String {
    let what = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    let what = what.split_whitespace().collect::<Vec<_>>().join(" ");
    match info.location() {
        Some(l) => format!("{what} (at {}:{})", l.file(), l.line()),
        None => what,
    }
}

/// Runs `f`; a panic anywhere inside it comes back as its message.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install();
    QUIET.fetch_add(1, Ordering::SeqCst);
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.fetch_sub(1, Ordering::SeqCst);
    let message = MESSAGE.lock().unwrap_or_else(|e| e.into_inner()).take();
    result.map_err(|_| message.unwrap_or_else(|| "unknown panic".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_comes_back_as_its_message() {
        assert_eq!(catch(|| 7), Ok(7));
        let err = catch(|| -> u8 { panic!("index out of bounds: {}", 3) }).unwrap_err();
        assert!(err.starts_with("index out of bounds: 3 (at "), "{err}");
        // In another thread, as rayon runs it.
        let err = catch(|| {
            std::thread::scope(|s| s.spawn(|| panic!("in a worker")).join())
                .map_err(|_| ())
                .unwrap_or_else(|_| panic!("joined"))
        })
        .unwrap_err();
        assert!(err.starts_with("in a worker"), "{err}");
    }
}
