//! Ensemble's composition solver.

mod bundle;

pub use bundle::{Bundle, Coverage, Member, PriceTotal, Reason, Status, Wire};
