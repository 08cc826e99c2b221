// What the JavaScript tests share: the project's vector set (tests/vectors/*.tsv, with the
// verdicts the Rust tests hold emvqr to) and the `emvqr` command, whose answers the package
// and the page must give.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Every vector: { strict, lenient, payload, file } (verdicts as the .tsv files write them). */
export function vectors() {
  const dir = join(root, "tests", "vectors");
  const rows = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".tsv")).sort()) {
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      if (line === "" || line.startsWith("#")) continue;
      const [strict, lenient, payload] = line.split("\t");
      rows.push({ strict, lenient, payload, file });
    }
  }
  if (rows.length < 100) throw new Error(`only ${rows.length} vectors in ${dir}`);
  return rows;
}

/** The `emvqr` command built by `cargo build -p emvqr-cli` (or EMVQR_BIN). */
export function emvqrBinary() {
  const binary = process.env.EMVQR_BIN ?? join(root, "target", "debug", "emvqr");
  if (!existsSync(binary)) {
    throw new Error(`${binary} is missing: run cargo build -p emvqr-cli first (or set EMVQR_BIN)`);
  }
  return binary;
}

/** `emvqr decode --json [--lenient] PAYLOAD`: its JSON, valid or not. */
export function cliDecode(payload, lenient) {
  const args = ["decode", "--json", ...(lenient ? ["--lenient"] : []), "--", payload];
  try {
    return JSON.parse(execFileSync(emvqrBinary(), args, { stdio: ["ignore", "pipe", "pipe"] }));
  } catch (error) {
    if (error.stdout && error.stdout.length > 0) return JSON.parse(error.stdout);
    throw error;
  }
}

/** `kind@path:offset`, as the vector files write an error. */
export const verdictOf = (error) => `${error.kind}@${error.path}:${error.offset}`;
