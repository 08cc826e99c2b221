#!/usr/bin/env bash
# Builds emvqr for JavaScript, on a fresh machine too:
#   pkg/        the npm package for browsers and bundlers (ES module, .wasm, TypeScript types)
#   pkg-node/   the same for Node (CommonJS: require("emvqr-node"))
#   www/pkg/    a copy of pkg/ beside the inspector page, so that www/ is all a static server needs
#
#   bash bindings/wasm/build.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# wasm-bindgen's command-line tool must be the exact version of the crate the module uses.
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
    echo "installing wasm-bindgen-cli $version" >&2
    # (Not --locked: a registry mirror may lack the newest patch of one of its dependencies.)
    cargo install -q wasm-bindgen-cli --version "$version"
fi

cargo build -q --release --target wasm32-unknown-unknown
module=target/wasm32-unknown-unknown/release/emvqr_wasm.wasm
rm -rf pkg pkg-node www/pkg
wasm-bindgen --target web --remove-name-section --remove-producers-section \
    --out-dir pkg --out-name emvqr "$module"
wasm-bindgen --target nodejs --remove-name-section --remove-producers-section \
    --out-dir pkg-node --out-name emvqr "$module"

crate_version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
package_json() {
    local name=$1 type=$2 entry=$3
    cat <<JSON
{
  "name": "$name",
  "version": "$crate_version",
  "description": "Read, check, build and draw EMVCo payment QR codes (Pix, Mercado Pago, KHQR, Bre-B, …), with the reason a code fails.",
  "license": "MIT OR Apache-2.0",
  "repository": { "type": "git", "url": "https://github.com/emvqr/emvqr" },
  "keywords": ["emvco", "pix", "qrcode", "payments", "brcode", "mercadopago"],
  "type": "$type",
  "main": "$entry",
  "types": "emvqr.d.ts",
  "files": ["emvqr.js", "emvqr.d.ts", "emvqr_bg.wasm", "emvqr_bg.wasm.d.ts", "README.md"],
  "sideEffects": false
}
JSON
}
package_json emvqr module emvqr.js > pkg/package.json
package_json emvqr-node commonjs emvqr.js > pkg-node/package.json
for dir in pkg pkg-node; do
    cp README.md "$dir/README.md"
done
mkdir -p www/pkg
cp pkg/emvqr.js pkg/emvqr_bg.wasm pkg/emvqr.d.ts www/pkg/

bytes=$(wc -c < pkg/emvqr_bg.wasm)
gzipped=$(gzip -9 -c pkg/emvqr_bg.wasm | wc -c)
echo "emvqr_bg.wasm: $bytes bytes ($gzipped gzipped)"
if [ "$bytes" -gt $((256 * 1024)) ]; then
    echo "the module is over its 256 KiB budget" >&2
    exit 1
fi
