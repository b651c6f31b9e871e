"""Dtype aliases, sentinels, node kinds and criterion codes shared by every kernel."""

import numpy as np

#: Floating dtype of every feature matrix, weight and count table seen by kernels.
FLOAT = np.float64
#: Integer dtype of class codes, node ids, feature ids and indices.
INDEX = np.intp


def class_code_dtype(n_classes: int) -> type:
    """Smallest dtype of the class codes kept beside the sorted columns."""
    return np.int8 if n_classes <= 127 else np.int32


#: Node kinds stored in ``Tree.kind``.
LEAF = 0
NUMERIC = 1  # binary split ``x <= threshold`` -> slot 0, else slot 1
NOMINAL = 2  # multiway split, slot = category code
NOMINAL_BINARY = 3  # binary split ``x == threshold`` -> slot 0, else slot 1 (J48 -B)

#: Criterion codes.
INFORMATION_GAIN = 0
GAIN_RATIO = 1

#: Weka's ``Double.MAX_VALUE``, the largest float64.
WEKA_MAX_DOUBLE = float(np.finfo(np.float64).max)
#: Weka's absolute tolerance for comparing doubles (``Utils.SMALL``).
WEKA_SMALL = 1e-6
#: J48's minimum gap between two numeric values for a cut point between them.
WEKA_VALUE_GAP = 1e-5
#: scikit-learn's minimum gap between two numeric values for a cut point.
SKLEARN_VALUE_GAP = 1e-7
