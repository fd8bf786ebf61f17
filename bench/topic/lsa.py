# Experiment (session 13): LSA word vectors from the training part of the reference.
# Word x chunk (CHUNK tokens) matrix, log(1+tf)*idf, truncated SVD to DIM dims.
import os, numpy as np, scipy.sparse as sp, scipy.sparse.linalg as sla, sys, time
# Where the experiment's arrays live (made by extract.py); TOPIC=DIR to put them elsewhere.
TOPIC = os.environ.get('TOPIC', 'bench/out/topic')
V = int(sys.argv[1]); DIM = int(sys.argv[2]); CHUNK = int(sys.argv[3]); UNKEEP = float(sys.argv[4]); OUT = sys.argv[5]
t0 = time.time()
ids = np.load(os.path.join(TOPIC, 'ids.npy')); bounds = np.load(os.path.join(TOPIC, 'bounds.npy'))
vocab = [l.split('\t')[0] for l in open(os.path.join(TOPIC, 'vocab.txt'))]
# documents of un_general_debates: positions 9.1M..34.0M in file order (see extract.log); keep a share
rng = np.random.default_rng(1)
chunk_of = np.full(len(ids), -1, dtype=np.int64)
nchunk = 0
un_lo, un_hi = 9088312, 34044725
for a, b in zip(bounds[:-1], bounds[1:]):
    if a >= un_lo and b <= un_hi and rng.random() > UNKEEP: continue
    n = (b - a + CHUNK - 1) // CHUNK
    chunk_of[a:b] = nchunk + (np.arange(b - a) // CHUNK)
    nchunk += n
keep = (chunk_of >= 0) & (ids >= 0) & (ids < V)
print('tokens kept', keep.sum(), 'chunks', nchunk, flush=True)
X = sp.coo_matrix((np.ones(keep.sum(), dtype=np.float32), (ids[keep], chunk_of[keep])), shape=(V, nchunk)).tocsr()
X.sum_duplicates()
df = np.diff((X > 0).astype(np.int8).tocsc().indptr) if False else np.bincount(X.tocoo().row, minlength=V)
idf = np.log(nchunk / np.maximum(df, 1)).astype(np.float32)
X.data = np.log1p(X.data)
X = sp.diags(idf) @ X
print('nnz', X.nnz, time.time() - t0, flush=True)
U, S, Vt = sla.svds(X.astype(np.float32), k=DIM)
o = np.argsort(-S); U = U[:, o]; S = S[o]
W = (U * np.sqrt(S)).astype(np.float32)
np.save(OUT, W)
with open(OUT + '.vocab', 'w') as fh: fh.write('\n'.join(vocab[:V]))
print('done', time.time() - t0, 'S', S[:5], S[-3:])
