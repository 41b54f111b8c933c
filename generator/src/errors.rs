//! How the binaries report an error chain to a user: every clause once.
//!
//! Library errors wrap their causes (`#[source]`), and a wrapper's message often already
//! quotes its cause, so printing the whole chain (`{:#}`) can say the same thing two or three
//! times ("cannot open X: No such file: No such file"). [`render_chain`] prints each distinct
//! clause once, outermost first; [`is_broken_pipe`] tells a closed stdout from a real error.

use std::error::Error;

/// The causes of `e`, outermost first.
fn chain<'a>(e: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(Some(e), |&e| e.source())
}

/// The messages of `e` and its causes joined by `: `, skipping a cause whose text an earlier
/// clause already contains, and replacing a clause by a later one that starts with it.
#[must_use]
pub fn render_chain(e: &(dyn Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in chain(e) {
        let text = cause.to_string();
        let text = text.trim();
        if text.is_empty() || parts.iter().any(|p| p.contains(text)) {
            continue;
        }
        match parts.last_mut() {
            Some(last) if text.starts_with(last.as_str()) => *last = text.to_string(),
            _ => parts.push(text.to_string()),
        }
    }
    parts.join(": ")
}

/// Whether a `std::io::Error` of kind `BrokenPipe` (stdout closed early) is in the chain.
#[must_use]
pub fn is_broken_pipe(e: &(dyn Error + 'static)) -> bool {
    chain(e).any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot open data.lhe: {0}")]
    struct Open(#[source] std::io::Error);

    #[derive(Debug, thiserror::Error)]
    #[error("reading the sample")]
    struct Outer(#[source] Open);

    #[test]
    fn each_clause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        let e = Outer(Open(io));
        assert_eq!(
            render_chain(&e),
            "reading the sample: cannot open data.lhe: No such file"
        );
        assert!(!is_broken_pipe(&e));
        let pipe = Open(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(is_broken_pipe(&Outer(pipe)));
    }
}
