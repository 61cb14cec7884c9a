//! QR codes for online channels: the module matrix with its quiet zone, and
//! how it fits a screen area. Drawing is the screens' job.

use qrcode::{Color, EcLevel, QrCode};

/// The quiet zone phones need around the code, in modules.
pub const QUIET: usize = 4;

/// A QR code including its quiet zone, as dark/light modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qr {
    size: usize,
    dark: Vec<bool>,
}

/// How a code is drawn in an area, largest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Two cells per module, one row per module: only spaces with colours,
    /// immune to how the terminal draws block characters.
    Full,
    /// One cell per module, two modules per row with half blocks (▀▄█).
    Half,
    /// The area cannot hold the whole code; never draw a cropped one.
    TooSmall,
}

impl Qr {
    /// Error correction M, as phones expect for a screen with glare.
    pub fn new(data: &str) -> Result<Qr, String> {
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
            .map_err(|e| e.to_string())?;
        let inner = code.width();
        let size = inner + 2 * QUIET;
        let colors = code.to_colors();
        let mut dark = vec![false; size * size];
        for y in 0..inner {
            for x in 0..inner {
                dark[(y + QUIET) * size + x + QUIET] = colors[y * inner + x] == Color::Dark;
            }
        }
        Ok(Qr { size, dark })
    }

    /// Modules per side, quiet zone included.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Whether the module at (`x`, `y`) is dark; outside the code is light.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }

    /// Cells (width, height) the code takes when drawn with `fit`.
    pub fn cells(&self, fit: Fit) -> (usize, usize) {
        match fit {
            Fit::Full => (2 * self.size, self.size),
            Fit::Half => (self.size, self.size.div_ceil(2)),
            Fit::TooSmall => (0, 0),
        }
    }

    /// The largest way to draw the code whole in `w` × `h` cells.
    pub fn fit(&self, w: usize, h: usize) -> Fit {
        [Fit::Full, Fit::Half]
            .into_iter()
            .find(|&f| {
                let (cw, ch) = self.cells(f);
                cw <= w && ch <= h
            })
            .unwrap_or(Fit::TooSmall)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_zone_surrounds_the_code() {
        let qr = Qr::new("http://zwfw.hubei.gov.cn/").unwrap();
        assert_eq!(qr.size(), 25 + 2 * QUIET, "version 2 at level M");
        for i in 0..qr.size() {
            for q in 0..QUIET {
                assert!(!qr.is_dark(i, q) && !qr.is_dark(q, i));
                assert!(!qr.is_dark(i, qr.size() - 1 - q) && !qr.is_dark(qr.size() - 1 - q, i));
            }
        }
        // The finder pattern's corner starts right after the quiet zone.
        assert!(qr.is_dark(QUIET, QUIET));
    }

    #[test]
    fn fit_prefers_the_larger_form_and_never_crops() {
        let qr = Qr::new("http://www.yzylbzj.com/pss-ui/#/").unwrap();
        let n = qr.size();
        assert_eq!(qr.fit(2 * n, n), Fit::Full);
        assert_eq!(qr.fit(2 * n - 1, n), Fit::Half);
        assert_eq!(qr.fit(n, n.div_ceil(2)), Fit::Half);
        assert_eq!(qr.fit(n - 1, 100), Fit::TooSmall);
        assert_eq!(qr.fit(100, n.div_ceil(2) - 1), Fit::TooSmall);
    }
}
