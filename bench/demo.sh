#!/usr/bin/env bash
# The full national demo: generate and import a synthetic Netherlands at scale 1.0 into a fresh
# database; prints the demo summary, wall time, peak memory and CPU time of the whole process, and per
# delivery kind the deliveries, rows, time and rows/s (from each delivery's own timing in the
# log), so that it shows where an import's time goes.
# Usage: bench/demo.sh [SCALE]      (DGR=path/to/dgr times another build of dgr)
set -euo pipefail
# a build named by DGR is taken from where the script was started
DGR=${DGR:+$(realpath "$DGR")}
cd "$(dirname "$0")/.."
schaal=${1:-1.0}
if [ -z "${DGR:-}" ]; then
  cargo build --release -q -p dgr
  DGR=target/release/dgr
fi
werk=$(mktemp -d)
trap 'rm -rf "$werk"' EXIT
if ! DGR_LOG=info /usr/bin/time -f "wall %e s, peak memory %M KB, cpu %U s user + %S s system" -o "$werk/time" "$DGR" --db "$werk/nl.db" demo --schaal "$schaal" --map "$werk/data" 2> "$werk/log"; then
  tail -n 20 "$werk/log" >&2
  exit 1
fi
grep -v "^[0-9-]*T[0-9:.]*Z" "$werk/log" || true
cat "$werk/time"
echo "database size: $(du -h "$werk/nl.db" | cut -f1)"
echo "per delivery kind (time is each delivery's own, read to commit; commit is the part spent committing):"
grep "levering toegepast\|levering afgewezen" "$werk/log" |
  sed -E 's/.*soort=([a-z]+).*rijen=([0-9]+).*duur_ms=([0-9]+)( commit_us=([0-9]+))?.*/\1 \2 \3 \5/' |
  awk '$1 ~ /^[a-z]+$/ {n[$1]++; r[$1]+=$2; t[$1]+=$3; c[$1]+=$4}
       END {for (k in n) printf "  %-15s %4d deliveries %9d rows %8.1f s %9.0f rows/s  commit %5.1f s\n", k, n[k], r[k], t[k]/1000, r[k]*1000/(t[k]+1), c[k]/1e6}' |
  sort -k6 -nr
echo "  rejected whole: $(grep -c "levering afgewezen" "$werk/log" || true) deliveries"
