"""Tests of the text, Graphviz and rule exports and of plot_tree, on hand-built trees.

The J48 and Id3 outputs are the Weka 3.6.14 test vectors of C45_SPEC §10, compared
byte for byte from the header to the ``Size of the tree`` line.
"""

import math
import shutil
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from id3tree._dtypes import LEAF, NOMINAL, NOMINAL_BINARY, NUMERIC
from id3tree._export import (
    export_graphviz,
    export_rules,
    export_text,
    java_double_to_string,
    weka_double_to_string,
)
from id3tree._tree import Tree

# ---------------------------------------------------------------------------------
# Hand-built trees
# ---------------------------------------------------------------------------------


def leaf(*counts, empty=False):
    return {"kind": LEAF, "value": list(map(float, counts)), "empty": empty}


def num(feature, threshold, left, right, gain=0.0, ratio=0.0):
    return {
        "kind": NUMERIC,
        "feature": feature,
        "threshold": threshold,
        "children": [left, right],
        "gain": gain,
        "ratio": ratio,
    }


def nom(feature, *children, gain=0.0, ratio=0.0):
    return {
        "kind": NOMINAL,
        "feature": feature,
        "children": list(children),
        "gain": gain,
        "ratio": ratio,
    }


def binom(feature, code, equal, other):
    return {
        "kind": NOMINAL_BINARY,
        "feature": feature,
        "threshold": float(code),
        "children": [equal, other],
    }


def build_tree(spec):
    """Number the nodes breadth first so that siblings get consecutive ids."""
    order, queue, first_child = [], [spec], {}
    while queue:
        current = queue.pop(0)
        order.append(current)
        if current["kind"] != LEAF:
            first_child[id(current)] = len(order) + len(queue)
            queue.extend(current["children"])
    values = {}
    for s in reversed(order):  # children before parents
        if s["kind"] == LEAF:
            values[id(s)] = np.asarray(s["value"])
        else:
            values[id(s)] = sum(values[id(c)] for c in s["children"])
    value = np.array([values[id(s)] for s in order])
    return Tree(
        kind=[s["kind"] for s in order],
        feature=[s.get("feature", -1) for s in order],
        threshold=[s.get("threshold", np.nan) for s in order],
        first_child=[first_child.get(id(s), -1) for s in order],
        n_children=[len(s.get("children", [])) for s in order],
        value=value,
        branch_value=value.copy(),
        empty=[s.get("empty", False) for s in order],
        gain=[s.get("gain", 0.0) for s in order],
        gain_ratio=[s.get("ratio", 0.0) for s in order],
    )


def fake(spec, features, classes, *, pruning="pessimistic", binary=False):
    """A fitted-estimator stand-in: ``features`` maps names to categories or None."""
    names = list(features)
    return SimpleNamespace(
        tree_=build_tree(spec),
        classes_=np.array(classes),
        n_features_in_=len(names),
        feature_names_in_=np.array(names, dtype=object),
        categories_=[
            None if cats is None else np.array(cats, dtype=object)
            for cats in features.values()
        ],
        pruning=pruning,
        binary_categorical_splits=binary,
        criterion="gain_ratio",
    )


WEATHER_FEATURES = {
    "outlook": ["sunny", "overcast", "rainy"],
    "temperature": ["hot", "mild", "cool"],
    "humidity": ["high", "normal"],
    "windy": ["TRUE", "FALSE"],
}


def weather_nominal(pruning="pessimistic"):
    spec = nom(
        0,
        nom(2, leaf(0, 3), leaf(2, 0), gain=0.971, ratio=0.971),
        leaf(4, 0),
        nom(3, leaf(0, 2), leaf(3, 0), gain=0.971, ratio=0.971),
        gain=0.24674981977443913,
        ratio=0.15642756242117517,
    )
    return fake(spec, WEATHER_FEATURES, ["yes", "no"], pruning=pruning)


def weather_numeric():
    features = dict(WEATHER_FEATURES, temperature=None, humidity=None)
    spec = nom(
        0,
        num(2, 75.0, leaf(2, 0), leaf(0, 3)),
        leaf(4, 0),
        nom(3, leaf(0, 2), leaf(3, 0)),
    )
    return fake(spec, features, ["yes", "no"])


IRIS_FEATURES = dict.fromkeys(
    ["sepallength", "sepalwidth", "petallength", "petalwidth"]
)
IRIS_CLASSES = ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]


