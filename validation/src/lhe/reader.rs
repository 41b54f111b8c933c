//! The streaming reader; see the [module docs](super).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use super::{Init, InitProcess, LheError, LheEvent, LheParticle};

/// Longest excerpt of offending text quoted in an error.
const MAX_FOUND: usize = 80;
/// Lines read before giving up on finding `<LesHouchesEvents>`.
const MAX_PREAMBLE_LINES: u64 = 10_000;
/// Largest `NUP` accepted (a guard against garbage allocating memory).
const MAX_NUP: usize = 100_000;
/// Largest `NPRUP` accepted.
const MAX_NPRUP: usize = 100_000;
/// Read buffer size.
const BUF_SIZE: usize = 1 << 16;

/// Opens an LHE file, plain or gzip (detected by the magic bytes `1f 8b`, whatever the name),
/// and reads its header and `<init>` block.
pub fn open(path: &Path) -> Result<LheReader<Box<dyn BufRead>>, LheError> {
    let file = File::open(path).map_err(|source| LheError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let mut raw = BufReader::with_capacity(BUF_SIZE, file);
    let gzip = raw
        .fill_buf()
        .map_err(|source| LheError::Open {
            path: path.to_path_buf(),
            source,
        })?
        .starts_with(&[0x1f, 0x8b]);
    let src: Box<dyn BufRead> = if gzip {
        Box::new(BufReader::with_capacity(BUF_SIZE, MultiGzDecoder::new(raw)))
    } else {
        Box::new(raw)
    };
    LheReader::new(src)
}

/// As [`open`], for any byte source (e.g. an in-memory `Cursor`), plain or gzip.
pub fn from_reader<Rd: Read + 'static>(
    source: Rd,
) -> Result<LheReader<Box<dyn BufRead>>, LheError> {
    let mut raw = BufReader::with_capacity(BUF_SIZE, source);
    let gzip = raw
        .fill_buf()
        .map_err(|source| LheError::Io { line: 0, source })?
        .starts_with(&[0x1f, 0x8b]);
    let src: Box<dyn BufRead> = if gzip {
        Box::new(BufReader::with_capacity(BUF_SIZE, MultiGzDecoder::new(raw)))
    } else {
        Box::new(raw)
    };
    LheReader::new(src)
}

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
fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(MAX_FOUND).collect();
    if out.len() < s.len() {
        out.push_str("...");
    }
    out
}

fn syntax(line: u64, expected: impl Into<String>, found: &str) -> LheError {
    LheError::Syntax {
        line,
        expected: expected.into(),
        found: shorten(found),
    }
}

fn eof(line: u64, expected: impl Into<String>) -> LheError {
    LheError::UnexpectedEof {
        line,
        expected: expected.into(),
    }
}

/// The current line as UTF-8 (event and init lines must be text).
fn line_str(buf: &[u8], line: u64) -> Result<&str, LheError> {
    std::str::from_utf8(buf).map_err(|_| syntax(line, "UTF-8 text", &String::from_utf8_lossy(buf)))
}

/// Whether `s` begins with the tag `<name` (followed by `>`, `/` or white space).
fn is_tag(s: &str, name: &str) -> bool {
    s.strip_prefix('<')
        .and_then(|r| r.strip_prefix(name))
        .is_some_and(|r| {
            r.is_empty() || r.starts_with(['>', '/']) || r.starts_with(char::is_whitespace)
        })
}

