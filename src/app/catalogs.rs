//! The catalog's life while the kiosk runs: the one in use and since when,
//! an operator's reload under way, and a newer one found in the catalog
//! folder, waiting for the idle reset or refused. The loading itself is the
//! runtime's, off the screen's thread; here is only what came of it.

use std::fmt;

use chrono::{DateTime, Utc};

use super::{Options, home_guide, home_order, resolve_home};
use crate::catalog::{Catalog, Home};
use crate::search::SearchIndex;
use crate::snapshot::Ready;

/// A catalog validated off the screen's thread, with its home order and
/// search index made there too: swapped in whole, in one update that only
/// moves it into place.
#[derive(Clone)]
pub struct Loaded(Box<Parts>);

#[derive(Clone)]
struct Parts {
    catalog: Catalog,
    home: Option<Home>,
    order: Vec<usize>,
    index: SearchIndex,
}

impl Loaded {
    /// Everything a swap needs, made wherever the time may be taken.
    pub fn new(ready: Ready, opts: &Options) -> Loaded {
        let home = resolve_home(&ready.catalog, opts);
        let order = home_order(&ready.catalog, home.as_ref());
        let index = SearchIndex::from_parts(ready.index, &order).with_home(home_guide(&home));
        Loaded(Box::new(Parts {
            catalog: ready.catalog,
            home,
            order,
            index,
        }))
    }

    pub fn catalog(&self) -> &Catalog {
        &self.0.catalog
    }

    pub fn version(&self) -> &str {
        &self.0.catalog.version
    }

    pub(super) fn into_parts(self) -> (Catalog, Option<Home>, Vec<usize>, SearchIndex) {
        let Parts {
            catalog,
            home,
            order,
            index,
        } = *self.0;
        (catalog, home, order, index)
    }
}

/// Two loaded catalogs are the same when their guides are: the order and
/// the search index are made from them.
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

/// A catalog no longer in use, with its index: for the runtime to let go
/// of off the screen's thread, since freeing a province's catalog takes
/// milliseconds.
pub struct Retired {
    version: String,
    _old: Box<dyn std::any::Any + Send>,
}

impl Retired {
    pub fn new(catalog: Catalog, index: SearchIndex) -> Retired {
        Retired {
            version: catalog.version.clone(),
            _old: Box::new((catalog, index)),
        }
    }
}

/// The same catalog version retired: what is freed is no part of what an
/// effect means.
impl PartialEq for Retired {
    fn eq(&self, other: &Retired) -> bool {
        self.version == other.version
    }
}

impl fmt::Debug for Retired {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Retired({})", self.version)
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
