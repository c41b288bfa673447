#!/usr/bin/env bash
# Write throughput of the PostgreSQL store (and SQLite beside it) below the import: bulk polis
# rows through Transactie::schrijf_polis (new, then a second round with corrections), and persons
# with registrations. Prints rows per second per round. The measurements are ignored tests of
# dgr-store (they take minutes), run here with their output.
# Usage: bench/schrijven.sh [POLISRIJEN] [PERSONEN]   (PostgreSQL: DGR_TEST_POSTGRES)
set -euo pipefail
cd "$(dirname "$0")/.."
export DGR_BULK_RIJEN=${1:-2000000} DGR_BULK_PERSONEN=${2:-200000} DGR_BULK_SQLITE=1
cargo test --release -q -p dgr-store --features testhulp --lib -- --ignored --nocapture \
  polis_bulk_snelheid personen_en_registraties_snelheid 2>&1 | grep -vE '^(running|test |$)'
