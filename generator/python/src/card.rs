//! The run card of a call: a file, a TOML string or the default card, with keyword overrides
//! applied and validated exactly as the `mfcgen` flags are ([`RunCard::with_overrides`]), so
//! that names, checks and messages are the CLI's.

use crate::errors::value_error;
use mfcgen::card::{Overrides, RunCard, ValidatedCard};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use std::path::PathBuf;

/// The keyword overrides: the `mfcgen integrate`/`generate` flags with `_` for `-`, each the
/// card field it replaces (see [`Overrides`]).
pub const OVERRIDES: [(&str, &str); 15] = [
    ("mediator", "mediator.kind"),
    ("mass", "mediator.mass"),
    ("coupling", "mediator.coupling"),
    ("target", "target.name"),
    ("form_factor", "target.form_factor"),
    ("beam_energy", "beam.energy"),
    ("beam", "beam.particle"),
    ("beam_spectrum", "beam.spectrum"),
    ("precision", "integration.precision"),
    ("seed", "generation.seed"),
    ("model", "mediator.model"),
    ("dark_width", "mediator.dark_width"),
    ("br_invisible", "mediator.br_invisible"),
    ("decay_mode", "decay.mode"),
    ("reweight", "generation.reweight"),
];

/// Name quoted in messages for a card given as a TOML string.
const STRING_ORIGIN: &str = "<card string>";

/// The commented default run card (what `mfcgen card` prints).
#[pyfunction]
pub fn default_card() -> &'static str {
    mfcgen::card::commented_default()
}

/// Reads the card argument: `None` (the default card), a TOML string (text with a newline or
/// an `=`), or a path (`str` or `os.PathLike`).
fn read_card(card: Option<&Bound<'_, PyAny>>) -> PyResult<RunCard> {
    let Some(card) = card.filter(|c| !c.is_none()) else {
        return Ok(RunCard::default());
    };
    if let Ok(s) = card.cast::<PyString>() {
        let text = s.to_cow()?;
        if text.contains('\n') || text.contains('=') {
            return RunCard::from_toml_str(&text, STRING_ORIGIN).map_err(|e| value_error(&e));
        }
    }
    let path: PathBuf = card.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "card must be a path, a TOML string or None, not {}",
            type_name(card)
        ))
    })?;
    RunCard::from_file(&path).map_err(|e| value_error(&e))
}

/// The Python type name of `v`, for messages.
fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map_or_else(|_| "an unknown type".to_string(), |n| n.to_string())
}

/// `value` parsed by `T::from_str` (the parser the CLI's flags use).
pub fn parse<T: std::str::FromStr>(name: &str, value: &str) -> PyResult<T>
where
    T::Err: std::fmt::Display,
{
    value
        .parse()
        .map_err(|e| PyValueError::new_err(format!("{name} = {value:?}: {e}")))
}

/// `value` as a string parsed by `T::from_str`.
fn parse_any<T: std::str::FromStr>(name: &str, value: &Bound<'_, PyAny>) -> PyResult<T>
where
    T::Err: std::fmt::Display,
{
    let s: String = value.extract().map_err(|_| {
        PyTypeError::new_err(format!("{name} must be a str, not {}", type_name(value)))
    })?;
    parse(name, &s)
}

/// `value` as a float.
pub fn number(name: &str, value: &Bound<'_, PyAny>) -> PyResult<f64> {
    value.extract().map_err(|_| {
        PyTypeError::new_err(format!("{name} must be a number, not {}", type_name(value)))
    })
}

/// `value` as a whole number >= 0.
pub fn count(name: &str, value: &Bound<'_, PyAny>) -> PyResult<u64> {
    value.extract().map_err(|_| {
        PyValueError::new_err(format!(
            "{name} = {}: expected a whole number >= 0",
            value
                .repr()
                .map_or_else(|_| "?".to_string(), |r| r.to_string())
        ))
    })
}

/// The keyword arguments as CLI overrides; an unknown keyword is a `TypeError` listing the
/// known ones, as Python does for a function's arguments.
fn overrides(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Overrides> {
    let mut o = Overrides::default();
    let Some(kwargs) = kwargs else { return Ok(o) };
    for (k, v) in kwargs.iter() {
        let key: String = k.extract()?;
        if v.is_none() {
            continue;
        }
        match key.as_str() {
            "mediator" => o.mediator_kind = Some(parse_any(&key, &v)?),
            "mass" => o.mass = Some(number(&key, &v)?),
            "coupling" => o.coupling = Some(number(&key, &v)?),
            "target" => o.target = Some(v.str()?.to_string()),
            "form_factor" => o.form_factor = Some(parse_any(&key, &v)?),
            "beam_energy" => o.beam_energy = Some(number(&key, &v)?),
            "beam" => o.beam_particle = Some(parse_any(&key, &v)?),
            "beam_spectrum" => o.beam_spectrum = Some(v.extract()?),
            "precision" => o.precision = Some(number(&key, &v)?),
            "seed" => o.seed = Some(count(&key, &v)?),
            "model" => o.model = Some(parse_any(&key, &v)?),
            "dark_width" => o.dark_width = Some(number(&key, &v)?),
            "br_invisible" => o.br_invisible = Some(number(&key, &v)?),
            "decay_mode" => o.decay_mode = Some(parse_any(&key, &v)?),
            "reweight" => {
                if v.is_instance_of::<pyo3::types::PyString>() {
                    return Err(PyTypeError::new_err(
                        "reweight must be a list of str, e.g. [\"axial\", \"vector:none\"]",
                    ));
                }
                o.reweight = Some(v.extract().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "reweight must be a list of str, not {}",
                        type_name(&v)
                    ))
                })?);
            }
            _ => {
                let known: Vec<String> = OVERRIDES
                    .iter()
                    .map(|(k, f)| format!("{k} ({f})"))
                    .collect();
                return Err(PyTypeError::new_err(format!(
                    "unknown keyword argument '{key}'; the card fields that can be set are {}; \
                     set the others in the card",
                    known.join(", ")
                )));
            }
        }
    }
    Ok(o)
}

/// The validated card of a call: `card`, then the keyword overrides, `events` and `seed`.
pub fn load(
    card: Option<&Bound<'_, PyAny>>,
    kwargs: Option<&Bound<'_, PyDict>>,
    events: Option<u64>,
    seed: Option<u64>,
) -> PyResult<ValidatedCard> {
    let mut o = overrides(kwargs)?;
    o.events = events;
    o.seed = seed.or(o.seed);
    read_card(card)?
        .with_overrides(&o)
        .map_err(|e| value_error(&e))
}
