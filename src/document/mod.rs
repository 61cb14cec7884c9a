//! An item's guide as a document: its fields as sections of blocks
//! (`sections`), and those as lines wrapped to a width (`lines`). The
//! screens, `kiosk show`, the ticket and reading aloud all start here.

pub mod lines;
pub mod sections;
