// The inspector page in headless Chromium: opened with a code in the address, its DOM must
// show the verdict, the field tree, the schemes, the problems with the characters they point
// at, and a QR code that a real decoder reads back. And the browser build answers every vector
// as the emvqr command does.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { chromium, serve } from "./serve.mjs";
import { cliDecode, vectors } from "./vectors.mjs";

let site;
before(async () => {
  site = await serve();
});
after(() => site.close());

/** The DOM Chromium builds for `url`, after the page's scripts ran. */
const dom = (url) => chromium("--virtual-time-budget=15000", "--dump-dom", `${site.base}${url}`);

const unescape = (html) =>
  html.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

function text(html, id) {
  const match = html.match(new RegExp(`id="${id}"[^>]*>([^<]*)<`));
  return match ? unescape(match[1]) : null;
}

const PIX =
  "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
const GUIDE_A =
  "00020101021243650016COM.MERCADOLIBRE02013063638f1192a-5fd1-4180-a180-8bcae3556bc35204000053039865802BR5925IZABEL AAAA DE MELO6007BARUERI62070503***63040B6D";
const ACCENTED =
  "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASÍLIA62070503***6304B4F6";

test("a valid code: verdict, field tree, scheme, and a QR code that scans", async () => {
  const html = await dom(`/www/index.html#${encodeURIComponent(PIX)}`);
  assert.equal(text(html, "verdict"), "Valid (strict): 137 characters, CRC 1D3D");
  const row = html.match(/<tr data-path="26\.01"[^>]*>(.*?)<\/tr>/)[1];
  assert.match(row, /<td[^>]*>01<\/td><td>scheme-specific data<\/td><td>123e4567-e12b-12d1-a456-426655440000<\/td><td>28<\/td>/);
  assert.match(html, /<tr data-path="62\.05" class="depth-1">/);
  assert.match(html, /<div class="scheme" data-scheme="Pix">/);
  const svg = unescape(html.match(/<svg[\s\S]*?<\/svg>/)[0]);
  const work = mkdtempSync(join(tmpdir(), "emvqr-page-"));
  try {
    writeFileSync(join(work, "qr.svg"), svg);
    execFileSync("rsvg-convert", ["-o", join(work, "qr.png"), join(work, "qr.svg")]);
    const read = execFileSync("zbarimg", ["-q", "--raw", "-Sbinary", join(work, "qr.png")], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    assert.equal(read.toString("utf8"), PIX);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test("a broken code: the error with its offset, the characters marked, the notes", async () => {
  const html = await dom(`/www/index.html#${encodeURIComponent(GUIDE_A)}`);
  assert.equal(
    text(html, "verdict"),
    "Invalid: field 59 (merchant name) declares 25 characters but only 19 fit before field 60; the value was probably edited after the code was made — at offset 102",
  );
  assert.match(html, /<li class="problem" data-kind="length_mismatch" data-offset="102" data-path="59">/);
  // The marked characters are those at byte 102: the field's header.
  const mark = html.match(/<mark data-problem="1"[^>]*>([^<]*)<\/mark>/)[1];
  assert.equal(mark, GUIDE_A.slice(102, 106));
  assert.match(html, /note: the CRC does not match either/);
  assert.doesNotMatch(html, /<svg/);
});

test("leniently: the deviation listed and the accented city marked", async () => {
  const html = await dom(`/www/index.html?lenient#${encodeURIComponent(ACCENTED)}`);
  assert.equal(text(html, "verdict"), "Valid leniently, breaking 1 rule:");
  assert.match(html, /<li class="problem" data-kind="invalid_character" data-offset="114" data-path="60">/);
  const mark = unescape(html.match(/<mark data-problem="1"[^>]*>([^<]*)<\/mark>/)[1]);
  assert.equal(mark, "ÍLIA");
  assert.match(html, /<svg/);
});

test("the browser build answers every vector as the emvqr command does", async () => {
  const html = await dom(`/tests/batch.html`);
  const answers = JSON.parse(unescape(html.match(/<pre id="out">([\s\S]*?)<\/pre>/)[1]));
  const rows = vectors();
  assert.equal(answers.length, rows.length);
  rows.forEach(({ payload }, i) => {
    [false, true].forEach((lenient, mode) => {
      assert.deepEqual(answers[i][mode], cliDecode(payload, lenient), `${payload} (lenient: ${lenient})`);
    });
  });
});
