//! Reading a screen aloud (语音播报): the words a screen is spoken with
//! ([`spoken`], pure) and the external program that speaks them ([`Speaker`]).

mod speaker;
mod spoken;

pub use speaker::{DEFAULT_COMMAND, Speaker, SpeechState, command};
pub use spoken::{Chunk, Script, number, say, spoken};
