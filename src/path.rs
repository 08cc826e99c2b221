//! [`TagPath`]: where a field sits in the TLV tree (`59`, `62.05`, `62.50.00`).

use core::fmt;
use core::str::FromStr;

/// Where a field sits in the TLV tree: `59` at the root, `62.05` inside a template, up to three
/// levels (`62.50.00`), the deepest EMVCo defines. The empty path means the payload as a whole.
///
/// ```
/// use emvqr::TagPath;
///
/// let path: TagPath = "62.05".parse().unwrap();
/// assert_eq!(path.ids(), &[62, 5]);
/// assert_eq!(path.to_string(), "62.05");
/// assert_eq!(TagPath::new(62).child(5), Some(path));
/// // Nothing nests deeper than three levels.
/// assert_eq!("62.50.00".parse::<TagPath>()?.child(1), None);
/// # Ok::<(), emvqr::InvalidTagPath>(())
/// ```
///
/// Paths order as their IDs do, level by level (`26` < `26.01` < `27`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct TagPath {
    /// The IDs from the root down; levels past `depth` hold 0. The derived order compares the
    /// IDs, then the depth: a field sorts before its sub-fields (`26` < `26.00` < `26.01`).
    ids: [u8; TagPath::MAX_DEPTH],
    depth: u8,
}

impl TagPath {
    /// The deepest nesting EMVCo defines: a sub-field of a template inside template 62
    /// (`62.50.00`).
    pub const MAX_DEPTH: usize = 3;

    /// The path of the payload itself (no field).
    pub const fn root() -> TagPath {
        TagPath {
            ids: [0; TagPath::MAX_DEPTH],
            depth: 0,
        }
    }

    /// The path of a root field.
    ///
    /// ```
    /// assert_eq!(emvqr::TagPath::new(59).to_string(), "59");
    /// ```
    pub const fn new(id: u8) -> TagPath {
        TagPath {
            ids: [id, 0, 0],
            depth: 1,
        }
    }

    /// The path of sub-field `id` inside this field, or `None` past [`TagPath::MAX_DEPTH`]
    /// levels.
    pub const fn child(self, id: u8) -> Option<TagPath> {
        let mut ids = self.ids;
        match self.depth {
            0 => ids[0] = id,
            1 => ids[1] = id,
            2 => ids[2] = id,
            _ => return None,
        }
        Some(TagPath {
            ids,
            depth: self.depth + 1,
        })
    }

    /// The path of sub-field `sub` of root template `template` (`TagPath::sub(62, 5)` is
    /// `62.05`).
    pub const fn sub(template: u8, sub: u8) -> TagPath {
        TagPath {
            ids: [template, sub, 0],
            depth: 2,
        }
    }

    /// The enclosing field's path (the root's parent is the root).
    pub const fn parent(self) -> TagPath {
        let mut ids = self.ids;
        match self.depth {
            1 => ids[0] = 0,
            2 => ids[1] = 0,
            3 => ids[2] = 0,
            _ => return self,
        }
        TagPath {
            ids,
            depth: self.depth - 1,
        }
    }

    /// The IDs from the root down.
    pub fn ids(&self) -> &[u8] {
        self.ids.get(..self.depth()).unwrap_or(&[])
    }

    /// The last ID, or `None` for the root.
    pub fn id(&self) -> Option<u8> {
        self.ids().last().copied()
    }

    /// The path of the first `depth` levels (this path itself when it is no deeper).
    pub(crate) fn ancestor(self, depth: usize) -> TagPath {
        let mut up = self;
        while up.depth() > depth {
            up = up.parent();
        }
        up
    }

    /// How many levels deep: 0 for the payload, 1 for a root field.
    pub const fn depth(&self) -> usize {
        self.depth as usize
    }

    /// Whether this is the payload itself rather than a field.
    pub const fn is_root(&self) -> bool {
        self.depth == 0
    }

    /// Whether `ancestor` is this path or one of its parents (`62` is within `62.05`).
    ///
    /// ```
    /// use emvqr::TagPath;
    /// let txid = TagPath::sub(62, 5);
    /// assert!(txid.is_within(TagPath::new(62)) && txid.is_within(txid) && txid.is_within(TagPath::root()));
    /// assert!(!TagPath::new(62).is_within(txid) && !txid.is_within(TagPath::new(26)));
    /// ```
    pub fn is_within(self, ancestor: TagPath) -> bool {
        self.ids().starts_with(ancestor.ids())
    }

    /// Reads `"62.05"`-style text, as [`FromStr`] does.
    #[deprecated(
        since = "0.2.0",
        note = "use `text.parse::<TagPath>()` (FromStr), which says why"
    )]
    pub fn parse(text: &str) -> Option<TagPath> {
        text.parse().ok()
    }
}

/// Why a text is not a [`TagPath`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct InvalidTagPath;

impl fmt::Display for InvalidTagPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a tag path is one to three two-digit IDs separated by dots, like 62.05")
    }
}

impl core::error::Error for InvalidTagPath {}

/// Reads `"62.05"`-style text: one to three two-digit IDs separated by dots.
///
/// ```
/// use emvqr::{InvalidTagPath, TagPath};
/// assert_eq!("26.00".parse::<TagPath>().map(|p| p.ids().to_vec()), Ok(vec![26, 0]));
/// assert_eq!("2".parse::<TagPath>(), Err(InvalidTagPath));
/// assert_eq!("62.05.01.02".parse::<TagPath>(), Err(InvalidTagPath));
/// ```
impl FromStr for TagPath {
    type Err = InvalidTagPath;

    fn from_str(text: &str) -> Result<TagPath, InvalidTagPath> {
        let mut path = TagPath::root();
        for part in text.split('.') {
            let id = match part.as_bytes() {
                [a @ b'0'..=b'9', b @ b'0'..=b'9'] => (a - b'0') * 10 + (b - b'0'),
                _ => return Err(InvalidTagPath),
            };
            path = path.child(id).ok_or(InvalidTagPath)?;
        }
        Ok(path)
    }
}

impl fmt::Display for TagPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, id) in self.ids().iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{id:02}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for TagPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TagPath(\"{self}\")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_follows_the_ids_level_by_level() {
        let mut paths: std::vec::Vec<TagPath> = ["27", "26.01", "26", "62.50.00", "62.05", "00"]
            .iter()
            .map(|p| p.parse::<TagPath>().unwrap())
            .collect();
        paths.sort();
        let text: std::vec::Vec<std::string::String> =
            paths.iter().map(|p| p.to_string()).collect();
        assert_eq!(text, ["00", "26", "26.01", "27", "62.05", "62.50.00"]);
        assert!(TagPath::root() < TagPath::new(0));
    }

    #[test]
    fn child_refuses_a_fourth_level_instead_of_reusing_the_third() {
        let deep: TagPath = "62.50.01".parse().unwrap();
        assert_eq!(deep.child(2), None);
        assert_eq!(deep.parent().child(2), "62.50.02".parse().ok());
        assert_eq!("62.50.01".parse::<TagPath>(), Ok(deep));
        assert_eq!("62.50.01.02".parse::<TagPath>(), Err(InvalidTagPath));
    }
}
