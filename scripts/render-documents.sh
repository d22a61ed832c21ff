#!/usr/bin/env bash
# Writes the council's documents for a sample batch (result table, minutes, results decision)
# as PDF and one PNG per page into DIR (default: target/documents), to look at the layout and
# the Vietnamese text; fails if a glyph is missing from the embedded font.
#   scripts/render-documents.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-target/documents}"
cargo run --quiet --example council_documents -- "$dir"
