//! The codes that say where a rating was given, checked as the platforms
//! check them: the 行政区划 code and the unit's 统一社会信用代码.

/// The 行政区划 code: 6 digits (GB/T 2260, county level), 9 (township, the
/// n..9 of GB/T 39046) or 12 (the padded form some provinces use).
pub fn region_code_problem(code: &str) -> Option<String> {
    let digits = code.bytes().all(|b| b.is_ascii_digit());
    (!(digits && matches!(code.len(), 6 | 9 | 12))).then(|| {
        format!(
            "region_code \"{code}\" must be a 行政区划 code of 6, 9 or 12 digits, e.g. \"430202\""
        )
    })
}

/// The characters of a 统一社会信用代码 (GB 32100-2015), by value: digits
/// and capitals without I, O, S, V, Z.
const CREDIT_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The weights of its first 17 characters.
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The unit code: 18 characters whose last is the check character of the
/// other 17, so a typing slip is caught here rather than by the platform.
pub fn unit_code_problem(code: &str) -> Option<String> {
    let values: Option<Vec<u32>> = code
        .chars()
        .map(|c| CREDIT_CHARS.find(c).map(|i| i as u32))
        .collect();
    let why = match values {
        Some(v) if v.len() == 18 => {
            let sum: u32 = v.iter().zip(CREDIT_WEIGHTS).map(|(c, w)| c * w).sum();
            let check = (31 - sum % 31) % 31;
            if v[17] == check {
                return None;
            }
            "its check character (the last) does not match the other 17".to_owned()
        }
        _ => "it must be 18 digits and capitals (without I, O, S, V, Z)".to_owned(),
    };
    Some(format!(
        "unit_code \"{code}\" is not a 统一社会信用代码: {why}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_codes_have_6_9_or_12_digits() {
        for good in ["430202", "430202001", "430202001000"] {
            assert_eq!(region_code_problem(good), None, "{good}");
        }
        for bad in ["", "43020", "4302021", "43020a", "４３０２０２"] {
            assert!(region_code_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn unit_codes_are_checked_by_their_check_character() {
        for good in ["91350100M000100Y43", "91110000802100433B"] {
            assert_eq!(unit_code_problem(good), None, "{good}");
        }
        let slip = unit_code_problem("91350100M000100Y44").unwrap();
        assert!(slip.contains("check character"), "{slip}");
        for bad in [
            "91350100M000100Y4",
            "91350100M000100I43",
            "91350100m000100y43",
        ] {
            assert!(
                unit_code_problem(bad).unwrap().contains("18 digits"),
                "{bad}"
            );
        }
    }
}
