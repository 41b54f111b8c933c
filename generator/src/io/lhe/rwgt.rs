//! LHE 3.0 named weights (arXiv:1405.1067, Sec. 21.2): the `<initrwgt>` declaration in the
//! header and the `<rwgt>` block of each event, as MadGraph writes them and pylhe reads them.
//!
//! ```text
//! <header>
//! ...
//! <initrwgt>
//! <weightgroup name="mfcgen_reweighting">
//! <weight id="1001">axial:elastic:g=1</weight>
//! </weightgroup>
//! </initrwgt>
//! </header>
//! ...
//! <event>
//!  ... event line, particle lines ...
//! <rwgt>
//! <wgt id='1001'>+1.2345678901234567e+03</wgt>
//! </rwgt>
//! </event>
//! ```
//!
//! Ids are numeric (Delphes reads them as integers; [`crate::reweight::FIRST_WEIGHT_ID`]);
//! the text of `<weight>` names the hypothesis. Each `<wgt>` value is in pb with the
//! normalisation of `XWGTUP`: summed over the file it is that hypothesis's cross section.
//! [`initrwgt_block`] and `push_rwgt` (used by the writer) write; [`parse_initrwgt`] reads any `<initrwgt>`
//! (also MadGraph's, with several groups and attributes) and the event reader
//! ([`super::LheReader`]) returns the `<wgt>` values by id ([`super::LheEvent::extra_weights`]).

use super::format::SciCache;

/// The `name` of our weight group.
pub const WEIGHT_GROUP: &str = "mfcgen_reweighting";

/// One declared weight: its id and its name (the text of `<weight>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightInfo {
    /// The `id` attribute (`1001`).
    pub id: String,
    /// The element's text, trimmed (`axial:elastic:g=1`).
    pub name: String,
}

/// XML escaping of text and attribute values (`&`, `<`, `>`, quotes).
fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The inverse of [`xml_escape`] (and of the five predefined XML entities).
fn xml_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The `<initrwgt>` element declaring `weights` (empty string for none).
#[must_use]
pub fn initrwgt_block(weights: &[WeightInfo]) -> String {
    if weights.is_empty() {
        return String::new();
    }
    let mut s = format!("<initrwgt>\n<weightgroup name=\"{WEIGHT_GROUP}\">\n");
    for w in weights {
        s.push_str(&format!(
            "<weight id=\"{}\">{}</weight>\n",
            xml_escape(&w.id),
            xml_escape(&w.name)
        ));
    }
    s.push_str("</weightgroup>\n</initrwgt>\n");
    s
}

/// Every `<weight>` declared in the `<initrwgt>` block of an LHE header (as
/// [`super::LheReader::header`] returns it), in file order, inside or outside weight groups;
/// empty without a block. Tolerant: an element without `id` is skipped.
#[must_use]
pub fn parse_initrwgt(header: &str) -> Vec<WeightInfo> {
    let Some(start) = header.find("<initrwgt") else {
        return Vec::new();
    };
    let body = &header[start..];
    let body = body.find("</initrwgt>").map_or(body, |e| &body[..e]);
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("<weight") {
        let after = &rest[i + "<weight".len()..];
        // `<weightgroup ...>` is not a weight
        if after.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        let tag = &after[..gt];
        let (text, next) = if tag.ends_with('/') {
            ("", &after[gt + 1..])
        } else {
            let content = &after[gt + 1..];
            match content.find("</weight>") {
                Some(e) => (&content[..e], &content[e + "</weight>".len()..]),
                None => (content, ""),
            }
        };
        if let Some(id) = super::scan::attr(tag, "id") {
            out.push(WeightInfo {
                id: xml_unescape(&id),
                name: xml_unescape(text.trim()),
            });
        }
        rest = next;
    }
    out
}

