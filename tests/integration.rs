//! End-to-end tests: each module drives the built `ensemble` binary on real
//! files, one module per command.

#[macro_use]
mod util;

mod catalog;