/// The value of attribute `name` in a tag's text (`name="v"` or `name='v'`).
fn attr(tag: &str, name: &str) -> Option<String> {
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
fn markup_consumes(markup: &mut Markup, skip_until: &mut Option<String>, t: &str) -> bool {
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
fn unclosed(t: &str) -> Option<String> {
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
struct Markup {
    in_comment: bool,
    in_cdata: bool,
}

impl Markup {
    fn inside(self) -> bool {
        self.in_comment || self.in_cdata
    }

    /// Updates the state with the comment/CDATA delimiters of `line`.
    fn scan(&mut self, line: &str) {
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

/// The first `N` white-space separated fields of `t` (extra fields are ignored).
fn fields<'a, const N: usize>(t: &'a str, line: u64, what: &str) -> Result<[&'a str; N], LheError> {
    let mut out = [""; N];
    let mut it = t.split_ascii_whitespace();
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = it
            .next()
            .ok_or_else(|| syntax(line, format!("{what} with {N} fields (found only {i})"), t))?;
    }
    Ok(out)
}

fn float(tok: &str, line: u64, what: &str) -> Result<f64, LheError> {
    parse_fortran_f64(tok).ok_or_else(|| syntax(line, format!("{what} (a number)"), tok))
}

/// An integer field; integral floats (`13.`, `1.3D+01`) are accepted as some writers use them.
fn int<T: TryFrom<i64>>(tok: &str, line: u64, what: &str) -> Result<T, LheError> {
    let v = match tok.parse::<i64>() {
        Ok(v) => Some(v),
        Err(_) => parse_fortran_f64(tok)
            .filter(|x| x.fract() == 0.0 && x.abs() < 9.0e15)
            .map(|x| x as i64),
    };
    v.and_then(|v| T::try_from(v).ok())
        .ok_or_else(|| syntax(line, format!("{what} (an integer in range)"), tok))
}

fn parse_particle(t: &str, line: u64) -> Result<LheParticle, LheError> {
    let f: [&str; 13] = fields(
        t,
        line,
        "a particle line IDUP ISTUP MOTHUP(1..2) ICOLUP(1..2) PUP(1..5) VTIMUP SPINUP",
    )?;
    Ok(LheParticle {
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
    })
}

/// Parses every `<wgt id='...'> value </wgt>` on the line.
fn parse_wgts(t: &str, line: u64, out: &mut Vec<(String, f64)>) -> Result<(), LheError> {
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
fn parse_weights(
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

/// Streaming, tolerant reader of LHE files (hep-ph/0609017, arXiv:1405.1067); see the
/// [module docs](super) for what it accepts.
///
/// The header and `<init>` are read by [`LheReader::new`]; events are read one at a time by
/// [`LheReader::next_event`] (or the [`Iterator`] impl). After an error the reader is
/// finished: further calls return `None`.
pub struct LheReader<R> {
    src: R,
    buf: Vec<u8>,
    line: u64,
    markup: Markup,
    version: String,
    header: String,
    init: Init,
    done: bool,
}

impl<R> std::fmt::Debug for LheReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LheReader")
            .field("version", &self.version)
            .field("line", &self.line)
            .field("init", &self.init)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<R> LheReader<R> {
    /// Everything between the root tag and `<init>` (the `<header>` block, comments), verbatim.
    pub fn header(&self) -> &str {
        &self.header
    }

    /// The `<init>` block.
    pub fn init(&self) -> &Init {
        &self.init
    }

    /// The `version` attribute of `<LesHouchesEvents>` (`"1.0"` if absent).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The number of the last line read (1-based).
    pub fn line(&self) -> u64 {
        self.line
    }
}

impl<R: BufRead> LheReader<R> {
    /// Reads the root tag, the header and the `<init>` block from `src` (plain text; use
    /// [`open`] or [`from_reader`] for gzip detection).
    pub fn new(src: R) -> Result<Self, LheError> {
        let mut r = Self {
            src,
            buf: Vec::with_capacity(256),
            line: 0,
            markup: Markup::default(),
            version: String::new(),
            header: String::new(),
            init: Init {
                beam_ids: [0; 2],
                beam_energies: [0.0; 2],
                pdf_groups: [0; 2],
                pdf_sets: [0; 2],
                weighting: 0,
                processes: Vec::new(),
            },
            done: false,
        };
        r.read_preamble()?;
        r.read_init()?;
        Ok(r)
    }

    /// The next event, `None` after `</LesHouchesEvents>` (or after an error).
    pub fn next_event(&mut self) -> Option<Result<LheEvent, LheError>> {
        if self.done {
            return None;
        }
        match self.read_event() {
            Ok(Some(e)) => Some(Ok(e)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }

    /// Reads one line into `buf` (without the line terminator); `false` at the end of input.
    fn read_line(&mut self) -> Result<bool, LheError> {
        self.buf.clear();
        match self.src.read_until(b'\n', &mut self.buf) {
            Ok(0) => Ok(false),
            Ok(_) => {
                self.line += 1;
                while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
                    self.buf.pop();
                }
                Ok(true)
            }
            Err(source) => Err(LheError::Io {
                line: self.line,
                source,
            }),
        }
    }

    /// Reads the next line that is not blank, a `#` line or an XML comment; `false` at EOF.
    fn next_significant(&mut self) -> Result<bool, LheError> {
        loop {
            if !self.read_line()? {
                return Ok(false);
            }
            let Ok(t) = std::str::from_utf8(&self.buf) else {
                return Ok(true); // the caller reports the encoding error
            };
            let t = t.trim();
            if self.markup.in_comment || t.starts_with("<!--") {
                self.markup.scan(t);
                continue;
            }
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            return Ok(true);
        }
    }

    fn read_preamble(&mut self) -> Result<(), LheError> {
        loop {
            if !self.read_line()? {
                return Err(eof(self.line + 1, "the <LesHouchesEvents> root tag"));
            }
            let t = String::from_utf8_lossy(&self.buf);
            let t = t.trim();
            if self.markup.in_comment || t.starts_with("<!--") {
                self.markup.scan(t);
                continue;
            }
            if t.is_empty() || t.starts_with("<?") || t.starts_with("<!DOCTYPE") {
                continue;
            }
            if is_tag(t, "LesHouchesEvents") {
                self.version = attr(t, "version").unwrap_or_else(|| "1.0".into());
                break;
            }
            if self.line >= MAX_PREAMBLE_LINES || !t.starts_with('<') {
                return Err(syntax(self.line, "the <LesHouchesEvents> root tag", t));
            }
        }
        self.markup = Markup::default();
        loop {
            if !self.read_line()? {
                return Err(eof(self.line + 1, "an <init> block (file without <init>)"));
            }
            let t = String::from_utf8_lossy(&self.buf);
            if !self.markup.inside() {
                let s = t.trim_start();
                if is_tag(s, "init") {
                    break;
                }
                if is_tag(s, "event") || s.starts_with("</LesHouchesEvents") {
                    return Err(syntax(self.line, "an <init> block before the events", s));
                }
            }
            self.markup.scan(&t);
            self.header.push_str(&t);
            self.header.push('\n');
        }
        self.markup = Markup::default();
        Ok(())
    }

    fn read_init(&mut self) -> Result<(), LheError> {
        const BEAM_LINE: &str = "the <init> beam line IDBMUP(1..2) EBMUP(1..2) PDFGUP(1..2) \
                                 PDFSUP(1..2) IDWTUP NPRUP";
        let mut have_beams = false;
        let mut nprup = 0usize;
        let mut skip_until: Option<String> = None;
        loop {
            if !self.read_line()? {
                return Err(eof(self.line + 1, "</init>"));
            }
            let line = self.line;
            let t = line_str(&self.buf, line)?.trim();
            if markup_consumes(&mut self.markup, &mut skip_until, t) {
                continue;
            }
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if t.starts_with("</init") {
                break;
            }
            if is_tag(t, "event") || is_tag(t, "init") || t.starts_with("</LesHouchesEvents") {
                return Err(syntax(line, "</init>", t));
            }
            if t.starts_with('<') {
                // <generator>, <xsecinfo/>, <weightinfo>, ...: not needed here.
                skip_until = unclosed(t);
                continue;
            }
            if !have_beams {
                let f: [&str; 10] = fields(t, line, BEAM_LINE)?;
                let init = &mut self.init;
                init.beam_ids = [int(f[0], line, "IDBMUP(1)")?, int(f[1], line, "IDBMUP(2)")?];
                init.beam_energies = [
                    float(f[2], line, "EBMUP(1)")?,
                    float(f[3], line, "EBMUP(2)")?,
                ];
                init.pdf_groups = [int(f[4], line, "PDFGUP(1)")?, int(f[5], line, "PDFGUP(2)")?];
                init.pdf_sets = [int(f[6], line, "PDFSUP(1)")?, int(f[7], line, "PDFSUP(2)")?];
                init.weighting = int(f[8], line, "IDWTUP")?;
                nprup = int(f[9], line, "NPRUP (a non-negative integer)")?;
                if nprup > MAX_NPRUP {
                    return Err(syntax(line, format!("NPRUP <= {MAX_NPRUP}"), f[9]));
                }
                init.processes.reserve(nprup.min(64));
                have_beams = true;
            } else if self.init.processes.len() < nprup {
                let f: [&str; 4] =
                    fields(t, line, "an <init> process line XSECUP XERRUP XMAXUP LPRUP")?;
                let p = InitProcess {
                    xsec_pb: float(f[0], line, "XSECUP")?,
                    xerr_pb: float(f[1], line, "XERRUP")?,
                    xmax: float(f[2], line, "XMAXUP")?,
                    id: int(f[3], line, "LPRUP")?,
                };
                self.init.processes.push(p);
            }
            // Further data lines (some generators add their own) are ignored.
        }
        if !have_beams {
            return Err(syntax(self.line, BEAM_LINE, "</init>"));
        }
        if self.init.processes.len() < nprup {
            return Err(syntax(
                self.line,
                format!(
                    "NPRUP = {nprup} process lines in <init> (found {})",
                    self.init.processes.len()
                ),
                "</init>",
            ));
        }
        Ok(())
    }

    fn read_event(&mut self) -> Result<Option<LheEvent>, LheError> {
        const EVENT_LINE: &str = "the event line NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP";
        // Find the next <event>.
        let mut skip_until: Option<String> = None;
        loop {
            if !self.read_line()? {
                return Err(eof(
                    self.line + 1,
                    "<event> or </LesHouchesEvents> (truncated file?)",
                ));
            }
            let line = self.line;
            let t = line_str(&self.buf, line)?.trim();
            if markup_consumes(&mut self.markup, &mut skip_until, t) {
                continue;
            }
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if is_tag(t, "event") {
                break;
            }
            if t.starts_with("</LesHouchesEvents") {
                return Ok(None);
            }
            if is_tag(t, "eventgroup") || t.starts_with("</eventgroup") {
                continue;
            }
            if t.starts_with('<') && !t.starts_with("</") {
                skip_until = unclosed(t);
                continue;
            }
            return Err(syntax(line, "<event> or </LesHouchesEvents>", t));
        }
        let start = self.line;

        // The event line.
        if !self.next_significant()? {
            return Err(eof(
                self.line + 1,
                format!("{EVENT_LINE} (truncated event started at line {start})"),
            ));
        }
        let line = self.line;
        let t = line_str(&self.buf, line)?.trim();
        if t.starts_with('<') {
            return Err(syntax(line, EVENT_LINE, t));
        }
        let f: [&str; 6] = fields(t, line, EVENT_LINE)?;
        let nup: usize = int(f[0], line, "NUP (a non-negative integer)")?;
        if nup > MAX_NUP {
            return Err(syntax(line, format!("NUP <= {MAX_NUP}"), f[0]));
        }
        let mut event = LheEvent {
            process_id: int(f[1], line, "IDPRUP")?,
            weight: float(f[2], line, "XWGTUP")?,
            scale: float(f[3], line, "SCALUP")?,
            alpha_qed: float(f[4], line, "AQEDUP")?,
            alpha_qcd: float(f[5], line, "AQCDUP")?,
            particles: Vec::with_capacity(nup.min(64)),
            extra_weights: Vec::new(),
        };

        // NUP particle lines.
        for i in 0..nup {
            let what = || {
                format!(
                    "particle line {} of NUP = {nup} (event started at line {start})",
                    i + 1
                )
            };
            if !self.next_significant()? {
                return Err(eof(self.line + 1, format!("{} (truncated event)", what())));
            }
            let line = self.line;
            let t = line_str(&self.buf, line)?.trim();
            if t.starts_with('<') {
                return Err(syntax(line, what(), t));
            }
            event.particles.push(parse_particle(t, line)?);
        }

        // Optional blocks up to </event>.
        let mut skip_until: Option<String> = None;
        let mut in_weights = false;
        let mut n_weights = 0usize;
        loop {
            if !self.read_line()? {
                return Err(eof(
                    self.line + 1,
                    format!("</event> (truncated event started at line {start})"),
                ));
            }
            let line = self.line;
            let t = line_str(&self.buf, line)?.trim();
            if markup_consumes(&mut self.markup, &mut skip_until, t) {
                continue;
            }
            if in_weights {
                in_weights = !parse_weights(t, line, &mut event.extra_weights, &mut n_weights)?;
                continue;
            }
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if t.starts_with("</event") {
                break;
            }
            if is_tag(t, "event") || t.starts_with("</LesHouchesEvents") {
                return Err(syntax(
                    line,
                    format!("</event> (event started at line {start})"),
                    t,
                ));
            }
            if t.contains("<wgt") {
                parse_wgts(t, line, &mut event.extra_weights)?;
                continue;
            }
            if is_tag(t, "weights") {
                let body = t.find('>').map_or("", |j| &t[j + 1..]);
                in_weights = !parse_weights(body, line, &mut event.extra_weights, &mut n_weights)?;
                continue;
            }
            if is_tag(t, "rwgt") || t.starts_with("</") {
                continue;
            }
            if t.starts_with('<') {
                // <mgrwt>, <scales>, <clustering>, ...
                skip_until = unclosed(t);
                continue;
            }
            let first = t.split_ascii_whitespace().next().unwrap_or("");
            if t.split_ascii_whitespace().count() >= 13 && first.parse::<i64>().is_ok() {
                return Err(syntax(
                    line,
                    format!(
                        "</event> after NUP = {nup} particle lines (event started at line \
                         {start}; wrong NUP?)"
                    ),
                    t,
                ));
            }
            // Other free text inside an event is ignored.
        }
        Ok(Some(event))
    }
}

impl<R: BufRead> Iterator for LheReader<R> {
    type Item = Result<LheEvent, LheError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_event()
    }
}
