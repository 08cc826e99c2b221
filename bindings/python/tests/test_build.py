"""The builders: codes that decode to what was given, and every refusal, naming the field."""

from __future__ import annotations

from decimal import Decimal

import pytest

import emvqr

EVP = "123e4567-e12b-12d1-a456-426655440000"


def refusal(**spec: object) -> emvqr.EmvqrError:
    with pytest.raises(emvqr.EmvqrError) as caught:
        emvqr.build_pix(**spec)  # type: ignore[arg-type]
    return caught.value


def test_a_static_code_with_an_amount_and_a_txid() -> None:
    code = emvqr.build_pix(
        key="fulano@example.com",
        name="FULANO DE TAL",
        city="BRASILIA",
        amount="10.50",
        txid="PEDIDO1042",
    )
    assert code == (
        "00020126400014br.gov.bcb.pix0118fulano@example.com520400005303986540510.505802BR"
        "5913FULANO DE TAL6008BRASILIA62140510PEDIDO10426304F483"
    )
    (pix,) = emvqr.decode(code).schemes
    assert isinstance(pix, emvqr.Pix) and pix.key_kind == "email" and pix.txid == "PEDIDO1042"


def test_amounts_are_text_or_decimal_never_float() -> None:
    base = dict(key=EVP, name="FULANO", city="BRASILIA")
    for amount, written in [("0.01", "0.01"), (Decimal("10.5"), "10.5"), (Decimal("1E+2"), "100")]:
        assert emvqr.decode(emvqr.build_pix(**base, amount=amount))["54"] == written
    for amount in (10.5, 10, True):
        with pytest.raises(TypeError, match="amount must be a str or a decimal.Decimal"):
            emvqr.build_pix(**base, amount=amount)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"0\.1 \+ 0\.2"):
        emvqr.build_pix(**base, amount=0.1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a finite number"):
        emvqr.build_pix(**base, amount=Decimal("NaN"))
    for amount in ("10,50", "-1", "0", "0.00", "12345678901.23"):
        error = refusal(**base, amount=amount)
        assert (error.kind, error.path, error.offset) == ("invalid_amount", "54", None), amount


def test_refusals_name_the_field() -> None:
    cases = [
        (dict(key=EVP, name="N" * 26, city="BRASILIA"), "59"),
        (dict(key=EVP, name="FULANO", city="SÃO PAULO"), "60"),
        (dict(key="123.456.789-00", name="FULANO", city="BRASILIA"), "26.01"),
        (dict(key="12345678900", name="FULANO", city="BRASILIA"), "26.01"),
        (dict(key=EVP, name="FULANO", city="BRASILIA", txid="PEDIDO-1042"), "62.05"),
        (dict(key=EVP, name="FULANO", city="BRASILIA", txid="T" * 26), "62.05"),
    ]
    for spec, path in cases:
        error = refusal(**spec)
        assert error.path == path, (spec, error)
        assert error.offset is None or error.offset >= 0
        assert error.message and error.kind
    with pytest.raises(ValueError, match="not both"):
        emvqr.build_pix(key=EVP, url="pix.example.com/qr/v2/1", name="F", city="B")
    with pytest.raises(ValueError, match="give a key"):
        emvqr.build_pix(name="F", city="B")
    with pytest.raises(TypeError, match="name must be a str"):
        emvqr.build_pix(key=EVP, name=None, city="B")  # type: ignore[arg-type]


def test_transliteration_is_asked_for() -> None:
    code = emvqr.build_pix(key=EVP, name="José Conceição", city="São Paulo", transliterate=True)
    payload = emvqr.decode(code)
    assert (payload["59"], payload["60"]) == ("Jose Conceicao", "SAO PAULO")
    error = refusal(key=EVP, name="北京烤鸭", city="BEIJING", transliterate=True)
    assert (error.kind, error.path) == ("invalid_character", "59")


def test_dynamic_and_pix_automatico() -> None:
    dynamic = emvqr.decode(
        emvqr.build_pix(url="pix.example.com/qr/v2/9d36b84f", name="LOJA", city="RECIFE")
    )
    (pix,) = dynamic.schemes
    assert pix.dynamic and pix.location == "pix.example.com/qr/v2/9d36b84f"
    composite = emvqr.decode(
        emvqr.build_pix(
            url="pix.example.com/qr/v2/cobv/1",
            recurrence="pix.example.com/qr/v2/rec/1",
            name="LOJA",
            city="RECIFE",
        )
    )
    (pix,) = composite.schemes
    assert pix.recurrence == "pix.example.com/qr/v2/rec/1" and pix.journey is not None
    only = emvqr.decode(
        emvqr.build_pix(recurrence="pix.example.com/qr/v2/rec/1", name="LOJA", city="RECIFE")
    )
    assert only.schemes[0].recurrence == "pix.example.com/qr/v2/rec/1"


def test_any_emv_payload() -> None:
    code = emvqr.build_emv(
        {
            "59": "Fulano de Tal",
            "26.00": "br.gov.bcb.pix",
            "26.01": EVP,
            "52": "0000",
            "53": "986",
            "54": "10.50",
            "58": "BR",
            "60": "BRASILIA",
            "62.05": "***",
        }
    )
    assert code == (
        "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
        "520400005303986540510.505802BR5913Fulano de Tal6008BRASILIA62070503***6304AEEE"
    )
    with pytest.raises(emvqr.EmvqrError) as caught:
        emvqr.build_emv({"5x": "1"})
    assert caught.value.kind == "invalid_tag_path"
    with pytest.raises(emvqr.EmvqrError) as caught:
        emvqr.build_emv({"52": "0000", "53": "986", "58": "BR", "59": "F"})
    assert (caught.value.kind, caught.value.path) == ("missing_field", "60")
    with pytest.raises(TypeError):
        emvqr.build_emv([("59", "F")])  # type: ignore[arg-type]
