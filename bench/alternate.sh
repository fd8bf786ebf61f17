#!/usr/bin/env bash
# Many alternating runs of several garbled builds on one input, -j1: the CPU seconds
# (user + sys) of each build as mean, median and fastest. On a shared machine whose speed
# swings between hours, this is how builds are compared (best of 3 is not enough for a
# few per cent): the builds take turns, so a slow phase hits them alike.
#
#   bash bench/alternate.sh ROUNDS INPUT "CHECK ARGS" BIN...
#   bash bench/alternate.sh 20 bench/out/identity/s20.txt "--format json" old/garbled target/release/garbled
#   bash bench/alternate.sh 10 bench/out/peers/data/20.jsonl "--input-format jsonl --no-findings" A B
#
# Each run is `BIN check -j1 --isolated --fail-under 0 CHECK_ARGS INPUT`, output discarded
# (without `--isolated` when CHECK_ARGS give a `--config FILE`, which it excludes:
# `"--config bench/dedup/dup-only.toml --input-format jsonl"` times one stage alone).
set -euo pipefail
rounds=${1:?usage: alternate.sh ROUNDS INPUT "CHECK ARGS" BIN...}; input=${2:?}; args=${3-}; shift 3
[ $# -ge 1 ] || { echo "usage: alternate.sh ROUNDS INPUT \"CHECK ARGS\" BIN..." >&2; exit 2; }
iso=--isolated; case " $args " in *" --config "*) iso= ;; esac
raw=$(mktemp); t=$(mktemp); trap 'rm -f "$raw" "$t"' EXIT
for _ in $(seq "$rounds"); do
    for b in "$@"; do
        # shellcheck disable=SC2086
        /usr/bin/time -f "%U %S" -o "$t" "$b" check -j1 $iso --fail-under 0 $args "$input" >/dev/null || [ $? -eq 1 ]
        echo "$b $(awk '{print $1 + $2}' "$t")" >> "$raw"
    done
done
python3 - "$raw" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    b, v = line.rsplit(" ", 1)
    runs[b].append(float(v))
for b, v in runs.items():
    print(f"{b}: n {len(v)}, CPU s mean {statistics.mean(v):.3f}, median {statistics.median(v):.3f}, fastest {min(v):.3f}")
PY
