#!/usr/bin/env bash
# Bounded-memory check: generates a ~1 GB text file of varied generated sentences,
# runs `garbled check` on it under /usr/bin/time -v, and prints wall time, peak RSS
# and the size of the report.
#
# Usage: bench/bigfile.sh [SIZE_MB] [extra garbled check args...]
#   SIZE_MB defaults to 1024. The file is kept in bench/out/ (gitignored) and reused
#   when it already has the requested size; set GARBLED_BIN to test another binary.
set -euo pipefail

cd "$(dirname "$0")/.."
size_mb=${1:-1024}
shift || true
out=bench/out
mkdir -p "$out"
file="$out/big-${size_mb}mb.txt"
bin=${GARBLED_BIN:-target/release/garbled}

if [[ ! -x $bin ]]; then
    cargo build --release --quiet
fi

if [[ ! -f $file || $(stat -c %s "$file") -lt $((size_mb * 1000 * 1000)) ]]; then
    echo "generating $file (${size_mb} MB)..." >&2
    python3 - "$file" "$size_mb" <<'PY'
import random, sys

path, size = sys.argv[1], int(sys.argv[2]) * 1000 * 1000
rng = random.Random(20240611)
subjects = ["The night ferry", "A tired surveyor", "Our small committee", "The river pilot", "An old orchard keeper",
            "The village choir", "A visiting engineer", "The harbour office", "Her younger brother", "The weather station",
            "A careful archivist", "The bakery on the square", "Two retired teachers", "The mountain railway"]
verbs = ["inspected", "postponed", "rebuilt", "photographed", "described", "measured", "painted", "ignored",
         "borrowed", "catalogued", "repaired", "announced", "questioned", "carried"]
objects = ["the broken lighthouse lamp", "a crate of winter apples", "the flooded cellar", "an unsigned letter",
           "the eastern footbridge", "a map of the old mines", "the annual budget", "a shelf of damp records",
           "the leaking water tower", "a box of brass fittings", "the missing survey pegs", "the market timetable"]
tails = ["before the first frost.", "while the tide was out.", "without telling anyone.", "for the second time this year.",
         "in the pouring rain.", "after a long argument.", "with surprising patience.", "just before midnight.",
         "as the council had asked.", "despite the cost."]
extras = ["", "", "", " Nobody seemed to mind.", " It took most of the afternoon.", " The results were mixed.",
          " Several neighbours came to watch.", " Prices rose again in {year}.", " The count reached {n}."]

def paragraph():
    parts = []
    for _ in range(rng.randint(3, 9)):
        s = f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(objects)} {rng.choice(tails)}"
        s += rng.choice(extras).format(year=rng.randint(1890, 2024), n=rng.randint(2, 99999))
        parts.append(s)
    return " ".join(parts) + "\n\n"

# A pool of generated paragraphs, sampled at random until the file is big enough.
pool = [paragraph() for _ in range(50_000)]
written = 0
with open(path, "w", encoding="utf-8") as f:
    while written < size:
        block = "".join(rng.choices(pool, k=2000))
        f.write(block)
        written += len(block.encode("utf-8"))
PY
fi

bytes=$(stat -c %s "$file")
echo "input: $file, $bytes bytes" >&2
report="$out/bigfile-report.txt"
timing="$out/bigfile-time.txt"
status=0
/usr/bin/time -v "$bin" check "$@" "$file" >"$report" 2>"$timing" || status=$?
wall=$(grep 'Elapsed (wall clock)' "$timing" | awk '{print $NF}')
rss_kb=$(grep 'Maximum resident set size' "$timing" | awk '{print $NF}')
secs=$(awk -v w="$wall" 'BEGIN { n = split(w, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
grep '^garbled:' "$timing" >&2 || true
cpu=$(awk '/User time|System time/ { s += $NF } END { print s }' "$timing")
echo "exit status:  $status"
echo "cpu time:     ${cpu}s user+sys ($(awk -v b="$bytes" -v s="$cpu" 'BEGIN { printf "%.1f", b / 1e6 / (s > 0 ? s : 1) }') MB per CPU second)"
echo "wall time:    $wall ($(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.1f", b / 1e6 / (s > 0 ? s : 1) }') MB/s)"
echo "peak RSS:     $((rss_kb / 1024)) MiB"
echo "report:       $(stat -c %s "$report") bytes, $(wc -l <"$report") lines ($report)"
tail -n 2 "$report"
