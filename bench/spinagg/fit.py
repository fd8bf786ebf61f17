"""Fits the spin verdict's aggregation (src/analyzers/spin/verdict.rs) on the calibration half.

Make the dumps first (calibration half only):
    cargo run --release --example spin_eval -- --per-source 600 --half cal --feat /tmp/cal_docs.tsv
    cargo run --release --example spin_eval -- --per-source 240 --para --half cal --feat /tmp/cal_para.tsv
then: python3 bench/spinagg/fit.py /tmp/cal_docs.tsv /tmp/cal_para.tsv [MODE]
(MODE: an in-document consistency class, see CLASSES; "none" by default, which is the verdict as it is).

Prints the per-word log ratio fit (RATIO_FIT, PAIR_RATIO), then, for the threshold
`a + b k + c sqrt(k)` (k = words / 1000), the best `a`, `c` for each `b`, number of clean
texts allowed above it and margin, with the detection this gives on the calibration half, and
a two-fold cross-validated estimate (fit on one half of the documents, measure on the other).
"""
import collections
import math
import sys
import zlib

import numpy as np

from load import load

PI, FLOOR, PHRASE, CAP = 0.02, 6.0, 4.0, 5.0
# In-document consistency class of a suspect word (third argument; default "none"), from
# own = other occurrences of the word in the text, best = occurrences of its suggested original,
# any = occurrences of any of the synonyms its ratio sums over, susp = its occurrences that are
# suspect (ratio above e^4 next to an unseen pair). Each class gets a naive-Bayes factor
# P(class | swap) / P(class | clean word) on top of the per-word ratio (see fit_ratios).
CONSIST = sys.argv[3] if len(sys.argv) > 3 else "none"
CLASSES = {
    "none": lambda own, best, anyn, susp: 0,
    "best": lambda own, best, anyn, susp: int(best > 0),
    "best2": lambda own, best, anyn, susp: min(best, 2),
    "any": lambda own, best, anyn, susp: int(anyn > 0),
    "own": lambda own, best, anyn, susp: min(own, 2),
    "best_own": lambda own, best, anyn, susp: 3 * int(best > 0) + min(own, 2),
    # the word recurs and its original occurs too
    "both": lambda own, best, anyn, susp: int(best > 0 and own > 0),
    # the word recurs: are most of its occurrences suspect (a consistent swap) or few (the author's word)?
    "frac": lambda own, best, anyn, susp: 0 if own == 0 else 1 if 2 * susp >= own + 1 else 2,
}


def consist(own, best, anyn, susp=1):
    return CLASSES[CONSIST](own, best, anyn, susp)


def cands(t, floor=FLOOR):
    """Distinct suspect words: hash -> (strong llr or None, unseen sides, counted pair, changed, consistency class)."""
    pairs = {s[0] for s in t.singles if s[7] and not s[8]}
    out = {}
    # Suspect occurrences of each word (likelihood ratio above e^4, next to an unseen pair).
    susp = collections.Counter(s[0] for s in t.strong)
    for s in t.strong:
        if s[1] > floor and (s[0] not in out or s[1] > out[s[0]][0]):
            out[s[0]] = (s[1], s[2], s[0] in pairs, s[8], consist(*s[9:12], susp[s[0]]))
    for h in pairs - set(out):
        best = max((s for s in t.singles if s[0] == h), key=lambda s: s[1])
        out[h] = (None, 1, True, max(s[9] for s in t.singles if s[0] == h), consist(*best[10:13], susp[h]))
    return out


def fit_ratios(texts):
    """ln(true-swap rate / clean rate) per cell, fitted linearly in llr (from e^4, the --feat floor)
    per (unseen, pair); the pair cell is for pairs whose word has no ratio above e^4."""
    clean = sum(t.content for t in texts if t.k == 0)
    swaps = sum(t.nchanges for t in texts if t.k > 0)
    C, S = collections.Counter(), collections.Counter()
    for t in texts:
        for c in cands(t, 4.0).values():
            x = (-1, 1, True) if c[0] is None else (min(int(c[0]), 14), min(c[1], 2), c[2])
            if t.k == 0:
                C[x] += 1
            elif c[3]:
                S[x] += 1
    lr = lambda x: math.log(((S[x] + .5) / swaps) / ((C[x] + .5) / clean))
    fit = {}
    for u in (1, 2):
        for rep in (False, True):
            xs = [b for b in range(4, 15) if C[(b, u, rep)] >= 3]
            w = [math.sqrt(1 / (1 / (C[(b, u, rep)] + .5) + 1 / (S[(b, u, rep)] + .5))) for b in xs]
            beta, alpha = np.polyfit([b + .5 - 4 for b in xs], [lr((b, u, rep)) for b in xs], 1, w=w)
            fit[(u, rep)] = (alpha, beta)
    fit["pair"] = lr((-1, 1, True))
    # A naive-Bayes factor for the consistency class of the words the verdict counts.
    CC, SC = collections.Counter(), collections.Counter()
    for t in texts:
        for c in cands(t).values():
            if t.k == 0:
                CC[c[4]] += 1
            elif c[3]:
                SC[c[4]] += 1
    nc, ns = sum(CC.values()), sum(SC.values())
    fit["cons"] = {c: math.log(((SC[c] + .5) / ns) / ((CC[c] + .5) / nc)) for c in set(CC) | set(SC)}
    if CONSIST == "none":
        fit["cons"] = {0: 0.0}
    fit["cons_n"] = {c: (CC[c], SC[c]) for c in sorted(set(CC) | set(SC))}
    return fit


