#!/usr/bin/env bash
# Peak memory of the streaming check against input size: `garbled check --input-format jsonl
# --no-findings` on prefixes of one JSONL file, with and without duplicate matching, per -j.
#
#   bash bench/memory.sh [INPUT.jsonl]      # default bench/out/peers/data/500.jsonl (bench/peers.sh makes it)
#   SIZES="20 100 200 500" JOBS="1 2" BIG_LAST=1 GARBLED=/path/to/garbled bash bench/memory.sh
#
# A prefix of N MB is the input's first lines up to N*10^6 bytes. A document is analyzed in
# chunks of 1 MiB (8 MiB before session 8, when peak memory grew with the largest document seen
# so far); with BIG_LAST=1 the input's largest document is appended to every prefix, so the sizes
# differ only in what accumulates (the duplicate index, allocator slack). Peak RSS is GNU time's
# "maximum resident set size". Writes bench/out/memory/ (gitignored) and prints a table.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
input=${1:-bench/out/peers/data/500.jsonl}
SIZES=${SIZES:-"20 100 200 500"}
JOBS=${JOBS:-"1 2"}
BIG_LAST=${BIG_LAST:-0}
garbled=${GARBLED:-target/release/garbled}
out=bench/out/memory
die() { echo "memory.sh: $*" >&2; exit 1; }
[ -f "$input" ] || die "no $input (run bench/peers.sh first, or name a JSONL file)"
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time (apt-get install time)"
[ -n "${GARBLED:-}" ] || cargo build --release -q
mkdir -p "$out"
if [ "$BIG_LAST" = 1 ]; then
    # The longest line (the largest document, near enough: JSON escapes are few).
    awk '{ if (length($0) > n) { n = length($0); l = NR } } END { print l }' "$input" > "$out/big.line"
    sed -n "$(cat "$out/big.line")p" "$input" > "$out/big.jsonl"
fi
for mb in $SIZES; do
    f=$out/prefix-$mb.jsonl
    head -c "$((mb * 1000000))" "$input" | head -n -1 > "$f"  # the last line may be cut
    [ "$BIG_LAST" = 1 ] && cat "$out/big.jsonl" >> "$f"
done
printf '| input MB | docs | -j | duplicates | peak RSS MiB | user s | wall s |\n|---:|---:|---:|---|---:|---:|---:|\n'
for mb in $SIZES; do
    f=$out/prefix-$mb.jsonl
    docs=$(wc -l < "$f")
    for j in $JOBS; do
        for dup in on off; do
            args=()
            [ "$dup" = off ] && args=(--no-duplicates)
            /usr/bin/time -f '%M %U %e' -o "$out/time" "$garbled" check --isolated --input-format jsonl \
                --no-findings --fail-under 0 -j "$j" "${args[@]}" "$f" > /dev/null 2> "$out/stderr" || true
            read -r kib user wall < <(tail -1 "$out/time")
            printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$mb" "$docs" "$j" "$dup" "$((kib / 1024))" "$user" "$wall"
        done
    done
done
