//! The password policy: long enough, not among the common passwords, not the account's own
//! name. Guessability is estimated with zxcvbn (dictionaries of common passwords, names and
//! words, keyboard patterns, repeats, sequences, dates), which sees the account's login and
//! display name as extra dictionary words; a password that still contains the login or the
//! display name (folded, without spaces or punctuation) is refused outright.

use crate::ErrorCode;
use crate::text::fold;

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted, in characters (argon2 takes any length; this bounds the work).
pub const MAX_PASSWORD_CHARS: usize = 200;
/// Lowest zxcvbn score accepted (0–4; 3 is "safely unguessable": about 10⁸ guesses and more).
pub const MIN_SCORE: u8 = 3;
/// Names shorter than this are not looked for inside a password (`an`, `tu`).
const MIN_NAME_CHARS: usize = 4;

/// Checks a new password against the policy; `names` are the account's login name and
/// display name. Refusals are [`ErrorCode::WeakPassword`], whose message says what to do.
pub fn check_password(password: &str, names: &[&str]) -> Result<(), ErrorCode> {
    let length = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&length) {
        return Err(ErrorCode::WeakPassword);
    }
    let squashed = |s: &str| fold(s).chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    let folded = squashed(password);
    for name in names {
        let name = squashed(name);
        if name.chars().count() >= MIN_NAME_CHARS && folded.contains(&name) {
            return Err(ErrorCode::WeakPassword);
        }
    }
    // zxcvbn knows English dictionaries; the words of the names, folded (no diacritics)
    // and as written, are added so `nguyenvan2024` is seen as the name it is.
    let mut words: Vec<String> = Vec::new();
    for name in names {
        for word in name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            words.push(word.to_lowercase());
            words.push(fold(word));
        }
    }
    let inputs: Vec<&str> = words.iter().map(String::as_str).collect();
    let score = u8::from(zxcvbn::zxcvbn(password, &inputs).score());
    if score < MIN_SCORE {
        return Err(ErrorCode::WeakPassword);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_repeated_common_and_blank_passwords_are_refused() {
        for weak in [
            "",
            "ngan",
            "aaaaaaaaaa",
            "1234567890",
            "          ",
            "Password123!",
            "qwertyuiop",
            "matkhau123",
            "iloveyou2024",
        ] {
            assert_eq!(check_password(weak, &[]), Err(ErrorCode::WeakPassword), "{weak:?}");
        }
        assert_eq!(
            check_password(&"x".repeat(MAX_PASSWORD_CHARS + 1), &[]),
            Err(ErrorCode::WeakPassword)
        );
    }

    #[test]
    fn the_accounts_own_names_are_refused() {
        let names = ["canbo.tinh", "Nguyễn Văn Thành"];
        for weak in [
            "canbotinh12",
            "CanBo.Tinh-2026",
            "nguyenvanthanh1990",
            "Nguyễn Văn Thành!",
        ] {
            assert_eq!(check_password(weak, &names), Err(ErrorCode::WeakPassword), "{weak:?}");
        }
        // The same passwords for someone else are not refused for the name.
        assert_eq!(check_password("canbotinh-mua-xuan-7", &[]), Ok(()));
    }

    #[test]
    fn passphrases_pass_including_the_demo_and_test_passwords() {
        for strong in [
            "ocop-demo-2026",
            "correct horse battery",
            "mat-khau-du-dai-2026",
            "mot-mat-khau-moi",
            "mây xanh bàn gỗ",
        ] {
            assert_eq!(check_password(strong, &["quantri", "Quản trị"]), Ok(()), "{strong:?}");
        }
    }
}
