#!/usr/bin/env bash
# Coverage-guided fuzzing of the readers and the API's JSON bodies (issue #9).
#
#   fuzz/run.sh [SECONDEN] [DOEL...]
#
# Builds the fuzz targets (cargo-fuzz, libFuzzer, AddressSanitizer, debug assertions and overflow
# checks on) and runs each target for SECONDEN seconds (default 300), one after the other, under
# `nice`. Every run starts from the committed seeds (seeds/DOEL, copied into the scratch corpus
# corpus/DOEL, which keeps what earlier runs found). Per target it prints the executions, the
# coverage (cov = covered edges, ft = features), the corpus size, peak memory and whether a crash
# was found; crashes land in artifacts/DOEL/ and the full log in logs/DOEL.log.
# Extra libFuzzer flags for every target can be given in FUZZ_ARGS (for example
# FUZZ_ARGS="-fork=1 -ignore_crashes=1" to go on past a known crash).
# Exit status: 0 when no target crashed, 1 otherwise, 2 when cargo-fuzz is missing.
set -uo pipefail
cd "$(dirname "$0")"

seconden="${1:-300}"
shift || true
doelen=("$@")
if [ ${#doelen[@]} -eq 0 ]; then
    doelen=(csv xlsx json)
fi

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "cargo-fuzz ontbreekt: installeer het met 'cargo install cargo-fuzz --locked'" >&2
    exit 2
fi
# cargo-fuzz passes nightly-only flags (-Zsanitizer, sancov passes); the pinned stable
# toolchain accepts them with RUSTC_BOOTSTRAP.
export RUSTC_BOOTSTRAP=1

# libFuzzer flags per target: longest input, memory limit, dictionary.
opties() {
    case "$1" in
        csv) echo "-max_len=8192 -rss_limit_mb=2048 -dict=dict/csv.dict" ;;
        xlsx) echo "-max_len=65536 -rss_limit_mb=2048 -dict=dict/xlsx.dict" ;;
        json) echo "-max_len=4096 -rss_limit_mb=2048 -dict=dict/json.dict" ;;
        *) echo "" ;;
    esac
}

echo "== bouwen (cargo fuzz build)"
if ! nice -n 5 cargo fuzz build; then
    echo "bouwen mislukt" >&2
    exit 1
fi

mkdir -p logs
samenvatting=()
gecrasht=0
for doel in "${doelen[@]}"; do
    mkdir -p "corpus/$doel" "artifacts/$doel"
    cp -n seeds/"$doel"/* "corpus/$doel/" 2>/dev/null || true
    log="logs/$doel.log"
    echo "== $doel: ${seconden}s (log: fuzz/$log)"
    start=$(date +%s)
    merk=$(mktemp)
    # shellcheck disable=SC2046
    nice -n 5 cargo fuzz run "$doel" "corpus/$doel" -- \
        -max_total_time="$seconden" -timeout=10 -print_final_stats=1 \
        $(opties "$doel") ${FUZZ_ARGS:-} >"$log" 2>&1
    rc=$?
    duur=$(( $(date +%s) - start ))
    # the last status line: "#RUNS ... cov: C ft: F corp: N/SIZE ... rss: RMb"
    laatste=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
    runs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$laatste")
    cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$laatste")
    ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$laatste")
    corp=$(sed -nE 's/.*corp: ([0-9]+(\/[0-9a-zA-Z]+)?).*/\1/p' <<<"$laatste")
    # peak memory: the final statistics, or the highest "rss:" of the status lines (fork mode)
    rss=$(sed -nE 's/^stat::peak_rss_mb: *([0-9]+).*/\1/p' "$log" | tail -n 1)
    if [ -z "$rss" ]; then
        rss=$(grep -oE 'rss: [0-9]+Mb' "$log" | grep -oE '[0-9]+' | sort -n | tail -n 1)
    fi
    # crash, leak, timeout and oom inputs written during this run
    vondsten=$(find "artifacts/$doel" -type f -newer "$merk" | wc -l)
    rm -f "$merk"
    if [ "$rc" -ne 0 ] || [ "$vondsten" -gt 0 ]; then
        gecrasht=1
        uitkomst="GEVONDEN (exit $rc, $vondsten invoer(en) in fuzz/artifacts/$doel)"
    else
        uitkomst="geen crash"
    fi
    regel=$(printf '%-5s %5ss  runs %-10s cov %-6s ft %-7s corpus %-12s rss %sMB  %s' \
        "$doel" "$duur" "${runs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}" "$uitkomst")
    echo "$regel"
    samenvatting+=("$regel")
done

echo
echo "== samenvatting"
printf '%s\n' "${samenvatting[@]}"
exit "$gecrasht"
