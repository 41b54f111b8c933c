//! The lexical layer of the tolerant reader ([`super::reader`]): numbers as Fortran writes
//! them, tags, attributes, comments and CDATA across lines, fields and the particle line.

use super::LheError;
use super::record::LheParticle;

/// Longest excerpt of offending text quoted in an error.
const MAX_FOUND: usize = 80;

/// Parses a number as Fortran may write it: `1.0e+02`, `1.0D+02`, `1.0d2`, `1.0Q2`, or the
/// exponent-letter-free `1.0+102`. Returns `None` if it is not a number.
pub fn parse_fortran_f64(s: &str) -> Option<f64> {
    if let Ok(v) = s.parse::<f64>() {
        return Some(v);
    }
    let b = s.as_bytes();
    if b.is_empty() || !b.is_ascii() {
        return None;
    }
    let mut t = String::with_capacity(b.len() + 1);
    let mut has_exp = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'd' | b'D' | b'q' | b'Q' | b'e' | b'E' if !has_exp => {
                t.push('e');
                has_exp = true;
            }
            b'+' | b'-' if i > 0 && !has_exp && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.') => {
                t.push('e');
                t.push(c as char);
                has_exp = true;
            }
            _ => t.push(c as char),
        }
    }
    t.parse().ok()
}

/// First [`MAX_FOUND`] characters of `s`.
pub(super) fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(MAX_FOUND).collect();
    if out.len() < s.len() {
        out.push_str("...");
    }
    out
}

pub(super) fn syntax(line: u64, expected: impl Into<String>, found: &str) -> LheError {
    LheError::Syntax {
        line,
        expected: expected.into(),
        found: shorten(found),
    }
}

pub(super) fn eof(line: u64, expected: impl Into<String>) -> LheError {
    LheError::UnexpectedEof {
        line,
        expected: expected.into(),
    }
}

/// The current line as UTF-8 (event and init lines must be text).
pub(super) fn line_str(buf: &[u8], line: u64) -> Result<&str, LheError> {
    std::str::from_utf8(buf).map_err(|_| syntax(line, "UTF-8 text", &String::from_utf8_lossy(buf)))
}

/// Whether `s` begins with the tag `<name` (followed by `>`, `/` or white space).
pub(super) fn is_tag(s: &str, name: &str) -> bool {
    s.strip_prefix('<')
        .and_then(|r| r.strip_prefix(name))
        .is_some_and(|r| {
            r.is_empty() || r.starts_with(['>', '/']) || r.starts_with(char::is_whitespace)
        })
}

/// The value of attribute `name` in a tag's text (`name="v"` or `name='v'`).
pub(super) fn attr(tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let start = from + i;
        from = start + name.len();
        let before_ok = start == 0
            || tag[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_whitespace() || c == '<');
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let rest = rest.trim_start();
        let quote = rest.chars().next()?;
        if quote == '"' || quote == '\'' {
            let body = &rest[1..];
            return body.find(quote).map(|j| body[..j].to_string());
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        return Some(rest[..end].to_string());
    }
    None
}

/// Whether line `t` is swallowed by markup: part of an XML comment, or inside a block opened
/// earlier whose closing tag `skip_until` names (e.g. `<mgrwt>` ... `</mgrwt>`); updates both.
pub(super) fn markup_consumes(
    markup: &mut Markup,
    skip_until: &mut Option<String>,
    t: &str,
) -> bool {
    if markup.in_comment || t.starts_with("<!--") {
        markup.scan(t);
        return true;
    }
    if let Some(close) = skip_until {
        if t.contains(close.as_str()) {
            *skip_until = None;
        }
        return true;
    }
    false
}

/// For a line that opens an element without closing it (`<mgrwt>`), the closing tag to skip
/// to (`</mgrwt`); `None` for self-closing, one-line, or special (`<!`, `<?`, `</`) tags.
pub(super) fn unclosed(t: &str) -> Option<String> {
    let name_part = t.strip_prefix('<')?;
    if name_part.starts_with(['/', '!', '?']) || t.ends_with("/>") {
        return None;
    }
    let end = name_part
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(name_part.len());
    let name = &name_part[..end];
    if name.is_empty() {
        return None;
    }
    let close = format!("</{name}");
    (!t.contains(&close)).then_some(close)
}

/// XML comment and CDATA state across lines.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Markup {
    pub(super) in_comment: bool,
    pub(super) in_cdata: bool,
}

impl Markup {
    pub(super) fn inside(self) -> bool {
        self.in_comment || self.in_cdata
    }

