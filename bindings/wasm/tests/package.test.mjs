// The Node package (pkg-node) against the `emvqr` command and the vector set: the same
// answers for every code, every error kind at its offset, the builder's refusals, and QR codes
// whose SVG a real decoder (rsvg-convert, then zbarimg) reads back.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { cliDecode, root, vectors, verdictOf } from "./vectors.mjs";

const require = createRequire(import.meta.url);
const emvqr = require(join(root, "bindings", "wasm", "pkg-node", "emvqr.js"));

function thrown(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof Error, "a thrown Error");
    return error;
  }
  assert.fail("expected a thrown Error");
}

test("every vector decodes as the emvqr command decodes it, strictly and leniently", () => {
  for (const { payload, strict, lenient } of vectors()) {
    for (const mode of [false, true]) {
      const cli = cliDecode(payload, mode);
      const verdict = mode ? lenient : strict;
      if (cli.valid) {
        assert.deepEqual(emvqr.decode(payload, mode), cli, payload);
        assert.ok(verdict.startsWith("ok"), `${payload}: ${verdict}`);
      } else {
        const error = thrown(() => emvqr.decode(payload, mode));
        assert.deepEqual(
          { kind: error.kind, path: error.path, offset: error.offset, message: error.message },
          cli.error,
          payload,
        );
        // The vector files' verdicts, which the Rust tests hold: kind, path and offset.
        assert.equal(verdictOf(error), verdict, payload);
        assert.ok(Array.isArray(error.notes));
      }
    }
  }
});

test("errors point at their field; notes explain broken codes", () => {
  const guide =
    "00020101021243650016COM.MERCADOLIBRE02013063638f1192a-5fd1-4180-a180-8bcae3556bc35204000053039865802BR5925IZABEL AAAA DE MELO6007BARUERI62070503***63040B6D";
  const error = thrown(() => emvqr.decode(guide));
  assert.equal(error.kind, "length_mismatch");
  assert.equal(error.offset, 102);
  assert.match(error.message, /declares 25 characters but only 19 fit before field 60/);
  assert.deepEqual(error.notes, [
    "the CRC does not match either: the payload says 0B6D, its content gives 6EAA — at offset 151",
  ]);
  const accented =
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASÍLIA62070503***6304B4F6";
  assert.match(thrown(() => emvqr.decode(accented)).notes[0], /lenient parsing lists every rule/);
  const built = thrown(() => emvqr.buildPix({ key: "fulano@example.com", name: "A".repeat(26), city: "X" }));
  // Found in the code the builder wrote: the offset is where the name would be.
  assert.equal(built.kind, "value_too_long");
  assert.equal(built.path, "59");
  assert.equal(built.offset, 71);
});

test("buildPix writes codes that decode, and refuses what breaks a rule, naming the field", () => {
  const code = emvqr.buildPix({
    key: "+5511943214321", name: "PADARIA", city: "SAO PAULO", amount: "19.90", txid: "PEDIDO1042",
  });
  const decoded = emvqr.decode(code);
  assert.equal(decoded.schemes[0].key, "+5511943214321");
  assert.equal(decoded.fields.find((f) => f.id === "54").value, "19.90");
  const dynamic = emvqr.decode(emvqr.buildPix({ url: "pix.example.com/qr/v2/9d36b84f", name: "LOJA", city: "RIO" }));
  assert.equal(dynamic.schemes[0].location, "pix.example.com/qr/v2/9d36b84f");
  assert.equal(emvqr.buildPix({ key: "fulano@example.com", name: "X", city: "Y", amount: 10.5 }), emvqr.buildPix({ key: "fulano@example.com", name: "X", city: "Y", amount: "10.5" }));
  for (const [spec, kind, path] of [
    [{ key: "11111111111", name: "X", city: "Y" }, "pix_invalid_cpf", "26.01"],
    [{ key: "fulano@example.com", name: "X", city: "Y", txid: "PEDIDO-1" }, "pix_invalid_txid", "62.05"],
    [{ key: "fulano@example.com", name: "X", city: "Y", amount: "10,50" }, "usage", undefined],
    [{ key: "fulano@example.com", city: "Y" }, "usage", undefined],
    [{ key: "a@b.com", url: "x.com/1", name: "X", city: "Y" }, "usage", undefined],
  ]) {
    const error = thrown(() => emvqr.buildPix(spec));
    assert.equal(error.kind, kind, JSON.stringify(spec));
    assert.equal(error.path, path, JSON.stringify(spec));
  }
});

test("qrSvg draws codes that a real decoder reads back; qrMatrix gives the same symbol", () => {
  const work = mkdtempSync(join(tmpdir(), "emvqr-wasm-"));
  try {
    const valid = vectors().filter((v) => v.strict === "ok");
    for (const [i, { payload }] of valid.filter((_, i) => i % 6 === 0).entries()) {
      const svg = emvqr.qrSvg(payload, { ecc: ["L", "M", "Q", "H"][i % 4], border: 4, scale: 4 });
      const svgFile = join(work, `${i}.svg`);
      const pngFile = join(work, `${i}.png`);
      writeFileSync(svgFile, svg);
      execFileSync("rsvg-convert", ["-o", pngFile, svgFile]);
      const read = execFileSync("zbarimg", ["-q", "--raw", "-Sbinary", pngFile], { stdio: ["ignore", "pipe", "ignore"] });
      assert.equal(read.toString("utf8"), payload);
      const matrix = emvqr.qrMatrix(payload, { ecc: ["L", "M", "Q", "H"][i % 4] });
      assert.equal(matrix.modules.length, matrix.size * matrix.size);
      assert.equal(matrix.size, 17 + 4 * matrix.version);
      const side = Number(svg.match(/viewBox="0 0 (\d+) /)[1]);
      assert.equal(side, matrix.size + 8);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  // The payload must parse unless told otherwise.
  assert.equal(thrown(() => emvqr.qrSvg("hello")).kind, "id_not_digits");
  assert.match(emvqr.qrSvg("hello", { validate: false }), /^<svg /);
  assert.equal(thrown(() => emvqr.qrSvg("hello", { validate: false, ecc: "X" })).kind, "usage");
});
