//! Card -> integration -> unweighted LHE -> tolerant reader: the whole chain on a small run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mfcgen::card::RunCard;

#[test]
fn generated_file_reads_back_with_the_validation_reader() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("e2e.lhe.gz");
    let mut card = RunCard::default();
    card.mediator.kind = "scalar".parse().unwrap();
    card.mediator.mass = 0.126;
    card.integration.calls = 20_000;
    card.integration.adapt_iterations = 4;
    card.integration.max_iterations = 4;
    card.integration.precision = 1e-2;
    card.generation.events = 1000;
    let card = card.validate().unwrap();
    let integ = mfcgen::run::integrate(&card, &mut |_| {}).unwrap();
    let gen_res = mfcgen::run::generate(&card, &integ, &out, &mut |_| {}).unwrap();
    assert_eq!(gen_res.events, 1000);

    let mut reader = mfcgen::io::lhe::open(&out).unwrap();
    let init = reader.init().clone();
    assert_eq!(init.beam_ids, [13, 1_000_290_630]);
    assert_eq!(init.weighting, 3);
    let sigma = init.processes[0].xsec_pb;
    assert!((sigma / integ.estimate.mean - 1.0).abs() < 1e-12);
    assert!(reader.header().contains("mass = 0.126"));
    let mut n = 0;
    let mut sum_w = 0.0;
    let mut mean_x = 0.0;
    for ev in reader.by_ref() {
        let ev = ev.unwrap();
        n += 1;
        sum_w += ev.weight;
        let ps = &ev.particles;
        assert_eq!(ps.len(), 5);
        assert_eq!(ps[4].id, 54);
        // four-momentum conservation
        for c in 0..4 {
            let d = ps[0].momentum[c] + ps[1].momentum[c]
                - ps[2].momentum[c]
                - ps[3].momentum[c]
                - ps[4].momentum[c];
            assert!(d.abs() < 1e-12 * 50.0, "{d}");
        }
        mean_x += ps[4].momentum[0] / 50.0;
    }
    assert_eq!(n, 1000);
    // IDWTUP = 3: weights sum to sigma
    assert!((sum_w / sigma - 1.0).abs() < 1e-9);
    // the scalar's X takes a sizeable energy fraction on average
    let mean_x = mean_x / f64::from(n);
    assert!(mean_x > 0.2 && mean_x < 0.9, "{mean_x}");
}
