"""QR codes: PNG and SVG that a real decoder (zbar) reads back, and the module matrix, which
must be the PNG's pixels."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

import emvqr
from conftest import vectors, zbar


def png_pixels(data: bytes) -> list[list[bool]]:
    """A 1-bit greyscale PNG's pixels, True for black (enough of PNG for emvqr's files)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks, header = 8, b"", None
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks += body
        at += 12 + length
    assert header is not None
    width, height, depth, colour = header[:4]
    assert (depth, colour) == (1, 0)
    raw, stride = zlib.decompress(chunks), (width + 7) // 8
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - 1] if i else 0
            up, corner = previous[i], previous[i - 1] if i else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (
                    line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)
                ) & 255
        rows.append([not (line[x // 8] >> (7 - x % 8)) & 1 for x in range(width)])
        previous = line
    return rows


def valid_payloads() -> list[str]:
    return [v.payload for v in vectors() if v.strict == "ok"]


def test_png_scans_back_for_every_valid_vector(tmp_path: Path) -> None:
    for index, payload in enumerate(valid_payloads()):
        image = tmp_path / f"{index}.png"
        image.write_bytes(emvqr.qr_png(payload, scale=4))
        assert zbar(image) == payload.encode(), payload


def test_svg_scans_back(tmp_path: Path) -> None:
    if shutil.which("rsvg-convert") is None:
        pytest.fail("rsvg-convert is missing (Debian: apt-get install librsvg2-bin)")
    for index, payload in enumerate(valid_payloads()[:12]):
        svg, png = tmp_path / f"{index}.svg", tmp_path / f"{index}.png"
        svg.write_text(emvqr.qr_svg(payload, ecc="Q", border=4), encoding="utf-8")
        subprocess.run(["rsvg-convert", "-o", str(png), str(svg)], check=True)
        assert zbar(png) == payload.encode(), payload


def test_the_matrix_is_the_png() -> None:
    for payload in valid_payloads()[:20]:
        for ecc in "LMQH":
            matrix = emvqr.qr_matrix(payload, ecc=ecc)
            assert len(matrix) in range(21, 178, 4) and all(
                len(row) == len(matrix) for row in matrix
            )
            assert png_pixels(emvqr.qr_png(payload, ecc=ecc, scale=1, border=0)) == matrix
            # The finder pattern's top row.
            assert matrix[0][:8] == [True] * 7 + [False]
            bordered = png_pixels(emvqr.qr_png(payload, ecc=ecc, scale=2, border=3))
            assert len(bordered) == 2 * (len(matrix) + 6)
            assert bordered[6][6:8] == [True, True] and bordered[5][6] is False


def test_what_cannot_be_drawn_is_refused() -> None:
    broken = valid_payloads()[0][:-1] + "0"
    with pytest.raises(emvqr.EmvqrError) as caught:
        emvqr.qr_png(broken)
    assert caught.value.kind == "crc_mismatch"
    assert emvqr.qr_svg(broken, validate=False).startswith("<svg")
    with pytest.raises(emvqr.EmvqrError) as caught:
        emvqr.qr_matrix("A" * 8000, validate=False)
    assert caught.value.kind == "qr_data_too_long"
    with pytest.raises(ValueError, match="ecc"):
        emvqr.qr_svg(valid_payloads()[0], ecc="X")
    with pytest.raises(ValueError, match="scale"):
        emvqr.qr_png(valid_payloads()[0], scale=0)
    with pytest.raises(ValueError, match="border"):
        emvqr.qr_png(valid_payloads()[0], border=256)
