//! The tolerant streaming reader; see the [module docs](super) for what it accepts.

use std::io::{BufRead, Read};
use std::path::Path;

use super::LheError;
use super::record::{Init, InitProcess, LheEvent};
use super::scan::{
    Markup, attr, eof, fields, float, int, is_tag, line_str, markup_consumes, parse_particle,
    parse_weights, parse_wgts, syntax, unclosed,
};
use crate::io::input;

/// Lines read before giving up on finding `<LesHouchesEvents>`.
const MAX_PREAMBLE_LINES: u64 = 10_000;
/// Largest `NUP` accepted (a guard against garbage allocating memory).
const MAX_NUP: usize = 100_000;
/// Largest `NPRUP` accepted.
const MAX_NPRUP: usize = 100_000;

/// Opens an LHE file, plain or gzip (detected by the magic bytes `1f 8b`, whatever the name;
/// [`input::open`]), and reads its header and `<init>` block.
///
/// # Errors
/// [`LheError::Open`] naming the path, or the reader's errors for the header and `<init>`.
pub fn open(path: &Path) -> Result<LheReader<Box<dyn BufRead>>, LheError> {
    let src = input::open(path).map_err(|cause| LheError::Open {
        path: path.to_path_buf(),
        cause,
    })?;
    let mut r = LheReader::new(src.reader)?;
    r.gzip = src.gzip;
    Ok(r)
}

/// As [`open`], for any byte source (e.g. an in-memory `Cursor`), plain or gzip.
///
/// # Errors
/// As [`open`]; a failure to read the first bytes is [`LheError::Io`] at line 0.
pub fn from_reader<Rd: Read + 'static>(
    source: Rd,
) -> Result<LheReader<Box<dyn BufRead>>, LheError> {
    let src = input::from_reader(source).map_err(|cause| LheError::Io { line: 0, cause })?;
    let mut r = LheReader::new(src.reader)?;
    r.gzip = src.gzip;
    Ok(r)
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
    root_line: u64,
    header: String,
    init: Init,
    init_extra_fields: Option<u64>,
    lines: EventLines,
    end_line: u64,
    gzip: bool,
    done: bool,
}

/// Where the parts of the last event read are in the (decompressed) text, 1-based lines:
/// what the strict checks of [`super::validate`] need to name a line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventLines {
    /// The `<event>` tag.
    pub start: u64,
    /// The event line `NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP`.
    pub event_line: u64,
    /// One line per particle.
    pub particles: Vec<u64>,
    /// The `</event>` tag.
    pub end: u64,
    /// The first line of the event with more fields than the format has (ignored here).
    pub extra_fields: Option<u64>,
    /// Whether a line other than the event line, the particle lines and `</event>` appeared
    /// inside the event (comments, `<rwgt>` blocks, free text; all skipped here).
    pub other_lines: bool,
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

    /// The line of the `<LesHouchesEvents>` root tag.
    pub fn root_line(&self) -> u64 {
        self.root_line
    }

    /// The first line of `<init>` with more fields than the format has, if any.
    pub fn init_extra_fields(&self) -> Option<u64> {
        self.init_extra_fields
    }

    /// The line of the closing `</LesHouchesEvents>` tag, once the events have been read to
    /// the end (0 before).
    pub fn end_line(&self) -> u64 {
        self.end_line
    }

    /// The lines of the last event read.
    pub fn event_lines(&self) -> &EventLines {
        &self.lines
    }

    /// Whether the input was gzip-compressed (for [`open`] and [`from_reader`]).
    pub fn is_gzip(&self) -> bool {
        self.gzip
    }

    /// The byte source, positioned after the last line read (after `</init>` right after
    /// [`LheReader::new`]), and the number of lines read: for callers that copy the event
    /// blocks as bytes ([`crate::merge`]).
    pub fn into_inner(self) -> (R, u64) {
        (self.src, self.line)
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
            root_line: 0,
            header: String::new(),
            init: Init {
                beam_ids: [0; 2],
                beam_energies: [0.0; 2],
                pdf_groups: [0; 2],
                pdf_sets: [0; 2],
                weighting: 0,
                processes: Vec::new(),
            },
            init_extra_fields: None,
            lines: EventLines::default(),
            end_line: 0,
            gzip: false,
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
        read_line(&mut self.src, &mut self.buf, &mut self.line)
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
                self.lines.other_lines = true;
                continue;
            }
            if t.is_empty() || t.starts_with('#') {
                self.lines.other_lines = true;
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
                self.root_line = self.line;
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
                let (f, extra): ([&str; 10], bool) = fields(t, line, BEAM_LINE)?;
                if extra {
                    self.init_extra_fields.get_or_insert(line);
                }
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
                let (f, extra): ([&str; 4], bool) =
                    fields(t, line, "an <init> process line XSECUP XERRUP XMAXUP LPRUP")?;
                if extra {
                    self.init_extra_fields.get_or_insert(line);
                }
                let p = InitProcess {
                    xsec_pb: float(f[0], line, "XSECUP")?,
                    xerr_pb: float(f[1], line, "XERRUP")?,
                    xmax: float(f[2], line, "XMAXUP")?,
                    id: int(f[3], line, "LPRUP")?,
                };
                self.init.processes.push(p);
            }
            // Further data lines (some generators add their own) are ignored.
            else {
                self.init_extra_fields.get_or_insert(line);
            }
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
                let rest = t.find('>').map_or("", |j| &t[j + 1..]).to_string();
                self.end_line = line;
                check_end(&mut self.src, &mut self.line, &rest)?;
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
        self.lines.start = start;
        self.lines.particles.clear();
        self.lines.extra_fields = None;
        self.lines.other_lines = false;

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
        let (f, extra): ([&str; 6], bool) = fields(t, line, EVENT_LINE)?;
        self.lines.event_line = line;
        if extra {
            self.lines.extra_fields.get_or_insert(line);
        }
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
            let (p, extra) = parse_particle(t, line)?;
            if extra {
                self.lines.extra_fields.get_or_insert(line);
            }
            event.particles.push(p);
            self.lines.particles.push(line);
        }

        // Optional blocks up to </event>.
        let mut skip_until: Option<String> = None;
        let mut in_weights = false;
        let mut n_weights = 0usize;
        let mut n_lines = 0usize;
        loop {
            if !self.read_line()? {
                return Err(eof(
                    self.line + 1,
                    format!("</event> (truncated event started at line {start})"),
                ));
            }
            n_lines += 1;
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
                self.lines.end = line;
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
        self.lines.other_lines |= n_lines > 1;
        Ok(Some(event))
    }

    /// After the last event (`</LesHouchesEvents>`): reads the rest of the input and fails on
    /// anything but blank lines. The reader itself checks this when it meets
    /// `</LesHouchesEvents>`, so after the events have been read to the end
    /// there is nothing left and this only guards a reader stopped earlier.
    ///
    /// # Errors
    /// [`LheError::Syntax`] at the first non-blank line, [`LheError::Io`] on a read error.
    pub fn check_trailer(&mut self) -> Result<(), LheError> {
        while self.read_line()? {
            let t = String::from_utf8_lossy(&self.buf);
            let t = t.trim();
            if !t.is_empty() {
                return Err(syntax(self.line, "nothing after </LesHouchesEvents>", t));
            }
        }
        Ok(())
    }
}

