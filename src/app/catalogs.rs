//! The catalog's life while the kiosk runs: the one in use and since when,
//! an operator's reload under way, and a newer one found in the catalog
//! folder, waiting for the idle reset or refused. The loading itself is the
//! runtime's, off the screen's thread; here is only what came of it.

use std::fmt;

use chrono::{DateTime, Utc};

use crate::snapshot::Ready;

/// A catalog validated off the screen's thread, with its search index:
/// swapped in whole, in one update.
#[derive(Clone)]
pub struct Loaded(pub Box<Ready>);

impl Loaded {
    pub fn version(&self) -> &str {
        &self.0.catalog.version
    }
}

/// Two loaded catalogs are the same when their guides are: the search
/// index is made from them.
impl PartialEq for Loaded {
    fn eq(&self, other: &Loaded) -> bool {
        self.0.catalog == other.0.catalog
    }
}

impl fmt::Debug for Loaded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.0.catalog;
        write!(f, "Loaded({}, {} items)", c.version, c.item_count())
    }
}

/// What a look at the catalog folder found (when it had changed and held
/// still while it was read).
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// The catalog in use, again: nothing is waiting any more.
    InUse,
    /// A valid new catalog: it goes into use at the next idle reset.
    New(Loaded),
    /// A catalog with these problems: it is left alone.
    Refused(Vec<String>),
}

/// What the operator menu says about the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogStatus {
    /// When the catalog in use went into use.
    pub since: DateTime<Utc>,
    /// The operator's reload is under way.
    pub loading: bool,
    /// A valid newer catalog from the folder, for the next idle reset.
    pub pending: Option<Loaded>,
    /// The folder's problems, when what it holds now was refused.
    pub refused: Option<Vec<String>>,
}

impl CatalogStatus {
    pub fn new(since: DateTime<Utc>) -> CatalogStatus {
        CatalogStatus {
            since,
            loading: false,
            pending: None,
            refused: None,
        }
    }
}