def iris(pruning="pessimistic"):
    spec = num(
        3,
        0.6,
        leaf(50, 0, 0),
        num(
            3,
            1.7,
            num(
                2,
                4.9,
                leaf(0, 47, 1),
                num(3, 1.5, leaf(0, 0, 3), leaf(0, 2, 1)),
            ),
            leaf(0, 1, 45),
        ),
        gain=0.8894829800885726,
        ratio=0.9686235601889859,
    )
    return fake(spec, IRIS_FEATURES, IRIS_CLASSES, pruning=pruning)


LABOR_FEATURES = {
    "wage-increase-first-year": None,
    "education-allowance": ["yes", "no"],
    "pension": ["none", "ret_allw", "empl_contr"],
    "contribution-to-health-plan": ["none", "half", "full"],
    "longterm-disability-assistance": ["yes", "no"],
    "statutory-holidays": None,
}


def labor_default():
    spec = num(
        0,
        2.5,
        leaf(13.0, 2.27),
        num(5, 10.0, leaf(6.0, 4.77), leaf(1.0, 29.96)),
    )
    return fake(spec, LABOR_FEATURES, ["bad", "good"])


def labor_unpruned():
    spec = num(
        0,
        2.5,
        nom(
            1,
            num(
                0,
                2.1,
                nom(2, leaf(2.0, 0.43), leaf(0, 0, empty=True), leaf(1.5, 1.66)),
                leaf(2.0, 0.04),
            ),
            nom(3, leaf(3.39, 0), leaf(0.05, 0.13), leaf(4.06, 0)),
        ),
        nom(
            4,
            num(5, 10.0, num(0, 3.0, leaf(2, 0), leaf(0, 3.99)), leaf(0, 25.67)),
            nom(3, leaf(3.0, 1.07), leaf(2.0, 1.37), leaf(0, 2.62)),
        ),
    )
    return fake(spec, LABOR_FEATURES, ["bad", "good"], pruning=None)


def labor_binary():
    features = {
        "duration": None,
        "wage-increase-first-year": None,
        "working-hours": None,
        "statutory-holidays": None,
        "longterm-disability-assistance": ["yes", "no"],
    }
    spec = num(
        1,
        2.5,
        leaf(13.0, 2.27),
        binom(
            4,
            0,
            num(3, 10.0, num(1, 3.0, leaf(2, 0), leaf(0, 3.99)), leaf(0, 25.67)),
            num(
                0,
                2.0,
                num(2, 39.0, leaf(0.31, 2.18), leaf(4.69, 0.72)),
                leaf(0, 2.17),
            ),
        ),
    )
    return fake(spec, features, ["bad", "good"], binary=True)


def breast_cancer():
    features = {
        "node-caps": ["yes", "no"],
        "deg-malig": ["1", "2", "3"],
    }
    spec = nom(
        0,
        nom(1, leaf(0.4, 0.61), leaf(18.2, 8.0), leaf(7.4, 23.0)),
        leaf(174.99, 53.4),
    )
    return fake(spec, features, ["no-recurrence-events", "recurrence-events"])


CONTACT_FEATURES = {
    "age": ["young", "pre-presbyopic", "presbyopic"],
    "spectacle-prescrip": ["myope", "hypermetrope"],
    "astigmatism": ["no", "yes"],
    "tear-prod-rate": ["reduced", "normal"],
}
CONTACT_CLASSES = ["soft", "hard", "none"]


def contact_lenses_j48():
    spec = nom(
        3,
        leaf(0, 0, 12),
        nom(
            2,
            leaf(5, 0, 1),
            nom(1, leaf(0, 3, 0), leaf(0, 1, 2)),
        ),
    )
    return fake(spec, CONTACT_FEATURES, CONTACT_CLASSES)


def contact_lenses_id3():
    spec = nom(
        3,
        leaf(0, 0, 12),
        nom(
            2,
            nom(0, leaf(2, 0, 0), leaf(2, 0, 0), nom(1, leaf(0, 0, 1), leaf(1, 0, 0))),
            nom(1, leaf(0, 3, 0), nom(0, leaf(0, 1, 0), leaf(0, 0, 1), leaf(0, 0, 1))),
        ),
    )
    return fake(spec, CONTACT_FEATURES, CONTACT_CLASSES, pruning=None)


def weather_root_leaf():
    return fake(leaf(9, 5), WEATHER_FEATURES, ["yes", "no"])


