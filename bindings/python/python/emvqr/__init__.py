"""Read, check, build and draw EMVCo merchant-presented QR payment codes.

Pix (BR Code), Mercado Pago, KHQR, Bre-B, PayNow, PromptPay, QRIS, …: emvqr parses a code strictly
by the EMVCo rules and each scheme's rule book and, when a code is wrong, says exactly what is
wrong and where::

    >>> import emvqr
    >>> code = emvqr.build_pix(key="fulano@example.com", name="FULANO DE TAL",
    ...                        city="BRASILIA", amount="10.50", txid="PEDIDO1042")
    >>> emvqr.decode(code)["59"]
    'FULANO DE TAL'
    >>> emvqr.decode(code.replace("BRASILIA", "BRASILIO"))
    Traceback (most recent call last):
    ...
    emvqr.EmvqrError: CRC mismatch: the payload says F483, its content gives A2A3 — at offset 131

The work is done by the Rust crate emvqr (``emvqr._native``); this module gives it a typed,
Pythonic face. Nothing here can crash the interpreter: every refusal is an :class:`EmvqrError`
(a ``ValueError``), every wrong argument a ``TypeError`` or ``ValueError``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Iterator, Mapping, Optional, Union

from . import _native
from ._errors import EmvqrError

# Tracebacks and reprs name it where users import it from.
EmvqrError.__module__ = "emvqr"

try:
    from importlib.metadata import version as _version

    __version__ = _version("emvqr")
except Exception:  # not installed as a distribution (a source checkout on sys.path)
    __version__ = "0+unknown"

__all__ = [
    "EmvqrError",
    "Payload",
    "Field",
    "Deviation",
    "Scheme",
    "Pix",
    "MercadoPago",
    "Khqr",
    "BreB",
    "decode",
    "build_pix",
    "build_emv",
    "qr_svg",
    "qr_png",
    "qr_matrix",
    "check_lines",
]


@dataclass(frozen=True)
class Field:
    """A field of the payload, exactly as written."""

    id: str
    """The two-digit ID: ``"59"``."""
    path: str
    """IDs joined by dots: ``"62.05"``."""
    name: str
    """From EMVCo's field table (``"unknown field"`` without a row)."""
    offset: int
    """Byte offset (UTF-8) of the field's ID in the payload."""
    value: str
    """The value, as written (a template's value holds its sub-fields)."""
    fields: tuple[Field, ...] = ()
    """A template's sub-fields."""

    @classmethod
    def _from(cls, data: Mapping[str, Any]) -> Field:
        return cls(
            id=data["id"],
            path=data["path"],
            name=data["name"],
            offset=data["offset"],
            value=data["value"],
            fields=tuple(cls._from(sub) for sub in data.get("fields", ())),
        )

    def to_dict(self) -> dict[str, Any]:
        """The field as ``emvqr decode --json`` writes it."""
        out: dict[str, Any] = {
            "id": self.id,
            "path": self.path,
            "name": self.name,
            "offset": self.offset,
            "value": self.value,
        }
        if self.fields:
            out["fields"] = [sub.to_dict() for sub in self.fields]
        return out


@dataclass(frozen=True)
class Deviation:
    """A rule a leniently parsed payload breaks."""

    kind: str
    """A stable code, as :attr:`EmvqrError.kind`."""
    path: str
    offset: Optional[int]
    message: str


@dataclass(frozen=True)
class Scheme:
    """A payment scheme the payload carries, recognised by its merchant account template."""

    name: str
    """``"Pix"``, ``"Mercado Pago"``, ``"KHQR"``, ``"Bre-B"``, ``"PayNow"``, …"""
    id: str
    """The ID of the template that carries it: ``"26"``."""
    description: str
    """One line for people."""


@dataclass(frozen=True)
class Pix(Scheme):
    """A Pix code (template ``br.gov.bcb.pix``)."""

    key: Optional[str] = None
    """The key of a static code."""
    key_kind: Optional[str] = None
    """``"cpf"``, ``"cnpj"``, ``"email"``, ``"phone"`` or ``"evp"`` (a random key)."""
    location: Optional[str] = None
    """A dynamic code's location (without ``https://``)."""
    info: Optional[str] = None
    fss: Optional[str] = None
    """Pix Saque/Troco: the facilitator's ISPB."""
    txid: Optional[str] = None
    recurrence: Optional[str] = None
    """Pix Automático: the recurrence's location."""
    dynamic: bool = False
    journey: Optional[int] = None
    """Pix Automático's journey (2, 3 or 4)."""


