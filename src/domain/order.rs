//! Stable sorting with one small, non-generic core.
//!
//! Every `sort_by`/`sort_by_key` call copies the whole of std's driftsort into the wasm for its
//! element type and closure (about 30 KB for the handful of sorts Waypoint has). Here the work,
//! a merge sort of indices, is compiled once; each call site adds only its comparison and a loop
//! of swaps.

use std::cmp::Ordering;

/// The order that sorts `len` items stably: `order[k]` is the index of the item that belongs at
/// position `k`. `less(a, b)` says whether item `a` must come before item `b`; items neither
/// less than the other keep their relative order. O(n log n) comparisons.
pub fn stable_order(len: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = vec![0; len];
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, mid);
            // Runs already in order (common: journals are mostly stored in order) are copied.
            if mid == end || !less(order[mid], order[mid - 1]) {
                merged[start..end].copy_from_slice(&order[start..end]);
            } else {
                for slot in &mut merged[start..end] {
                    // Take from the right only when strictly less: that is what keeps it stable.
                    if right < end && (left == mid || less(order[right], order[left])) {
                        *slot = order[right];
                        right += 1;
                    } else {
                        *slot = order[left];
                        left += 1;
                    }
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// The swaps, in turn, that rearrange items into `order` (as [`stable_order`] returns it).
fn swaps_into(order: &[usize]) -> Vec<(usize, usize)> {
    // `at[p]` is the original index of the item now at position `p`; `position[i]` is where the
    // item with original index `i` is now. Positions before `k` are final.
    let mut at: Vec<usize> = (0..order.len()).collect();
    let mut position = at.clone();
    let mut swaps = Vec::new();
    for (k, &wanted) in order.iter().enumerate() {
        let from = position[wanted];
        if from != k {
            swaps.push((k, from));
            let displaced = at[k];
            at[from] = displaced;
            position[displaced] = from;
            at[k] = wanted;
            position[wanted] = k;
        }
    }
    swaps
}

/// Sorts `items` stably by `compare`, like `slice::sort_by`.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = stable_order(items.len(), &mut |a, b| {
        compare(&items[a], &items[b]).is_lt()
    });
    for (a, b) in swaps_into(&order) {
        items.swap(a, b);
    }
}

/// Sorts `items` stably by the key `key` gives, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_items_keep_their_order() {
        let mut items = [(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        sort_by_key(&mut items, |(n, _)| *n);
        assert_eq!(items, [(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
    }

    #[test]
    fn empty_and_single_lists_are_left_alone() {
        let mut none: [u8; 0] = [];
        sort_by_key(&mut none, |n| *n);
        let mut one = [7];
        sort_by_key(&mut one, |n| *n);
        assert_eq!(one, [7]);
    }

    #[test]
    fn a_reversed_list_of_odd_length_sorts() {
        let mut items: Vec<u32> = (0..1001).rev().collect();
        sort_by(&mut items, |a, b| a.cmp(b));
        assert_eq!(items, (0..1001).collect::<Vec<_>>());
    }
}