def weather_m5_unpruned():
    spec = nom(0, leaf(2, 3), leaf(4, 0), leaf(3, 2))
    return fake(spec, WEATHER_FEATURES, ["yes", "no"], pruning=None)


TINY_FEATURES = {"a": ["x", "y", "z"], "b": ["p", "q"]}


def tiny(pruning="pessimistic"):
    spec = nom(0, leaf(2, 0), leaf(0, 2), leaf(0, 0, empty=True))
    return fake(spec, TINY_FEATURES, ["c1", "c2"], pruning=pruning)


# ---------------------------------------------------------------------------------
# J48 test vectors (C45_SPEC §10.2-§10.5), from the header to the Size line
# ---------------------------------------------------------------------------------

J48_WEATHER = """\
J48 pruned tree
------------------

outlook = sunny
|   humidity = high: no (3.0)
|   humidity = normal: yes (2.0)
outlook = overcast: yes (4.0)
outlook = rainy
|   windy = TRUE: no (2.0)
|   windy = FALSE: yes (3.0)

Number of Leaves  : \t5

Size of the tree : \t8
"""

J48_WEATHER_NUMERIC = """\
J48 pruned tree
------------------

outlook = sunny
|   humidity <= 75: yes (2.0)
|   humidity > 75: no (3.0)
outlook = overcast: yes (4.0)
outlook = rainy
|   windy = TRUE: no (2.0)
|   windy = FALSE: yes (3.0)

Number of Leaves  : \t5

Size of the tree : \t8
"""

J48_IRIS = """\
J48 pruned tree
------------------

petalwidth <= 0.6: Iris-setosa (50.0)
petalwidth > 0.6
|   petalwidth <= 1.7
|   |   petallength <= 4.9: Iris-versicolor (48.0/1.0)
|   |   petallength > 4.9
|   |   |   petalwidth <= 1.5: Iris-virginica (3.0)
|   |   |   petalwidth > 1.5: Iris-versicolor (3.0/1.0)
|   petalwidth > 1.7: Iris-virginica (46.0/1.0)

Number of Leaves  : \t5

Size of the tree : \t9
"""

J48_LABOR = """\
J48 pruned tree
------------------

wage-increase-first-year <= 2.5: bad (15.27/2.27)
wage-increase-first-year > 2.5
|   statutory-holidays <= 10: bad (10.77/4.77)
|   statutory-holidays > 10: good (30.96/1.0)

Number of Leaves  : \t3

Size of the tree : \t5
"""

J48_LABOR_U = """\
J48 unpruned tree
------------------

wage-increase-first-year <= 2.5
|   education-allowance = yes
|   |   wage-increase-first-year <= 2.1
|   |   |   pension = none: bad (2.43/0.43)
|   |   |   pension = ret_allw: bad (0.0)
|   |   |   pension = empl_contr: good (3.16/1.5)
|   |   wage-increase-first-year > 2.1: bad (2.04/0.04)
|   education-allowance = no
|   |   contribution-to-health-plan = none: bad (3.39)
|   |   contribution-to-health-plan = half: good (0.18/0.05)
|   |   contribution-to-health-plan = full: bad (4.06)
wage-increase-first-year > 2.5
|   longterm-disability-assistance = yes
|   |   statutory-holidays <= 10
|   |   |   wage-increase-first-year <= 3: bad (2.0)
|   |   |   wage-increase-first-year > 3: good (3.99)
|   |   statutory-holidays > 10: good (25.67)
|   longterm-disability-assistance = no
|   |   contribution-to-health-plan = none: bad (4.07/1.07)
|   |   contribution-to-health-plan = half: bad (3.37/1.37)
|   |   contribution-to-health-plan = full: good (2.62)

Number of Leaves  : \t13

Size of the tree : \t22
"""

J48_LABOR_B = """\
J48 pruned tree
------------------

wage-increase-first-year <= 2.5: bad (15.27/2.27)
wage-increase-first-year > 2.5
|   longterm-disability-assistance = yes
|   |   statutory-holidays <= 10.0
|   |   |   wage-increase-first-year <= 3.0: bad (2.0)
|   |   |   wage-increase-first-year > 3.0: good (3.99)
|   |   statutory-holidays > 10.0: good (25.67)
|   longterm-disability-assistance != yes
|   |   duration <= 2.0
|   |   |   working-hours <= 39.0: good (2.49/0.31)
|   |   |   working-hours > 39.0: bad (5.41/0.72)
|   |   duration > 2.0: good (2.17)

Number of Leaves  : \t7

Size of the tree : \t13
"""

