//! A set of text and a map of text to text, each kept as one sorted `Vec`.
//!
//! std's `BTreeSet<String>` and `BTreeMap<String, String>` bring their whole B-tree into the
//! wasm: insert with node splitting, remove with stealing and merging, search, clone and drop
//! came to about 7.7 KB of raw wasm for Waypoint's few sets (checklist ticks and hidden items,
//! the store's protected and taken keys) and one map (the raw journal download). Those sets hold
//! a few dozen keys, so a sorted `Vec` with a binary search does the same job in about 1.5 KB:
//! replacing the B-trees with these two types took the optimized wasm from 594,538 to 585,557
//! bytes raw, 234,457 to 230,297 gzip. (The test-only `MemoryBackend` never reaches the wasm
//! and keeps its `BTreeMap`.)
//!
//! Both iterate in the order the B-trees did (byte order of the text), so the JSON written from
//! them (sets as arrays, maps as objects) is byte for byte what it was. Building one from many
//! items sorts them once with [`order::sort_by`], whose core is already in the wasm.

use super::order;
use std::fmt;

/// A set of text, iterated in byte order; each item at most once.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SortedSet {
    items: Vec<String>,
}

impl SortedSet {
    /// An empty set.
    pub const fn new() -> Self {
        Self { items: Vec::new() }
    }

    /// Where `item` is (`Ok`) or would go (`Err`).
    fn find(&self, item: &str) -> Result<usize, usize> {
        self.items
            .binary_search_by(|probe| probe.as_str().cmp(item))
    }

    /// Whether `item` is in the set.
    pub fn contains(&self, item: &str) -> bool {
        self.find(item).is_ok()
    }

    /// Adds `item`; `false` when it was already there.
    pub fn insert(&mut self, item: String) -> bool {
        match self.find(&item) {
            Ok(_) => false,
            Err(at) => {
                self.items.insert(at, item);
                true
            }
        }
    }

    /// Takes `item` out; `false` when it was not there.
    pub fn remove(&mut self, item: &str) -> bool {
        match self.find(item) {
            Ok(at) => {
                self.items.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    /// Empties the set.
    pub fn clear(&mut self) {
        self.items.clear();
    }

    /// How many items it holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items, in byte order.
    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.items.iter()
    }
}

impl FromIterator<String> for SortedSet {
    fn from_iter<I: IntoIterator<Item = String>>(items: I) -> Self {
        let mut items: Vec<String> = items.into_iter().collect();
        order::sort_by(&mut items, |a, b| a.cmp(b));
        items.dedup();
        Self { items }
    }
}

impl<const N: usize> From<[String; N]> for SortedSet {
    fn from(items: [String; N]) -> Self {
        items.into_iter().collect()
    }
}

impl<'a> IntoIterator for &'a SortedSet {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Debug for SortedSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(&self.items).finish()
    }
}

/// Text by name, iterated in byte order of the names; each name at most once.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SortedMap {
    pairs: Vec<(String, String)>,
}

impl SortedMap {
    /// An empty map.
    pub const fn new() -> Self {
        Self { pairs: Vec::new() }
    }

    /// The text under `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        let at = self
            .pairs
            .binary_search_by(|(probe, _)| probe.as_str().cmp(name))
            .ok()?;
        Some(self.pairs[at].1.as_str())
    }

    /// How many names it holds.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// `(name, text)` pairs, in byte order of the names.
    pub fn iter(&self) -> std::slice::Iter<'_, (String, String)> {
        self.pairs.iter()
    }
}

/// A name given more than once keeps its last text, as `BTreeMap` did.
impl FromIterator<(String, String)> for SortedMap {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        let mut pairs: Vec<(String, String)> = pairs.into_iter().collect();
        // Stable, so of equal names the last given is last; `dedup_by` keeps the first of a run,
        // so each later text is moved into it before the later pair is dropped.
        order::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
        pairs.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(&mut later.1, &mut kept.1);
            }
            same
        });
        Self { pairs }
    }
}

