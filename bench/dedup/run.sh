#!/usr/bin/env bash
# Deduplication benchmark: garbled against datasketch's MinHashLSH (128 permutations,
# word 5-grams, threshold 0.8) on the same ~1 KB documents with planted lightly
# edited copies; then checking 10 new files against an index of the collection.
#
#   bench/dedup/run.sh            # 100,000 documents, 5,000 planted copies, 2 threads
#   N=20000 PLANTED=1000 bench/dedup/run.sh
#   SKIP_DS=1 bench/dedup/run.sh  # reuse the last datasketch run on the same documents
#
# Needs ../shared/reference beside the project. Makes bench/.venv (datasketch) and
# writes everything under bench/out/dedup (both gitignored).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
N=${N:-100000}
PLANTED=${PLANTED:-5000}
JOBS=${JOBS:-2}
venv="$root/bench/.venv"
out="$root/bench/out/dedup"
garbled="$root/target/release/garbled"

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import datasketch" 2>/dev/null || "$venv/bin/pip" install -q datasketch
(cd "$root" && cargo build --release -q)

if [ "$(cat "$out/params" 2>/dev/null)" != "$N $PLANTED" ]; then
    rm -rf "$out"
    mkdir -p "$out"
    "$venv/bin/python" "$here/gen.py" "$out" "$N" "$PLANTED"
    echo "$N $PLANTED" > "$out/params"
fi
sync

peak() { awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$1"; }
cpu() { awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s}' "$1"; }

if [ -z "${SKIP_DS:-}" ] || [ ! -f "$out/ds_pairs.tsv" ]; then
    echo "datasketch MinHashLSH ..."
    /usr/bin/time -v -o "$out/ds.time" "$venv/bin/python" "$here/ds.py" "$out/docs" "$out/ds_pairs.tsv"
fi
echo "garbled check ..."
/usr/bin/time -v -o "$out/garbled.time" "$garbled" check --format json -j "$JOBS" "$out/docs" > "$out/garbled.json" || true
echo "garbled check, duplicates only (bench/dedup/dup-only.toml) ..."
/usr/bin/time -v -o "$out/duponly.time" "$garbled" check --config "$here/dup-only.toml" --format json -j "$JOBS" "$out/docs" > "$out/duponly.json" || true
echo "garbled check --format jsonl (streaming: bounded sketches, duplicates only) ..."
/usr/bin/time -v -o "$out/stream.time" "$garbled" check --config "$here/dup-only.toml" --format jsonl --no-findings -j "$JOBS" "$out/docs" > "$out/stream.jsonl" || true
echo "garbled check --no-duplicates ..."
/usr/bin/time -v -o "$out/nodup.time" "$garbled" check --format json -j "$JOBS" --no-duplicates "$out/docs" > /dev/null || true
echo "garbled index build ..."
/usr/bin/time -v -o "$out/index.time" "$garbled" index build -j "$JOBS" "$out/docs" --out "$out/docs.idx"
echo "garbled check --against the index (10 new files) ..."
/usr/bin/time -v -o "$out/against.time" "$garbled" check --format json -j "$JOBS" --against "$out/docs.idx" "$out/new" > "$out/against.json" || true

read -r ds_hit total ds_pairs ds_other <<< "$("$venv/bin/python" "$here/score.py" "$out/planted.tsv" ds "$out/ds_pairs.tsv")"
read -r g_hit _ g_pairs g_other <<< "$("$venv/bin/python" "$here/score.py" "$out/planted.tsv" garbled "$out/garbled.json")"
read -r d_hit _ d_pairs d_other <<< "$("$venv/bin/python" "$here/score.py" "$out/planted.tsv" garbled "$out/duponly.json")"
read -r s_hit _ s_pairs s_other <<< "$("$venv/bin/python" "$here/score.py" "$out/planted.tsv" stream "$out/stream.jsonl")"
new_found=$("$venv/bin/python" - "$out" <<'PY'
import json, sys
out = sys.argv[1]
exp = dict(l.split() for l in open(f"{out}/new_expected.tsv"))
found = {f["path"].rsplit("/", 1)[-1]: {d["path"].rsplit("/", 1)[-1] for d in f["duplicates"]} for f in json.load(open(f"{out}/against.json"))["files"]}
copies = sum(1 for n, o in exp.items() if o in found.get(n, ()))
fresh = sum(1 for n, d in found.items() if n.startswith("new_fresh") and d)
print(f"{copies}/{len(exp)} copies found, {fresh} of 5 fresh files reported")
PY
)

echo
echo "$N documents ($(du -sh "$out/docs" | cut -f1) on disk), $total planted lightly edited copies; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
row() { printf "| %-44s | %8s | %8s | %13s | %13s | %11s |\n" "$@"; }
row "run" "wall (s)" "CPU (s)" "peak RSS (MB)" "planted found" "other pairs"
row "---" "---:" "---:" "---:" "---:" "---:"
row "datasketch MinHashLSH (1 core)" "$(wall "$out/ds.time")" "$(cpu "$out/ds.time")" "$(peak "$out/ds.time")" "$ds_hit/$total" "$ds_other"
row "garbled check -j $JOBS (all analyzers)" "$(wall "$out/garbled.time")" "$(cpu "$out/garbled.time")" "$(peak "$out/garbled.time")" "$g_hit/$total" "$g_other"
row "garbled check -j $JOBS, duplicates only" "$(wall "$out/duponly.time")" "$(cpu "$out/duponly.time")" "$(peak "$out/duponly.time")" "$d_hit/$total" "$d_other"
row "garbled check -j $JOBS, duplicates only, streamed" "$(wall "$out/stream.time")" "$(cpu "$out/stream.time")" "$(peak "$out/stream.time")" "$s_hit/$total" "$s_other"
row "garbled check -j $JOBS --no-duplicates" "$(wall "$out/nodup.time")" "$(cpu "$out/nodup.time")" "$(peak "$out/nodup.time")" "" ""
row "  duplicate detection alone (difference)" "$(echo "$(wall "$out/garbled.time") $(wall "$out/nodup.time")" | awk '{printf "%.2f", $1 - $2}')" "$(echo "$(cpu "$out/garbled.time") $(cpu "$out/nodup.time")" | awk '{printf "%.2f", $1 - $2}')" "" "" ""
row "garbled index build -j $JOBS ($(du -h "$out/docs.idx" | cut -f1))" "$(wall "$out/index.time")" "$(cpu "$out/index.time")" "$(peak "$out/index.time")" "" ""
row "garbled check --against INDEX (10 new files)" "$(wall "$out/against.time")" "$(cpu "$out/against.time")" "$(peak "$out/against.time")" "$new_found" ""
