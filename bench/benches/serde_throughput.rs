//! serde_json throughput of the generated `connect_session::ConnectSession` against the same type
//! written by hand (`schemagen_bench::ConnectSession`), on one batch of 1,000 sessions read as a
//! JSON array and written back.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use schemagen_bench::session_batch;

type Generated = connect_session::ConnectSession;
type HandWritten = schemagen_bench::ConnectSession;

const SESSIONS: usize = 1_000;

fn serde_throughput(c: &mut Criterion) {
    let json = session_batch(SESSIONS);
    // Both types must read the same batch and write back the same JSON, or the comparison means
    // nothing: check that before measuring.
    let generated: Vec<Generated> =
        serde_json::from_str(&json).expect("the generated type reads the batch");
    let hand_written: Vec<HandWritten> =
        serde_json::from_str(&json).expect("the hand-written type reads the batch");
    assert_eq!(generated.len(), SESSIONS);
    assert_eq!(hand_written.len(), SESSIONS);
    let generated_json = serde_json::to_string(&generated).expect("the generated type writes");
    let hand_written_json =
        serde_json::to_string(&hand_written).expect("the hand-written type writes");
    let generated_value: serde_json::Value = serde_json::from_str(&generated_json).expect("JSON");
    let hand_written_value: serde_json::Value =
        serde_json::from_str(&hand_written_json).expect("JSON");
    assert_eq!(
        generated_value, hand_written_value,
        "the generated and hand-written types write the batch differently"
    );

    let mut group = c.benchmark_group("deserialize");
    group.throughput(Throughput::Bytes(json.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_str::<Vec<Generated>>(black_box(&json)).unwrap())
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| serde_json::from_str::<Vec<HandWritten>>(black_box(&json)).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("serialize");
    group.throughput(Throughput::Bytes(generated_json.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::to_string(black_box(&generated)).unwrap())
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| serde_json::to_string(black_box(&hand_written)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, serde_throughput);
criterion_main!(benches);
