//! The commands beyond `generate` and `check`, and what those print about a schema edit.

pub mod changes;
pub mod diff;
