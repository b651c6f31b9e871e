# %% [markdown]
# # Boosting and bagging C4.5 trees
#
# C45Classifier accepts `sample_weight`, so it works as the base estimator of
# scikit-learn's ensembles: `BaggingClassifier` fits each tree on a bootstrap
# sample, `AdaBoostClassifier` reweights the training instances after each tree
# so that the next one concentrates on the mistakes (the pairing of Weka's
# AdaBoostM1 with J48). We compare them with a single tree on the ionosphere
# radar data (351 returns, 34 numeric attributes, good/bad), with the same
# stratified folds for every model.

# %%
import time

import pandas as pd
from sklearn.ensemble import AdaBoostClassifier, BaggingClassifier
from sklearn.model_selection import StratifiedKFold, cross_validate

from id3tree import C45Classifier, log_loss_scorer
from id3tree.datasets import load_ionosphere

X, y = load_ionosphere(return_X_y=True)
y = y.astype(str)
print(f"{X.shape[0]} instances, {X.shape[1]} attributes")
print(f"class: {', '.join(f'{k} {v}' for k, v in y.value_counts().items())}")

folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)

# %% [markdown]
# ## The models
#
# * a single C4.5 tree with J48's defaults;
# * 10 bagged C4.5 trees, each grown on a bootstrap sample; bagging averages
#   away the variance of unstable learners, so the trees are left unpruned;
# * 10 boosted C4.5 trees (AdaBoost's SAMME algorithm), pruned as usual;
# * 25 boosted C4.5 stumps (`max_depth=1`), the textbook weak learner.

# %%
models = {
    "single C4.5": C45Classifier(),
    "bagged C4.5 (10)": BaggingClassifier(
        estimator=C45Classifier(pruning=None), n_estimators=10, random_state=0
    ),
    "AdaBoost C4.5 (10)": AdaBoostClassifier(
        estimator=C45Classifier(), n_estimators=10, random_state=0
    ),
    "AdaBoost stumps (25)": AdaBoostClassifier(
        estimator=C45Classifier(max_depth=1), n_estimators=25, random_state=0
    ),
}

# %% [markdown]
# ## Cross-validated accuracy and log loss

# %%
rows = {}
for name, model in models.items():
    start = time.perf_counter()
    scores = cross_validate(
        model,
        X,
        y,
        cv=folds,
        scoring={"accuracy": "accuracy", "log_loss": log_loss_scorer},
    )
    rows[name] = {
        "accuracy": scores["test_accuracy"].mean(),
        "accuracy std": scores["test_accuracy"].std(),
        "log loss": -scores["test_log_loss"].mean(),
        "seconds": time.perf_counter() - start,
    }

results = pd.DataFrame(rows).T
print()
print(results.to_string(float_format=lambda v: f"{v:.4f}"))

single = results.loc["single C4.5", "accuracy"]
best = results["accuracy"].idxmax()
print(
    f"\nbest: {best}, accuracy {results.loc[best, 'accuracy']:.4f} "
    f"vs {single:.4f} for a single tree"
)

# %% [markdown]
# A single tree puts a hard 0 or 1 on many test instances, so one mistake costs
# a lot of log loss; averaging many trees gives graded probabilities, which is
# where ensembles gain most.
