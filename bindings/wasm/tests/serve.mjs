// A static file server over bindings/wasm/ (the page in www/, the batch page in tests/), plus
// /vectors.json: the project's vector payloads, for the batch page. It runs in the test's own
// process, so whatever waits for Chromium must wait asynchronously.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { promisify } from "node:util";

import { root, vectors } from "./vectors.mjs";

const served = join(root, "bindings", "wasm");
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
};

/** Starts the server on a free port of 127.0.0.1: resolves to { base, close }. */
export async function serve() {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    if (path === "/vectors.json") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(vectors().map((v) => v.payload)));
      return;
    }
    const file = normalize(join(served, path));
    if (!file.startsWith(served)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** Runs headless Chromium (Debian's `chromium`, or $CHROMIUM) with `args`; resolves to stdout. */
export async function chromium(...args) {
  const { stdout } = await promisify(execFile)(
    process.env.CHROMIUM ?? "chromium",
    ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", ...args],
    { encoding: "utf8", timeout: 120_000, maxBuffer: 64 << 20 },
  );
  return stdout;
}
