# %% [markdown]
# # A tour of the information theory behind id3tree
#
# Self-information, entropy, cross-entropy, KL divergence, mutual information,
# and the information gain and gain ratio that ID3 and C4.5 use to choose splits.
# Every number below comes from id3tree's own functions, which use the same
# kernels as the trees. Logs are base 2 (bits) unless said otherwise.

# %%
import itertools
import math

import numpy as np
import pandas as pd

from id3tree import (
    binary_cross_entropy,
    conditional_entropy,
    cross_entropy,
    entropy,
    gain_ratio,
    information_gain,
    joint_entropy,
    kl_divergence,
    log_loss,
    mutual_information,
    self_information,
    split_information,
)
from id3tree.datasets import load_dataset

# %% [markdown]
# ## 1. Self-information: rare outcomes carry more information
#
# Three fair coin tosses have 8 equally likely results, each with p = 1/8.

# %%
print("== 1. Self-information ==")
print(f"I(0.125) = {self_information(0.125):.3f} bits  (one of 8 outcomes)")
print(f"I(0.5) * 3 = {3 * self_information(0.5):.3f} bits  (independent tosses add)")
print(f"I(0.125) = {self_information(0.125, base='e'):.4f} nats")

# %% [markdown]
# ## 2. Entropy: the expected self-information
#
# A fair coin has 1 bit, a certain outcome 0, k equally likely outcomes log2 k
# (the maximum).

# %%
print("\n== 2. Entropy ==")
print(f"H(fair coin) = {entropy([0.5, 0.5]):.3f} bit")
print(f"H(biased coin 0.9/0.1) = {entropy([0.9, 0.1]):.4f} bits")
print(f"H(certain) = {entropy([1.0, 0.0]):.3f} bits")
print(f"H(fair die) = {entropy([1] * 6):.4f} bits = log2(6) = {math.log2(6):.4f}")

# %% [markdown]
# ## 3. Cross-entropy and KL divergence
#
# Sending messages from P with the code built for Q costs H(P, Q) bits on average,
# H(P) for the best code plus KL(P || Q) for the mismatch. A code for outcomes with
# probabilities 1/2, 1/4, 1/8, 1/8 uses 1, 2, 3 and 3 bits; a fixed-length code
# uses 2 bits each, i.e. the code of the uniform distribution.

# %%
print("\n== 3. Cross-entropy and KL divergence ==")
p = [0.5, 0.25, 0.125, 0.125]
uniform = [0.25, 0.25, 0.25, 0.25]
print(f"H(P) = {entropy(p):.4f} bits  (average length of the code built for P)")
print(f"H(P, uniform) = {cross_entropy(p, uniform):.4f} bits  (fixed 2-bit code)")
print(f"KL(P || uniform) = {kl_divergence(p, uniform):.4f} bits")
lengths = [-math.log2(q) for q in p]
average = sum(pi * li for pi, li in zip(p, lengths, strict=True))
print(f"average code length with lengths {lengths}: {average:.4f} bits")

fair, loaded = [0.5, 0.5], [0.9, 0.1]
h_pq = cross_entropy(fair, loaded)
print(
    f"H(fair, loaded) = {h_pq:.4f} = H(fair) + KL(fair || loaded) = "
    f"{entropy(fair):.4f} + {kl_divergence(fair, loaded):.4f}"
)
print(
    f"not symmetric: KL(fair || loaded) = {kl_divergence(fair, loaded):.4f}, "
    f"KL(loaded || fair) = {kl_divergence(loaded, fair):.4f}"
)
print(f"KL(fair || certain) = {kl_divergence(fair, [1.0, 0.0])}  (q = 0 < p)")

# %% [markdown]
# ## 4. Mutual information
#
# I(X; Y) = H(Y) - H(Y | X) = H(X) + H(Y) - H(X, Y): what knowing X tells about Y.
# Here X is the weather outlook, Y whether we play.

# %%
print("\n== 4. Mutual information ==")
weather = load_dataset("weather.nominal")
X, play = weather.data, weather.target
table = pd.crosstab(X["outlook"], play).to_numpy()
print("outlook x play counts (rows sunny, overcast, rainy; columns yes, no):")
print(table)
h_y, h_x = entropy(table.sum(axis=0)), entropy(table.sum(axis=1))
print(f"H(play) = {h_y:.4f}, H(outlook) = {h_x:.4f}")
print(f"H(outlook, play) = {joint_entropy(table):.4f}")
print(f"H(play | outlook) = {conditional_entropy(table):.4f}")
print(f"I(outlook; play) = {mutual_information(table):.4f} bits")
print(f"H(play) - H(play | outlook) = {h_y - conditional_entropy(table):.4f}")

# %% [markdown]
# ## 5. Information gain and gain ratio: how ID3 and C4.5 pick a split
#
# The information gain g(D, A) = H(D) - H(D | A) is the mutual information of class
# and feature in the training data. ID3 splits on the largest gain; C4.5 divides it
# by the split information H_A(D) (the entropy of the feature's values), because
# gain favours features with many values.
#
# The loan table (Li Hang, *Statistical Learning Methods*, table 5.1):

