# Experiment (session 13): the topic feature as a naive-Bayes factor on the verdict's own suspect
# words (bench/spinagg/fit.py cands), two-fold CV by document, threshold a + 4k + c sqrt(k) with
# every clean train-fold document below it (margin 1.0 and 1.1). Factor: ln P(bin | swap) / P(bin | clean)
# of the word's topic feature (max over its occurrences), bins at clean-suspect quantiles.
import os, sys, zlib, math, json, collections, numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'spinagg'))
_a = sys.argv; sys.argv = ['fit.py', '', '', 'none']
import fit as F
from load import load
sys.argv = _a
FEAT, ROWS, SPUN = sys.argv[1:4]; FNAME = sys.argv[4] if len(sys.argv) > 4 else 'soft'
docs = [t for t in load(FEAT) if t.k <= 2]
R = np.load(ROWS)
k, d, words, ch, seen, oin, nS, fw, fmax, soft, lr, unseen, h, j = R.T
f = {'soft': soft - 10 * fw, 'max': fmax - fw, 'self': -fw}[FNAME]
keys = []; s = set()
for line in open(SPUN):
    r = json.loads(line); kk = (r['source'], r['id'])
    if kk not in s: s.add(kk); keys.append(kk)
topic = collections.defaultdict(dict)
ok = (nS > 0) & ~np.isnan(f)
for kk, dd, hh, x in zip(k[ok], d[ok], h[ok], f[ok]):
    m = topic[(int(kk), keys[int(dd)])]; hh = int(hh)
    m[hh] = max(m.get(hh, -1e9), x)
fold = lambda t: zlib.crc32(f"{t.source}/{t.id}".encode()) & 1
QS = [0.5, 0.8, 0.9]
def fit_factor(T):
    c, w = [], []
    for t in T:
        tp = topic.get((t.k, (t.source, t.id)), {})
        for hh, cd in F.cands(t).items():
            x = tp.get(hh)
            if t.k == 0: c.append(x)
            elif cd[3]: w.append(x)
    cv = np.array([x for x in c if x is not None]); edges = np.quantile(cv, QS)
    b = lambda x: len(edges) + 1 if x is None else int(np.searchsorted(edges, x))
    hc = np.bincount([b(x) for x in c], minlength=len(edges) + 2) + .5
    hw = np.bincount([b(x) for x in w], minlength=len(edges) + 2) + .5
    return edges, np.log((hw / hw.sum()) / (hc / hc.sum())), (hc, hw)
def score(t, fit, fac, g):
    edges, lrb, _ = fac; tp = topic.get((t.k, (t.source, t.id)), {}); s = 0.0
    for hh, (llr, un, pair, _, cls) in F.cands(t).items():
        x = fit["pair"] if llr is None else fit[(min(un, 2), pair)][0] + fit[(min(un, 2), pair)][1] * (llr - 4)
        v = tp.get(hh); x += g * lrb[len(edges) + 1 if v is None else int(np.searchsorted(edges, v))]
        s += math.log(1 - F.PI + F.PI * math.exp(min(x, F.CAP)))
    return s + F.PHRASE * len({p[0] for p in t.phrases})
fac = fit_factor(docs); print(FNAME, 'factor bins (clean-suspect quantiles', QS, '+ no feature):', np.round(fac[1], 2), 'counts clean', fac[2][0], 'swap', fac[2][1])
def cv_fitted(b, margin):
    """Two-fold CV with fit.py's threshold a + b k + c sqrt(k) (a, c fitted on the train fold, every clean
    train doc below it times margin), for the verdict alone (g 0) and with the topic factor (g 1):
    {g: (detection 5%/15%, clean fails)}."""
    res = {}
    for g in (0.0, 1.0):
        cv = np.zeros(2); ff = 0
        for fo in (0, 1):
            A = [t for t in docs if fold(t) == fo]; B = [t for t in docs if fold(t) != fo]
            fa = F.fit_ratios(A); fc = fit_factor(A)
            a, c = F.fit_threshold([(A, [score(t, fa, fc, g) for t in A])], b, 0, margin)
            det = F.detection(B, [score(t, fa, fc, g) for t in B], a, b, c)
            cv += np.array(det[1:3]) / 2; ff += round(det[0] * sum(t.k == 0 for t in B) / 100)
        res[g] = (cv, ff)
    return res
for margin in (1.0, 1.1):
    res = cv_fitted(4.0, margin)
    print(f'margin {margin}: verdict alone CV 5%/15% {res[0.0][0][0]:.1f} {res[0.0][0][1]:.1f} (clean fails {res[0.0][1]}) | with topic factor {res[1.0][0][0]:.1f} {res[1.0][0][1]:.1f} (clean fails {res[1.0][1]})', flush=True)
# In-sample (5 factor parameters), less noisy than the zero-clean-fail threshold: detection at a threshold
# with the top 0, 1 and 2% of clean docs above it, score relative to the verdict's threshold form
# (ratio score / (0.88 + 4k + 3.32 sqrt k)).
fa = F.fit_ratios(docs)
for g in (0.0, 0.5, 1.0):
    sc = np.array([score(t, fa, fac, g) / (0.88 + 4 * t.words / 1000 + 3.32 * math.sqrt(t.words / 1000)) for t in docs])
    kk = np.array([t.k for t in docs]); c = np.sort(sc[kk == 0])[::-1]
    out = []
    for q in (0, 0.01, 0.02):
        thr = c[int(q * len(c))]
        out.append(f"clean {q:.0%} above: 5% {100 * np.mean(sc[kk == 1] > thr):.1f} 15% {100 * np.mean(sc[kk == 2] > thr):.1f}")
    print(f"factor weight {g}: " + " | ".join(out), flush=True)
# Two-fold CV with the verdict's threshold form fixed (score / (0.88 + 4k + 3.32 sqrt k)), cut at the
# highest clean train-fold document (q 0) or its top 1% (q .01); factor and ratios fitted on the train fold.
for q in (0.0, 0.01):
    res = {}
    for g in (0.0, 1.0):
        det = np.zeros(3)
        for fo in (0, 1):
            A = [t for t in docs if fold(t) == fo]; B = [t for t in docs if fold(t) != fo]
            fa = F.fit_ratios(A); fc = fit_factor(A)
            rel = lambda t: score(t, fa, fc, g) / (0.88 + 4 * t.words / 1000 + 3.32 * math.sqrt(t.words / 1000))
            c = np.sort([rel(t) for t in A if t.k == 0])[::-1]; thr = c[int(q * len(c))]
            sb = np.array([rel(t) for t in B]); kb = np.array([t.k for t in B])
            det += np.array([np.mean(sb[kb == x] > thr) for x in (0, 1, 2)]) * 50
        res[g] = det
    print(f"CV fixed form, clean top {q:.0%} of train fold above: verdict alone clean {res[0.0][0]:.2f}% 5% {res[0.0][1]:.1f} 15% {res[0.0][2]:.1f} | with factor clean {res[1.0][0]:.2f}% 5% {res[1.0][1]:.1f} 15% {res[1.0][2]:.1f}", flush=True)
# fit.py's threshold shape with other length slopes b (a, c fitted on the train fold, every clean train doc below).
for b in (5.0, 6.0, 8.0):
    res = cv_fitted(b, 1.0)
    print(f'b {b} margin 1.0: verdict alone CV 5%/15% {res[0.0][0][0]:.1f} {res[0.0][0][1]:.1f} (clean fails {res[0.0][1]}) | with topic factor {res[1.0][0][0]:.1f} {res[1.0][0][1]:.1f} (clean fails {res[1.0][1]})', flush=True)
