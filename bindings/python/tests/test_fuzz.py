"""No input crashes the interpreter or raises anything but EmvqrError (Hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import emvqr
from conftest import vectors

PAYLOADS = [v.payload for v in vectors()]


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=600), lenient=st.booleans())
def test_any_text(text: str, lenient: bool) -> None:
    try:
        emvqr.decode(text, lenient=lenient)
    except emvqr.EmvqrError as error:
        assert error.offset is None or 0 <= error.offset <= len(
            text.encode("utf-8", "surrogatepass")
        )


@settings(max_examples=400, deadline=None)
@given(
    base=st.sampled_from(PAYLOADS),
    at=st.integers(min_value=0, max_value=600),
    cut=st.integers(min_value=0, max_value=8),
    insert=st.text(max_size=4),
)
def test_edited_real_codes(base: str, at: int, cut: int, insert: str) -> None:
    at = min(at, len(base))
    text = base[:at] + insert + base[at + cut :]
    for lenient in (False, True):
        try:
            payload = emvqr.decode(text, lenient=lenient)
        except emvqr.EmvqrError:
            continue
        # What parses draws, and reads back as the same payload.
        assert payload.to_dict()["valid"] is True
        emvqr.qr_matrix(text, lenient=lenient)


@settings(max_examples=300, deadline=None)
@given(
    name=st.text(max_size=30),
    city=st.text(max_size=20),
    txid=st.none() | st.text(max_size=30),
    transliterate=st.booleans(),
)
def test_built_codes_parse_strictly(
    name: str, city: str, txid: object, transliterate: bool
) -> None:
    try:
        code = emvqr.build_pix(
            key="fulano@example.com", name=name, city=city, txid=txid, transliterate=transliterate
        )
    except emvqr.EmvqrError:
        return
    assert emvqr.decode(code).valid
