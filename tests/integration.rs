//! End-to-end tests: each module drives the built `ensemble` binary.
