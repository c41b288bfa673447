#!/usr/bin/env bash
# The full national demo: generate and import a synthetic Netherlands at scale 1.0 into a fresh
# database; prints the demo summary, wall time and peak memory of the whole process.
# Usage: bench/demo.sh [SCALE]
set -euo pipefail
cd "$(dirname "$0")/.."
schaal=${1:-1.0}
cargo build --release -q -p dgr
werk=$(mktemp -d)
trap 'rm -rf "$werk"' EXIT
/usr/bin/time -f "wall %e s, peak memory %M KB" -o "$werk/time" target/release/dgr --db "$werk/nl.db" demo --schaal "$schaal" --map "$werk/data"
cat "$werk/time"
echo "database size: $(du -h "$werk/nl.db" | cut -f1)"