/// Appends the `<rwgt>` block with one `<wgt id='ID'>VALUE</wgt>` line per weight (values in
/// the `%+.16e` layout of the writer; `cache` slots from `first_slot` on); nothing without
/// weights.
pub(crate) fn push_rwgt(
    b: &mut Vec<u8>,
    ids: &[String],
    values: &[f64],
    cache: &mut SciCache,
    first_slot: usize,
) {
    if ids.is_empty() {
        return;
    }
    b.extend_from_slice(b"<rwgt>\n");
    for (k, (id, v)) in ids.iter().zip(values).enumerate() {
        b.extend_from_slice(b"<wgt id='");
        b.extend_from_slice(id.as_bytes());
        b.extend_from_slice(b"'>");
        cache.push(b, first_slot + k, *v);
        b.extend_from_slice(b"</wgt>\n");
    }
    b.extend_from_slice(b"</rwgt>\n");
}

/// The `(id, value)` of one `<wgt id='ID'>VALUE</wgt>` line as the writer writes it (for
/// [`crate::merge`], which rewrites the values); `None` for any other line.
#[must_use]
pub fn parse_wgt_line(line: &str) -> Option<(String, f64)> {
    let mut v = Vec::with_capacity(1);
    let t = line.trim();
    if !t.starts_with("<wgt") {
        return None;
    }
    super::scan::parse_wgts(t, 0, &mut v).ok()?;
    match <[(String, f64); 1]>::try_from(v) {
        Ok([one]) => Some(one),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declaration_round_trip_and_madgraph_layout() {
        let w = vec![
            WeightInfo {
                id: "1001".into(),
                name: "axial:elastic:g=1".into(),
            },
            WeightInfo {
                id: "1002".into(),
                name: "a<b & 'c'".into(),
            },
        ];
        let block = initrwgt_block(&w);
        assert!(block.starts_with("<initrwgt>\n<weightgroup name=\"mfcgen_reweighting\">\n"));
        assert!(block.contains("<weight id=\"1001\">axial:elastic:g=1</weight>\n"));
        let header = format!("<header>\n<mfcgen>x</mfcgen>\n{block}</header>\n");
        assert_eq!(parse_initrwgt(&header), w);
        assert_eq!(initrwgt_block(&[]), "");
        assert!(parse_initrwgt("<header></header>").is_empty());
        // MadGraph systematics: several groups, attributes, spaces
        let mg = "<initrwgt>\n<weightgroup name='Central scale variation' combine='envelope'>\n\
                  <weight id='1' MUR='1.0' MUF='1.0' PDF='247000' > mur=1 muf=1 </weight>\n\
                  <weight id='2' MUR='2.0' MUF='1.0' PDF='247000' > mur=2 muf=1 </weight>\n\
                  </weightgroup>\n<weightgroup name='PDF'>\n<weight id='10'/>\n</weightgroup>\n\
                  </initrwgt>\n";
        let ids: Vec<(String, String)> = parse_initrwgt(mg)
            .into_iter()
            .map(|w| (w.id, w.name))
            .collect();
        assert_eq!(
            ids,
            [
                ("1".to_string(), "mur=1 muf=1".to_string()),
                ("2".to_string(), "mur=2 muf=1".to_string()),
                ("10".to_string(), String::new())
            ]
        );
    }

    #[test]
    fn wgt_lines_round_trip() {
        let mut b = Vec::new();
        let mut c = SciCache::new(0);
        let ids = ["1001".to_string(), "1002".to_string()];
        push_rwgt(&mut b, &ids, &[1.5e3, 0.1 + 0.2], &mut c, 0);
        let text = String::from_utf8(b).unwrap();
        assert_eq!(
            text,
            "<rwgt>\n<wgt id='1001'>+1.5000000000000000e+03</wgt>\n\
             <wgt id='1002'>+3.0000000000000004e-01</wgt>\n</rwgt>\n"
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(parse_wgt_line(lines[1]), Some(("1001".into(), 1.5e3)));
        assert_eq!(parse_wgt_line(lines[2]), Some(("1002".into(), 0.1 + 0.2)));
        assert_eq!(parse_wgt_line(lines[0]), None);
        assert_eq!(parse_wgt_line("<wgt id='1'>x</wgt>"), None);
    }
}