# %%
print("\n== 5. Information gain: the loan table ==")
loan = pd.DataFrame(
    [
        ("youth", "no", "no", "fair", "no"),
        ("youth", "no", "no", "good", "no"),
        ("youth", "yes", "no", "good", "yes"),
        ("youth", "yes", "yes", "fair", "yes"),
        ("youth", "no", "no", "fair", "no"),
        ("middle", "no", "no", "fair", "no"),
        ("middle", "no", "no", "good", "no"),
        ("middle", "yes", "yes", "good", "yes"),
        ("middle", "no", "yes", "excellent", "yes"),
        ("middle", "no", "yes", "excellent", "yes"),
        ("old", "no", "yes", "excellent", "yes"),
        ("old", "no", "yes", "good", "yes"),
        ("old", "yes", "no", "good", "yes"),
        ("old", "yes", "no", "excellent", "yes"),
        ("old", "no", "no", "fair", "no"),
    ],
    columns=["age", "has_job", "own_house", "credit", "approved"],
)
features = ["age", "has_job", "own_house", "credit"]
y = loan["approved"]
print(f"H(D) = {entropy(y.value_counts()):.4f}")
print(f"{'feature':<10} {'gain':>7} {'split info':>11} {'gain ratio':>11}")
for name in features:
    print(
        f"{name:<10} {information_gain(loan[name], y):7.4f} "
        f"{split_information(loan[name]):11.4f} {gain_ratio(loan[name], y):11.4f}"
    )
best = max(features, key=lambda f: information_gain(loan[f], y))
print(f"ID3 splits on {best}")
rest = loan[loan["own_house"] == "no"]
print(f"without a house (9 rows): H = {entropy(rest['approved'].value_counts()):.4f}")
for name in ["age", "has_job", "credit"]:
    print(f"  gain({name}) = {information_gain(rest[name], rest['approved']):.4f}")

# %% [markdown]
# The weather table (Quinlan 1986). Its columns are categoricals in the declared
# value order, so the numbers are Weka J48's doubles to the last bit.

# %%
print("\n== 5b. Information gain: the weather table ==")
print(f"H(play) = {entropy(play.value_counts()):.4f}")
for name in X.columns:
    print(
        f"{name:<12} gain = {information_gain(X[name], play):.4f}  "
        f"split info = {split_information(X[name]):.4f}  "
        f"gain ratio = {gain_ratio(X[name], play):.4f}"
    )
print("the same as exact doubles (C4.5 spec section 10.1):")
for name in X.columns:
    print(
        f"  {name:<12} gain = {information_gain(X[name], play)!r}  "
        f"gain ratio = {gain_ratio(X[name], play)!r}"
    )
print(
    "gain(outlook) = I(outlook; play):",
    math.isclose(information_gain(X["outlook"], play), mutual_information(table)),
)

# %% [markdown]
# ## 6. Minimising cross-entropy is maximum likelihood
#
# For data with empirical distribution P, the average negative log-likelihood of a
# model Q is the cross-entropy H(P, Q) = H(P) + KL(P || Q). H(P) does not depend on
# the model, so the best Q is P itself: the class frequencies, which are exactly
# what a tree stores in its leaves.

# %%
print("\n== 6. Minimising cross-entropy is maximum likelihood ==")
labels = np.array(["a"] * 10 + ["b"] * 6 + ["c"] * 4)
counts = np.array([10, 6, 4])
grid = [round(0.05 * i, 2) for i in range(1, 20)]
candidates = [
    (qa, qb, round(1 - qa - qb, 2)) for qa, qb in itertools.product(grid, grid)
]
candidates = [q for q in candidates if q[2] > 0]
best_q = min(candidates, key=lambda q: cross_entropy(counts, q))
print(f"empirical P = {counts / counts.sum()}")
print(f"Q minimising H(P, Q) on a 0.05 grid = {best_q}")
print(
    f"min H(P, Q) = {cross_entropy(counts, best_q):.4f} = H(P) = {entropy(counts):.4f}"
)

for q in [best_q, (1 / 3, 1 / 3, 1 / 3)]:
    proba = np.tile(q, (len(labels), 1))
    nll = log_loss(labels, proba)
    print(
        f"Q = {tuple(round(v, 3) for v in q)}: log_loss = {nll:.4f} nats = "
        f"H(P, Q) = {cross_entropy(counts, q, base='e'):.4f} nats"
    )

print("binary cross-entropy of one label is the log-loss:")
y_bin = np.array([1, 0, 1, 1])
p_bin = np.array([0.8, 0.3, 0.6, 0.9])
print(
    f"  binary_cross_entropy = {binary_cross_entropy(y_bin, p_bin):.4f}, "
    f"log_loss = {log_loss(y_bin, p_bin):.4f}"
)
