//! The catalog of service guides: model, loading and validation. Knows nothing
//! of terminals or screens.

pub mod item;
pub mod load;
pub mod model;
pub mod problem;
pub mod validate;

pub use item::{Item, ItemHead};
pub use load::{Catalog, load_dir};
pub use model::*;
pub use problem::Problem;
