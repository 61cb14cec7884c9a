//! A ticket as ESC/POS bytes for a Chinese thermal receipt printer: text in
//! GB18030 under the printer's Chinese mode (FS &), the QR code drawn by the
//! printer itself (GS ( k), and a cut at the end (GS V).

use encoding_rs::GB18030;

use super::{Line, Ticket};

pub const ESC: u8 = 0x1B;
pub const FS: u8 = 0x1C;
pub const GS: u8 = 0x1D;
pub const LF: u8 = 0x0A;

/// ESC @: reset the printer to its defaults.
pub const INIT: [u8; 2] = [ESC, b'@'];
/// FS &: Chinese (two-byte) character mode.
pub const CHINESE: [u8; 2] = [FS, b'&'];
/// GS V 66 0: feed to the cutter and cut.
pub const CUT: [u8; 4] = [GS, b'V', 66, 0];
/// QR codes the printer's store holds: model 2's limit in bytes.
const QR_MAX: usize = 7089;

/// ESC a n: 0 left, 1 centre.
fn align(centre: bool) -> [u8; 3] {
    [ESC, b'a', u8::from(centre)]
}

/// ESC E n: bold on or off.
fn bold(on: bool) -> [u8; 3] {
    [ESC, b'E', u8::from(on)]
}

/// GS ( k with function `f` (the `cn` byte is 49, QR code) and its parameters.
fn qr_function(f: u8, params: &[u8]) -> Vec<u8> {
    let len = u16::try_from(params.len() + 2).unwrap_or(u16::MAX);
    let [low, high] = len.to_le_bytes();
    let mut out = vec![GS, b'(', b'k', low, high, 49, f];
    out.extend_from_slice(params);
    out
}

/// The QR code of `data`: model 2, modules `size` dots, error correction M,
/// stored, then printed.
pub fn qr(data: &str, size: u8) -> Vec<u8> {
    let mut out = qr_function(65, &[50, 0]);
    out.extend(qr_function(67, &[size]));
    out.extend(qr_function(69, &[49]));
    let mut store = vec![48];
    store.extend_from_slice(data.as_bytes());
    out.extend(qr_function(80, &store));
    out.extend(qr_function(81, &[48]));
    out
}

/// Text in GB18030. Every byte of a non-ASCII character is 0x30 or above,
/// and the ticket's text has no control characters, so text can never be
/// taken for a command.
fn gb18030(s: &str) -> Vec<u8> {
    GB18030.encode(s).0.into_owned()
}

/// The ticket as the bytes sent to the printer's device file.
pub fn encode(ticket: &Ticket) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend(INIT);
    out.extend(CHINESE);
    // 58 mm paper is 384 dots wide, 80 mm 576: a code of up to ~40 modules fits.
    let module = if ticket.columns >= 48 { 6 } else { 4 };
    for line in &ticket.lines {
        match line {
            Line::Title(t) => {
                out.extend(align(true));
                out.extend(bold(true));
                out.extend(gb18030(t));
                out.push(LF);
                out.extend(bold(false));
                out.extend(align(false));
            }
            Line::Heading(t) => {
                out.extend(bold(true));
                out.extend(gb18030(t));
                out.push(LF);
                out.extend(bold(false));
            }
            Line::Text(t) => {
                out.extend(gb18030(t));
                out.push(LF);
            }
            Line::Rule => {
                out.extend("-".repeat(ticket.columns).bytes());
                out.push(LF);
            }
            Line::Qr(data) if !data.is_empty() && data.len() <= QR_MAX => {
                out.extend(align(true));
                out.extend(qr(data, module));
                out.push(LF);
                out.extend(align(false));
            }
            Line::Qr(_) => {}
        }
    }
    // ESC d 3: feed three lines so the last one clears the cutter.
    out.extend([ESC, b'd', 3]);
    out.extend(CUT);
    out
}
