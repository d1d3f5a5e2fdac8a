//! Rust types for the StackOne `ConnectSession` model.
//!
//! Every type here is generated at build time from the JSON Schemas in `schema/` by the
//! `schemagen` library (see `build.rs`), so the types cannot drift from the schema. The Markdown
//! pages in `generated/docs/` come from the same generation, and each type's documentation
//! here carries what its page does: the description, the Example Usage snippet (run as a
//! doctest) and the table of fields or values.
//!
//! ```
//! use connect_session::{ConnectSession, ConnectSessionType};
//!
//! let session: ConnectSession = serde_json::from_str(r#"{
//!     "id": 8267.13,
//!     "organization_id": "org-1",
//!     "project_id": "project-1",
//!     "origin_owner_id": "owner-1",
//!     "origin_owner_name": "Acme",
//!     "created_at": "2024-07-18T04:50:46.002Z",
//!     "type": "sandbox"
//! }"#)?;
//! assert_eq!(session.r#type, Some(ConnectSessionType::Unrecognized("sandbox".to_owned())));
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! With the default feature `schemars`, every type implements `schemars::JsonSchema`.

#![deny(missing_docs)]

pub use chrono;
pub use serde_json;

include!(concat!(env!("OUT_DIR"), "/connect_session.rs"));

/// Compiles and runs the README's Rust code as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
mod readme {}