J48_BREAST_CANCER = """\
J48 pruned tree
------------------

node-caps = yes
|   deg-malig = 1: recurrence-events (1.01/0.4)
|   deg-malig = 2: no-recurrence-events (26.2/8.0)
|   deg-malig = 3: recurrence-events (30.4/7.4)
node-caps = no: no-recurrence-events (228.39/53.4)

Number of Leaves  : \t4

Size of the tree : \t6
"""

J48_CONTACT_LENSES = """\
J48 pruned tree
------------------

tear-prod-rate = reduced: none (12.0)
tear-prod-rate = normal
|   astigmatism = no: soft (6.0/1.0)
|   astigmatism = yes
|   |   spectacle-prescrip = myope: hard (3.0)
|   |   spectacle-prescrip = hypermetrope: none (3.0/1.0)

Number of Leaves  : \t4

Size of the tree : \t7
"""

J48_ROOT_LEAF = """\
J48 pruned tree
------------------
: yes (14.0/5.0)

Number of Leaves  : \t1

Size of the tree : \t1
"""

J48_WEATHER_M5_U = """\
J48 unpruned tree
------------------

outlook = sunny: no (5.0/2.0)
outlook = overcast: yes (4.0)
outlook = rainy: yes (5.0/2.0)

Number of Leaves  : \t3

Size of the tree : \t4
"""

J48_TINY = """\
J48 pruned tree
------------------

a = x: c1 (2.0)
a = y: c2 (2.0)
a = z: c1 (0.0)

Number of Leaves  : \t3

Size of the tree : \t4
"""


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (weather_nominal, J48_WEATHER),
        (weather_numeric, J48_WEATHER_NUMERIC),
        (iris, J48_IRIS),
        (labor_default, J48_LABOR),
        (labor_unpruned, J48_LABOR_U),
        (labor_binary, J48_LABOR_B),
        (breast_cancer, J48_BREAST_CANCER),
        (contact_lenses_j48, J48_CONTACT_LENSES),
        (weather_root_leaf, J48_ROOT_LEAF),
        (weather_m5_unpruned, J48_WEATHER_M5_U),
        (tiny, J48_TINY),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_j48_text_matches_weka(make, expected):
    assert export_text(make(), style="j48") == expected


def test_j48_header_follows_pruning():
    assert export_text(iris(pruning=None), style="j48").startswith(
        "J48 unpruned tree\n------------------\n\n"
    )
    assert export_text(iris(pruning="reduced_error"), style="j48").startswith(
        "J48 pruned tree\n"
    )
    est = iris()
    del est.pruning  # no pruning attribute at all: unpruned
    assert export_text(est, style="j48").startswith("J48 unpruned tree\n")


def test_j48_leaf_counts_come_from_the_parent_bag():
    est = weather_nominal()
    tree = est.tree_
    # Make the leaf's own counts disagree with the parent's bag: the bag wins.
    sunny_high = int(tree.first_child[1])
    tree.branch_value[sunny_high] = [0.004, 2.996]
    tree.value[sunny_high] = [0.0, 3.0]
    text = export_text(est, style="j48")
    # Errors above 1e-6 are shown even when they round to 0.0.
    assert "|   humidity = high: no (3.0/0.0)\n" in text
    tree.branch_value[sunny_high] = [1.25, 1.875]
    text = export_text(est, style="j48")
    assert "|   humidity = high: no (3.13/1.25)\n" in text  # 3.125 rounds half up


def test_j48_max_class_tolerance_and_error_threshold():
    spec = nom(0, leaf(1.0, 1.0000005), leaf(5.0, 1e-7), leaf(0, 0, empty=True))
    est = fake(spec, TINY_FEATURES, ["c1", "c2"])
    lines = export_text(est, style="j48").splitlines()
    # 1.0000005 does not beat 1.0 by more than 1e-6: the first class wins.
    assert lines[3] == "a = x: c1 (2.0/1.0)"
    # 1e-7 errors are not shown (gr(e, 0) is false).
    assert lines[4] == "a = y: c1 (5.0)"
    # The empty bag takes the parent's majority (6.0 vs 1.0000006).
    assert lines[5] == "a = z: c1 (0.0)"


