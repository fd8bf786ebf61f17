"""Does an in-document consistency factor (fit.py's third argument) hold for another spinner?

bench/spinner.rs swaps each occurrence of a word independently; real spinners mostly swap a word the same way
wherever it occurs (`spin_eval --consistent` emulates that). Fits the verdict (ratios, consistency factor, and the
threshold `a + 4 k + c sqrt(k)` with one clean text allowed and a 10% margin, on the per-occurrence clean and spun
texts) on the per-occurrence dumps, on the consistent ones, and on both pooled, and measures detection on each
(clean texts are the same in both); with a REAL dump (`spin_eval --real ../shared/spun-examples REAL`) it also
prints score / threshold of the real spun articles and their originals.

    python3 bench/spinagg/consist.py MODE DOCS PARAS CONSISTENT_DOCS CONSISTENT_PARAS [REAL]
"""
import math
import sys

sys.argv = [sys.argv[0], "", "", sys.argv[1]] + sys.argv[2:]
import fit  # noqa: E402
from load import load  # noqa: E402

mode = sys.argv[3]
indep, cons = (load(sys.argv[4]), load(sys.argv[5])), (load(sys.argv[6]), load(sys.argv[7]))
real = load(sys.argv[8]) if len(sys.argv) > 8 else []
pooled = tuple(indep[i] + [t for t in cons[i] if t.k > 0] for i in (0, 1))
fmt = lambda v: " ".join(f"{x:5.1f}" for x in v)
for train, (docs, paras) in (("per-occurrence", indep), ("consistent", cons), ("pooled", pooled)):
    f = fit.fit_ratios(docs + paras)
    a, c = fit.fit_threshold([(x, [fit.score(t, f) for t in x]) for x in indep], 4.0, 1, 1.1)
    print(f"{mode}: fitted on {train}: factors {({k: round(v, 2) for k, v in sorted(f['cons'].items())})} a {a:.2f} c {c:.2f}")
    for test, (d2, p2) in (("per-occurrence", indep), ("consistent", cons)):
        r = [fit.detection(x, [fit.score(t, f) for t in x], a, 4.0, c) for x in (d2, p2)]
        print(f"   on {test:14}: docs FF {r[0][0]:.2f} det {fmt(r[0][1:])} | paras FF {r[1][0]:.2f} det {fmt(r[1][1:])}")
    if real:
        thr = lambda t: a + 4.0 * max(t.words, 1) / 1000 + c * math.sqrt(max(t.words, 1) / 1000)
        print("   real (score/threshold):", " ".join(f"{t.id.split('.')[0][:10]}.{'spun' if t.k else 'orig'} "
                                                        f"{fit.score(t, f) / thr(t):.2f}" for t in real))
