#!/usr/bin/env bash
# garbled side by side with its peers, on the same documents, in one run:
#   wc -w (reading and splitting words: garbled's speed limit), datatrove's Gopher quality +
#   Gopher repetition + C4 quality + FineWeb quality filters in one pipeline, ftfy's badness
#   heuristic, and datasketch MinHashLSH for near-duplicates.
#
#   bash bench/peers.sh                       # SIZE_MB=500 PREFIX_MB=20 SMALL_MB=100 JOBS="1 2"
#   SIZE_MB=100 PREFIX_MB=5 bash bench/peers.sh   # a quick run
#
# The documents come from ../shared/reference, interleaved so that every prefix has the mix of
# the whole (bench/peers/prepare.py). garbled checks SIZE_MB of text with each -j in JOBS and
# SMALL_MB (peak memory against input size); the slow peers, and garbled -j1 again, check the
# first PREFIX_MB. 1 MB = 10^6 bytes of UTF-8 text in the `text` fields.
# garbled reads the documents as JSONL (`check --input-format jsonl --no-findings`); a garbled
# without that mode checks them as one file each (`check DIR --format json`), and the table
# says which. REPEAT=N runs every garbled and wc measurement N times and keeps the fastest
# (the machine may be shared); the short garbled runs on the prefix are PREFIX_REPEAT (default 3)
# runs just before datatrove and as many just after it, whatever REPEAT is, and the table gives
# their median. Python tools are timed in-process, after their imports.
# Writes everything to bench/out/peers/ (gitignored): the inputs under data/, /usr/bin/time
# and JSON results, results.json and table.md. Makes bench/.venv from bench/peers/requirements.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
SIZE_MB=${SIZE_MB:-500}
PREFIX_MB=${PREFIX_MB:-20}
SMALL_MB=${SMALL_MB:-100}
JOBS=${JOBS:-"1 2"}
REPEAT=${REPEAT:-1}
ref=${REFERENCE:-../shared/reference}
out=bench/out/peers
data=$out/data
venv=bench/.venv
py=$venv/bin/python
garbled=target/release/garbled
export LC_ALL=C.UTF-8  # wc -w splits on Unicode white space, as garbled does

die() { echo "peers.sh: $*" >&2; exit 1; }
[ -d "$ref" ] && compgen -G "$ref/*.jsonl.gz" > /dev/null || die "no $ref/*.jsonl.gz (../shared/reference beside the project)"
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time (apt-get install time)"
for n in "$SIZE_MB" "$PREFIX_MB" "$SMALL_MB" $JOBS "$REPEAT"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "SIZE_MB, PREFIX_MB, SMALL_MB, JOBS and REPEAT must be positive integers"
done
[ "$PREFIX_MB" -le "$SIZE_MB" ] && [ "$SMALL_MB" -le "$SIZE_MB" ] || die "PREFIX_MB and SMALL_MB must not exceed SIZE_MB"
start=$(date +%s)

echo "== setting up bench/.venv and building garbled (release)" >&2
[ -x "$py" ] || python3 -m venv "$venv"
"$py" -c "import datatrove, spacy, regex, orjson, ftfy, datasketch" 2>/dev/null ||
    "$venv/bin/pip" install -q -r bench/peers/requirements.txt
cargo build --release -q
if "$garbled" check --help | grep -q -- '--input-format'; then mode=jsonl; else mode=dirs; fi
echo "   garbled input mode: $mode" >&2

echo "== preparing inputs ($SIZE_MB, $SMALL_MB and $PREFIX_MB MB of text)" >&2
mkdir -p "$data"
want="$SIZE_MB $SMALL_MB $PREFIX_MB $mode $(stat -c '%s %Y' "$ref"/*.jsonl.gz | md5sum | cut -c1-12)"
if [ "$(cat "$data/params" 2>/dev/null)" != "$want" ]; then
    rm -rf "$data" && mkdir -p "$data"
    dirs=(); [ "$mode" = dirs ] && dirs=(--dirs)
    "$py" bench/peers/prepare.py "$ref" "$data" "$SIZE_MB" "$SMALL_MB,$PREFIX_MB" "${dirs[@]}"
    echo "$want" > "$data/params"
