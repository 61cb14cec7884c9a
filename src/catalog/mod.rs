//! The catalog of service guides: model, loading and validation. Knows nothing
//! of terminals or screens.

pub mod diff;
pub mod fingerprint;
pub mod item;
pub mod load;
pub mod model;
pub mod trust;
pub mod validate;

pub use item::{Item, ItemHead};
pub use load::{Catalog, Home, load_dir};
pub use model::*;