def test_j48_empty_bag_uses_parent_distribution():
    spec = nom(0, leaf(1, 0), leaf(0, 3), leaf(0, 0, empty=True))
    est = fake(spec, TINY_FEATURES, ["c1", "c2"])
    assert export_text(est, style="j48").splitlines()[5] == "a = z: c2 (0.0)"


def test_j48_large_and_small_counts_use_java_notation():
    spec = nom(0, leaf(16907250.6, 0), leaf(0, 1e7), leaf(0.000195905, 0))
    est = fake(spec, TINY_FEATURES, ["c1", "c2"])
    lines = export_text(est, style="j48").splitlines()
    assert lines[3] == "a = x: c1 (1.69072506E7)"
    assert lines[4] == "a = y: c2 (1.0E7)"
    assert lines[5] == "a = z: c1 (0.0)"  # round2 first


def test_j48_threshold_formats():
    spec = nom(0, num(1, 1.1234567, leaf(1, 0), leaf(0, 1)), leaf(1, 0), leaf(0, 1))
    features = {"a": ["x", "y", "z"], "t": None}
    est = fake(spec, features, ["c1", "c2"])
    assert "|   t <= 1.123457: c1 (1.0)" in export_text(est, style="j48")
    est.binary_categorical_splits = True
    assert "|   t <= 1.1234567: c1 (1.0)" in export_text(est, style="j48")


def test_j48_deep_tree_has_no_recursion_limit():
    spec = leaf(1, 0)
    for _ in range(3 * sys.getrecursionlimit()):
        spec = num(0, 0.5, spec, leaf(0, 1))
    est = fake(spec, {"x": None}, ["a", "b"])
    text = export_text(est, style="j48")
    assert text.count("\n") > 6 * sys.getrecursionlimit()


# ---------------------------------------------------------------------------------
# Java / Weka number formatting
# ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1e7, "1.0E7"),
        (16907250.6, "1.69072506E7"),
        (1.95905e-4, "1.95905E-4"),
        (0.001, "0.001"),
        (14.0, "14.0"),
        (2.43, "2.43"),
        (253.41, "253.41"),
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (9999999.0, "9999999.0"),
        (9999999.99, "9999999.99"),
        (123456789.0, "1.23456789E8"),
        (1e21, "1.0E21"),
        (1e-5, "1.0E-5"),
        (0.00099, "9.9E-4"),
        (-1e7, "-1.0E7"),
        (-2.5, "-2.5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (math.inf, "Infinity"),
        (-math.inf, "-Infinity"),
        (math.nan, "NaN"),
    ],
)
def test_java_double_to_string(value, expected):
    assert java_double_to_string(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (75.0, "75"),
        (0.6, "0.6"),
        (2.5, "2.5"),
        (4.9, "4.9"),
        (1.1234567, "1.123457"),
        (1.1234565, "1.123457"),  # half up: 1123456.5 (+ float noise)
        (100.0, "100"),
        (0.0, "0"),
        (-0.0, "0"),
        (1e-7, "0"),
        (-1e-7, "0"),
        (1e-6, "0.000001"),
        (-1e-6, "-0.000001"),
        (-0.6, "-0.6"),
        (-2.5, "-2.5"),
        (-75.0, "-75"),
        (-1.1234567, "-1.123457"),
        (0.1 + 0.2, "0.3"),
        (1e13, "1.0E13"),  # too large for a Java long once scaled
    ],
)
def test_weka_double_to_string(value, expected):
    assert weka_double_to_string(value) == expected


def test_weka_double_to_string_digits():
    assert weka_double_to_string(3.14159, 2) == "3.14"
    assert weka_double_to_string(2.005, 1) == "2"


# ---------------------------------------------------------------------------------
# Weka Id3 format (C45_SPEC §10.5, §10.7)
# ---------------------------------------------------------------------------------


def test_weka_id3_weather():
    expected = (
        "Id3\n\n\n"
        "outlook = sunny\n"
        "|  humidity = high: no\n"
        "|  humidity = normal: yes\n"
        "outlook = overcast: yes\n"
        "outlook = rainy\n"
        "|  windy = TRUE: no\n"
        "|  windy = FALSE: yes"
    )
    assert export_text(weather_nominal(pruning=None), style="weka_id3") == expected


def test_weka_id3_tiny_null_leaf():
    expected = "Id3\n\n\na = x: c1\na = y: c2\na = z: null"
    assert export_text(tiny(pruning=None), style="weka_id3") == expected


