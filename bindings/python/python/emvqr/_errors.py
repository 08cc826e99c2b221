"""The one exception emvqr raises for a payload or a value it refuses."""

from __future__ import annotations

from typing import Optional, Sequence


class EmvqrError(ValueError):
    """A payload that does not parse, or a value a builder refuses.

    ``str(error)`` is emvqr's message for people ("field 59 (merchant name) declares 25
    characters but only 19 fit before field 60; …"); programs match on ``kind``.

    Attributes:
        message: the message, as ``str(error)``.
        kind: a stable code: ``"crc_mismatch"``, ``"length_mismatch"``, ``"pix_invalid_cpf"``, …
        offset: the byte offset in the payload (UTF-8) the problem is at; ``None`` when there
            is none (a builder refused a value before any payload existed).
        path: the field's path, IDs joined by dots (``"62.05"``); ``""`` for the payload as a
            whole.
        notes: what more there is to say about a payload that does not parse: whether lenient
            parsing reads it, whether its CRC matches what is written.
    """

    message: str
    kind: str
    offset: Optional[int]
    path: str
    notes: tuple[str, ...]

    def __init__(
        self,
        message: str,
        kind: str,
        offset: Optional[int] = None,
        path: str = "",
        notes: Sequence[str] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.offset = offset
        self.path = path
        self.notes = tuple(notes)

    def __repr__(self) -> str:
        return (
            f"EmvqrError({self.message!r}, kind={self.kind!r}, offset={self.offset!r}, "
            f"path={self.path!r})"
        )

    def to_dict(self) -> dict[str, object]:
        """The error as ``emvqr decode --json`` writes it (and its notes)."""
        return {
            "kind": self.kind,
            "path": self.path,
            "offset": self.offset,
            "message": self.message,
            "notes": list(self.notes),
        }
