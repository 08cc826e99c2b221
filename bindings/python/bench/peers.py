"""The Python Pix libraries on PyPI, each as a call that builds, or parses, the same static
Pix code. `check()` makes sure each call gives what it should, so the timings compare work
that was done."""

from __future__ import annotations

import importlib
import os
import sys
from decimal import Decimal
from importlib import metadata
from typing import Any, Callable

HERE = os.path.dirname(os.path.abspath(__file__))
KEY, NAME, CITY, TXID = "fulano@example.com", "FULANO DE TAL", "BRASILIA", "PEDIDO1042"
CODE = (
    "00020126400014br.gov.bcb.pix0118fulano@example.com520400005303986540510.505802BR"
    "5913FULANO DE TAL6008BRASILIA62140510PEDIDO10426304F483"
)

BUILD: dict[str, Callable[[], str]] = {}
PARSE: dict[str, Callable[[], Any]] = {}
# What each builder writes where it differs from CODE.
DIFFERS: dict[str, str] = {}
# What a parser does not do.
PARSE_NOTES: dict[str, str] = {}


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        for found in metadata.distributions(path=[os.path.join(HERE, "peers", dist)]):
            return found.version
        raise


def apart(dist: str, module: str) -> Any:
    """Imports `module` from peers/<dist>/, then forgets its top-level package, so that
    another distribution's package of the same name can be imported too."""
    top = module.split(".")[0]
    ours = [k for k in sys.modules if k == top or k.startswith(top + ".")]
    saved = {k: sys.modules.pop(k) for k in ours}
    sys.path.insert(0, os.path.join(HERE, "peers", dist))
    try:
        return importlib.import_module(module)
    finally:
        sys.path.pop(0)
        for k in [k for k in sys.modules if k == top or k.startswith(top + ".")]:
            del sys.modules[k]
        sys.modules.update(saved)


def peer(table: dict, dist: str, differs: str = "") -> Callable:
    def register(call: Callable) -> Callable:
        name = f"{dist} {version(dist)}"
        table[name] = call
        if differs:
            (DIFFERS if table is BUILD else PARSE_NOTES)[name] = differs
        return call

    return register


starkbank = apart("starkbank-brcode", "brcode.static")
starkbank_read = apart("starkbank-brcode", "brcode.utils.brcodeId")


@peer(BUILD, "starkbank-brcode")
def _() -> str:
    return starkbank.fromJson(
        {"key": KEY, "name": NAME, "city": CITY, "amount": 1050, "txid": TXID}
    )


@peer(PARSE, "starkbank-brcode")
def _() -> Any:
    return starkbank_read.jsonFromBrcode(CODE)


import pixcanvas  # noqa: E402


@peer(BUILD, "pixcanvas", "adds 01 = 11")
def _() -> str:
    return pixcanvas.create_static_pix(
        pix_key=KEY, merchant_name=NAME, merchant_city=CITY, amount=Decimal("10.50"), txid=TXID
    ).br_code


@peer(PARSE, "pixcanvas")
def _() -> Any:
    return pixcanvas.parse_pix(CODE)


import pix_utils  # noqa: E402


@peer(BUILD, "pix-utils", "GUI in capitals; float amount")
def _() -> str:
    return str(pix_utils.Code(KEY, NAME, CITY, 10.50, TXID))


from pybrcode.pix import generate_simple_pix  # noqa: E402


@peer(BUILD, "pybrcode", "GUI in capitals; float amount")
def _() -> str:
    code = generate_simple_pix(NAME, KEY, CITY, 10.50, TXID)
    code.payload["poim"] = None  # it adds 01 = 12 otherwise
    return str(code)


from pypix import Pix  # noqa: E402


@peer(BUILD, "pypix", 'GUI in capitals; txid written "IdentificadorPEDIDO1042"; float amount')
def _() -> str:
    pix = Pix()
    pix.set_pixkey(KEY)
    pix.set_merchant_name(NAME)
    pix.set_merchant_city(CITY)
    pix.set_amount(10.50)
    pix.set_txid(TXID)
    return str(pix)


python_brcode = apart("python-brcode", "brcode")


@peer(BUILD, "python-brcode", "an empty field 26.02, which is not allowed")
def _() -> str:
    return str(
        python_brcode.BRCode(
            key=KEY, name=NAME, city=CITY, amount=Decimal("10.50"), transaction_id=TXID
        )
    )


brcode = apart("brcode", "brcode")


@peer(PARSE, "brcode", "does not check the CRC")
def _() -> Any:
    return brcode.QR(CODE)


def check() -> None:
    import emvqr

    for name, build in BUILD.items():
        code = build()
        if name in DIFFERS:
            assert code != CODE, name
            assert CODE[56:70] in code or CODE[56:70].upper() in code, (name, code)
        else:
            assert code == CODE, (name, code)
    for name, parse in PARSE.items():
        assert parse() is not None, name
    assert emvqr.build_pix(key=KEY, name=NAME, city=CITY, amount="10.50", txid=TXID) == CODE