@dataclass(frozen=True)
class MercadoPago(Scheme):
    """A Mercado Pago in-store code (template ``COM.MERCADOLIBRE``)."""

    order_id: Optional[str] = None
    pos_url: Optional[str] = None
    pos_id: Optional[str] = None


@dataclass(frozen=True)
class Khqr(Scheme):
    """A KHQR code (Cambodia's Bakong)."""

    account_id: Optional[str] = None
    account_information: Optional[str] = None
    merchant_id: Optional[str] = None
    acquiring_bank: Optional[str] = None
    created_at_ms: Optional[int] = None
    expires_at_ms: Optional[int] = None


@dataclass(frozen=True)
class BreB(Scheme):
    """A Bre-B code (Colombia)."""

    key: Optional[str] = None
    key_type: Optional[str] = None
    network: Optional[str] = None
    merchant_code: Optional[str] = None
    aggregator_code: Optional[str] = None
    channel: Optional[str] = None
    iva_condition: Optional[str] = None
    iva: Optional[str] = None
    iva_base: Optional[str] = None
    inc_condition: Optional[str] = None
    inc: Optional[str] = None
    transaction_id: Optional[str] = None
    security: Optional[str] = None


_VIEWS: dict[str, type[Scheme]] = {
    "Pix": Pix,
    "Mercado Pago": MercadoPago,
    "KHQR": Khqr,
    "Bre-B": BreB,
}


def _scheme(data: Mapping[str, Any]) -> Scheme:
    view = _VIEWS.get(data["name"], Scheme)
    known = set(view.__dataclass_fields__)
    return view(**{key: value for key, value in data.items() if key in known})


