//! Work spread over the machine's cores, with the results in the order of the input, so that
//! the output does not depend on which thread did what.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};

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

/// `f` applied to every item on as many threads as there are cores (the calling thread being
/// one of them), each result handed to `consume` on the calling thread in the order of `items`
/// as soon as it and those before it are done. At most `window` results wait to be consumed:
/// a thread that would get further ahead waits, so that memory holds a window of results
/// rather than all of them, without the pause a batch's slowest item would make at the end
/// of every batch.
pub fn for_each_in_order<T: Sync, R: Send>(
    items: &[T],
    window: usize,
    f: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(R),
) {
    if items.len() < MIN_ITEMS || cores() < 2 {
        items.iter().for_each(|item| consume(f(item)));
        return;
    }
    struct State<R> {
        /// Results not consumed yet, by index.
        ready: std::collections::BTreeMap<usize, R>,
        /// How many results were consumed.
        consumed: usize,
        /// A helper's `f` panicked: the panic, for the calling thread to resume.
        panic: Option<Box<dyn std::any::Any + Send>>,
        /// The calling thread stopped (it unwinds): the helpers stop too.
        stopped: bool,
    }
    let window = window.max(1);
    let next = AtomicUsize::new(0);
    let state = Mutex::new(State {
        ready: std::collections::BTreeMap::new(),
        consumed: 0,
        panic: None,
        stopped: false,
    });
    let changed = Condvar::new();
    let lock = || {
        state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    let helper = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= items.len() {
                return;
            }
            let mut st = lock();
            while i >= st.consumed + window && st.panic.is_none() && !st.stopped {
                st = changed
                    .wait(st)
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
            }
            if st.panic.is_some() || st.stopped {
                return;
            }
            drop(st);
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&items[i])));
            let mut st = lock();
            match result {
                Ok(result) => {
                    st.ready.insert(i, result);
                }
                Err(panic) => st.panic = Some(panic),
            }
            changed.notify_all();
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..cores() {
            if std::thread::Builder::new()
                .stack_size(STACK_BYTES)
                .spawn_scoped(scope, helper)
                .is_err()
            {
                break;
            }
        }
        // Should the calling thread unwind (its `f` or `consume` panicked), the helpers must not
        // wait for it to move the window on.
        struct StopOnUnwind<'a, R>(&'a Mutex<State<R>>, &'a Condvar);
        impl<R> Drop for StopOnUnwind<'_, R> {
            fn drop(&mut self) {
                let mut st = self
                    .0
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                st.stopped = true;
                self.1.notify_all();
            }
        }
        let _stop = StopOnUnwind(&state, &changed);
        // The calling thread consumes in order, and works on the next item while the one it
        // waits for is not done (it never waits for the window: it is what moves it on).
        let mut cursor = 0;
        while cursor < items.len() {
            let mut st = lock();
            if let Some(panic) = st.panic.take() {
                drop(st);
                std::panic::resume_unwind(panic);
            }
            if let Some(result) = st.ready.remove(&cursor) {
                cursor += 1;
                st.consumed = cursor;
                changed.notify_all();
                drop(st);
                consume(result);
                continue;
            }
            drop(st);
            let i = next.load(Ordering::Relaxed);
            if i < items.len().min(cursor + window) {
                if next
                    .compare_exchange(i, i + 1, Ordering::Relaxed, Ordering::Relaxed)
                    .is_ok()
                {
                    let result = f(&items[i]);
                    lock().ready.insert(i, result);
                }
                continue;
            }
            let mut st = lock();
            while !st.ready.contains_key(&cursor) && st.panic.is_none() {
                st = changed
                    .wait(st)
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
            }
        }
    });
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
    fn results_are_consumed_in_the_order_of_the_items_within_the_window() {
        for len in [0, 1, MIN_ITEMS - 1, MIN_ITEMS, 1000] {
            let items: Vec<usize> = (0..len).collect();
            let done = AtomicUsize::new(0);
            let mut consumed = Vec::new();
            for_each_in_order(
                &items,
                8,
                |i| {
                    // Items differ in cost, so that threads finish out of order.
                    std::thread::sleep(std::time::Duration::from_micros((i % 7 * 50) as u64));
                    done.fetch_add(1, Ordering::SeqCst);
                    i * 2
                },
                |r| {
                    // No more than the window (and the item each thread holds) is done ahead.
                    let ahead = done.load(Ordering::SeqCst) - consumed.len();
                    assert!(ahead <= 8 + 1, "{ahead} results ahead");
                    consumed.push(r);
                },
            );
            assert_eq!(consumed, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_panic_in_a_helper_reaches_the_caller() {
        let items: Vec<usize> = (0..100).collect();
        let outcome = std::panic::catch_unwind(|| {
            for_each_in_order(&items, 4, |&i| assert!(i != 57, "item 57"), |()| {});
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn results_keep_the_order_of_the_items() {
        for len in [0, 1, MIN_ITEMS - 1, MIN_ITEMS, 1000] {
            let items: Vec<usize> = (0..len).collect();
            let doubled = map(&items, |i| i * 2);
            assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }
}
