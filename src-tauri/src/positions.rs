//! Text positions at the IPC edge: the core counts Unicode code points,
//! JavaScript counts UTF-16 code units. They differ only after characters
//! outside the Basic Multilingual Plane (emoji and the like), so a map keeps
//! just the code-point positions of those.

use crate::error::ApiError;

/// Converts positions in one text between code points and UTF-16 units.
#[derive(Clone, Debug, Default)]
pub struct Utf16Map {
    /// Code-point index of every character that takes two UTF-16 units.
    astral: Vec<usize>,
    /// Length in code points.
    chars: usize,
}

impl Utf16Map {
    pub fn new(text: &str) -> Self {
        let mut astral = Vec::new();
        let mut chars = 0;
        for (i, c) in text.chars().enumerate() {
            if c.len_utf16() == 2 {
                astral.push(i);
            }
            chars = i + 1;
        }
        Utf16Map { astral, chars }
    }

    /// UTF-16 offset of a code-point position (clamped to the end).
    pub fn to_utf16(&self, cp: usize) -> usize {
        let cp = cp.min(self.chars);
        cp + self.astral.partition_point(|&a| a < cp)
    }

    /// Code-point position of a UTF-16 offset; an offset inside a surrogate
    /// pair or past the end is refused.
    pub fn to_cp(&self, units: usize) -> Result<usize, ApiError> {
        // Astral character i spans units [a_i + i, a_i + i + 2).
        let (mut done, mut hi) = (0, self.astral.len());
        while done < hi {
            let mid = (done + hi) / 2;
            if self.astral[mid] + mid + 2 <= units {
                done = mid + 1;
            } else {
                hi = mid;
            }
        }
        if let Some(&a) = self.astral.get(done)
            && a + done < units
        {
            return Err(ApiError::invalid(format!(
                "position {units} falls inside a character (a surrogate pair)"
            )));
        }
        let cp = units - done;
        if cp > self.chars {
            return Err(ApiError::invalid(format!(
                "position {units} is past the end of the text ({} characters)",
                self.chars
            )));
        }
        Ok(cp)
    }

    /// Whether the two counts agree everywhere.
    pub fn is_identity(&self) -> bool {
        self.astral.is_empty()
    }
}

/// UTF-16 ranges of code-point ranges within a short text (snippets).
pub fn ranges_to_utf16(text: &str, ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let map = Utf16Map::new(text);
    ranges
        .iter()
        .map(|&(s, e)| (map.to_utf16(s), map.to_utf16(e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_emoji_and_refuses_half_a_pair() {
        let text = "Hej 👋🏽 på dig, å ä ö 🇸🇪!";
        let map = Utf16Map::new(text);
        let mut units = 0;
        for (cp, c) in text.chars().enumerate() {
            assert_eq!(map.to_utf16(cp), units, "at {cp}");
            assert_eq!(map.to_cp(units).unwrap(), cp);
            if c.len_utf16() == 2 {
                assert!(map.to_cp(units + 1).is_err(), "inside the pair of {c}");
            }
            units += c.len_utf16();
        }
        assert_eq!(units, text.encode_utf16().count());
        assert_eq!(map.to_cp(units).unwrap(), text.chars().count());
        assert!(map.to_cp(units + 1).is_err());
        assert!(!map.is_identity());
        assert!(Utf16Map::new("bara å ä ö").is_identity());
        assert_eq!(ranges_to_utf16("😀ab", &[(1, 3)]), vec![(2, 4)]);
    }
}