def test_weka_id3_contact_lenses():
    expected = """\
Id3


tear-prod-rate = reduced: none
tear-prod-rate = normal
|  astigmatism = no
|  |  age = young: soft
|  |  age = pre-presbyopic: soft
|  |  age = presbyopic
|  |  |  spectacle-prescrip = myope: none
|  |  |  spectacle-prescrip = hypermetrope: soft
|  astigmatism = yes
|  |  spectacle-prescrip = myope: hard
|  |  spectacle-prescrip = hypermetrope
|  |  |  age = young: hard
|  |  |  age = pre-presbyopic: none
|  |  |  age = presbyopic: none"""
    assert export_text(contact_lenses_id3(), style="weka_id3") == expected


def test_weka_id3_root_leaf():
    assert export_text(weather_root_leaf(), style="weka_id3") == "Id3\n\n: yes"


# ---------------------------------------------------------------------------------
# sklearn-style text
# ---------------------------------------------------------------------------------


def test_sklearn_text_weather():
    expected = """\
|--- outlook = sunny
|   |--- humidity = high
|   |   |--- class: no
|   |--- humidity = normal
|   |   |--- class: yes
|--- outlook = overcast
|   |--- class: yes
|--- outlook = rainy
|   |--- windy = TRUE
|   |   |--- class: no
|   |--- windy = FALSE
|   |   |--- class: yes
"""
    assert export_text(weather_nominal()) == expected


def test_sklearn_text_numeric_weights_and_decimals():
    text = export_text(iris(), show_weights=True, decimals=1)
    lines = text.splitlines()
    assert lines[0] == "|--- petalwidth <= 0.6"
    assert lines[1] == "|   |--- weights: [50.0, 0.0, 0.0] class: Iris-setosa"
    assert lines[2] == "|--- petalwidth > 0.6"
    assert (
        "|   |   |   |   |--- weights: [0.0, 2.0, 1.0] class: Iris-versicolor" in lines
    )
    assert export_text(iris(), decimals=3).splitlines()[0] == "|--- petalwidth <= 0.600"


def test_sklearn_text_max_depth_truncates():
    lines = export_text(iris(), max_depth=1).splitlines()
    assert lines == [
        "|--- petalwidth <= 0.60",
        "|   |--- class: Iris-setosa",
        "|--- petalwidth > 0.60",
        "|   |--- petalwidth <= 1.70",
        "|   |   |--- truncated branch of depth 2",
        "|   |--- petalwidth > 1.70",
        "|   |   |--- class: Iris-virginica",
    ]
    assert export_text(iris(), max_depth=0).splitlines()[3] == (
        "|   |--- truncated branch of depth 3"
    )


def test_sklearn_text_empty_leaf_binary_and_root_leaf():
    text = export_text(tiny(), show_weights=True)
    assert "|   |--- weights: [0.00, 0.00] class: c1 (empty)\n" in text
    text = export_text(labor_binary())
    assert "|   |--- longterm-disability-assistance != yes\n" in text
    assert export_text(weather_root_leaf()) == "|--- class: yes\n"


def test_names_override_and_defaults():
    est = weather_nominal()
    text = export_text(est, feature_names=["o", "t", "h", "w"], class_names=["Y", "N"])
    assert text.startswith("|--- o = sunny\n|   |--- h = high\n|   |   |--- class: N")
    del est.feature_names_in_
    assert export_text(est).startswith("|--- feature_0 = sunny\n")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"style": "weka"}, ValueError, "style must be one of"),
        ({"feature_names": ["a"]}, ValueError, "feature_names must contain 4"),
        ({"feature_names": "abcd"}, TypeError, "feature_names must be a sequence"),
        ({"class_names": ["a", "b", "c"]}, ValueError, "class_names must contain 2"),
        ({"decimals": -1}, ValueError, "decimals must be an int >= 0"),
        ({"decimals": 1.5}, ValueError, "decimals must be an int >= 0"),
        ({"max_depth": -1}, ValueError, "max_depth must be an int >= 0"),
        ({"style": "j48", "max_depth": 2}, ValueError, "only supported by style"),
    ],
)
def test_export_text_validation(kwargs, error, match):
    with pytest.raises(error, match=match):
        export_text(weather_nominal(), **kwargs)


@pytest.mark.parametrize("function", [export_text, export_graphviz, export_rules])
def test_not_fitted(function):
    with pytest.raises(NotFittedError):
        function(SimpleNamespace())


# ---------------------------------------------------------------------------------
# export_graphviz
# ---------------------------------------------------------------------------------