/// Reads one line of `src` into `buf` (without the line terminator) and counts it in `line`;
/// `false` at the end of input.
fn read_line<R: BufRead + ?Sized>(
    src: &mut R,
    buf: &mut Vec<u8>,
    line: &mut u64,
) -> Result<bool, LheError> {
    buf.clear();
    match src.read_until(b'\n', buf) {
        Ok(0) => Ok(false),
        Ok(_) => {
            *line += 1;
            while matches!(buf.last(), Some(b'\n' | b'\r')) {
                buf.pop();
            }
            Ok(true)
        }
        Err(cause) => Err(LheError::Io { line: *line, cause }),
    }
}

/// After the closing `</LesHouchesEvents>` tag at line `*line` (`rest`: the text after the tag
/// on its line): reads the rest of `src` (counting lines in `line`), which may only be
/// whitespace. One LHE file is one `<LesHouchesEvents>` element: what `cat a.lhe b.lhe` (or
/// `cat a.lhe.gz b.lhe.gz`, a valid multi-member gzip stream) makes is refused instead of being
/// read as one file. Used by [`LheReader`] and by [`crate::merge`], which copies the events as
/// bytes.
///
/// # Errors
/// [`LheError::Concatenated`] at the line where a second file starts (`<LesHouchesEvents`,
/// `<?xml` or `<!DOCTYPE`), [`LheError::Syntax`] at the first line of any other content,
/// [`LheError::Io`] on a read error.
pub(crate) fn check_end<R: BufRead + ?Sized>(
    src: &mut R,
    line: &mut u64,
    rest: &str,
) -> Result<(), LheError> {
    let judge = |line: u64, t: &str| -> Result<(), LheError> {
        if t.is_empty() {
            Ok(())
        } else if is_tag(t, "LesHouchesEvents")
            || t.starts_with("<?xml")
            || t.starts_with("<!DOCTYPE")
        {
            Err(LheError::Concatenated { line })
        } else {
            Err(syntax(line, "nothing after </LesHouchesEvents>", t))
        }
    };
    judge(*line, rest.trim())?;
    let mut buf = Vec::new();
    while read_line(src, &mut buf, line)? {
        judge(*line, String::from_utf8_lossy(&buf).trim())?;
    }
    Ok(())
}

impl<R: BufRead> Iterator for LheReader<R> {
    type Item = Result<LheEvent, LheError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_event()
    }
}