class Payload:
    """A payload that parsed: its fields, the schemes it carries and, when read leniently, the
    rules it breaks.

    ``payload["59"]`` is the value at a path (``"62.05"`` for a sub-field); :meth:`field`
    gives the :class:`Field` itself. The typed views are made when first read.
    """

    __slots__ = ("_data", "_fields", "_schemes", "_deviations")

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data
        self._fields: Optional[tuple[Field, ...]] = None
        self._schemes: Optional[tuple[Scheme, ...]] = None
        self._deviations: Optional[tuple[Deviation, ...]] = None

    @property
    def fields(self) -> tuple[Field, ...]:
        """The root fields, in payload order."""
        if self._fields is None:
            self._fields = tuple(Field._from(f) for f in self._data["fields"])
        return self._fields

    @property
    def schemes(self) -> tuple[Scheme, ...]:
        """Every scheme recognised, in template order: :class:`Pix`, :class:`MercadoPago`, …"""
        if self._schemes is None:
            self._schemes = tuple(_scheme(s) for s in self._data["schemes"])
        return self._schemes

    @property
    def deviations(self) -> tuple[Deviation, ...]:
        """Lenient parsing: the rules the payload breaks (at most 16 kept)."""
        if self._deviations is None:
            self._deviations = tuple(Deviation(**d) for d in self._data["deviations"])
        return self._deviations

    @property
    def valid(self) -> bool:
        """Always ``True``: a payload that does not parse raises :class:`EmvqrError`."""
        return bool(self._data["valid"])

    @property
    def mode(self) -> str:
        """``"strict"`` or ``"lenient"``: how it was parsed."""
        return str(self._data["mode"])

    @property
    def deviation_count(self) -> int:
        """How many rules it breaks (can exceed ``len(deviations)``)."""
        return int(self._data["deviation_count"])

    def _find(self, path: str) -> Optional[dict[str, Any]]:
        if not isinstance(path, str):
            raise TypeError(f"a path is a str such as '62.05', not {type(path).__name__}")
        fields: list[dict[str, Any]] = self._data["fields"]
        found: Optional[dict[str, Any]] = None
        for part in path.split("."):
            found = next((f for f in fields if f["id"] == part), None)
            if found is None:
                return None
            fields = found.get("fields", [])
        return found

    def field(self, path: str) -> Optional[Field]:
        """The field at ``path`` (``"59"``, ``"26.01"``), the first if it repeats; ``None`` when
        absent."""
        found = self._find(path)
        return None if found is None else Field._from(found)

    def __getitem__(self, path: str) -> str:
        found = self._find(path)
        if found is None:
            raise KeyError(path)
        return str(found["value"])

    def get(self, path: str, default: Optional[str] = None) -> Optional[str]:
        """The value at ``path``, or ``default``."""
        found = self._find(path)
        return default if found is None else str(found["value"])

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and self._find(path) is not None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of ``emvqr decode --json``: ``valid``, ``mode``, ``fields``,
        ``schemes``, ``deviations``, ``deviation_count``."""
        return copy.deepcopy(self._data)

    def __repr__(self) -> str:
        names = ", ".join(s["name"] for s in self._data["schemes"]) or "no scheme"
        return f"<emvqr.Payload {self.mode}, {len(self._data['fields'])} fields, {names}>"


# What `emvqr check` counts as a blank line: ASCII white space only.
_ASCII_SPACE = " \t\n\r\x0b\x0c"


def _text(name: str, value: object, optional: bool = True) -> Optional[str]:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return value


def decode(payload: str, *, lenient: bool = False) -> Payload:
    """Parses ``payload`` strictly (or ``lenient``-ly: reading codes that break field rules and
    listing every rule they break) and returns its :class:`Payload`.

    Raises :class:`EmvqrError` when it does not parse, with the problem's ``kind``, ``offset``
    and ``path``, and ``notes`` on what more there is to say.
    """
    text = _text("payload", payload, False)
    try:
        return Payload(_native.decode(text, bool(lenient)))  # type: ignore[arg-type]
    except UnicodeEncodeError as bad:
        raise _not_utf8(bad) from None


def _call(function: Any, *arguments: Any) -> Any:
    try:
        return function(*arguments)
    except UnicodeEncodeError as bad:
        raise _not_utf8(bad) from None


def _not_utf8(bad: UnicodeEncodeError) -> EmvqrError:
    # A str with a lone surrogate has no UTF-8 form: no QR code can carry it.
    return EmvqrError(
        f"the text holds a lone surrogate (U+{ord(bad.object[bad.start]):04X}) at character "
        f"{bad.start}, which UTF-8 cannot encode",
        "not_utf8",
    )


def _amount(amount: object) -> Optional[str]:
    if amount is None:
        return None
    if isinstance(amount, bool) or isinstance(amount, (int, float)):
        kind = type(amount).__name__
        raise TypeError(
            f"amount must be a str or a decimal.Decimal, not {kind} ({amount!r}): a {kind} "
            "cannot say how many decimal places it has, and a float cannot hold most amounts "
            "exactly (0.1 + 0.2 != 0.3); pass '10.50' or Decimal('10.50')"
        )
    if isinstance(amount, Decimal):
        if not amount.is_finite():
            raise ValueError(f"amount {amount} is not a finite number")
        return format(amount, "f")
    if isinstance(amount, str):
        return amount
    raise TypeError(f"amount must be a str or a decimal.Decimal, not {type(amount).__name__}")


def build_pix(
    *,
    name: str,
    city: str,
    key: Optional[str] = None,
    url: Optional[str] = None,
    amount: Union[str, Decimal, None] = None,
    txid: Optional[str] = None,
    info: Optional[str] = None,
    recurrence: Optional[str] = None,
    transliterate: bool = False,
) -> str:
    """A Pix code, its lengths and CRC computed, checked by the strict parser.

    Give ``key`` for a static code (CPF, CNPJ, +55 phone, e-mail or random key), ``url`` for a
    dynamic one (its location, without ``https://``), and ``recurrence`` (a Pix Automático
    location) alone or with either. ``amount`` is a ``str`` (``"10.50"``) or a
    ``decimal.Decimal``, never a ``float``. ``transliterate=True`` turns an accented name and
    city into the ASCII Pix requires ("São Paulo" → "SAO PAULO") instead of refusing them.

    Raises :class:`EmvqrError` naming the field when a value breaks a rule.
    """
    return _call(
        _native.build_pix,
        _text("name", name, False),  # type: ignore[arg-type]
        _text("city", city, False),  # type: ignore[arg-type]
        _text("key", key),
        _text("url", url),
        _amount(amount),
        _text("txid", txid),
        _text("info", info),
        _text("recurrence", recurrence),
        bool(transliterate),
    )


def build_emv(fields: Mapping[str, str]) -> str:
    """Any EMVCo payload from ``{path: value}`` (``{"26.00": "br.gov.bcb.pix", "59": …}``): the
    builder adds field 00, the lengths and the CRC, writes the fields in canonical order and
    refuses (with :class:`EmvqrError`) what would not parse strictly."""
    if not isinstance(fields, Mapping):
        raise TypeError(f"fields must be a mapping of path to value, not {type(fields).__name__}")
    pairs = [
        (_text("path", path, False), _text(f"field {path}", value, False))
        for path, value in fields.items()
    ]
    return _call(_native.build_emv, pairs)  # type: ignore[arg-type]


def _byte(name: str, value: object, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= 255:
        raise ValueError(f"{name} must be a whole number from {least} to 255, not {value!r}")
    return value


def qr_svg(
    payload: str,
    *,
    ecc: str = "M",
    border: int = 4,
    scale: int = 8,
    validate: bool = True,
    lenient: bool = False,
) -> str:
    """The QR code of ``payload`` as an SVG document: ``ecc`` one of ``"L" "M" "Q" "H"``,
    ``border`` modules of quiet zone, ``scale`` pixels a module. The payload must parse
    (strictly, or ``lenient``-ly) unless ``validate=False``."""
    return _call(
        _native.qr_svg,
        _text("payload", payload, False),  # type: ignore[arg-type]
        _text("ecc", ecc, False),  # type: ignore[arg-type]
        _byte("border", border, 0),
        _byte("scale", scale, 1),
        bool(validate),
        bool(lenient),
    )


def qr_png(
    payload: str,
    *,
    scale: int = 8,
    border: int = 4,
    ecc: str = "M",
    validate: bool = True,
    lenient: bool = False,
) -> bytes:
    """The QR code of ``payload`` as a PNG file (1-bit grey), options as for :func:`qr_svg`."""
    return _call(
        _native.qr_png,
        _text("payload", payload, False),  # type: ignore[arg-type]
        _text("ecc", ecc, False),  # type: ignore[arg-type]
        _byte("border", border, 0),
        _byte("scale", scale, 1),
        bool(validate),
        bool(lenient),
    )


def qr_matrix(
    payload: str, *, ecc: str = "M", validate: bool = True, lenient: bool = False
) -> list[list[bool]]:
    """The QR code's modules, row by row, ``True`` for dark, without a quiet zone."""
    return _call(
        _native.qr_matrix,
        _text("payload", payload, False),  # type: ignore[arg-type]
        _text("ecc", ecc, False),  # type: ignore[arg-type]
        bool(validate),
        bool(lenient),
    )


