"""Experiment (session 15, not used by the product): judge a suspect word by all its occurrences.

The verdict counts each distinct suspect word once, by its strongest occurrence. A consistent
spinner (one that swaps a word the same way everywhere, as most real ones do) leaves a recurring
swapped word several times, so its evidence could add up. `spin_eval --feat` writes, for each strong
word, its eligible occurrences n, the sum of their log likelihood ratios, and the log ratio of
"a consistent spinner put it for one synonym s at every occurrence" against "written each time",
`ln sum_s prod_i P(s | ctx_i) / n(s) - sum_i ln P(w | ctx_i)` (`word_lrs_by_word`). This script
refits the verdict (bench/spinagg/fit.py) with the word's log ratio taken as:
  max       its strongest occurrence (the verdict as it is)
  cons      the consistent-spinner ratio when it recurs
  maxcons   the larger of the two
  sum       the sum over its occurrences
  min       the smaller of its strongest occurrence and the consistent ratio (only ever lower)
  minsum    the smaller of its strongest occurrence and the sum
and prints the calibration-half detection at 5 / 15 / 30% spin (documents, paragraphs) with the
threshold fitted as the verdict's (one clean text allowed above it, 10% margin, 4 points per 1,000 words).

    cargo run --release --example spin_eval -- --per-source 600 --half cal [--consistent] --feat DOCS.tsv
    cargo run --release --example spin_eval -- --per-source 240 --para --half cal [--consistent] --feat PARAS.tsv
    python3 bench/spinagg/occur.py DOCS.tsv PARAS.tsv max,cons,maxcons,sum,min,minsum
"""
import os
import sys

ARGS = sys.argv[:]
sys.argv = sys.argv[:3]  # fit.py reads a third argument as its own mode
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fit  # noqa: E402
from load import load  # noqa: E402

MODE = "max"


def word_llr(s):
    """The log ratio the verdict uses for the strong occurrence `s` of a word, under MODE."""
    llr, n, osum, ocons = s[1], s[12], s[13], s[14]
    if MODE == "max" or n < 2:
        return llr
    return {"cons": ocons, "maxcons": max(llr, ocons), "sum": osum, "min": min(llr, ocons),
            "minsum": min(llr, osum)}[MODE]


def cands(t, floor=fit.FLOOR):
    """fit.cands with the word's log ratio from `word_llr` (no consistency class)."""
    pairs = {s[0] for s in t.singles if s[7] and not s[8]}
    out = {}
    for s in t.strong:
        x = word_llr(s)
        if x > floor and (s[0] not in out or x > out[s[0]][0]):
            out[s[0]] = (x, s[2], s[0] in pairs, s[8], 0)
    for h in pairs - set(out):
        out[h] = (None, 1, True, max(s[9] for s in t.singles if s[0] == h), 0)
    return out


def main():
    global MODE
    fit.cands = cands
    docs, paras = load(ARGS[1]), load(ARGS[2])
    for MODE in ARGS[3].split(","):
        f = fit.fit_ratios(docs + paras)
        sets = [(x, [fit.score(t, f) for t in x]) for x in (docs, paras)]
        a, c = fit.fit_threshold(sets, 4.0, 1, 1.1)
        d = [fit.detection(x, sc, a, 4.0, c) for x, sc in sets]
        fmt = lambda v: " ".join(f"{x:5.1f}" for x in v)
        print(f"{MODE:8s} threshold {a:.2f} + 4 k + {c:.2f} sqrt(k) | docs {fmt(d[0][1:])} | paras {fmt(d[1][1:])}",
              flush=True)


if __name__ == "__main__":
    main()
