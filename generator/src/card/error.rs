//! Errors of run-card reading and validation, and locating a TOML error's field path.

use std::ops::Range;
use std::path::PathBuf;
use thiserror::Error;

/// Line and column (1-based, columns in characters) of an error in a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// What can go wrong with a run card.
#[derive(Debug, Error)]
pub enum CardError {
    /// The card file could not be read.
    #[error("cannot read run card {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// TOML syntax error, unknown field or wrong type.
    #[error(
        "run card {origin}: error in `{field}`{}:\n{message}",
        location.map(|l| format!(" at {l}")).unwrap_or_default()
    )]
    Parse {
        /// File or source name.
        origin: String,
        /// Field path such as `mediator.mass` (or `mediator.mas` for an unknown field);
        /// `<card>` when TOML gave no position.
        field: String,
        /// Where in the text, if TOML reported it.
        location: Option<Location>,
        /// TOML's message (with line, column and the offending line).
        message: String,
    },
    /// A value outside its allowed range, found by [`RunCard::validate`](super::RunCard::validate).
    #[error("run card {origin}: invalid `{field}` = {value}: {reason}")]
    Invalid {
        /// File or source name, or a note that the value came from the command line.
        origin: String,
        /// Field path such as `mediator.mass`.
        field: &'static str,
        /// The offending value as written.
        value: String,
        /// Why it is not allowed (and what is).
        reason: String,
    },
    /// The card could not be written as TOML.
    #[error("cannot write run card as TOML: {0}")]
    Serialize(#[from] toml::ser::Error),
    /// A beam particle name that is not known (command-line parsing).
    #[error("unknown beam particle '{0}' (known: mu-, mu+)")]
    UnknownBeamParticle(String),
}

impl CardError {
    /// The field path the error is about, if any.
    #[must_use]
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Parse { field, .. } => Some(field),
            Self::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    /// Wraps a TOML deserialisation error of `source` read from `origin`.
    pub(super) fn from_toml(err: &toml::de::Error, source: &str, origin: &str) -> Self {
        let span = err.span();
        let field = span
            .as_ref()
            .and_then(|s| field_path_at(source, s))
            .unwrap_or_else(|| "<card>".to_string());
        let location = span.and_then(|s| location_of(source, s.start));
        Self::Parse {
            origin: origin.to_string(),
            field,
            location,
            message: user_words(&err.to_string()),
        }
    }
}

/// TOML's message in the card's words: serde names our Rust types (`expected struct
/// BeamCard`); a user wrote a table (`[beam]`).
fn user_words(message: &str) -> String {
    let tables = [
        ("struct RunCard", "a run card"),
        ("struct BeamCard", "a [beam] table"),
        ("struct TargetCard", "a [target] table"),
        ("struct MediatorCard", "a [mediator] table"),
        ("struct IntegrationCard", "an [integration] table"),
        ("struct GenerationCard", "a [generation] table"),
        ("expected f64", "expected a number"),
        ("expected u64", "expected a whole number >= 0"),
        ("expected u32", "expected a whole number >= 0"),
        ("expected i32", "expected a whole number"),
    ];
    // the location is already in our message: drop TOML's own first line naming it again
    let body = match message.split_once('\n') {
        Some((first, rest)) if first.starts_with("TOML parse error at") => rest,
        _ => message,
    };
    let mut m = body.trim_end().to_string();
    for (rust, user) in tables {
        m = m.replace(rust, user);
    }
    m
}

/// 1-based line and character column of byte offset `pos`.
fn location_of(source: &str, pos: usize) -> Option<Location> {
    let before = source.get(..pos)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Some(Location {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    })
}

/// The dotted field path (`section.key`) of the key or value at `span`, found from the
/// line it is on and the nearest `[section]` header above it. Good for the flat cards we
/// use (one table level, one key per line); inline tables give the enclosing key.
fn field_path_at(source: &str, span: &Range<usize>) -> Option<String> {
    let start = span.start.min(source.len());
    let before = source.get(..start)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let line = source[line_start..line_end].trim();
    if line.starts_with('[') {
        return Some(header_name(line));
    }
    let key = match line.split_once('=') {
        Some((k, _)) => clean_key(k),
        None => clean_key(source.get(span.clone())?),
    };
    let section = source[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(header_name);
    Some(match section {
        Some(s) if !s.is_empty() => format!("{s}.{key}"),
        _ => key,
    })
}

/// `[ mediator ]  # comment` -> `mediator`.
fn header_name(line: &str) -> String {
    let inner = line.trim_start_matches('[');
    let inner = inner.split(']').next().unwrap_or(inner);
    clean_key(inner)
}

/// Removes quotes and blanks around the dots of a (possibly dotted) key.
fn clean_key(key: &str) -> String {
    key.split('.')
        .map(|p| p.trim().trim_matches(|c| c == '"' || c == '\''))
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_from_positions() {
        let src = "[beam]\nenergy = 1\n\n[ mediator ] # x\n\"mass\" = \"a\"\n";
        let at = |needle: &str| {
            let i = src.find(needle).unwrap();
            field_path_at(src, &(i..i + needle.len()))
        };
        assert_eq!(at("1").as_deref(), Some("beam.energy"));
        assert_eq!(at("\"a\"").as_deref(), Some("mediator.mass"));
        assert_eq!(at("mediator").as_deref(), Some("mediator"));
        assert_eq!(
            location_of(src, src.find("\"a\"").unwrap()),
            Some(Location {
                line: 5,
                column: 10
            })
        );
        assert_eq!(
            field_path_at("energy = 3", &(9..10)).as_deref(),
            Some("energy")
        );
    }
}
