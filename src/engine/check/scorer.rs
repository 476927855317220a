//! The matcher's decisions, learned from data: how surely a source figure
//! states the same claim as a draft figure, and when that is enough to
//! support, contradict or leave a figure unsupported.
//!
//! A logistic model over the features of a pairing (shared rare words,
//! closeness in meaning, what is counted, who and when, value agreement).
//! `tools/scorer/fit.py` fits its weights and thresholds on drafts built from
//! MSRP's fit part and Reuters-21578 and writes `scorer.json`, which is
//! compiled in; `tools/scorer/metrics.json` holds what the fit measured, and
//! `fit.py --check` (run by `.ci/run`) fails when the code now does worse.

use std::sync::LazyLock;

use serde::Deserialize;

/// The features of a pairing, in the order of `scorer.json`'s weights.
pub const FEATURES: [&str; 22] = [
    "coverage",
    "local",
    "reverse",
    "soft_coverage",
    "soft_reverse_coverage",
    "soft_local",
    "soft_reverse",
    "meaning",
    "anchor",
    "modifiers",
    "times",
    "names",
    "noun",
    "noun_known",
    "agree_others",
    "disagree_others",
    "agree",
    "agree_rare",
    "compatible",
    "slip",
    "unit_same",
    "unnamed",
];

pub type Features = [f64; FEATURES.len()];

#[derive(Debug, Clone, Deserialize)]
pub struct Thresholds {
    /// An agreeing source this sure supports the figure.
    pub support: f64,
    /// A disagreeing source this sure states the same claim: a mismatch.
    pub mismatch: f64,
    /// A disagreeing source this much surer than the best agreeing one
    /// overrules it.
    pub overrule: f64,
    /// A source this sure is shown as the nearest for an unsupported figure.
    pub related: f64,
    /// A disagreeing source (at least `mismatch` sure) whose wording alone
    /// scores this much above the best agreeing source's states the claim:
    /// the agreeing value is a coincidence in a sentence about something
    /// else. 1 turns it off.
    pub wording: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Scorer {
    pub features: Vec<String>,
    pub weights: Vec<f64>,
    pub bias: f64,
    pub thresholds: Thresholds,
}

/// The fitted scorer; for fitting, `VOUCH_SCORER=FILE` reads another.
static SCORER: LazyLock<Scorer> = LazyLock::new(|| {
    let fitted = include_str!("scorer.json");
    let text = std::env::var_os("VOUCH_SCORER")
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_else(|| fitted.to_string());
    let scorer: Scorer = serde_json::from_str(&text)
        .or_else(|_| serde_json::from_str(fitted))
        .expect("scorer.json is valid");
    assert_eq!(
        scorer.features,
        FEATURES.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        "scorer.json was fitted for other features: run tools/scorer/fit.py"
    );
    scorer
});

impl Scorer {
    pub fn get() -> &'static Scorer {
        &SCORER
    }

    /// How surely the pairing states the same claim, 0 to 1.
    pub fn same_claim(&self, x: &Features) -> f64 {
        let z: f64 = self.bias + self.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_match_features() {
        let s = Scorer::get();
        assert_eq!(s.weights.len(), FEATURES.len());
        let t = &s.thresholds;
        for v in [t.support, t.mismatch, t.related, t.wording] {
            assert!((0.0..=1.0).contains(&v));
        }
    }

    /// The matcher fills the agreement of the other figures by index.
    #[test]
    fn other_figures_features_are_where_the_matcher_expects() {
        assert_eq!(&FEATURES[14..16], &["agree_others", "disagree_others"]);
    }

    /// The matcher leaves out the values' agreement by index for a
    /// pairing's wording score.
    #[test]
    fn value_features_are_where_the_matcher_expects() {
        assert_eq!(
            &FEATURES[16..20],
            &["agree", "agree_rare", "compatible", "slip"]
        );
    }

    /// More shared wording around the figures never lowers the score.
    #[test]
    fn shared_wording_raises_the_score() {
        let s = Scorer::get();
        let mut x: Features = [0.0; FEATURES.len()];
        let low = s.same_claim(&x);
        for name in ["coverage", "local", "soft_local", "meaning"] {
            let i = FEATURES.iter().position(|f| *f == name).unwrap();
            x[i] = 1.0;
        }
        assert!(s.same_claim(&x) > low);
    }
}
