//! How the generation of an SCP organization grows with its users: one group holding every user,
//! at 10,000 and 40,000 users. Linear generation takes about 4x as long for 4x the users; the
//! quadratic one it replaced (each new member checked against the group's members) took 16x
//! (0.46 s at 10,000 users, 8.6 s at 40,000).
//!
//! Also `DataSet::generate(1_000_000)` (`idc-emulator --generate`), once a test's 20-second limit.
//!
//! `cargo bench -p idc-emulator --bench generate`; results in `benches/RESULTS.md`.

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use idc_emulator::{DataSet, ScpOrganizationShape};

fn one_group(users: usize) -> ScpOrganizationShape {
    ScpOrganizationShape {
        users,
        groups: 1,
        accounts: 10,
        permission_sets: 2,
        seed: 7,
    }
}

fn generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("scp_organization_one_group");
    group.sample_size(10);
    for users in [10_000, 40_000] {
        group.bench_function(format!("{users}_users"), |b| {
            b.iter(|| black_box(DataSet::generate_scp_organization(one_group(users))))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("assignments");
    group.sample_size(10);
    // `idc-emulator --generate N`: N assignments of one principal on each cloud.
    group.bench_function("1000000", |b| {
        b.iter(|| black_box(DataSet::generate(1_000_000)))
    });
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
