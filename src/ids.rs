//! [`IdSet`]: a set of field IDs (0–99), the field table's and the walk's bookkeeping.

/// A set of two-digit field IDs, as four 32-bit words (bit `id % 32` of word `id / 32`).
///
/// Words of 32 bits rather than one `u128`: a variable shift of a `u128` is a dozen
/// instructions on a 32-bit microcontroller, and these sets are consulted for every field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub(crate) struct IdSet([u32; 4]);

// The word index is checked against 4 (or is a loop counter below it) before each indexing,
// in const functions, where `get` is not available for writing.
#[allow(clippy::indexing_slicing)]
impl IdSet {
    /// The empty set.
    pub(crate) const fn new() -> IdSet {
        IdSet([0; 4])
    }

    /// The set with `id` added (IDs of 128 and above are ignored).
    #[must_use]
    pub(crate) const fn with(self, id: u8) -> IdSet {
        let mut words = self.0;
        let word = id as usize / 32;
        if word < 4 {
            words[word] |= 1 << (id % 32);
        }
        IdSet(words)
    }

    /// Adds `id`; `false` when it was already there.
    pub(crate) fn insert(&mut self, id: u8) -> bool {
        // In place, one word: rebuilding the set would read all four words back right after
        // one was stored, which stalls the load on x86.
        let Some(word) = self.0.get_mut(usize::from(id / 32)) else {
            return false;
        };
        let bit = 1 << (id % 32);
        let fresh = *word & bit == 0;
        *word |= bit;
        fresh
    }

    pub(crate) const fn contains(&self, id: u8) -> bool {
        let word = id as usize / 32;
        word < 4 && self.0[word] >> (id % 32) & 1 != 0
    }

    pub(crate) const fn is_empty(&self) -> bool {
        self.0[0] | self.0[1] | self.0[2] | self.0[3] == 0
    }

    /// The IDs of `self` not in `other`.
    #[must_use]
    pub(crate) const fn without(self, other: IdSet) -> IdSet {
        let [a, b, c, d] = self.0;
        let [e, f, g, h] = other.0;
        IdSet([a & !e, b & !f, c & !g, d & !h])
    }

    /// The IDs of `self` from `first` to `last`.
    #[must_use]
    pub(crate) const fn within(self, first: u8, last: u8) -> IdSet {
        let mut words = self.0;
        let mut word = 0usize;
        let mut low = 0u32;
        while word < 4 {
            let (first, last) = (first as u32, last as u32);
            words[word] &= if last < low || first > low + 31 || first > last {
                0
            } else {
                let from = first.saturating_sub(low);
                let to = if last < low + 31 { last - low } else { 31 };
                (u32::MAX >> (31 - to)) & (u32::MAX << from)
            };
            word += 1;
            low += 32;
        }
        IdSet(words)
    }

    /// The IDs in increasing order.
    pub(crate) fn iter(self) -> impl Iterator<Item = u8> {
        let mut words = self.0;
        let mut word = 0;
        core::iter::from_fn(move || {
            while let Some(bits) = words.get_mut(word) {
                if *bits != 0 {
                    let bit = bits.trailing_zeros();
                    *bits &= *bits - 1;
                    return u8::try_from(word * 32 + bit as usize).ok();
                }
                word += 1;
            }
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use super::IdSet;

    #[test]
    fn sets_hold_their_ids_and_ranges_cut_them() {
        let mut set = IdSet::new();
        for id in [0, 31, 32, 63, 64, 95, 96, 99] {
            assert!(set.insert(id));
            assert!(!set.insert(id));
        }
        assert_eq!(
            set.iter().collect::<std::vec::Vec<_>>(),
            [0, 31, 32, 63, 64, 95, 96, 99]
        );
        assert_eq!(
            set.within(31, 64).iter().collect::<std::vec::Vec<_>>(),
            [31, 32, 63, 64]
        );
        assert!(set.within(1, 30).is_empty() && set.within(5, 4).is_empty());
        assert_eq!(set.without(IdSet::new().with(0).with(99)).iter().count(), 6);
        for first in 0..100u8 {
            for last in first..100u8 {
                let full = (0..100u8).fold(IdSet::new(), IdSet::with);
                assert_eq!(
                    full.within(first, last)
                        .iter()
                        .collect::<std::vec::Vec<_>>(),
                    (first..=last).collect::<std::vec::Vec<_>>()
                );
            }
        }
    }
}
