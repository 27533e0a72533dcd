//! specls: a language server and CLI for OpenAPI, AsyncAPI and JSON Schema files.
//!
//! Layers, each knowing only the ones before it:
//! - [`syntax`]: text, tree-sitter trees and the node tree; no LSP.
//! - [`analysis`], [`validate`] (schema diagnostics), [`checks`] (spec checks beyond the
//!   meta-schemas: path parameters, operation ids, examples…), [`refs`] (`$ref`s across files):
//!   diagnostics and the other features, in plain Rust types; no LSP.
//! - [`lint`]: Spectral's `spectral:oas` rules with fixes, run inside the [`checks`] (per unit,
//!   incrementally) and graded by the `[lint]` settings.
//! - [`lsp`]: the language server, a thin layer that converts types and schedules work.
//! - [`cli`]: `specls check` and `specls dump`, on the same analysis.
//!
//! Stdout carries the protocol: nothing here prints to it except the CLI's reports.
#![deny(clippy::print_stdout)]

pub mod analysis;
pub mod assist;
pub mod checks;
pub mod cli;
pub mod diff;
pub mod fuzzing;
pub mod lint;
pub mod lsp;
pub mod refs;
pub mod settings;
pub mod spec;
pub mod syntax;
pub mod validate;
