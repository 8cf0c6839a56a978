//! Tematik's core: the project file, the domain model and every operation on
//! it, tested without a window.
//!
//! A project is one SQLite file ([`Project`]). Every change goes through a
//! method of [`Project`] that runs as one transaction, is recorded in the
//! change history with who made it and when, and can be undone.
//!
//! Text positions are Unicode code points into NFC-normalised document text,
//! end exclusive; [`text`] converts to and from UTF-8 and UTF-16 offsets.

#![deny(missing_docs)]

pub mod analysis;
pub mod app;
pub mod attribution;
pub mod chapter;
pub mod clock;
pub mod demo;
pub mod error;
pub mod export;
pub mod identity;
pub mod ids;
pub mod import;
pub mod model;
pub mod search;
pub mod storage;
pub mod template;
pub mod text;

pub use clock::{Clock, SteppingClock, SystemClock};
pub use error::{Error, ErrorCode, Result};
pub use identity::LocalIdentity;
pub use ids::*;
pub use model::*;
pub use storage::Project;
pub use template::Template;
