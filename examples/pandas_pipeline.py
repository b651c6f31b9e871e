# %% [markdown]
# # C4.5 in a pandas pipeline, tuned by log loss
#
# The German credit data (1000 applicants, 13 nominal and 7 numeric attributes,
# class good/bad) as a pandas DataFrame with categorical columns. C45Classifier
# takes the categories as they are; scikit-learn's DecisionTreeClassifier needs
# them one-hot encoded first. We tune both with GridSearchCV scored by
# `id3tree.log_loss_scorer` (the negative cross-entropy of the predicted
# probabilities, so the search is maximum likelihood on held-out folds) and
# compare them on a test set neither search has seen.

# %%
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder
from sklearn.tree import DecisionTreeClassifier

from id3tree import C45Classifier, export_text, log_loss, log_loss_scorer
from id3tree.datasets import load_credit_german

X, y = load_credit_german(return_X_y=True)
# plain string labels: predict_proba's columns then follow the sorted classes,
# the order scikit-learn's scorers assume
y = y.astype(str)
nominal = X.select_dtypes("category").columns.tolist()
print(
    f"{X.shape[0]} rows: {len(nominal)} nominal and {X.shape[1] - len(nominal)} numeric"
)
print(f"class: {', '.join(f'{k} {v}' for k, v in y.value_counts().items())}")

X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, stratify=y, random_state=0
)
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)

# %% [markdown]
# ## A pipeline that keeps the DataFrame
#
# The first step adds a feature, the monthly credit amount. It returns a
# DataFrame, so the categorical columns reach C45Classifier with their dtype, and
# C4.5 branches on their values (its `categorical_features="auto"` picks them up).
#
# Besides J48's pruning confidence (`-C`) and minimum leaf weight (`-M`), the
# search tries Laplace-smoothed leaf probabilities (`-A`). The tree is the same,
# but a leaf no longer answers 0 for a class it did not see in training: a single
# such mistake costs -log(1e-16) = 37 nats of log loss, the smoothed estimate a
# few.


# %%
def add_monthly_amount(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(monthly_amount=frame["credit_amount"] / frame["duration"])


c45_pipeline = Pipeline(
    [
        ("features", FunctionTransformer(add_monthly_amount)),
        ("tree", C45Classifier()),
    ]
)
c45_search = GridSearchCV(
    c45_pipeline,
    {
        "tree__confidence_factor": [0.1, 0.25, 0.5],
        "tree__min_samples_leaf": [5, 20, 40],
        "tree__laplace": [False, True],
    },
    scoring=log_loss_scorer,
    cv=folds,
)
c45_search.fit(X_train, y_train)

# %% [markdown]
# ## The scikit-learn tree behind one-hot encoding
#
# The same feature step, then a ColumnTransformer that one-hot encodes the
# nominal columns and passes the numeric ones through.

# %%
sklearn_pipeline = Pipeline(
    [
        ("features", FunctionTransformer(add_monthly_amount)),
        (
            "encode",
            ColumnTransformer(
                [("onehot", OneHotEncoder(handle_unknown="ignore"), nominal)],
                remainder="passthrough",
            ),
        ),
        ("tree", DecisionTreeClassifier(criterion="entropy", random_state=0)),
    ]
)
sklearn_search = GridSearchCV(
    sklearn_pipeline,
    {
        "tree__max_depth": [3, 6, None],
        "tree__min_samples_leaf": [2, 10, 30],
    },
    scoring=log_loss_scorer,
    cv=folds,
)
sklearn_search.fit(X_train, y_train)

# %% [markdown]
# ## Results
#
# `best_score_` is the negative log loss of the best setting, averaged over the
# five folds. The test set gives an unbiased estimate for both tuned models.

# %%
rows = {}
for name, search in [("C4.5", c45_search), ("DecisionTree", sklearn_search)]:
    best = {k.removeprefix("tree__"): v for k, v in search.best_params_.items()}
    proba = search.predict_proba(X_test)
    rows[name] = {
        "best params": ", ".join(f"{k}={v}" for k, v in best.items()),
        "CV log loss": -search.best_score_,
        "test log loss": log_loss(y_test, proba),
        "test accuracy": np.mean(search.predict(X_test) == y_test),
    }
    print(f"{name}: best {best}")

results = pd.DataFrame(rows).drop(index="best params")
print()
print(results.to_string(float_format=lambda v: f"{v:.4f}"))

# %% [markdown]
# The tuned C4.5 tree, as J48 would print it (the pipeline's last step):

# %%
best_tree = c45_search.best_estimator_.named_steps["tree"]
print()
print(export_text(best_tree, style="j48"))