impl IntoIterator for SortedMap {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;

    fn into_iter(self) -> Self::IntoIter {
        self.pairs.into_iter()
    }
}

impl<'a> IntoIterator for &'a SortedMap {
    type Item = &'a (String, String);
    type IntoIter = std::slice::Iter<'a, (String, String)>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Debug for SortedMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.pairs.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> SortedSet {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn listed(set: &SortedSet) -> Vec<&str> {
        set.iter().map(String::as_str).collect()
    }

    #[test]
    fn a_set_built_from_many_items_is_sorted_with_each_item_once() {
        let s = set(&["b", "a", "c", "a", "b"]);
        assert_eq!(listed(&s), ["a", "b", "c"]);
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn a_set_iterates_in_the_order_a_btreeset_did() {
        let items = ["own-10", "own-2", "Zed", "zed", "é", "e", "", "own-1"];
        let ours = set(&items);
        let theirs: std::collections::BTreeSet<&str> = items.into_iter().collect();
        assert_eq!(listed(&ours), theirs.into_iter().collect::<Vec<_>>());
    }

    #[test]
    fn inserting_keeps_the_set_sorted_and_refuses_a_repeat() {
        let mut s = SortedSet::new();
        assert!(s.insert("medical".into()));
        assert!(s.insert("clothes".into()));
        assert!(s.insert("own-1".into()));
        assert!(!s.insert("clothes".into()));
        assert_eq!(listed(&s), ["clothes", "medical", "own-1"]);
    }

    #[test]
    fn removing_takes_out_only_that_item_and_says_whether_it_was_there() {
        let mut s = set(&["a", "b", "c"]);
        assert!(s.remove("b"));
        assert!(!s.remove("b"));
        assert!(!s.remove("z"));
        assert_eq!(listed(&s), ["a", "c"]);
    }

    #[test]
    fn contains_finds_every_item_and_nothing_else() {
        let s = set(&["a", "c", "e"]);
        assert!(["a", "c", "e"].iter().all(|i| s.contains(i)));
        assert!(!["", "b", "d", "f", "A"].iter().any(|i| s.contains(i)));
    }

    #[test]
    fn clearing_a_set_leaves_it_empty() {
        let mut s = set(&["a", "b"]);
        assert!(!s.is_empty());
        s.clear();
        assert!(s.is_empty());
        assert_eq!(s, SortedSet::new());
    }

    #[test]
    fn sets_with_the_same_items_are_equal_whatever_order_they_were_given_in() {
        assert_eq!(set(&["b", "a"]), set(&["a", "b", "a"]));
        assert_eq!(
            SortedSet::from(["b".to_string(), "a".to_string()]),
            set(&["a", "b"])
        );
    }

    #[test]
    fn a_set_prints_for_debugging_as_a_set() {
        assert_eq!(format!("{:?}", set(&["b", "a"])), r#"{"a", "b"}"#);
    }

    #[test]
    fn a_map_is_sorted_by_name_and_finds_each_text() {
        let m: SortedMap = [("b", "2"), ("a", "1"), ("c", "3")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let names: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(m.get("b"), Some("2"));
        assert_eq!(m.get("d"), None);
        assert_eq!(m.len(), 3);
        assert_eq!(format!("{m:?}"), r#"{"a": "1", "b": "2", "c": "3"}"#);
    }

    #[test]
    fn a_name_given_twice_keeps_its_last_text_as_a_btreemap_did() {
        let given = [("k", "first"), ("a", "x"), ("k", "second"), ("k", "third")];
        let ours: SortedMap = given
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let theirs: std::collections::BTreeMap<String, String> = given
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(
            ours.into_iter().collect::<Vec<_>>(),
            theirs.into_iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn an_empty_map_has_nothing_in_it() {
        assert!(SortedMap::new().is_empty());
        assert_eq!(SortedMap::default().get(""), None);
    }
}