def test_graphviz_content():
    dot = export_graphviz(weather_nominal())
    assert dot.startswith("digraph Tree {\n")
    assert dot.endswith("}\n")
    assert 'style="filled, rounded"' in dot
    assert '0 [label="outlook\\ngain = 0.247\\ngain ratio = 0.156\\nweight = 14' in dot
    assert "value = [9, 5]\\nclass = yes" in dot
    assert '0 -> 1 [label="sunny"];' in dot
    assert '0 -> 3 [label="rainy"];' in dot
    assert dot.count("->") == weather_nominal().tree_.node_count - 1
    assert dot.count("fillcolor=") == weather_nominal().tree_.node_count

    iris_dot = export_graphviz(iris(), filled=False, rounded=False, precision=2)
    assert 'label="<= 0.6"' in iris_dot and 'label="> 1.7"' in iris_dot
    assert "style=" not in iris_dot and "fillcolor" not in iris_dot
    assert "gain = 0.89\\ngain ratio = 0.97" in iris_dot

    binary_dot = export_graphviz(labor_binary())
    assert 'label="= yes"' in binary_dot and 'label="!= yes"' in binary_dot
    tiny_dot = export_graphviz(tiny())
    assert "empty leaf\\nweight = 0\\nvalue = [0, 0]\\nclass = c1" in tiny_dot


def test_graphviz_escapes_quotes(tmp_path):
    est = weather_nominal()
    names = ['out"look', "temp\\erature", "humidity\nlevel", "windy"]
    dot = export_graphviz(est, feature_names=names, class_names=['y"es', "no"])
    assert 'label="out\\"look\\n' in dot
    assert "humidity\\nlevel" in dot
    assert 'class = y\\"es' in dot
    # Written to a path and to a file object, identical to the returned text.
    path = tmp_path / "tree.dot"
    assert export_graphviz(est, path, feature_names=names) is None
    with open(tmp_path / "tree2.dot", "w") as handle:
        export_graphviz(est, handle, feature_names=names)
    assert path.read_text() == (tmp_path / "tree2.dot").read_text()
    assert path.read_text() == export_graphviz(est, feature_names=names)


