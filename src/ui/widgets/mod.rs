//! The pieces screens are made of.

pub mod buttons;
pub mod letter_pad;
pub mod list;
pub mod pin_pad;
pub mod qr;
