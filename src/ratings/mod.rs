//! Satisfaction ratings (placeholder until the ratings log lands: only the
//! five levels, which the screens need).

/// The five levels in display order; the stored code follows the national
/// scheme (5 = 非常满意 … 1 = 非常不满意).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    VerySatisfied,
    Satisfied,
    Basic,
    Dissatisfied,
    VeryDissatisfied,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::VerySatisfied,
        Level::Satisfied,
        Level::Basic,
        Level::Dissatisfied,
        Level::VeryDissatisfied,
    ];

    pub fn code(self) -> u8 {
        5 - Level::ALL.iter().position(|&l| l == self).unwrap_or(0) as u8
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::VerySatisfied => "非常满意",
            Level::Satisfied => "满意",
            Level::Basic => "基本满意",
            Level::Dissatisfied => "不满意",
            Level::VeryDissatisfied => "非常不满意",
        }
    }

    pub fn is_bad(self) -> bool {
        matches!(self, Level::Dissatisfied | Level::VeryDissatisfied)
    }

    /// Keys and buttons run 1 = 非常满意 … 5 = 非常不满意.
    pub fn from_key(key: u8) -> Option<Level> {
        Level::ALL.get(usize::from(key).checked_sub(1)?).copied()
    }
}
