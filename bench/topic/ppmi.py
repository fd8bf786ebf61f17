# Experiment (session 13): windowed PPMI (+-WIN, context distribution smoothing 0.75) word vectors, SVD to DIM.
import os, numpy as np, scipy.sparse as sp, scipy.sparse.linalg as sla, sys, time
# Where the experiment's arrays live (made by extract.py); TOPIC=DIR to put them elsewhere.
TOPIC = os.environ.get('TOPIC', 'bench/out/topic')
V, DIM, WIN, NTOK, OUT = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
t0 = time.time()
ids = np.load(os.path.join(TOPIC, 'ids.npy')); bounds = np.load(os.path.join(TOPIC, 'bounds.npy'))
vocab = [l.split('\t')[0] for l in open(os.path.join(TOPIC, 'vocab.txt'))]
rng = np.random.default_rng(2)
# sample documents (UN at 30%) until NTOK tokens
un_lo, un_hi = 9088312, 34044725
docs = [(a, b) for a, b in zip(bounds[:-1], bounds[1:]) if not (a >= un_lo and b <= un_hi and rng.random() > 0.3)]
rng.shuffle(docs)
sel = []; n = 0
for a, b in docs:
    sel.append(np.append(ids[a:b], -1)); n += b - a + 1
    if n >= NTOK: break
x = np.concatenate(sel); x[x >= V] = -2  # -1 doc break, -2 out of vocab (kept as position filler)
print('tokens', len(x), flush=True)
C = sp.csr_matrix((V, V), dtype=np.float32)
for d in range(1, WIN + 1):
    a, b = x[:-d], x[d:]
    # no pair across a document break
    brk = np.cumsum(x == -1); ok = (a >= 0) & (b >= 0) & (brk[:-d] == brk[d:])
    a, b = a[ok].astype(np.int64), b[ok].astype(np.int64)
    w = np.float32(1.0)
    M = sp.coo_matrix((np.full(len(a), w, np.float32), (a, b)), shape=(V, V)).tocsr()
    C = C + M + M.T
    print('offset', d, C.nnz, time.time() - t0, flush=True)
C = C.tocoo()
rs = np.asarray(C.sum(1)).ravel(); cs = np.asarray(C.sum(0)).ravel() ** 0.75
tot = C.data.sum()
pmi = np.log(C.data * cs.sum() / (rs[C.row] * cs[C.col]))
keep = pmi > 0
P = sp.coo_matrix((pmi[keep].astype(np.float32), (C.row[keep], C.col[keep])), shape=(V, V)).tocsr()
print('ppmi nnz', P.nnz, time.time() - t0, flush=True)
U, S, Vt = sla.svds(P, k=DIM)
o = np.argsort(-S); U = U[:, o]; S = S[o]
np.save(OUT, (U * np.sqrt(S)).astype(np.float32))
with open(OUT + '.vocab', 'w') as fh: fh.write('\n'.join(vocab[:V]))
print('done', time.time() - t0)
