//! The 一次性告知单: what a visitor needs to bring and do for one item, on a
//! receipt printer. Composing it is pure ([`compose`]); it is sent either as
//! ESC/POS bytes to a thermal printer's device file ([`escpos`]) or as plain
//! UTF-8 text to a command such as `lp` ([`Ticket::plain_text`]), off the
//! calling thread and with a timeout ([`Printer::start`]).

mod compose;
pub mod escpos;
mod print;

pub use compose::{Hall, Line, Ticket, compose};
pub use print::{Output, PrintFailure, PrintJob, PrintState, Printer};