    /// Updates the state with the comment/CDATA delimiters of `line`.
    pub(super) fn scan(&mut self, line: &str) {
        let mut rest = line;
        loop {
            if self.in_comment {
                match rest.find("-->") {
                    Some(i) => {
                        self.in_comment = false;
                        rest = &rest[i + 3..];
                    }
                    None => return,
                }
            } else if self.in_cdata {
                match rest.find("]]>") {
                    Some(i) => {
                        self.in_cdata = false;
                        rest = &rest[i + 3..];
                    }
                    None => return,
                }
            } else {
                let c = rest.find("<!--");
                let d = rest.find("<![CDATA[");
                match (c, d) {
                    (Some(i), Some(j)) if j < i => {
                        self.in_cdata = true;
                        rest = &rest[j + 9..];
                    }
                    (Some(i), _) => {
                        self.in_comment = true;
                        rest = &rest[i + 4..];
                    }
                    (None, Some(j)) => {
                        self.in_cdata = true;
                        rest = &rest[j + 9..];
                    }
                    (None, None) => return,
                }
            }
        }
    }
}

/// The first `N` white-space separated fields of `t`, and whether more follow (extra fields
/// are ignored, but [`super::reader::EventLines::extra_fields`] records them for the strict checks).
pub(super) fn fields<'a, const N: usize>(
    t: &'a str,
    line: u64,
    what: &str,
) -> Result<([&'a str; N], bool), LheError> {
    let mut out = [""; N];
    let mut it = t.split_ascii_whitespace();
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = it
            .next()
            .ok_or_else(|| syntax(line, format!("{what} with {N} fields (found only {i})"), t))?;
    }
    Ok((out, it.next().is_some()))
}

pub(super) fn float(tok: &str, line: u64, what: &str) -> Result<f64, LheError> {
    parse_fortran_f64(tok).ok_or_else(|| syntax(line, format!("{what} (a number)"), tok))
}

/// An integer field; integral floats (`13.`, `1.3D+01`) are accepted as some writers use them.
pub(super) fn int<T: TryFrom<i64>>(tok: &str, line: u64, what: &str) -> Result<T, LheError> {
    let v = match tok.parse::<i64>() {
        Ok(v) => Some(v),
        Err(_) => parse_fortran_f64(tok)
            .filter(|x| x.fract() == 0.0 && x.abs() < 9.0e15)
            .map(|x| x as i64),
    };
    v.and_then(|v| T::try_from(v).ok())
        .ok_or_else(|| syntax(line, format!("{what} (an integer in range)"), tok))
}

pub(super) fn parse_particle(t: &str, line: u64) -> Result<(LheParticle, bool), LheError> {
    let (f, extra): ([&str; 13], bool) = fields(
        t,
        line,
        "a particle line IDUP ISTUP MOTHUP(1..2) ICOLUP(1..2) PUP(1..5) VTIMUP SPINUP",
    )?;
    let p = LheParticle {
        id: int(f[0], line, "IDUP")?,
        status: int(f[1], line, "ISTUP")?,
        mothers: [int(f[2], line, "MOTHUP(1)")?, int(f[3], line, "MOTHUP(2)")?],
        colors: [int(f[4], line, "ICOLUP(1)")?, int(f[5], line, "ICOLUP(2)")?],
        momentum: [
            float(f[9], line, "PUP(4) = E")?,
            float(f[6], line, "PUP(1) = px")?,
            float(f[7], line, "PUP(2) = py")?,
            float(f[8], line, "PUP(3) = pz")?,
        ],
        mass: float(f[10], line, "PUP(5) = m")?,
        lifetime: float(f[11], line, "VTIMUP")?,
        spin: float(f[12], line, "SPINUP")?,
    };
    Ok((p, extra))
}

/// Parses every `<wgt id='...'> value </wgt>` on the line.
pub(super) fn parse_wgts(t: &str, line: u64, out: &mut Vec<(String, f64)>) -> Result<(), LheError> {
    let mut rest = t;
    while let Some(i) = rest.find("<wgt") {
        let after = &rest[i + 4..];
        let gt = after
            .find('>')
            .ok_or_else(|| syntax(line, "'>' closing the <wgt> tag", t))?;
        let id = attr(&after[..gt], "id").unwrap_or_else(|| (out.len() + 1).to_string());
        let body = &after[gt + 1..];
        let (value, next) = match body.find("</wgt>") {
            Some(j) => (&body[..j], &body[j + 6..]),
            None => (body, ""),
        };
        let v = float(value.trim(), line, "the weight value in <wgt>")?;
        out.push((id, v));
        rest = next;
    }
    Ok(())
}

/// Parses the numbers of a `<weights>` block on this line; returns whether it was closed.
pub(super) fn parse_weights(
    t: &str,
    line: u64,
    out: &mut Vec<(String, f64)>,
    count: &mut usize,
) -> Result<bool, LheError> {
    let (body, closed) = match t.find("</weights>") {
        Some(j) => (&t[..j], true),
        None => (t, false),
    };
    for tok in body.split_ascii_whitespace() {
        let v = float(tok, line, "a weight in <weights>")?;
        *count += 1;
        out.push((count.to_string(), v));
    }
    Ok(closed)
}
