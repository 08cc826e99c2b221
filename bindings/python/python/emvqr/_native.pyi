# The Rust half of the package (src/lib.rs). Use the functions of `emvqr` instead: they check
# and convert their arguments, and give typed results.
from typing import Any, Optional

def decode(payload: str, lenient: bool) -> dict[str, Any]: ...
def build_pix(
    name: str,
    city: str,
    key: Optional[str],
    url: Optional[str],
    amount: Optional[str],
    txid: Optional[str],
    info: Optional[str],
    recurrence: Optional[str],
    transliterate: bool,
) -> str: ...
def build_emv(fields: list[tuple[str, str]]) -> str: ...
def qr_svg(
    payload: str, ecc: str, border: int, scale: int, validate: bool, lenient: bool
) -> str: ...
def qr_png(
    payload: str, ecc: str, border: int, scale: int, validate: bool, lenient: bool
) -> bytes: ...
def qr_matrix(payload: str, ecc: str, validate: bool, lenient: bool) -> list[list[bool]]: ...
def check_batch(lines: list[str], lenient: bool) -> list[tuple[int, Exception]]: ...
