# %% [markdown]
# # The weather tree, by hand
#
# Quinlan's (1986) weather table: 14 days, four nominal attributes, and whether
# tennis was played. We compute what ID3 and C4.5 compute at the root, first with
# plain Python (`math.log2`) and then with id3tree's functions, which run the same
# kernels as the trees, and check that both agree. Then we let the estimators grow
# the whole tree.
#
# Logs are base 2, so every quantity is in bits.

# %%
import math

import pandas as pd

from id3tree import (
    C45Classifier,
    ID3Classifier,
    entropy,
    export_text,
    gain_ratio,
    information_gain,
    split_information,
)
from id3tree.datasets import load_weather

X, y = load_weather(return_X_y=True)
print(pd.concat([X, y], axis=1).to_string())

# %% [markdown]
# ## Entropy of the class
#
# 9 days of play and 5 without: `H(play) = -9/14 log2 9/14 - 5/14 log2 5/14`.


# %%
def entropy_by_hand(counts):
    total = sum(counts)
    return -sum(c / total * math.log2(c / total) for c in counts if c > 0)


counts = y.value_counts()
h_play = entropy_by_hand(counts.tolist())
print(f"\nclass counts: {', '.join(f'{k} {v}' for k, v in counts.items())}")
print(f"H(play) by hand      = {h_play:.4f} bits")
print(f"H(play) with entropy = {entropy(counts.to_numpy()):.4f} bits")
assert math.isclose(h_play, entropy(counts.to_numpy()))

# %% [markdown]
# ## Gain, split information and gain ratio of every attribute
#
# Splitting on attribute A sends each day down the branch of its value. What is
# left to learn is the entropy of play in each branch, weighted by the branch's
# share of the days: `H(play | A) = Σ_v |D_v|/|D| H(D_v)`. The information gain is
# what the split removes, `H(play) - H(play | A)`.
#
# ID3 picks the largest gain, which favours attributes with many values. C4.5
# divides the gain by the split information `H_A(D) = -Σ_v |D_v|/|D| log2 |D_v|/|D|`
# (the entropy of the attribute's own values) and picks the best gain ratio among
# the attributes whose gain is at least the average.

# %%
rows = []
for name in X.columns:
    table = pd.crosstab(X[name], y)  # one row per value, one column per class
    branch_sizes = table.sum(axis=1)
    n = branch_sizes.sum()
    h_given = sum(
        size / n * entropy_by_hand(table.loc[value].tolist())
        for value, size in branch_sizes.items()
    )
    gain = h_play - h_given
    split = entropy_by_hand(branch_sizes.tolist())
    rows.append(
        {
            "attribute": name,
            "H(play|A)": h_given,
            "gain": gain,
            "split info": split,
            "gain ratio": gain / split,
        }
    )
    # id3tree's functions give the same numbers
    assert math.isclose(gain, information_gain(X[name], y), abs_tol=1e-12)
    assert math.isclose(split, split_information(X[name]), abs_tol=1e-12)
    assert math.isclose(gain / split, gain_ratio(X[name], y), abs_tol=1e-12)

summary = pd.DataFrame(rows).set_index("attribute")
print()
print(summary.round(4).to_string())
print("(information_gain, split_information and gain_ratio agree to 1e-12)")

# %% [markdown]
# ## The root
#
# Outlook has the largest gain (0.247 bits) and, of the attributes with at least
# the average gain, the largest gain ratio (0.156), so ID3 and C4.5 both put it at
# the root.

# %%
id3_root = summary["gain"].idxmax()
average_gain = summary["gain"].mean()
candidates = summary[summary["gain"] >= average_gain]
c45_root = candidates["gain ratio"].idxmax()
print(f"\nH(play) = {h_play:.3f}")
print(
    f"gain(outlook) = {summary.loc['outlook', 'gain']:.3f}, "
    f"gain ratio(outlook) = {summary.loc['outlook', 'gain ratio']:.3f}"
)
print(f"ID3 root (largest gain): {id3_root}")
print(
    f"C4.5 root (best gain ratio among gains >= {average_gain:.3f}: "
    f"{', '.join(candidates.index)}): {c45_root}"
)

# %% [markdown]
# ## One level down
#
# Overcast days are all "yes", so that branch is a leaf. The sunny days split
# perfectly on humidity, the rainy days on windy: each of those gains equals the
# branch's whole entropy.

# %%
for value in ("sunny", "rainy"):
    days = X["outlook"] == value
    gains = {
        name: information_gain(X.loc[days, name], y[days])
        for name in X.columns
        if name != "outlook"
    }
    best = max(gains, key=gains.get)
    print(
        f"outlook = {value}: H = {entropy(y[days].value_counts().to_numpy()):.3f}, "
        f"best split {best} (gain {gains[best]:.3f})"
    )

# %% [markdown]
# ## The trees
#
# `ID3Classifier` grows the full tree; `C45Classifier` grows it with J48's
# defaults and prunes it (on these 14 days nothing is pruned). `export_text`
# draws them in scikit-learn's layout or exactly as Weka's J48 prints its model.

# %%
id3 = ID3Classifier().fit(X, y)
print("\nID3Classifier:")
print(export_text(id3))

c45 = C45Classifier().fit(X, y)
print("C45Classifier (as J48 prints it):")
print(export_text(c45, style="j48"))

# %% [markdown]
# The numeric version of the table has temperature and humidity in degrees and
# percent; C4.5 cuts humidity at a threshold instead of using its values.

# %%
X_num, y_num = load_weather(numeric=True, return_X_y=True)
print("C45Classifier on weather.numeric:")
print(export_text(C45Classifier().fit(X_num, y_num), style="j48"))
