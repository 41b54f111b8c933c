//! Unit tests of [`super`]: items, refusals, bounded ratios, exact ratios, sums.

use super::*;

const NOMINAL: Alternative = Alternative {
    kind: MediatorKind::Vector,
    form_factor: FormFactorKind::Elastic,
    coupling: 1.0,
};

fn parse(s: &str) -> Result<Alternative, ReweightError> {
    Alternative::parse(s, &NOMINAL, 0.016)
}

#[test]
fn items_parse_with_card_defaults() {
    let a = parse("axial").unwrap();
    assert_eq!(a.name(), "axial:elastic:g=1");
    let a = parse(" scalar : none ").unwrap();
    assert_eq!(a.name(), "scalar:none:g=1");
    let a = parse("elastic+inelastic:pseudoscalar:g=0.5").unwrap();
    assert_eq!(a.name(), "pseudoscalar:elastic+inelastic:g=0.5");
    // the canonical name parses back to the same hypothesis
    assert_eq!(parse(&a.name()).unwrap(), a);
    let a = parse("none").unwrap();
    assert_eq!(
        (a.kind, a.form_factor),
        (MediatorKind::Vector, FormFactorKind::None)
    );
}

#[test]
fn refusals_name_the_part() {
    let msg = |s: &str| parse(s).unwrap_err().to_string();
    assert!(
        msg("tensor").contains("\"tensor\" is neither a mediator"),
        "{}",
        msg("tensor")
    );
    assert!(msg("axial:mass=0.02").contains("exact only at the card's mass m_X = 0.016"));
    assert!(matches!(parse("m=0.02"), Err(ReweightError::Mass { .. })));
    assert!(msg("axial:vector").contains("two mediators"));
    assert!(msg("none:elastic").contains("two form factors"));
    assert!(msg("g=5").contains("at most sqrt(4 pi)"));
    assert!(msg("g=x").contains("not a number"));
    assert!(msg("g=1:g=2").contains("twice"));
    assert!(msg("beam=mu+").contains("\"beam\" is not a key"));
    assert!(msg("").contains("empty item"));
    let list = ["axial".to_string(), "axial:elastic".to_string()];
    assert_eq!(
        parse_list(&list, &NOMINAL, 0.016),
        Err((
            1,
            ReweightError::Duplicate {
                name: "axial:elastic:g=1".into()
            }
        ))
    );
}

#[test]
fn form_factor_ratios_bounded_where_claimed() {
    // max of G2_a/G2_0 over t = 1e-16 ... 1e4 GeV^2 (20 points per decade) on Cu and Pb
    for target in [Target::copper(), Target::by_name("Pb").unwrap()] {
        for (n, _) in FormFactorKind::ALL {
            for (a, _) in FormFactorKind::ALL {
                let (f0, fa) = (
                    mfc_models::FormFactor::new(n, &target),
                    mfc_models::FormFactor::new(a, &target),
                );
                let max = (0..=400)
                    .map(|i| 10f64.powf(-16.0 + f64::from(i) * 0.05))
                    .map(|t| fa.g2(t) / f0.g2(t))
                    .fold(0.0, f64::max);
                if form_factor_ratio_bounded(n, a) {
                    assert!(max < 1e3, "{n:?} -> {a:?}: max ratio {max:e}");
                } else {
                    assert!(max > 1e12, "{n:?} -> {a:?}: max ratio {max:e}");
                }
            }
        }
    }
    let e = parse_list(&["none".to_string()], &NOMINAL, 0.016).unwrap_err();
    assert!(e.1.to_string().contains("weights are unbounded"), "{}", e.1);
    let point_like = Alternative {
        form_factor: FormFactorKind::None,
        ..NOMINAL
    };
    assert!(parse_list(&["elastic".to_string()], &point_like, 0.016).is_ok());
}

#[test]
fn ratios_are_exact_for_identity_and_coupling() {
    use mfc_models::kinematics::PhaseSpacePoint;
    let cu = Target::copper();
    let alts = [
        NOMINAL,
        Alternative {
            coupling: 0.3,
            ..NOMINAL
        },
        Alternative {
            kind: MediatorKind::Scalar,
            ..NOMINAL
        },
    ];
    let rw = Reweighter::new(&NOMINAL, &alts, 0.016, &cu).unwrap();
    let p = crate::process::Process::new(
        &Mediator::new(MediatorKind::Vector, 0.016, 1.0).unwrap(),
        &cu,
        FormFactorKind::Elastic,
        50.0,
        crate::phase_space::Mapping::Standard,
    )
    .unwrap();
    let mut checked = 0;
    for i in 0..50 {
        let u = [0.013 + 0.019 * f64::from(i), 0.37, 0.61, 0.29];
        let Some(pt) = p.point(&u) else { continue };
        let r = rw.ratios(&pt.kinematics, 1).unwrap();
        assert_eq!(r[0], 1.0);
        assert!((r[1] / 0.09 - 1.0).abs() < 1e-14, "{}", r[1]);
        // an independent evaluation of the scalar |M|^2 at the same point
        let scalar = MatrixElement::new(
            &Mediator::new(MediatorKind::Scalar, 0.016, 1.0).unwrap(),
            &cu,
            FormFactorKind::Elastic,
        );
        let pp: PhaseSpacePoint = pt.point;
        let direct = scalar.me2_at(&pp).unwrap() / p.matrix_element().me2_at(&pp).unwrap();
        assert!((r[2] / direct - 1.0).abs() < 1e-12, "{} {direct}", r[2]);
        checked += 1;
    }
    assert!(checked > 30, "{checked}");
}

#[test]
fn sums_give_mean_and_honest_error() {
    let names = weight_names(&[NOMINAL]);
    let mut s = ReweightSums::new(1);
    for r in [1.0, 3.0] {
        s.add(&[r]);
    }
    let e = &s.estimates(10.0, 1.0, &names)[0];
    assert_eq!(e.id, "1001");
    assert_eq!(e.sigma_pb, 20.0);
    // var(r) = 2 (unbiased), N = 2: sqrt((1*2)^2 + 100*2/2) = sqrt(104)
    assert!((e.error_pb - 104f64.sqrt()).abs() < 1e-12);
    assert!((e.effective_events - 16.0 / 10.0).abs() < 1e-12);
}