def score(t, fit):
    s = 0.0
    for llr, unseen, pair, _, cls in cands(t).values():
        x = fit["pair"] if llr is None else fit[(min(unseen, 2), pair)][0] + fit[(min(unseen, 2), pair)][1] * (llr - 4)
        x += fit["cons"].get(cls, 0.0)
        s += math.log(1 - PI + PI * math.exp(min(x, CAP)))
    return s + PHRASE * len({p[0] for p in t.phrases})


def detection(texts, sc, a, b, c):
    hit = [[], [], [], []]
    for t, s in zip(texts, sc):
        k = max(t.words, 1) / 1000
        hit[t.k].append(s > a + b * k + c * math.sqrt(k))
    return [100 * np.mean(h) for h in hit]


def fit_threshold(sets, b, allow, margin):
    best = None
    for c in [0] + list(np.geomspace(0.5, 20, 40)):
        v = sorted(s * margin - b * max(t.words, 1) / 1000 - c * math.sqrt(max(t.words, 1) / 1000)
                   for texts, sc in sets for t, s in zip(texts, sc) if t.k == 0)
        a = v[-1 - allow] + 1e-9
        d = [detection(texts, sc, a, b, c) for texts, sc in sets]
        obj = sum(3 * x[1] + x[2] + x[3] for x in d)
        if best is None or obj > best[0]:
            best = (obj, a, c)
    return best[1], best[2]


def main():
    docs, paras = load(sys.argv[1]), load(sys.argv[2])
    fit = fit_ratios(docs + paras)
    print("RATIO_FIT", {k: tuple(round(float(x), 3) for x in v) if isinstance(v, tuple) else v for k, v in fit.items()
                        if k not in ("cons", "cons_n")})
    print("CONSIST", CONSIST, {c: round(v, 3) for c, v in sorted(fit["cons"].items())}, "clean/swap counts", fit["cons_n"])
    sets = [(docs, [score(t, fit) for t in docs]), (paras, [score(t, fit) for t in paras])]
    fold = lambda t: zlib.crc32(f"{t.source}/{t.id}".encode()) & 1
    for b in (4.0, 5.0):
        for allow, margin in ((1, 1.0), (1, 1.1), (2, 1.0)):
            a, c = fit_threshold(sets, b, allow, margin)
            d = [detection(texts, sc, a, b, c) for texts, sc in sets]
            # cross-validation: ratios and threshold from one fold, measured on the other
            cv, ff = np.zeros(6), 0
            for f in (0, 1):
                A = [[t for t in x if fold(t) == f] for x in (docs, paras)]
                B = [[t for t in x if fold(t) != f] for x in (docs, paras)]
                fa = fit_ratios(A[0] + A[1])
                sa = [(x, [score(t, fa) for t in x]) for x in A]
                sb = [(x, [score(t, fa) for t in x]) for x in B]
                ca_a, ca_c = fit_threshold(sa, b, allow // 2 if f == 0 else (allow + 1) // 2, margin)
                db = [detection(x, s, ca_a, b, ca_c) for x, s in sb]
                cv += np.array(db[0][1:] + db[1][1:]) / 2
                ff += sum(round(db[i][0] * sum(t.k == 0 for t in B[i]) / 100) for i in (0, 1))
            fmt = lambda v: " ".join(f"{x:5.1f}" for x in v)
            print(f"b {b} allow {allow} margin {margin}: a {a:.2f} c {c:.2f} | cal docs {fmt(d[0][1:])} paras {fmt(d[1][1:])}"
                  f" | CV docs {fmt(cv[:3])} paras {fmt(cv[3:])} clean fails {ff}")


if __name__ == "__main__":
    main()
