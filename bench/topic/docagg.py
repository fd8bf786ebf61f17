# Experiment (session 13): document-level value of the topic feature, two-fold CV by document.
# Baseline: the verdict's score (bench/spinagg/fit.py: fit_ratios + score) with a threshold
# a + 4k + c sqrt(k) fitted (fit.py's fit_threshold, allow 0) so every clean train-fold doc is below.
# Topic: per-word log ratio from a binned density ratio of FEATURE (swapped vs clean words,
# bigram-unseen words with synonyms only), fitted on the train fold; points ln(1-PI+PI e^x)
# summed over those words, times GAMMA, added to the score.
import os, sys, zlib, math, numpy as np, collections
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'spinagg'))
sys.argv_saved = sys.argv; FEAT, ROWS, SPUN = sys.argv[1], sys.argv[2], sys.argv[3]
FNAME = sys.argv[4] if len(sys.argv) > 4 else 'soft'
_a = sys.argv; sys.argv = ['fit.py', '', '', 'none']
import fit as F
sys.argv = _a
from load import load
import json
docs = load(FEAT)
R = np.load(ROWS)
k, d, words, ch, seen, oin, nS, fw, fmax, soft, lr, unseen = R.T[:12]
f = {'soft': soft - 10 * fw, 'max': fmax - fw, 'self': -fw}[FNAME]
# doc index -> (source, id), in spun.jsonl order of first appearance
keys = []; s = set()
for line in open(SPUN):
    j = line.find('"source":'); r = json.loads(line)
    kk = (r['source'], r['id'])
    if kk not in s: s.add(kk); keys.append(kk)
fold_of_doc = np.array([zlib.crc32(f"{a}/{b}".encode()) & 1 for a, b in keys])
use = (nS > 0) & (seen == 0) & ~np.isnan(f)
def fit_bins(mask):
    c = f[mask & (k == 0)]; w = f[mask & (k > 0) & (ch == 1)]
    edges = np.quantile(c, [0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.998])
    hc = np.bincount(np.searchsorted(edges, c), minlength=len(edges) + 1) + 0.5
    hw = np.bincount(np.searchsorted(edges, w), minlength=len(edges) + 1) + 0.5
    return edges, np.log((hw / hw.sum()) / (hc / hc.sum()))
def topic_points(mask, edges, x, PI=0.02):
    pts = np.log(1 - PI + PI * np.exp(x[np.searchsorted(edges, f)]))
    out = collections.defaultdict(float)
    for kk, dd, p in zip(k[mask], d[mask], pts[mask]):
        out[(int(kk), keys[int(dd)])] += p
    return out
def run(gamma, margin):
    cv = np.zeros(2); cvb = np.zeros(2); ff = ffb = 0
    for fo in (0, 1):
        tr_docs = [t for t in docs if (zlib.crc32(f"{t.source}/{t.id}".encode()) & 1) == fo and t.k <= 2]
        te_docs = [t for t in docs if (zlib.crc32(f"{t.source}/{t.id}".encode()) & 1) != fo and t.k <= 2]
        fa = F.fit_ratios(tr_docs)
        trm = use & (fold_of_doc[d.astype(int)] == fo)
        edges, x = fit_bins(trm)
        tp = topic_points(use, edges, x)
        for g, acc in ((0.0, 'b'), (gamma, 't')):
            sc = lambda T: [F.score(t, fa) + g * tp.get((t.k, (t.source, t.id)), 0.0) for t in T]
            a, c = F.fit_threshold([(tr_docs, sc(tr_docs))], 4.0, 0, margin)
            det = F.detection(te_docs, sc(te_docs), a, 4.0, c)
            n0 = sum(t.k == 0 for t in te_docs)
            if acc == 'b': cvb += np.array(det[1:3]) / 2; ffb += round(det[0] * n0 / 100)
            else: cv += np.array(det[1:3]) / 2; ff += round(det[0] * n0 / 100)
    print(f'{FNAME} gamma {gamma} margin {margin}: baseline CV 5%/15% {cvb[0]:.1f} {cvb[1]:.1f} (clean fails {ffb}) | +topic {cv[0]:.1f} {cv[1]:.1f} (clean fails {ff})', flush=True)
# print the per-bin log ratios on all data for reference
e, x = fit_bins(use); print('bins (clean quantiles .5 .8 .9 .95 .98 .99 .995 .998) ln LR:', np.round(x, 2))
for gamma in (1.0, 0.5):
    for margin in (1.0,):
        run(gamma, margin)
