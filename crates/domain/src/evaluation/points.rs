//! Points in hundredths and star ratings.
//!
//! Every score is an integer number of hundredths of a point (`Points(7533)` is 75.33), so
//! sums and means are exact and the same on every machine and database.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// Points (điểm) kept ×100: `Points(250)` is 2.50 points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Points(pub u32);

impl Points {
    /// Whole points.
    pub const fn whole(points: u32) -> Self {
        Points(points * 100)
    }

    /// The value in hundredths.
    pub const fn hundredths(self) -> u32 {
        self.0
    }

    /// Parses a decimal number with at most two decimals (`12`, `12.5`, `12.25`).
    pub fn from_decimal(value: f64) -> Option<Self> {
        if !value.is_finite() || !(0.0..=1_000_000.0).contains(&value) {
            return None;
        }
        let scaled = value * 100.0;
        let rounded = scaled.round();
        ((scaled - rounded).abs() < 1e-6).then_some(Points(rounded as u32))
    }
}

impl std::fmt::Display for Points {
    /// Two decimals, as the decisions print them: `75.33`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// Whole numbers are written as integers (as the sheets do), others as decimals.
impl Serialize for Points {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(100) {
            serializer.serialize_u32(self.0 / 100)
        } else {
            serializer.serialize_f64(f64::from(self.0) / 100.0)
        }
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Points;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a non-negative number of points with at most two decimals")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Points, E> {
                u32::try_from(v)
                    .ok()
                    .and_then(|v| v.checked_mul(100))
                    .map(Points)
                    .ok_or_else(|| E::custom("points out of range"))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Points, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom("points must not be negative"))
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Points, E> {
                Points::from_decimal(v)
                    .ok_or_else(|| E::custom("points must be non-negative with at most two decimals"))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Arithmetic mean of hundredths, rounded half-up on the hundredths
/// (`(2·sum + n) / 2n` in integers). `None` for an empty slice.
pub fn mean_half_up(values: &[Points]) -> Option<Points> {
    if values.is_empty() {
        return None;
    }
    let n = values.len() as u64;
    let sum: u64 = values.iter().map(|p| u64::from(p.0)).sum();
    Some(Points(((2 * sum + n) / (2 * n)) as u32))
}

/// A star rating (hạng sao), 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Stars(u8);

impl Stars {
    /// The lowest rating.
    pub const ONE: Stars = Stars(1);
    /// The highest rating.
    pub const FIVE: Stars = Stars(5);

    /// A rating from 1 to 5.
    pub const fn new(stars: u8) -> Option<Self> {
        if stars >= 1 && stars <= 5 {
            Some(Stars(stars))
        } else {
            None
        }
    }

    /// The number of stars.
    pub const fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Stars {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, String> {
        Stars::new(value).ok_or_else(|| format!("stars must be 1 to 5, not {value}"))
    }
}

impl From<Stars> for u8 {
    fn from(stars: Stars) -> u8 {
        stars.0
    }
}

impl std::fmt::Display for Stars {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}★", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_rounds_half_up_on_the_hundredths() {
        // 70.01 and 70.00 → 70.005 → 70.01
        assert_eq!(mean_half_up(&[Points(7001), Points(7000)]), Some(Points(7001)));
        // 70.00, 70.00, 70.01 → 70.00333… → 70.00
        assert_eq!(
            mean_half_up(&[Points(7000), Points(7000), Points(7001)]),
            Some(Points(7000))
        );
        // 226 / 3 = 75.333… → 75.33 ; 227 / 3 = 75.666… → 75.67
        assert_eq!(
            mean_half_up(&[Points::whole(72), Points::whole(75), Points::whole(79)]),
            Some(Points(7533))
        );
        assert_eq!(
            mean_half_up(&[Points::whole(72), Points::whole(76), Points::whole(79)]),
            Some(Points(7567))
        );
        assert_eq!(mean_half_up(&[]), None);
    }

    #[test]
    fn points_parse_and_print() {
        assert_eq!(Points::from_decimal(12.25), Some(Points(1225)));
        assert_eq!(Points::from_decimal(0.125), None);
        assert_eq!(Points::from_decimal(-1.0), None);
        assert_eq!(Points(7533).to_string(), "75.33");
        assert_eq!(Points(7005).to_string(), "70.05");
        let json: Points = serde_json::from_str("2.5").unwrap();
        assert_eq!(json, Points(250));
        assert_eq!(serde_json::to_string(&Points(300)).unwrap(), "3");
        assert_eq!(serde_json::to_string(&Points(250)).unwrap(), "2.5");
        assert!(serde_json::from_str::<Points>("-2").is_err());
    }

    #[test]
    fn stars_are_one_to_five() {
        assert!(Stars::new(0).is_none());
        assert!(Stars::new(6).is_none());
        assert_eq!(Stars::new(3).unwrap().to_string(), "3★");
        assert!(serde_json::from_str::<Stars>("7").is_err());
    }
}
