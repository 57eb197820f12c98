//! End-to-end tests: each module drives the built `ensemble` binary on real
//! files, one module per command.

// The harness serves every module; not each uses every helper.
#[macro_use]
#[allow(dead_code)]
mod util;

mod audit;
mod catalog;
mod compose;
mod graph;
mod rules;
mod spec;
mod why;
