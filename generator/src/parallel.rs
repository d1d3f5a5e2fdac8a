//! Work spread over the machine's cores, with the results in the order of the input, so that
//! the output does not depend on which thread did what.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many items, threads cost more than they save.
const MIN_ITEMS: usize = 16;

/// How many items a thread takes at a time: few enough that the threads finish together when
/// items differ in cost, enough that they seldom meet on the counter.
const CHUNK: usize = 4;

/// The stack of each helper thread: the emitters recurse once per level of a type's nesting,
/// which JSON parsing bounds, and snippets a few levels per nested type.
const STACK_BYTES: usize = 64 << 20;

/// `f` applied to every item, on as many threads as there are cores (the calling thread being
/// one of them); the results come back in the order of `items`.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if items.len() < MIN_ITEMS || cores() < 2 {
        return items.iter().map(f).collect();
    }
    let threads = cores();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let start = next.fetch_add(CHUNK, Ordering::Relaxed);
            if start >= items.len() {
                return done;
            }
            let end = (start + CHUNK).min(items.len());
            done.extend((start..end).map(|i| (i, f(&items[i]))));
        }
    };
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads.min(items.len() / CHUNK))
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK_BYTES)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut parts = vec![work()];
        for helper in helpers {
            match helper.join() {
                Ok(part) => parts.push(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        parts
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, result) in parts.into_iter().flatten() {
        slots[i] = Some(result);
    }
    slots.into_iter().flatten().collect()
}

/// The number of cores, asked once: the standard library reads the cgroup's CPU quota from
/// `/proc` and `/sys` on every call.
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        for len in [0, 1, MIN_ITEMS - 1, MIN_ITEMS, 1000] {
            let items: Vec<usize> = (0..len).collect();
            let doubled = map(&items, |i| i * 2);
            assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }
}
