//! The full-screen kiosk: terminal set-up and the event loop.

use crate::catalog::{Catalog, Problem};
use crate::config::Settings;

pub fn run(_settings: Settings, _catalog: Catalog) -> Result<(), Vec<Problem>> {
    Err(vec![Problem::file(
        "kiosk".as_ref(),
        "the full-screen kiosk is not built yet",
    )])
}
