"""`decode` and `check_lines` against the `emvqr` command on every vector: the same field tree,
schemes and deviations for valid codes, the same error (kind, path, offset, message) for
invalid ones, and the verdicts the vector files hold."""

from __future__ import annotations

import io
import json
import subprocess
import threading

import pytest

import emvqr
from conftest import cli_decode, emvqr_binary, vectors, verdict_of

PIX = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)
GUIDE_A = (
    "00020101021243650016COM.MERCADOLIBRE02013063638f1192a-5fd1-4180-a180-8bcae3556bc3"
    "5204000053039865802BR5925IZABEL AAAA DE MELO6007BARUERI62070503***63040B6D"
)


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
def test_every_vector_decodes_as_the_command_does(lenient: bool) -> None:
    for vector in vectors():
        cli = cli_decode(vector.payload, lenient)
        verdict = vector.lenient if lenient else vector.strict
        if cli["valid"]:
            payload = emvqr.decode(vector.payload, lenient=lenient)
            assert payload.to_dict() == cli, vector.payload
            assert verdict.startswith("ok"), (vector.payload, verdict)
            assert payload.valid and payload.mode == ("lenient" if lenient else "strict")
            # The typed views say what the dict says.
            for scheme, data in zip(payload.schemes, cli["schemes"]):
                for key, value in data.items():
                    assert getattr(scheme, key) == value, (vector.payload, key)
            assert [d.kind for d in payload.deviations] == [d["kind"] for d in cli["deviations"]]
        else:
            with pytest.raises(emvqr.EmvqrError) as caught:
                emvqr.decode(vector.payload, lenient=lenient)
            error = caught.value
            assert {k: v for k, v in error.to_dict().items() if k != "notes"} == cli["error"]
            assert str(error) == cli["error"]["message"]
            assert verdict_of(error) == verdict, vector.payload
            assert isinstance(error, ValueError)


def test_fields_by_path_and_the_tree() -> None:
    payload = emvqr.decode(PIX)
    assert payload["59"] == "Fulano de Tal"
    assert payload["62.05"] == "***"
    assert payload["26.01"] == "123e4567-e12b-12d1-a456-426655440000"
    assert payload.get("54") is None and "54" not in payload and "26.00" in payload
    with pytest.raises(KeyError):
        payload["54"]
    template = payload.field("26")
    assert template is not None
    assert [(f.path, f.name, f.offset) for f in template.fields] == [
        ("26.00", "globally unique identifier", 10),
        ("26.01", "scheme-specific data", 28),
    ]
    (pix,) = payload.schemes
    assert isinstance(pix, emvqr.Pix)
    assert (pix.key, pix.key_kind, pix.txid, pix.dynamic) == (
        "123e4567-e12b-12d1-a456-426655440000",
        "evp",
        "***",
        False,
    )
    assert repr(payload) == "<emvqr.Payload strict, 9 fields, Pix>"
    json.dumps(payload.to_dict())  # JSON-ready


def test_a_broken_code_says_where_and_what_more_there_is_to_say() -> None:
    with pytest.raises(emvqr.EmvqrError) as caught:
        emvqr.decode(GUIDE_A)
    error = caught.value
    assert (error.kind, error.path, error.offset) == ("length_mismatch", "59", 102)
    assert "declares 25 characters but only 19 fit before field 60" in error.message
    assert error.notes == (
        "the CRC does not match either: the payload says 0B6D, its content gives 6EAA — at offset 151",
    )
    accented = PIX.replace("BRASILIA", "BRASÍLIA").replace("1D3D", "B4F6")
    with pytest.raises(emvqr.EmvqrError) as caught:
        emvqr.decode(accented)
    assert (caught.value.kind, caught.value.offset) == ("invalid_character", 114)
    assert caught.value.notes[0].startswith("the structure and CRC are sound; lenient parsing")
    lenient = emvqr.decode(accented, lenient=True)
    assert [(d.kind, d.path, d.offset) for d in lenient.deviations] == [
        ("invalid_character", "60", 114)
    ]
    assert lenient.deviation_count == 1


def test_wrong_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError):
        emvqr.decode(PIX.encode())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        emvqr.decode(None)  # type: ignore[arg-type]
    with pytest.raises(emvqr.EmvqrError) as caught:
        emvqr.decode("0002\ud80001")
    assert caught.value.kind == "not_utf8"


def cli_check(text: str, lenient: bool) -> list[dict]:
    args = [emvqr_binary(), "check", "--json", *(["--lenient"] if lenient else [])]
    run = subprocess.run(args, input=text.encode(), capture_output=True)
    return [json.loads(line) for line in run.stdout.decode().splitlines()]


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
def test_check_lines_finds_what_emvqr_check_finds(lenient: bool) -> None:
    lines = ["# a comment", ""]
    for vector in vectors():
        lines += [vector.payload, "  "]
    text = "\r\n".join(lines) + "\n"
    expected = [
        (row["line"], row["error"])
        for row in cli_check(text, lenient)
        if "line" in row and not row["valid"]
    ]
    found = list(emvqr.check_lines(io.StringIO(text, newline=""), lenient=lenient, batch=7))
    assert [
        (n, {k: v for k, v in e.to_dict().items() if k != "notes"}) for n, e in found
    ] == expected
    assert expected, "the vector set has invalid codes"
    # Bytes lines, and one that is not UTF-8.
    found_bytes = list(emvqr.check_lines([b"\xff\xfe", PIX.encode(), GUIDE_A.encode() + b"\n"]))
    assert [(n, e.kind) for n, e in found_bytes] == [(1, "not_utf8"), (3, "length_mismatch")]


def test_check_lines_from_several_threads_at_once() -> None:
    lines = [v.payload for v in vectors()] * 20
    alone = [(n, e.kind, e.offset) for n, e in emvqr.check_lines(lines)]
    results: list[list] = [[] for _ in range(4)]

    def audit(slot: int) -> None:
        results[slot] = [(n, e.kind, e.offset) for n, e in emvqr.check_lines(lines, batch=100)]

    threads = [threading.Thread(target=audit, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [alone] * 4
