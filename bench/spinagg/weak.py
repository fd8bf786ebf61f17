"""Experiment (session 15, not used by the product): how much spin evidence do words carry that the
verdict leaves out, and does counting them help?

Reads a `spin_eval --dump` file (every eligible word's bigram log likelihood ratio, unseen neighbour
pairs, and whether the spinner changed it) and prints
1. per 1,000 words, how many words reach each log ratio, with and without a neighbour pair the
   reference never saw: in clean texts, and the swapped words at 5% and 30% spin;
2. calibration-half detection at 5 / 15 / 30% spin when the mixture score of the verdict
   (`sum ln(1 - pi + pi * ratio)`, each word's ratio read from a table of log-ratio bins fitted on the same
   dump) counts only the strong words (an unseen side and a log ratio above 6, as the verdict), or
   more of the weaker ones; the threshold is fitted as bench/spinagg/fit.py fits the verdict's.

    cargo run --release --example spin_eval -- --per-source 300 --half cal --dump DUMP.tsv
    python3 bench/spinagg/weak.py DUMP.tsv
"""
import collections
import math
import os
import sys

ARGS = sys.argv[:]
sys.argv = sys.argv[:1]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fit  # noqa: E402

PI = 0.02


class Text:
    __slots__ = ("k", "words", "w")


def load(path):
    texts = []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        t = Text()
        t.k, t.words, t.w = int(f[3]), int(f[4]), []
        for c in f[-1].split(";"):
            if c:
                lr, u, ch = c.split(",")
                t.w.append((float(lr), min(int(u), 2), int(ch)))
        texts.append(t)
    return texts


def key(lr, u):
    return (max(-8, min(math.floor(lr), 16)), u)


def main():
    texts = load(ARGS[1])
    words = collections.Counter()
    hits = collections.defaultdict(collections.Counter)  # (k, any unseen side) -> (bin, changed)
    for t in texts:
        words[t.k] += t.words
        for lr, u, ch in t.w:
            hits[(t.k, min(u, 1))][(min(math.floor(lr), 16), ch)] += 1
    swapped = lambda k: 1000 * sum(v for h in (hits[(k, 0)], hits[(k, 1)]) for (b, ch), v in h.items() if ch) / words[k]
    print(f"swapped eligible words per 1,000 words: {swapped(1):.1f} at 5% spin, {swapped(3):.1f} at 30%")
    print("words per 1,000 reaching a log ratio of x: clean / swapped at 5% / unchanged at 5% / swapped at 30%")
    for u, name in ((0, "no unseen neighbour pair"), (1, "an unseen neighbour pair")):
        print(" ", name)
        for x in range(4, 17, 2):
            per = lambda k, want: 1000 * sum(v for (b, ch), v in hits[(k, u)].items()
                                             if b >= x and (want is None or ch == want)) / words[k]
            print(f"    x {x:2d}: {per(0, None):6.2f} {per(1, 1):6.2f} {per(1, 0):6.2f} {per(3, 1):6.2f}")
    clean, swaps = collections.Counter(), collections.Counter()
    for t in texts:
        for lr, u, ch in t.w:
            if t.k == 0:
                clean[key(lr, u)] += 1
            elif ch:
                swaps[key(lr, u)] += 1
    nc, ns = sum(clean.values()), sum(swaps.values())
    ratio = {x: math.log(((swaps[x] + .5) / ns) / ((clean[x] + .5) / nc)) for x in set(clean) | set(swaps)}

    def score(t, sel):
        return sum(math.log(1 - PI + PI * math.exp(min(ratio[key(lr, u)], fit.CAP))) for lr, u, _ in t.w if sel(lr, u))

    print("detection at 5 / 15 / 30% spin (threshold a + 4 k + c sqrt(k), one clean text above it, 10% margin)")
    for name, sel in (("strong words (the verdict's)", lambda lr, u: u >= 1 and lr > 6),
                      ("+ no unseen side, ratio above e^5", lambda lr, u: (u >= 1 and lr > 6) or lr > 5),
                      ("every word next to an unseen pair", lambda lr, u: u >= 1),
                      ("every eligible word", lambda lr, u: True)):
        sc = [score(t, sel) for t in texts]
        a, c = fit.fit_threshold([(texts, sc)], 4.0, 1, 1.1)
        d = fit.detection(texts, sc, a, 4.0, c)
        print(f"  {name:36s} {d[1]:5.1f} {d[2]:5.1f} {d[3]:5.1f}")


if __name__ == "__main__":
    main()
