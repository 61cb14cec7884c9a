//! The five 好差评 levels. Two numberings meet here and must never be mixed
//! up: the stored *code* follows the national scheme (5 = 非常满意 …
//! 1 = 非常不满意), while the on-screen *keys* run in display order
//! (1 = 非常满意 … 5 = 非常不满意).

/// One of the five levels, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    VerySatisfied,
    Satisfied,
    Basic,
    Dissatisfied,
    VeryDissatisfied,
}

impl Level {
    /// Display order: 非常满意 first.
    pub const ALL: [Level; 5] = [
        Level::VerySatisfied,
        Level::Satisfied,
        Level::Basic,
        Level::Dissatisfied,
        Level::VeryDissatisfied,
    ];

    /// The national code: 5 = 非常满意 … 1 = 非常不满意.
    pub fn code(self) -> u8 {
        5 - self.index() as u8
    }

    /// The canonical label (基本满意, never 一般).
    pub fn label(self) -> &'static str {
        match self {
            Level::VerySatisfied => "非常满意",
            Level::Satisfied => "满意",
            Level::Basic => "基本满意",
            Level::Dissatisfied => "不满意",
            Level::VeryDissatisfied => "非常不满意",
        }
    }

    /// 不满意 and 非常不满意 are 差评.
    pub fn is_bad(self) -> bool {
        matches!(self, Level::Dissatisfied | Level::VeryDissatisfied)
    }

    pub fn from_code(code: u8) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The level of on-screen key `key` (1 = 非常满意 … 5 = 非常不满意).
    pub fn from_key(key: u8) -> Option<Level> {
        let index = usize::from(key).checked_sub(1)?;
        Level::ALL.get(index).copied()
    }

    /// The position in display order (0 = 非常满意).
    pub fn index(self) -> usize {
        self as usize
    }
}
