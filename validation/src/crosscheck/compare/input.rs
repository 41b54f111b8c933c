//! Where a file enters the comparison: opening (plain or gzip, a leading UTF-8 byte-order mark
//! skipped) and the checks of the numbers the normalisation rests on (`<init>` cross sections,
//! event weights, the total), so that a broken file is refused with its name instead of giving
//! a table of NaN.

use super::CompareError;
use mfcgen::io::lhe::{self, Init, LheError, LheEvent, LheReader, WeightInfo};
use std::io::BufRead;
use std::path::Path;

/// Opens `path` through the io layer ([`mfcgen::io::lhe::open`]: plain or gzip by the magic
/// bytes, a leading UTF-8 byte-order mark skipped) and reads the header and `<init>` block.
///
/// # Errors
/// [`CompareError::Open`] if the file cannot be opened, [`CompareError::Lhe`] if its text does
/// not start like an LHE file.
pub fn open_lhe(path: &Path) -> Result<LheReader<Box<dyn BufRead>>, CompareError> {
    lhe::open(path).map_err(|e| match e {
        LheError::Open { cause, .. } => CompareError::Open {
            path: path.to_path_buf(),
            source: cause,
        },
        source => CompareError::Lhe {
            path: path.to_path_buf(),
            source,
        },
    })
}

/// `true` for IDWTUP = +-3 (unweighted events).
fn unweighted(init: &Init) -> bool {
    init.weighting.abs() == 3
}

fn invalid(path: &Path, reason: String) -> CompareError {
    CompareError::Invalid {
        path: path.to_path_buf(),
        reason,
    }
}

/// Every `<init>` process needs a finite positive cross section `XSECUP` and a finite
/// non-negative error `XERRUP`.
///
/// # Errors
/// [`CompareError::Invalid`] naming the process line.
pub fn check_init(path: &Path, init: &Init) -> Result<(), CompareError> {
    for (i, p) in init.processes.iter().enumerate() {
        let which = format!("<init> process {} (LPRUP {})", i + 1, p.id);
        if !(p.xsec_pb.is_finite() && p.xsec_pb > 0.0) {
            return Err(invalid(
                path,
                format!(
                    "{which}: the cross section XSECUP = {} pb is not a finite positive number",
                    p.xsec_pb
                ),
            ));
        }
        if !(p.xerr_pb.is_finite() && p.xerr_pb >= 0.0) {
            return Err(invalid(
                path,
                format!(
                    "{which}: the cross-section error XERRUP = {} pb is not a finite non-negative number",
                    p.xerr_pb
                ),
            ));
        }
    }
    Ok(())
}

/// An event weight `XWGTUP` must be finite; negative only if IDWTUP < 0 (LHE accord: a
/// positive IDWTUP promises positive weights); not zero for unweighted events (each counts
/// +-XSECUP / N).
///
/// # Errors
/// [`CompareError::Invalid`] naming the 1-based event number.
pub fn check_weight(path: &Path, init: &Init, event: u64, weight: f64) -> Result<(), CompareError> {
    let problem = if !weight.is_finite() {
        Some("is not a finite number")
    } else if weight < 0.0 && init.weighting > 0 {
        Some("is negative, but IDWTUP > 0 promises positive weights")
    } else if weight == 0.0 && unweighted(init) {
        Some("is zero in an unweighted sample (IDWTUP = +-3)")
    } else {
        None
    };
    match problem {
        Some(p) => Err(invalid(
            path,
            format!("event {event}: the weight XWGTUP = {weight} {p}"),
        )),
        None => Ok(()),
    }
}

/// The normalised total cross section of the events must be finite and positive.
///
/// # Errors
/// [`CompareError::Invalid`].
pub fn check_total(path: &Path, events: u64, sigma_pb: f64) -> Result<(), CompareError> {
    if sigma_pb.is_finite() && sigma_pb > 0.0 {
        Ok(())
    } else {
        Err(invalid(
            path,
            format!(
                "the weights of the {events} events add up to a cross section of {sigma_pb} pb, not a finite positive number"
            ),
        ))
    }
}

/// The named weight `wanted` (an id or a name of the `<initrwgt>` block of `header`).
///
/// # Errors
/// [`CompareError::Invalid`] naming the weights the file declares.
pub fn resolve_weight(path: &Path, header: &str, wanted: &str) -> Result<WeightInfo, CompareError> {
    let declared = lhe::parse_initrwgt(header);
    let key = wanted.trim();
    if let Some(w) = declared.iter().find(|w| w.id == key || w.name == key) {
        return Ok(w.clone());
    }
    let known = if declared.is_empty() {
        "the file declares no named weights (no <initrwgt> block; mfcgen writes them with \
         generation.reweight)"
            .to_string()
    } else {
        let list: Vec<String> = declared
            .iter()
            .map(|w| format!("{} ({})", w.id, w.name))
            .collect();
        format!("the file declares {}", list.join(", "))
    };
    Err(invalid(
        path,
        format!("no named weight {wanted:?}: {known}"),
    ))
}

/// The value of the named weight `w` in `event` (1-based number `index`): present and finite.
///
/// # Errors
/// [`CompareError::Invalid`] naming the event and the weight.
pub fn named_weight(
    path: &Path,
    event: &LheEvent,
    index: u64,
    w: &WeightInfo,
) -> Result<f64, CompareError> {
    match event.extra_weights.iter().find(|(id, _)| *id == w.id) {
        Some(&(_, v)) if v.is_finite() => Ok(v),
        Some(&(_, v)) => Err(invalid(
            path,
            format!(
                "event {index}: the named weight {} = {v} is not a finite number",
                w.id
            ),
        )),
        None => Err(invalid(
            path,
            format!(
                "event {index} has no <wgt id='{}'> ({}) although <initrwgt> declares it",
                w.id, w.name
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_weights_by_id_or_name_and_clear_refusals() {
        let header = "<header>\n<initrwgt>\n<weightgroup name=\"g\">\n\
                      <weight id=\"1001\">axial:elastic:g=1</weight>\n</weightgroup>\n\
                      </initrwgt>\n</header>\n";
        let p = Path::new("a.lhe");
        for key in ["1001", "axial:elastic:g=1"] {
            assert_eq!(resolve_weight(p, header, key).unwrap().id, "1001");
        }
        let e = resolve_weight(p, header, "9").unwrap_err().to_string();
        assert!(
            e.contains("a.lhe") && e.contains("1001 (axial:elastic:g=1)"),
            "{e}"
        );
        let e = resolve_weight(p, "<header></header>", "1001")
            .unwrap_err()
            .to_string();
        assert!(e.contains("declares no named weights"), "{e}");
        let w = resolve_weight(p, header, "1001").unwrap();
        let mut ev = LheEvent {
            process_id: 1,
            weight: 1.0,
            scale: 0.0,
            alpha_qed: 0.0,
            alpha_qcd: 0.0,
            particles: Vec::new(),
            extra_weights: vec![("1001".into(), 2.5)],
        };
        assert_eq!(named_weight(p, &ev, 3, &w).unwrap(), 2.5);
        ev.extra_weights.clear();
        let e = named_weight(p, &ev, 3, &w).unwrap_err().to_string();
        assert!(e.contains("event 3 has no <wgt id='1001'>"), "{e}");
    }
}
