#!/usr/bin/env bash
# Renders the HTML spec of an example bundle in headless Chromium and takes a
# screenshot (and a PDF, to see the print layout). Skips, with a message and
# exit 0, where Chromium is not installed.
#
#   tests/browser/render-spec.sh [bundle-name]      (default: cycle-demo)
#
# Output: target/browser/spec-<bundle>.png and .pdf. Set CHROMIUM to pick a
# browser binary, ENSEMBLE to use an already built `ensemble` (CI passes the
# one its test run built instead of building another).
set -euo pipefail
cd "$(dirname "$0")/../.."

bundle="${1:-cycle-demo}"
browser="${CHROMIUM:-}"
if [ -z "$browser" ]; then
    for candidate in chromium chromium-browser; do
        if command -v "$candidate" >/dev/null 2>&1; then
            browser="$candidate"
            break
        fi
    done
fi
if [ -z "$browser" ]; then
    echo "render-spec: skipped: chromium is not installed (apt-get install chromium to run this check)"
    exit 0
fi

out_dir="target/browser"
mkdir -p "$out_dir"
html="$out_dir/spec-$bundle.html"
png="$out_dir/spec-$bundle.png"
pdf="$out_dir/spec-$bundle.pdf"
rm -f "$html" "$png" "$pdf"

if [ -n "${ENSEMBLE:-}" ]; then
    ensemble=("$ENSEMBLE")
else
    ensemble=(cargo run --quiet --bin ensemble --)
fi
"${ensemble[@]}" --catalog catalog --rules rules --as-of 2026-11-22 \
    spec "bundles/$bundle.yaml" --format html --out "$html"

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
url="file://$(pwd)/$html"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$profile")

timeout 120 "$browser" "${flags[@]}" --window-size=1240,1754 --screenshot="$png" "$url" \
    >"$out_dir/chromium.log" 2>&1 || {
    echo "render-spec: chromium failed to take the screenshot:" >&2
    tail -n 20 "$out_dir/chromium.log" >&2
    exit 1
}
timeout 120 "$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$pdf" "$url" \
    >>"$out_dir/chromium.log" 2>&1 || {
    echo "render-spec: chromium failed to print to PDF:" >&2
    tail -n 20 "$out_dir/chromium.log" >&2
    exit 1
}

for f in "$png" "$pdf"; do
    if [ ! -s "$f" ]; then
        echo "render-spec: $f was not written" >&2
        exit 1
    fi
done
# A blank page would be a few kilobytes; a rendered spec is far more.
size=$(wc -c <"$png")
if [ "$size" -lt 20000 ]; then
    echo "render-spec: $png is only $size bytes: the page looks blank" >&2
    exit 1
fi
echo "render-spec: rendered $html with $("$browser" --version 2>/dev/null | head -n 1 || echo "$browser")"
echo "render-spec: screenshot $png ($size bytes), print layout $pdf"
