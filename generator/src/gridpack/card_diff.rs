//! Card identity and differences: the canonical card (without the fields that change neither
//! the physics nor the random streams), its SHA-256, and the list of fields in which two cards
//! differ (for [`crate::io::gridpack::LoadedGridpack::check_card`]).

use crate::card::RunCard;
use crate::io::gridpack::sha256_hex;

/// The card with the fields that do not affect the physics or the random streams
/// (`generation.events`, `generation.output`, and `generation.reweight`: extra weights leave
/// the nominal events unchanged) reset to their defaults.
#[must_use]
pub fn canonical_card(card: &RunCard) -> RunCard {
    let mut c = card.clone();
    let d = crate::card::GenerationCard::default();
    c.generation.events = d.events;
    c.generation.output = d.output;
    c.generation.reweight = d.reweight;
    c
}

/// SHA-256 (hex) of the canonical card's TOML: equal for cards that describe the same
/// process, integration settings and seed.
#[must_use]
pub fn card_sha256(card: &RunCard) -> String {
    let text = canonical_card(card).to_toml_string().unwrap_or_default();
    sha256_hex(text.as_bytes())
}

/// Every field in which `theirs` differs from `mine` (the gridpack's card), as
/// `field = value in the gridpack, value in the card`; the fields of [`canonical_card`] are
/// ignored. Never empty for cards of different hashes.
#[must_use]
pub fn card_differences(mine: &RunCard, theirs: &RunCard) -> Vec<String> {
    let mine = flatten(&canonical_card(mine));
    let theirs = flatten(&canonical_card(theirs));
    let mut differences = Vec::new();
    for (k, v) in &mine {
        match theirs.iter().find(|(k2, _)| k2 == k) {
            Some((_, v2)) if v2 == v => {}
            Some((_, v2)) => {
                differences.push(format!("{k} = {v} in the gridpack, {v2} in the card"))
            }
            None => differences.push(format!("{k} = {v} in the gridpack, unset in the card")),
        }
    }
    for (k, v2) in &theirs {
        if !mine.iter().any(|(k1, _)| k1 == k) {
            differences.push(format!("{k} unset in the gridpack, {v2} in the card"));
        }
    }
    if differences.is_empty() {
        differences.push("the cards serialise differently".to_string());
    }
    differences
}

/// `(dotted.path, value)` of every leaf of the card's TOML.
fn flatten(card: &RunCard) -> Vec<(String, String)> {
    fn walk(prefix: &str, v: &toml::Value, out: &mut Vec<(String, String)>) {
        match v {
            toml::Value::Table(t) => {
                for (k, x) in t {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&p, x, out);
                }
            }
            other => out.push((prefix.to_string(), other.to_string())),
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = toml::Value::try_from(card) {
        walk("", &v, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_name_fields() {
        let a = RunCard::default();
        let mut b = a.clone();
        b.generation.events += 1;
        assert_eq!(card_sha256(&a), card_sha256(&b));
        b.mediator.mass = 0.5;
        assert_ne!(card_sha256(&a), card_sha256(&b));
        let d = card_differences(&a, &b);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].starts_with("mediator.mass = "), "{d:?}");
    }
}
