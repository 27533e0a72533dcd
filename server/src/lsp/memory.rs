//! Memory given back to the system when the server goes quiet after large work (a large document
//! closed). The binary allocates with mimalloc, which keeps the pages a thread freed for that
//! thread's next allocations, and leaves a block freed by another thread on its page until the
//! owning thread allocates again: a server that goes idle after closing a 13 MB document would
//! hold the memory of its trees for as long as it stays idle. A trim asks every thread that may
//! own pages to collect its heap, and the arenas to return the pages no one uses.
//!
//! Where the global allocator is not mimalloc (the library's own tests), `mi_collect` finds an
//! empty heap and does nothing.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How long a blocking thread of the async runtime waits for work before it ends (tokio's
/// default is ten seconds). A thread that ends hands its heap's pages back; one that idles
/// cannot be reached by a trim.
pub(crate) const THREAD_KEEP_ALIVE: Duration = Duration::from_secs(1);

/// How long the server must have had no new reason to trim before it trims: longer than
/// [`THREAD_KEEP_ALIVE`], so that the blocking threads that did the work have ended.
const QUIET: Duration = Duration::from_millis(1500);

/// The trims asked for so far (a generation); each thread of the async runtime notes which one it
/// last carried out.
static ASKED: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static DONE: Cell<u64> = const { Cell::new(0) };
}

/// This thread's heap collected, and the arenas' free pages returned to the system.
fn collect_here() {
    // SAFETY: `mi_collect` walks the calling thread's own heap and the process's arenas, under
    // mimalloc's own locks; it frees nothing that is in use.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// For the async runtime's `on_thread_park`: a worker about to sleep carries out the newest trim
/// it has not done yet (a load and a compare otherwise).
pub(crate) fn on_park() {
    let asked = ASKED.load(Ordering::Acquire);
    if DONE.with(|d| d.replace(asked)) != asked {
        collect_here();
    }
}

/// Trims asked for by the server, carried out once the server has been quiet for [`QUIET`].
#[derive(Default)]
pub(crate) struct Trimmer {
    /// Requests so far, and whether a task is waiting to carry them out.
    requests: AtomicU64,
    waiting: std::sync::atomic::AtomicBool,
}

impl Trimmer {
    /// Asks for a trim once the server is quiet (later requests push it back).
    pub(crate) fn request(self: &Arc<Self>) {
        self.requests.fetch_add(1, Ordering::SeqCst);
        if self.waiting.swap(true, Ordering::SeqCst) {
            return;
        }
        let me = self.clone();
        tokio::spawn(async move {
            loop {
                let seen = me.requests.load(Ordering::SeqCst);
                tokio::time::sleep(QUIET).await;
                if me.requests.load(Ordering::SeqCst) == seen {
                    break;
                }
            }
            me.waiting.store(false, Ordering::SeqCst);
            let _ = tokio::task::spawn_blocking(trim).await;
        });
    }
}

/// Every thread that may own pages collects: the analysis pool's (rayon), this blocking thread,
/// and the async runtime's workers (when they next park).
pub(crate) fn trim() {
    ASKED.fetch_add(1, Ordering::AcqRel);
    rayon::broadcast(|_| collect_here());
    collect_here();
    tracing::debug!("memory trimmed");
}
