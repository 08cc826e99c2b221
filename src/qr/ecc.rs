//! [`Ecc`], the error correction level.

/// Error correction level: the share of the symbol that can be damaged and still read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Ecc {
    /// About 7 %.
    Low,
    /// About 15 %.
    Medium,
    /// About 25 %.
    Quartile,
    /// About 30 %.
    High,
}

impl Ecc {
    /// The four levels, lowest first.
    pub const ALL: [Ecc; 4] = [Ecc::Low, Ecc::Medium, Ecc::Quartile, Ecc::High];

    pub(crate) const fn ordinal(self) -> usize {
        self as usize
    }

    /// The two bits the format information uses for the level.
    pub(crate) const fn format_bits(self) -> u32 {
        match self {
            Ecc::Low => 1,
            Ecc::Medium => 0,
            Ecc::Quartile => 3,
            Ecc::High => 2,
        }
    }
}