@pytest.mark.parametrize(
    "make",
    [weather_nominal, iris, labor_unpruned, labor_binary, tiny, weather_root_leaf],
)
def test_graphviz_is_valid_dot(make):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` executable not found")
    est = make()
    names = [f'{n} "q"' for n in est.feature_names_in_]
    dot = export_graphviz(est, feature_names=names)
    result = subprocess.run(
        ["dot", "-Tsvg"], input=dot, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "<svg" in result.stdout
    assert result.stdout.count('class="node"') == est.tree_.node_count


# ---------------------------------------------------------------------------------
# export_rules
# ---------------------------------------------------------------------------------


def test_rules_weather():
    text = export_rules(weather_nominal())
    lines = text.splitlines()
    assert len(lines) == 5
    assert lines[0] == (
        "IF outlook = sunny AND humidity = high THEN class = no "
        "(weight 3.00, coverage 21.43%, accuracy 100.00%)"
    )
    assert lines[2].startswith("IF outlook = overcast THEN class = yes")
    rules = export_rules(weather_nominal(), as_dict=True)
    assert [r["text"] for r in rules] == lines
    assert math.isclose(sum(r["weight"] for r in rules), 14.0)
    assert math.isclose(sum(r["coverage"] for r in rules), 1.0)
    assert rules[0]["conditions"] == [
        {"feature": "outlook", "feature_index": 0, "operator": "=", "value": "sunny"},
        {"feature": "humidity", "feature_index": 2, "operator": "=", "value": "high"},
    ]
    assert rules[0]["class"] == "no" and rules[0]["class_index"] == 1
    assert rules[0]["node"] == 4


@pytest.mark.parametrize(
    "make", [weather_nominal, iris, labor_unpruned, labor_binary, breast_cancer, tiny]
)
def test_rules_coverage_sums_to_root_weight(make):
    est = make()
    rules = export_rules(est, as_dict=True)
    root = est.tree_.value[0].sum()
    assert math.isclose(sum(r["weight"] for r in rules), root, rel_tol=1e-12)
    assert math.isclose(sum(r["coverage"] for r in rules), 1.0, rel_tol=1e-12)
    for rule in rules:
        counts = est.tree_.value[rule["node"]]
        assert math.isclose(rule["accuracy"], counts.max() / counts.sum())


def test_rules_skip_empty_and_merge_numeric_bounds():
    rules = export_rules(labor_unpruned(), as_dict=True)
    assert len(rules) == 12  # 13 leaves, one of them empty
    assert all("ret_allw" not in r["text"] for r in rules)
    assert rules[0]["text"].startswith(
        "IF wage-increase-first-year <= 2.10 AND education-allowance = yes "
        "AND pension = none THEN class = bad"
    )
    bounded = next(r for r in rules if r["node"] and "<= 3.00" in r["text"])
    assert bounded["text"].startswith(
        "IF wage-increase-first-year > 2.50 AND longterm-disability-assistance = yes"
        " AND statutory-holidays <= 10.00 AND wage-increase-first-year <= 3.00 "
    )
    ops = [(c["feature_index"], c["operator"]) for c in bounded["conditions"]]
    assert ops == [(0, ">"), (4, "="), (5, "<="), (0, "<=")]
    assert bounded["conditions"][0]["value"] == 2.5


def test_rules_iris_keeps_tightest_bound():
    rules = export_rules(iris(), decimals=1, as_dict=True)
    texts = [r["text"] for r in rules]
    assert texts[0].startswith("IF petalwidth <= 0.6 THEN class = Iris-setosa")
    # petalwidth > 0.6, <= 1.7, > 1.5 -> keeps > 1.5 and <= 1.7
    assert any(
        t.startswith(
            "IF petalwidth > 1.5 AND petalwidth <= 1.7 AND petallength > 4.9 THEN"
        )
        for t in texts
    )


def test_rules_binary_and_root_leaf():
    text = export_rules(labor_binary())
    assert "longterm-disability-assistance != yes AND duration <= 2.00" in text
    assert export_rules(weather_root_leaf()) == (
        "IF TRUE THEN class = yes (weight 14.00, coverage 100.00%, accuracy 64.29%)\n"
    )


# ---------------------------------------------------------------------------------
# plot_tree
# ---------------------------------------------------------------------------------


@pytest.fixture
def pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def test_plot_tree_weather(pyplot):
    from id3tree._plotting import plot_tree

    fig, ax = pyplot.subplots(figsize=(10, 6))
    artists = plot_tree(weather_nominal(), ax=ax)
    assert len(artists) == weather_nominal().tree_.node_count
    texts = [a.get_text() for a in artists]
    assert texts[0].splitlines()[:3] == [
        "outlook",
        "gain = 0.247",
        "gain ratio = 0.156",
    ]
    assert texts[1].startswith("humidity\n") and texts[3].startswith("windy\n")
    assert texts[2] == "weight = 4\nvalue = [4, 0]\nclass = yes"
    edge_texts = {t.get_text() for t in ax.texts} - set(texts)
    assert {"sunny", "overcast", "rainy", "high", "normal", "TRUE", "FALSE"} <= (
        edge_texts
    )
    # Parents are centred over their children.
    x = [a.xy[0] for a in artists]
    assert math.isclose(x[0], (x[1] + x[3]) / 2)
    fig.savefig("/tmp/id3tree_weather.png", dpi=100)


def test_plot_tree_options(pyplot):
    from id3tree._plotting import plot_tree

    artists = plot_tree(iris(), max_depth=1, filled=False, fontsize=8, precision=1)
    texts = [a.get_text() for a in artists]
    assert texts[-1] == "(...)"
    assert len(artists) == 4  # root, two children, one truncated box
    assert all(a.get_fontsize() == 8 for a in artists)
    edge_texts = [t.get_text() for t in pyplot.gca().texts]
    assert "<= 0.6" in edge_texts and "> 0.6" in edge_texts

    for make in (labor_unpruned, labor_binary, tiny, weather_root_leaf):
        pyplot.figure()
        assert plot_tree(make())
    labels = [a.get_text() for a in plot_tree(labor_binary())]
    assert labels[0].startswith("wage-increase-first-year\n")


def test_plot_tree_validation(pyplot):
    from id3tree._plotting import plot_tree

    with pytest.raises(ValueError, match="fontsize must be positive"):
        plot_tree(iris(), fontsize=0)
    with pytest.raises(ValueError, match="max_depth"):
        plot_tree(iris(), max_depth=-2)


def test_plot_tree_without_matplotlib(monkeypatch):
    from id3tree._plotting import plot_tree

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match="pip install matplotlib"):
        plot_tree(iris())
