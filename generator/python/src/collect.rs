//! Generated events gathered into flat columns that become numpy arrays without a copy.
//!
//! Events with the same particle content (ids, statuses, mothers) as the first one, the case of
//! every event without decays, store only their momenta, weight and vertex; the content is kept
//! once (`pdg` of shape `(n_particles,)`). An event with another content (a decayed X with
//! another channel) switches the columns to the ragged layout: per-particle ids, statuses and
//! mothers with event offsets, filled in for the events before it.

use mfcgen::event::Particle;
use mfcgen::run::EventRecord;

/// What identifies a particle line apart from its momentum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Content {
    /// PDG code.
    pub pdg: i32,
    /// LHE status.
    pub status: i32,
    /// Mother indices (1-based, 0 = none).
    pub mothers: [u32; 2],
}

impl Content {
    fn of(p: &Particle) -> Self {
        Self {
            pdg: p.pdg_id,
            status: p.status,
            mothers: p.mothers,
        }
    }
}

/// Per-particle content and event offsets of the ragged layout.
#[derive(Debug, Default)]
pub struct Ragged {
    /// One entry per particle of every event.
    pub content: Vec<Content>,
    /// `offsets[i]..offsets[i + 1]` are the particles of event `i`.
    pub offsets: Vec<u64>,
}

/// The columns of the events of one call.
#[derive(Debug, Default)]
pub struct Columns {
    /// (E, px, py, pz) of every particle, event after event, GeV.
    pub momenta: Vec<f64>,
    /// Event weights, pb.
    pub weight: Vec<f64>,
    /// Production vertex (x, y, z, ct) per event, mm.
    pub vertex: Vec<f64>,
    /// The `generation.reweight` weights (pb), event after event (`n_weights` per event).
    pub reweight: Vec<f64>,
    /// Alternatives per event.
    pub n_weights: usize,
    /// Decay vertex (x, y, z, ct) per event, mm (NaN where X did not decay).
    pub decay_vertex: Vec<f64>,
    /// Sampled proper decay length c tau per event, mm (NaN where X did not decay).
    pub proper_length_mm: Vec<f64>,
    /// Whether any event had a decay.
    pub any_decay: bool,
    /// The particle content of the first event.
    pub template: Vec<Content>,
    /// Set once an event's content differs from the first's.
    pub ragged: Option<Ragged>,
    /// Events expected (to reserve the columns once).
    capacity: usize,
}

impl Columns {
    /// Empty columns for `events` events.
    pub fn with_capacity(events: u64) -> Self {
        let capacity = usize::try_from(events).unwrap_or(0);
        Self {
            weight: Vec::with_capacity(capacity),
            vertex: Vec::with_capacity(4 * capacity),
            capacity,
            ..Self::default()
        }
    }

    /// Events stored.
    pub fn len(&self) -> usize {
        self.weight.len()
    }

    /// Appends an event.
    pub fn push(&mut self, r: &EventRecord<'_>) {
        let e = r.placed;
        let particles = &e.event.particles;
        if self.weight.is_empty() {
            self.n_weights = r.weights.len();
            self.reweight.reserve_exact(self.n_weights * self.capacity);
            self.template = particles.iter().map(Content::of).collect();
            self.momenta
                .reserve_exact(4 * particles.len() * self.capacity);
        }
        let same = self.ragged.is_none()
            && particles.len() == self.template.len()
            && particles
                .iter()
                .zip(&self.template)
                .all(|(p, c)| Content::of(p) == *c);
        if !same {
            let n_before = self.len();
            let template = &self.template;
            let ragged = self.ragged.get_or_insert_with(|| Ragged {
                content: template.repeat(n_before),
                offsets: (0..=n_before as u64)
                    .map(|i| i * template.len() as u64)
                    .collect(),
            });
            ragged.content.extend(particles.iter().map(Content::of));
            ragged.offsets.push(ragged.content.len() as u64);
        }
        for p in particles {
            self.momenta.extend_from_slice(&p.momentum);
        }
        self.weight.push(e.event.weight);
        self.vertex.extend_from_slice(&e.vertex);
        self.reweight.extend_from_slice(r.weights);
        match r.decay {
            Some(d) => {
                if !self.any_decay {
                    self.any_decay = true;
                    let n_before = self.len() - 1;
                    self.decay_vertex = vec![f64::NAN; 4 * n_before];
                    self.proper_length_mm = vec![f64::NAN; n_before];
                }
                self.decay_vertex.extend_from_slice(&d.vertex);
                self.proper_length_mm.push(d.proper_length_mm);
            }
            None if self.any_decay => {
                self.decay_vertex.extend_from_slice(&[f64::NAN; 4]);
                self.proper_length_mm.push(f64::NAN);
            }
            None => {}
        }
    }
}
