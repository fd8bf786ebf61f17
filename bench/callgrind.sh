#!/usr/bin/env bash
# Instruction counts of one build on the five inputs the speed history uses, under callgrind
# (repeatable under load, unlike CPU time). Compare two builds by running this for each:
#
#   bash bench/callgrind.sh BIN NAME [INPUT...]   # INPUT: s20 s5 many j5 small (default: all)
#
# prints one line per input (total instructions, in millions) and keeps each profile as
# bench/out/callgrind/NAME-INPUT.cg for `callgrind_annotate --inclusive=yes`. Every run is
# `check -j1 --isolated --fail-under 0`:
#   s20    one 20 MB file of reference text, --format json
#   s5     its first 5 MB, --format json
#   many   the same 5 MB cut at spaces into 2,000 files of about 2.5 KB
#   j5     the first 5 MB of the 20 MB JSONL stream (whole records), --no-findings
#   small  one 3 KB file, the default text report (a CI gate)
# Inputs are made once under bench/out/callgrind/ from bench/out/identity and bench/out/peers/data.
set -euo pipefail
bin=$(realpath "${1:?usage: callgrind.sh BIN NAME [INPUT...]}"); name=${2:?usage: callgrind.sh BIN NAME [INPUT...]}
shift 2
cd "$(dirname "$0")/.."
in=bench/out/identity; data=bench/out/peers/data; out=bench/out/callgrind
if [ ! -s "$in/s20.txt" ]; then
    echo "making the identity inputs first (bench/identity.sh)" >&2
    bash bench/identity.sh "$bin" "$(mktemp -d)" > /dev/null
fi
mkdir -p "$out"
if [ ! -s "$out/j5.jsonl" ]; then
    python3 - "$in/s5.txt" "$data/20.jsonl" "$out" <<'PY'
import os, sys
s5, stream, out = sys.argv[1:]
text = open(s5, encoding="utf-8").read()
os.makedirs(os.path.join(out, "many"), exist_ok=True)
start = 0
for i in range(2000):
    end = len(text) if i == 1999 else text.find(" ", start + 2500)
    end = len(text) if end < 0 else end
    with open(os.path.join(out, "many", "f%04d.txt" % i), "w", encoding="utf-8") as f:
        f.write(text[start:end])
    start = end
small = text[:text.find(" ", 3000)]
open(os.path.join(out, "small.txt"), "w", encoding="utf-8").write(small + "\n")
size = 0
with open(stream, "rb") as src, open(os.path.join(out, "j5.jsonl"), "wb") as dst:
    for line in src:
        if size + len(line) > 5_000_000:
            break
        dst.write(line)
        size += len(line)
PY
fi
[ $# -gt 0 ] || set -- s20 s5 many j5 small
for what in "$@"; do
    case $what in
        s20) args=(--format json "$in/s20.txt") ;;
        s5) args=(--format json "$in/s5.txt") ;;
        many) args=(--format json "$out/many") ;;
        j5) args=(--input-format jsonl --no-findings "$out/j5.jsonl") ;;
        small) args=("$out/small.txt") ;;
        *) echo "unknown input $what (s20 s5 many j5 small)" >&2; exit 2 ;;
    esac
    valgrind --tool=callgrind --callgrind-out-file="$out/$name-$what.cg" \
        "$bin" check -j1 --isolated --fail-under 0 "${args[@]}" > /dev/null 2> "$out/$name-$what.log" \
        || { tail -5 "$out/$name-$what.log" >&2; exit 2; }
    total=$(grep -m1 '^summary:' "$out/$name-$what.cg" | awk '{print $2}')
    printf '%-6s %10.1f M  %s\n' "$what" "$(echo "$total / 1000000" | bc -l)" "$out/$name-$what.cg"
done
