//! Scores: findings → category scores → file score.
//!
//! Every finding costs points by severity (error 10, warning 3, info 0) times its
//! weight. A category's points are turned into a density per 1,000 words, with the
//! word count floored at [`MIN_WORDS`] so that one defect in a very short text is
//! not magnified without limit (and a short clean text has no points at all):
//!
//! ```text
//! density  = points × 1000 / max(words, 200)
//! category = 100 × exp(−density / 100)        (rounded)
//! file     = 100 × Π category / 100           (rounded)
//! ```
//!
//! So one error in a 1,000-word text leaves its category at 90; ten leave 37.
//! Categories with no findings score 100 and do not touch the file score.

use crate::finding::{Category, Finding, Severity};

/// Word count below which a text is scored as if it had this many words.
pub const MIN_WORDS: usize = 200;
/// Default gate: files scoring below this fail.
pub const DEFAULT_FAIL_UNDER: u8 = 50;

/// Points a finding of each severity costs, before its weight.
pub fn points(s: Severity) -> f64 {
    match s {
        Severity::Info => 0.0,
        Severity::Warning => 3.0,
        Severity::Error => 10.0,
    }
}

/// Running totals of points per category.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    points: [f64; 7],
}

/// A file's category scores and overall score, each 0..=100.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scores {
    /// Per category, in [`Category::ALL`] order.
    pub categories: [u8; 7],
    /// The file score.
    pub file: u8,
}

impl Tally {
    /// Adds the points of one finding.
    pub fn add(&mut self, f: &Finding) {
        self.add_points(f.rule.category, points(f.severity) * f.weight as f64);
    }

    /// Adds raw points to a category.
    pub fn add_points(&mut self, c: Category, p: f64) {
        self.points[c.index()] += p;
    }

    /// Points of a category so far.
    pub fn points(&self, c: Category) -> f64 {
        self.points[c.index()]
    }

    /// Turns the totals into scores for a text of `words` words.
    pub fn scores(&self, words: usize) -> Scores {
        let denom = words.max(MIN_WORDS) as f64;
        let mut categories = [100u8; 7];
        let mut file = 1.0f64;
        for (i, &p) in self.points.iter().enumerate() {
            let frac = (-(p * 1000.0 / denom) / 100.0).exp();
            categories[i] = (frac * 100.0).round() as u8;
            file *= frac;
        }
        Scores { categories, file: (file * 100.0).round() as u8 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_scores_100_at_any_length() {
        for w in [0, 1, 50, 100_000] {
            let s = Tally::default().scores(w);
            assert_eq!(s.file, 100);
            assert_eq!(s.categories, [100; 7]);
        }
    }

    #[test]
    fn more_findings_lower_score_and_short_text_floored() {
        let mut t = Tally::default();
        t.add_points(Category::Encoding, 10.0);
        let one = t.scores(1000);
        assert_eq!(one.categories[Category::Encoding.index()], 90);
        assert_eq!(one.file, 90);
        t.add_points(Category::Encoding, 90.0);
        assert_eq!(t.scores(1000).categories[1], 37);
        // 20 words are scored as 200: one error costs the same as in 200 words.
        let mut s = Tally::default();
        s.add_points(Category::Unicode, 10.0);
        assert_eq!(s.scores(20), s.scores(200));
        assert!(s.scores(20).file < s.scores(2000).file);
    }

    #[test]
    fn file_score_multiplies_categories() {
        let mut t = Tally::default();
        t.add_points(Category::Spin, 10.0);
        t.add_points(Category::Boilerplate, 10.0);
        let s = t.scores(1000);
        assert_eq!(s.file, 82);
    }
}