def check_lines(
    lines: Iterable[Union[str, bytes]], *, lenient: bool = False, batch: int = 4096
) -> Iterator[tuple[int, EmvqrError]]:
    """Audits codes one per line (a file, a query's rows): yields ``(line_number, error)`` for
    each line that does not parse, line numbers counting from 1.

    As ``emvqr check`` does, a line's ``\\n`` or ``\\r\\n`` is not part of the code, and blank
    lines and lines starting with ``#`` are skipped. ``bytes`` lines are read as UTF-8 (a line
    that is not gives an error of kind ``"not_utf8"``). Lines are checked ``batch`` at a time
    with the interpreter released, so other threads run meanwhile.
    """
    if isinstance(lines, (str, bytes)):
        raise TypeError("lines must be an iterable of lines, not a single str or bytes")
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise ValueError(f"batch must be a whole number of at least 1, not {batch!r}")
    pending: list[str] = []
    numbers: list[int] = []

    def flush() -> Iterator[tuple[int, EmvqrError]]:
        try:
            refused = _native.check_batch(pending, bool(lenient))
        except UnicodeEncodeError:
            # A line with a lone surrogate: check this batch one line at a time.
            refused = []
            for index, line in enumerate(pending):
                try:
                    refused += [(index, e) for _, e in _native.check_batch([line], bool(lenient))]
                except UnicodeEncodeError as bad:
                    refused.append((index, _not_utf8(bad)))
        for index, error in refused:
            yield numbers[index], error  # type: ignore[misc]
        pending.clear()
        numbers.clear()

    for number, line in enumerate(lines, start=1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as bad:
                yield (
                    number,
                    EmvqrError(
                        f"line {number} is not UTF-8 (byte {bad.start})", "not_utf8", bad.start
                    ),
                )
                continue
        elif not isinstance(line, str):
            raise TypeError(f"line {number} is a {type(line).__name__}, not a str")
        if line.endswith("\n"):
            line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
        if not line.strip(_ASCII_SPACE) or line.startswith("#"):
            continue
        pending.append(line)
        numbers.append(number)
        if len(pending) >= batch:
            yield from flush()
    if pending:
        yield from flush()
