//! Work over a list split in two halves, the second on its own thread,
//! for the memory-bound passes over large requests and bundles.

use std::ops::Range;

/// `f` over `0..n` as one part, or, from `parallel_from` items on, over
/// its two halves, the second on a scoped thread; parts come in order, so
/// joining them gives what one part would.
pub(crate) fn halves<T: Send>(
    n: usize,
    parallel_from: usize,
    f: impl Fn(Range<usize>) -> T + Sync,
) -> Vec<T> {
    if n < parallel_from {
        return vec![f(0..n)];
    }
    std::thread::scope(|scope| {
        let second = scope.spawn(|| f(n / 2..n));
        let first = f(0..n / 2);
        vec![first, second.join().expect("second half's thread")]
    })
}
