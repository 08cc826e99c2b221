// Takes docs/inspector.png, the README's picture of the inspector page, with the same headless
// Chromium the tests use: the page opened leniently on a Pix code whose city is accented (one
// deviation marked in the payload, the field tree, the Pix view and the QR code all show).
//
//   bash bindings/wasm/build.sh && node bindings/wasm/screenshot.mjs
import { join } from "node:path";

import { chromium, serve } from "./tests/serve.mjs";
import { root } from "./tests/vectors.mjs";

const code =
  "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASÍLIA62070503***6304B4F6";
const out = join(root, "docs", "inspector.png");
const site = await serve();
try {
  await chromium(
    "--hide-scrollbars",
    "--window-size=1280,1240",
    "--virtual-time-budget=15000",
    `--screenshot=${out}`,
    `${site.base}/www/index.html?lenient#${encodeURIComponent(code)}`,
  );
  console.log(`wrote ${out}`);
} finally {
  site.close();
}
