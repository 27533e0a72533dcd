use clap::Parser;

fn main() -> std::process::ExitCode {
    #[cfg(target_os = "linux")]
    no_transparent_huge_pages();
    use libmimalloc_sys::{mi_calloc, mi_free, mi_malloc, mi_realloc};
    // SAFETY: before any other tree-sitter call, once; one allocator family; mimalloc returns
    // pointers aligned as malloc's, and aborts rather than return null for non-zero sizes
    // only if told to, which tree-sitter does not rely on (it checks for null itself).
    unsafe {
        tree_sitter::set_allocator(Some(tree_sitter::Allocator {
            malloc: mi_malloc,
            calloc: mi_calloc,
            realloc: mi_realloc,
            free: mi_free,
        }))
    };
    specls::cli::run(specls::cli::Cli::parse())
}

/// Transparent huge pages off for the process, as mimalloc's `MIMALLOC_ALLOW_THP=0` does (mimalloc
/// reads that before `main`: it cannot be set from here). mimalloc asks the kernel for huge pages
/// on its arenas; the kernel then keeps a 2 MiB page resident for a few live blocks, and
/// khugepaged folds sparse regions back into whole huge pages, so an idle server's memory grew
/// with every document opened and closed. Measured: no slower to parse and check (RELIABILITY.md).
/// A user who sets `MIMALLOC_ALLOW_THP` decides for themselves.
#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours; it
        // cannot fail in a way that matters (an old kernel without it keeps huge pages).
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
}

/// mimalloc: the parse trees are millions of small allocations, which glibc's malloc serves and
/// frees markedly slower (and, across the server's threads, with more fragmentation).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
