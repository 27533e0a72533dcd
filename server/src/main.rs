use clap::Parser;

fn main() -> std::process::ExitCode {
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

/// mimalloc: the parse trees are millions of small allocations, which glibc's malloc serves and
/// frees markedly slower (and, across the server's threads, with more fragmentation).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
