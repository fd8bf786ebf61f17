#!/usr/bin/env bash
# Two garbled binaries timed side by side, alternating, on the same inputs: the way to
# compare builds on a shared, noisy machine (compare within one run, never across runs).
#
#   bash bench/sidebyside.sh OLD_BIN NEW_BIN [ROUNDS]      # default ROUNDS=3
#
# Inputs (made once by `bash bench/peers.sh` or bench/peers/prepare.py, see below):
# bench/out/peers/data/100.txt (one 100 MB file), 100.jsonl (the same text as a JSONL
# stream) and files/ (its first 10 MB cut at the first line end after every 2,500 bytes:
# 3,677 files of 2.7 KB on average, as a folder of documents checked in CI would be). For each binary and round: the file,
# the folder (every file against every other for duplicates) and the stream with
# --no-findings, each at -j1 (user+sys CPU s) and -j2 (wall s); peak RSS for each. Prints
# one line per run and a summary of the best of the rounds.
set -euo pipefail
old=$(realpath "${1:?usage: sidebyside.sh OLD_BIN NEW_BIN [ROUNDS]}"); new=$(realpath "${2:?usage: sidebyside.sh OLD_BIN NEW_BIN [ROUNDS]}")
cd "$(dirname "$0")/.."
rounds=${3:-3}
data=bench/out/peers/data
if [ ! -s "$data/100.txt" ] || [ ! -s "$data/100.jsonl" ]; then
    mkdir -p "$data"
    python3 bench/peers/prepare.py ../shared/reference "$data" 100 20
fi
if [ ! -d "$data/files" ]; then
    mkdir -p "$data/files.tmp"
    python3 - "$data/100.txt" "$data/files.tmp" <<'PY'
import sys
src, out = sys.argv[1], sys.argv[2]
with open(src, 'rb') as f:
    data = f.read(10_000_000)
start, n = 0, 0
while n < 4000 and start < len(data):
    end = data.find(b'\n', start + 2500)
    end = len(data) if end < 0 else end + 1
    with open(f'{out}/{n:04d}.txt', 'wb') as g:
        g.write(data[start:end])
    start, n = end, n + 1
PY
    mv "$data/files.tmp" "$data/files"
fi
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
declare -A best
run() { # label bin args...
    local label=$1 bin=$2; shift 2
    /usr/bin/time -f "%e %U %S %M" -o "$tmp" "$bin" check --isolated --fail-under 0 "$@" > /dev/null 2>&1 || true
    read -r wall user sys kb < "$tmp"
    local cpu; cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    printf '%-5s %-22s wall %6.2f s  cpu %6.2f s  peak %5d MiB\n' "$bin_name" "$label" "$wall" "$cpu" $((kb / 1024))
    local key="$bin_name $label"
    local v=$cpu; [[ $label == *-j2 ]] && v=$wall
    if [ -z "${best[$key]:-}" ] || awk -v a="$v" -v b="${best[$key]}" 'BEGIN { exit !(a < b) }'; then best[$key]=$v; fi
}
for r in $(seq 1 "$rounds"); do
    for pair in "old:$old" "new:$new"; do
        bin_name=${pair%%:*}; bin=${pair#*:}
        run "file -j1" "$bin" -j1 "$data/100.txt"
        run "file -j2" "$bin" -j2 "$data/100.txt"
        run "folder -j1" "$bin" -j1 "$data/files"
        run "folder -j2" "$bin" -j2 "$data/files"
        run "stream -j1" "$bin" -j1 --input-format jsonl --no-findings "$data/100.jsonl"
        run "stream -j2" "$bin" -j2 --input-format jsonl --no-findings "$data/100.jsonl"
    done
done
echo "best of $rounds (-j1: CPU s; -j2: wall s):"
for label in "file -j1" "file -j2" "folder -j1" "folder -j2" "stream -j1" "stream -j2"; do
    awk -v l="$label" -v o="${best[old $label]}" -v n="${best[new $label]}" \
        'BEGIN { printf "  %-12s old %6.2f  new %6.2f  new/old %.3f\n", l, o, n, n / o }'
done
