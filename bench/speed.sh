#!/usr/bin/env bash
# Whole-command speed and memory of `garbled check`, side by side with `wc -w`,
# on text taken from ../shared/reference. Usage: bash bench/speed.sh [MB]
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-200}
out=bench/out
mkdir -p "$out"
input=$out/speed-$mb.txt
if [ ! -s "$input" ]; then
  python3 - "$mb" "$input" <<'PY'
import gzip, json, sys, glob
limit = int(sys.argv[1]) * 1_000_000
files = sorted(glob.glob("../shared/reference/*.jsonl.gz"))
with open(sys.argv[2], "w") as out:
    n = 0
    while n < limit:
        for f in files:  # round robin over sources so every kind of text is in the mix
            with gzip.open(f, "rt") as g:
                for k, line in enumerate(g):
                    if k % 7: continue
                    t = json.loads(line)["text"] + "\n\n"
                    out.write(t); n += len(t.encode())
                    if n >= limit or k > 3000: break
            if n >= limit: break
PY
fi
cargo build --release -q --example throughput
size=$(stat -L -c %s "$input")
echo "input: $input, $size bytes"
run() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" > /dev/null 2>&1 || true
  read -r secs kb < "$out/time.txt"
  awk -v l="$label" -v s="$secs" -v k="$kb" -v b="$size" 'BEGIN { printf "%-28s %7.2f s %8.1f MB/s %8.0f MiB peak\n", l, s, b/1e6/s, k/1024 }'
}
run "wc -w" wc -w "$input"
run "garbled check -j1" target/release/garbled check -j1 --fail-under 0 "$input"
run "garbled check -j2" target/release/garbled check -j2 --fail-under 0 "$input"
target/release/examples/throughput "$out/speed-$mb.txt" | sed 's/^/  /'
