#!/usr/bin/env bash
# The identity set: what a change that should not alter output is checked against.
#
#   bash bench/identity.sh BIN OUTDIR      # then: diff -r OUTDIR_BEFORE OUTDIR_AFTER
#
# Runs BIN over the seeds and the real spun examples (alone and together, so duplicates
# across files show), 5 MB of reference text, 2 MB of it spun at 15% by the evaluation
# spinner, a made-up repetitive file, 20 MB of reference text at -j1 and -j2 (which must
# agree), and the 20 MB JSONL stream with findings. Inputs are made once under
# bench/out/identity/ from bench/out/peers/data (bench/peers/prepare.py).
set -euo pipefail
# (BIN and OUTDIR are taken relative to where the script is run from.)
bin=$(realpath "${1:?usage: identity.sh BIN OUTDIR}"); out=$(realpath -m "${2:?usage: identity.sh BIN OUTDIR}")
cd "$(dirname "$0")/.."
data=bench/out/peers/data; in=bench/out/identity; shared=../shared
if [ ! -s "$data/100.txt" ] || [ ! -s "$data/20.jsonl" ]; then
    mkdir -p "$data"; python3 bench/peers/prepare.py "$shared/reference" "$data" 100 20
fi
if [ ! -s "$in/rep.txt" ]; then
    mkdir -p "$in"
    head -c 5000000 "$data/100.txt" > "$in/s5.txt"
    cargo build --release -q --example spin_file
    head -c 2000000 "$data/100.txt" | target/release/examples/spin_file 0.15 7 > "$in/spun2.txt" 2> /dev/null
    head -c 20000000 "$data/100.txt" | tail -c 3000000 > "$in/p3.txt"
    head -c 20000000 "$data/100.txt" > "$in/s20.txt"
    python3 - "$in/rep.txt" <<'PY'
import random, sys
random.seed(5)
w = "the quick harbour ledger was opened again before the council voted on the budget".split()
lines = []
for i in range(3000):
    lines.append(" ".join(random.choice(w) for _ in range(12)))
    if i % 7 == 0: lines.append("Share this article on Facebook and Twitter")
    if i % 11 == 0: lines.extend(lines[-3:])
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
fi
mkdir -p "$out"
g() { "$bin" check --format json --fail-under 0 "$@" || [ $? -eq 1 ]; }
g --isolated "$shared"/seeds/*.txt "$shared"/spun-examples/* > "$out/examples-isolated.json"
g "$shared"/seeds/*.txt "$shared"/spun-examples/* > "$out/examples.json"
g --isolated -j2 "$in/s5.txt" "$in/spun2.txt" "$in/p3.txt" "$in/rep.txt" > "$out/texts.json"
g --isolated -j1 "$in/s20.txt" > "$out/s20-j1.json"
g --isolated -j2 "$in/s20.txt" > "$out/s20-j2.json"
cmp "$out/s20-j1.json" "$out/s20-j2.json"
"$bin" check --input-format jsonl --fail-under 0 --isolated -j2 "$data/20.jsonl" > "$out/stream.jsonl" || [ $? -eq 1 ]
echo "identity set written to $out"
