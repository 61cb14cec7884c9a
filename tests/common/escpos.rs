//! An ESC/POS stream taken apart, as a receipt printer reads it: the
//! commands, the text lines (GB18030 back to UTF-8) and the QR payloads.

use encoding_rs::GB18030;
use kiosk::ticket::escpos;

/// An ESC/POS stream taken apart.
#[derive(Debug, Default)]
pub struct Decoded {
    /// Text lines, GB18030 decoded, in order.
    pub lines: Vec<String>,
    /// Every command, whole, in order.
    pub commands: Vec<Vec<u8>>,
    /// The data stored for each QR code (GS ( k, function 80).
    pub qr: Vec<String>,
}

/// Splits command bytes from text by the lengths the ESC/POS manual gives;
/// a command it does not know fails the test.
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut out = Decoded::default();
    let mut text = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let len = match bytes[i] {
            escpos::ESC => match bytes[i + 1] {
                b'@' => 2,
                b'a' | b'E' | b'd' => 3,
                c => panic!("unknown ESC {c:#x} at {i}"),
            },
            escpos::FS => match bytes[i + 1] {
                b'&' | b'.' => 2,
                c => panic!("unknown FS {c:#x} at {i}"),
            },
            escpos::GS => match bytes[i + 1] {
                b'V' if matches!(bytes[i + 2], 65 | 66) => 4,
                b'V' => 3,
                b'(' if bytes[i + 2] == b'k' => {
                    let n = usize::from(u16::from_le_bytes([bytes[i + 3], bytes[i + 4]]));
                    assert_eq!(bytes[i + 5], 49, "QR commands have cn 49");
                    if bytes[i + 6] == 80 {
                        assert_eq!(bytes[i + 7], 48, "store in the symbol area");
                        let data = &bytes[i + 8..i + 5 + n];
                        out.qr.push(String::from_utf8(data.to_vec()).unwrap());
                    }
                    5 + n
                }
                c => panic!("unknown GS {c:#x} at {i}"),
            },
            escpos::LF => {
                let (line, had_errors) = GB18030.decode_without_bom_handling(&text);
                assert!(!had_errors, "not GB18030: {text:?}");
                out.lines.push(line.into_owned());
                text.clear();
                i += 1;
                continue;
            }
            b if b < 0x20 => panic!("stray control byte {b:#x} at {i}"),
            b => {
                text.push(b);
                i += 1;
                continue;
            }
        };
        out.commands.push(bytes[i..i + len].to_vec());
        i += len;
    }
    assert!(text.is_empty(), "text after the last line feed: {text:?}");
    out
}