fi
rm -f "$out"/*.time "$out"/*.json "$out"/*.out "$out"/*.tsv "$out"/*.log "$out"/table.md
sync

warm() { cat "$data/$1".* > /dev/null 2>&1 || true; [ "$mode" = dirs ] && [ -d "$data/$1.docs" ] && find "$data/$1.docs" -type f -exec cat {} + > /dev/null; true; }
# timed NAME CMD...: /usr/bin/time -v into $out/NAME.K.time, REPEAT times (K from FROM, default 1);
# stdout to $out/NAME.out
timed() {
    local name=$1; shift
    local from=${FROM:-1}
    for k in $(seq "$from" $((from + REPEAT - 1))); do
        local rc=0
        /usr/bin/time -v -o "$out/$name.$k.time" "$@" > "$out/$name.out" 2> "$out/$name.log" || rc=$?
        [ "$rc" -le 1 ] || { tail -5 "$out/$name.log" >&2; die "$name failed with status $rc"; }
    done
}
# garbled_run NAME SIZE JOBS [extra args]
garbled_run() {
    local name=$1 size=$2 j=$3; shift 3
    echo "   $name" >&2
    warm "$size"
    if [ "$mode" = jsonl ]; then
        timed "$name" "$garbled" check --input-format jsonl --no-findings --fail-under 0 -j "$j" "$@" "$data/$size.jsonl"
    else
        timed "$name" "$garbled" check --format json --fail-under 0 -j "$j" "$@" "$data/$size.docs"
    fi
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== loadavg $load_start; measuring" >&2
echo "   wc -w" >&2
warm "$SIZE_MB"; timed wc-size wc -w "$data/$SIZE_MB.txt"
warm "$PREFIX_MB"; timed wc-prefix wc -w "$data/$PREFIX_MB.txt"
for j in $JOBS; do garbled_run "garbled-size-j$j" "$SIZE_MB" "$j"; done
for j in $JOBS; do garbled_run "garbled-small-j$j" "$SMALL_MB" "$j"; done
garbled_run garbled-size-j1-nodup "$SIZE_MB" 1 --no-duplicates  # is the growth of memory duplicate detection's?
garbled_run garbled-small-j1-nodup "$SMALL_MB" 1 --no-duplicates
# The prefix runs are one side of the datatrove, ftfy and datasketch ratios. They take seconds, where
# datatrove takes minutes and so averages over the machine's slow and fast phases: PREFIX_REPEAT runs
# (default 3) just before datatrove and as many just after it, and report.py takes their median.
pr=${PREFIX_REPEAT:-3}
prefix_runs() {
    FROM=$1 REPEAT=$pr garbled_run garbled-prefix-j1 "$PREFIX_MB" 1
    FROM=$1 REPEAT=$pr garbled_run garbled-prefix-j1-nodup "$PREFIX_MB" 1 --no-duplicates
}
prefix_runs 1
echo "   datatrove (4 filters, $PREFIX_MB MB, one core; slow)" >&2
REPEAT=1 timed datatrove "$py" bench/peers/datatrove_filters.py "$data/$PREFIX_MB.jsonl" "$out/datatrove-work" "$out/datatrove.json"
prefix_runs $((pr + 1))
echo "   ftfy badness" >&2
REPEAT=1 timed ftfy "$py" bench/peers/ftfy_badness.py "$data/$PREFIX_MB.jsonl" "$out/ftfy.json"
echo "   datasketch MinHashLSH" >&2
REPEAT=1 timed minhash "$py" bench/peers/minhash.py "$data/$PREFIX_MB.jsonl" "$out/minhash-pairs.tsv" "$out/minhash.json"

"$py" bench/peers/report.py "$root" "$out" "$data" "$mode" "$SIZE_MB" "$SMALL_MB" "$PREFIX_MB" "$JOBS" "$REPEAT" "$(( $(date +%s) - start ))" "$load_start" |
    tee "$out/table.md"
