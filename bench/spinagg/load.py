"""Loads `spin_eval --feat` dumps for offline tuning of the spin verdict's aggregation."""
import math
import sys


class Text:
    __slots__ = ("source", "id", "cal", "k", "words", "content", "nchanges", "strong", "singles", "phrases")


def load(path):
    out = []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        t = Text()
        t.source, t.id, t.cal, t.k = f[0], f[1], int(f[2]), int(f[3])
        t.words, t.content, t.nchanges = int(f[4]), int(f[5]), int(f[6])
        # strong: hash, llr, unseen, sides, swc, pmi, obs, lnwc, changed[, own, best, any[, occ_n, occ_sum, occ_cons]]
        t.strong = []
        for c in f[7].split(";"):
            if c:
                x = c.split(",")
                # (own, best, any) in-document consistency when dumped (else zeros)
                extra = tuple(int(v) for v in x[9:12]) or (0, 0, 0)
                # (occurrences, sum of their llr, consistent-spinner llr) over all the word's occurrences
                occ = (int(x[12]), float(x[13]), float(x[14])) if len(x) > 14 else (0, 0.0, 0.0)
                t.strong.append((int(x[0]), float(x[1]), int(x[2]), int(x[3]), int(x[4]), float(x[5]), int(x[6]),
                                 float(x[7]), int(x[8])) + extra + occ)
        # singles: hash, llr, unseen, sides, swc, pmi, obs, reportable, entity, changed[, own, best, any]
        t.singles = []
        for c in f[8].split(";"):
            if c:
                x = c.split(",")
                extra = tuple(int(v) for v in x[10:13]) or (0, 0, 0)
                t.singles.append((int(x[0]), float(x[1]), int(x[2]), int(x[3]), int(x[4]), float(x[5]), int(x[6]),
                                  int(x[7]), int(x[8]), int(x[9])) + extra)
        t.phrases = []
        for c in f[9].split(";"):
            if c:
                x = c.split(",")
                t.phrases.append((int(x[0]), int(x[1])))
        out.append(t)
    return out


def poisson_tail(k, lam):
    if k == 0:
        return 1.0
    # P(X >= k) = 1 - sum_{i<k}
    s, term = 0.0, math.exp(-lam)
    for i in range(k):
        s += term
        term *= lam / (i + 1)
    return max(0.0, 1.0 - s)


def baseline(t):
    """The current verdict (verdict.rs): (score, threshold, spun)."""
    pairs = {s[0] for s in t.singles if s[7] and not s[8]}
    words = {s[0] for s in t.strong if s[1] > 10.0} - pairs
    phr = {p[0] for p in t.phrases}
    total = len(pairs) + len(words) + len(phr)
    ex = {}
    for s in t.strong:
        if s[1] > 9.0:
            ex[s[0]] = max(ex.get(s[0], 0.0), s[1] - 9.0)
    score = total + sum(min(x, 6.0) for x in ex.values())
    k = max(t.words, 1) / 1000.0
    thr = 4.5 + 12 * k + 9 * math.sqrt(k)
    w = max(t.words, 1)
    count = poisson_tail(total, 8.0 * w / 1000.0) < 1e-3 and total * 1000 >= 12 * w
    return score, thr, score > thr or count
