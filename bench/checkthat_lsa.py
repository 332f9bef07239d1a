#!/usr/bin/python3
"""Simple, honest vectors for CheckThat! 2020 Task 2, to exercise dense fusion on real data.

NOT neural embeddings: latent semantic analysis (TF-IDF of words and word bigrams, truncated SVD),
fit on the verified claims and the TRAIN tweets only; dev tweets are only projected (folded in)
with the fitted model. The test split is never read. Needs Debian's python3-numpy, python3-scipy.

  /usr/bin/python3 bench/checkthat_lsa.py ../shared/data/checkthat2020 OUT_DIR [DIM=256]

writes OUT_DIR/{records,train,dev}.npy and the matching .ids sidecars (one id per line).
"""
import collections
import csv
import math
import os
import re
import sys

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds

csv.field_size_limit(1 << 30)
WORD = re.compile(r"[a-z0-9]+")
STOP = set("a an the of to in and or is are was were be been for on at by with from as it its this "
           "that these those he she they we you i his her their our your not no but if so do does "
           "did has have had will would can could just about into over than then there here who what "
           "when where which why how all any some more most rt https http co pic twitter com".split())


def tokens(text):
    text = re.sub(r"https?://\S+|pic\.twitter\.com/\S+", " ", text.lower())
    words = [w for w in WORD.findall(text) if w not in STOP and len(w) > 1]
    return words + [a + "_" + b for a, b in zip(words, words[1:])]


def read_tsv(path, id_col, text_cols):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    head = rows[0]
    ids = head.index(id_col) if id_col in head else 0  # CheckThat!'s id column is unnamed
    cols = [head.index(c) for c in text_cols if c in head]
    return [(r[ids], " ".join(r[c] for c in cols if c < len(r))) for r in rows[1:] if r]


def main():
    data, out = sys.argv[1], sys.argv[2]
    dim = int(sys.argv[3]) if len(sys.argv) > 3 else 256
    os.makedirs(out, exist_ok=True)
    records = read_tsv(os.path.join(data, "verified_claims.docs.tsv"), "vclaim_id", ["vclaim", "title"])
    train = read_tsv(os.path.join(data, "train", "tweets.queries.tsv"), "", ["tweet_content"])
    dev = read_tsv(os.path.join(data, "dev", "tweets.queries.tsv"), "", ["tweet_content"])

    fit_docs = [tokens(t) for _, t in records] + [tokens(t) for _, t in train]  # no dev text
    df = collections.Counter(w for d in fit_docs for w in set(d))
    vocab = {w: i for i, w in enumerate(sorted(w for w, n in df.items() if n >= 2))}
    idf = np.array([math.log(len(fit_docs) / df[w]) + 1 for w in sorted(vocab, key=vocab.get)])

    def tfidf(docs):
        rows, cols, vals = [], [], []
        for r, d in enumerate(docs):
            for w, n in collections.Counter(d).items():
                if w in vocab:
                    rows.append(r)
                    cols.append(vocab[w])
                    vals.append((1 + math.log(n)) * idf[vocab[w]])
        m = sp.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab)))
        norms = np.sqrt(m.multiply(m).sum(axis=1)).A1
        norms[norms == 0] = 1
        return sp.diags(1 / norms) @ m

    _, s, vt = svds(tfidf(fit_docs), k=dim, random_state=0)
    project = vt.T / s  # fold-in: x V S^-1, the same map for fitted and new documents

    def embed(items, name):
        v = np.asarray(tfidf([tokens(t) for _, t in items]) @ project, dtype="<f4")
        kept = np.any(v != 0, axis=1)  # a text with no known word gets no vector
        np.save(os.path.join(out, name + ".npy"), np.ascontiguousarray(v[kept]))
        with open(os.path.join(out, name + ".ids"), "w") as f:
            f.writelines(i + "\n" for (i, _), k in zip(items, kept) if k)
        print(f"{name}: {int(kept.sum())} x {v.shape[1]} ({int((~kept).sum())} without known words)")

    embed(records, "records")
    embed(train, "train")
    embed(dev, "dev")


if __name__ == "__main__":
    main()
