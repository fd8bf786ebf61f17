# Experiment (session 13): topic-coherence features per word of the spin_eval --spun-out dump.
# For each eligible word w (spinner content test) in the embedding vocabulary: the context
# vector c = sum of unit vectors of the other content words (whole doc, or +-WIN word tokens),
# leaving out every occurrence of w and of its model synonyms S(w); fw = cos(w, c),
# fs = cos(s, c). Writes one row per word: k, doc index, words, changed, seen-by-bigram,
# orig-in-S, nS, fw, max fs, softmax-LR(lambda=LAM) over S.
import json, sys, numpy as np, bisect
def fnv(s):
    h = 0xcbf29ce484222325
    for b in s.encode():
        h ^= b; h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h & 0xFFFFFFFF
HC = {}
EMB, SPUN, OUT, WIN = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
LAM = 10.0
W = np.load(EMB); vocab = open(EMB + '.vocab').read().split('\n')
W = W / np.maximum(np.linalg.norm(W, axis=1, keepdims=True), 1e-9)
vid = {w: i for i, w in enumerate(vocab)}
syn = json.load(open(SPUN + '.syn.json'))
rows = []
doc_i = -1; key_doc = {}
for line in open(SPUN):
    r = json.loads(line)
    key = (r['source'], r['id'])
    if key not in key_doc: key_doc[key] = len(key_doc)
    d = key_doc[key]
    toks = r['toks']
    # content tokens: eligible and in vocab
    pos = [j for j, t in enumerate(toks) if t[3] and t[2] in vid]
    if not pos: continue
    ids = np.array([vid[toks[j][2]] for j in pos])
    V = W[ids]
    cum = np.vstack([np.zeros((1, W.shape[1]), np.float32), np.cumsum(V, axis=0)])
    occ = {}
    for p, j in enumerate(pos): occ.setdefault(toks[j][2], []).append(p)
    total = cum[-1]
    for p, j in enumerate(pos):
        t = toks[j]; w = t[2]
        S = [s for s in syn.get(w, []) if s in vid]
        lo, hi = (0, len(pos)) if WIN == 0 else (max(0, p - WIN), min(len(pos), p + WIN + 1))
        c = cum[hi] - cum[lo]
        for x in [w] + [s for s in S if s in occ]:
            ps = occ.get(x)
            if not ps: continue
            n = bisect.bisect_left(ps, hi) - bisect.bisect_left(ps, lo)
            c = c - n * W[vid[x]]
        nc = np.linalg.norm(c)
        if nc < 1e-6: continue
        c = c / nc
        fw = float(W[vid[w]] @ c)
        if S:
            fs = W[[vid[s] for s in S]] @ c
            fmax = float(fs.max()); soft = float(np.log(np.mean(np.exp(LAM * (fs - fmax)))) + LAM * fmax)
        else:
            fmax = soft = np.nan
        seen = int(t[8] or t[9])
        rows.append((r['k'], d, r['words'], t[4], seen, int(t[5] in syn.get(w, [])) if t[4] else -1, len(S), fw, fmax, soft,
                     t[6] if t[6] is not None else np.nan, t[7], HC.setdefault(w, fnv(w)), j))
np.save(OUT, np.array(rows, dtype=np.float64))
print(len(rows))
