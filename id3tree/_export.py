"""Text, Graphviz and rule exports of a fitted tree, read from its flat node arrays."""

from __future__ import annotations

import colorsys
import math
from decimal import Decimal
from os import PathLike
from typing import IO, Any

import numpy as np
from sklearn.exceptions import NotFittedError

from ._dtypes import LEAF, NOMINAL, NOMINAL_BINARY, NUMERIC, WEKA_SMALL

__all__ = ["export_graphviz", "export_rules", "export_text"]

_STYLES = ("sklearn", "j48", "weka_id3")
#: ``Long.MAX_VALUE`` as a double: Weka's ``doubleToString`` falls back above it.
_JAVA_LONG_MAX = 9.223372036854775807e18


# ---------------------------------------------------------------------------------
# Number formatting (Java / Weka)
# ---------------------------------------------------------------------------------


def java_double_to_string(x: float) -> str:
    """Format a float as Java's ``Double.toString`` does.

    Parameters
    ----------
    x : float
        The value.

    Returns
    -------
    text : str
        Plain decimal notation with at least one digit after the point when
        ``1e-3 <= |x| < 1e7``, otherwise computerized scientific notation
        ``d.dddE<exp>`` (no ``+`` sign, no leading zeros in the exponent). The digits
        are the shortest ones that round-trip (as Python's ``repr``), which is what
        Java 19+ prints; ``NaN``, ``Infinity`` and ``-0.0`` are spelled as in Java.

    Examples
    --------
    >>> from id3tree._export import java_double_to_string
    >>> [java_double_to_string(v) for v in (14.0, 2.43, 1e7, 16907250.6, 1.95905e-4)]
    ['14.0', '2.43', '1.0E7', '1.69072506E7', '1.95905E-4']
    """
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0.0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    magnitude = abs(x)
    if 1e-3 <= magnitude < 1e7:
        # repr uses fixed notation with a ".0" for whole numbers in this range.
        return repr(x)
    # Take the shortest round-trip digits from repr, never by dividing by 10**k.
    exact = Decimal(repr(magnitude))
    digits = "".join(str(d) for d in exact.as_tuple().digits).rstrip("0") or "0"
    mantissa = digits[0] + "." + (digits[1:] or "0")
    sign = "-" if x < 0 else ""
    return f"{sign}{mantissa}E{exact.adjusted()}"


def weka_double_to_string(x: float, after_decimal_point: int = 6) -> str:
    """Format a float as Weka 3.6's ``Utils.doubleToString(x, digits)`` does.

    The value is scaled by ``10**digits`` and rounded half away from zero to an
    integer (Java's ``(long)(t + 0.5)`` on the magnitude), then written with the
    decimal point put back, trailing zeros and a trailing point dropped. Values too
    large for a Java ``long`` after scaling fall back to ``Double.toString``.

    Parameters
    ----------
    x : float
        The value.
    after_decimal_point : int, default=6
        Maximum number of digits after the decimal point (at least 1).

    Returns
    -------
    text : str
        For example ``"75"``, ``"0.6"``, ``"1.123457"``, ``"-2.5"``.

    Examples
    --------
    >>> from id3tree._export import weka_double_to_string
    >>> [weka_double_to_string(v) for v in (75.0, 0.6, 1.1234567, -2.5)]
    ['75', '0.6', '1.123457', '-2.5']
    """
    x = float(x)
    scaled = x * 10.0**after_decimal_point
    if not abs(scaled) < _JAVA_LONG_MAX:  # also NaN and infinities
        return java_double_to_string(x)
    if scaled > 0:
        units = int(scaled + 0.5)
    else:
        units = -int(abs(scaled) + 0.5)
    body = str(abs(units)).rjust(after_decimal_point + 1, "0")
    whole = body[:-after_decimal_point]
    fraction = body[-after_decimal_point:].rstrip("0")
    text = whole + ("." + fraction if fraction else "")
    return "-" + text if units < 0 else text


def _round2(x: float) -> float:
    """Round half up to two decimals as Java's ``Math.round(x * 100) / 100.0``."""
    return math.floor(x * 100.0 + 0.5) / 100.0


def _max_class(counts: np.ndarray) -> int:
    """Return Weka's ``maxClass``: first class whose count beats the best by > 1e-6."""
    best, best_count = 0, 0.0
    for k, count in enumerate(counts):
        if count - best_count > WEKA_SMALL:
            best, best_count = k, count
    return best


# ---------------------------------------------------------------------------------
# Shared helpers: names, labels, branch conditions
# ---------------------------------------------------------------------------------


def _check_fitted(estimator: Any) -> None:
    if getattr(estimator, "tree_", None) is None:
        raise NotFittedError(
            f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' "
            "with appropriate arguments before exporting it."
        )


def _resolve_names(
    estimator: Any, feature_names: Any, class_names: Any
) -> tuple[list[str], list[str]]:
    """Return the feature and class names used in an export, validated."""
    tree = estimator.tree_
    used = tree.feature[tree.kind != LEAF]
    n_features = getattr(estimator, "n_features_in_", None)
    if n_features is None:
        n_features = int(used.max()) + 1 if used.size else 0
    if feature_names is None:
        names = getattr(estimator, "feature_names_in_", None)
        if names is None:
            names = [f"feature_{j}" for j in range(n_features)]
    else:
        if isinstance(feature_names, str):
            raise TypeError("feature_names must be a sequence of strings, not a str.")
        names = feature_names
    names = [str(name) for name in names]
    if len(names) != n_features:
        raise ValueError(
            f"feature_names must contain {n_features} elements, got {len(names)}."
        )
    if used.size and int(used.max()) >= len(names):
        raise ValueError("The tree uses a feature index beyond feature_names.")

    if class_names is None:
        classes = getattr(estimator, "tree_classes_", None)
        labels = [str(c) for c in (estimator.classes_ if classes is None else classes)]
    else:
        if isinstance(class_names, str):
            raise TypeError("class_names must be a sequence of strings, not a str.")
        labels = [str(c) for c in class_names]
    if len(labels) != tree.n_classes:
        raise ValueError(
            f"class_names must contain {tree.n_classes} elements, got {len(labels)}."
        )
    return names, labels


def _category(estimator: Any, feature: int, code: int) -> str:
    """Return the label of category ``code`` of ``feature`` (the code if unknown)."""
    categories = getattr(estimator, "categories_", None)
    if categories is not None and categories[feature] is not None:
        cats = categories[feature]
        if 0 <= code < len(cats):
            return str(cats[code])
    return str(code)


def _condition(
    estimator: Any, node: int, slot: int, names: list[str], number: Any
) -> tuple[str, str, Any]:
    """Return ``(feature name, operator, value text)`` of branch ``slot`` of ``node``.

    ``number`` formats numeric thresholds.
    """
    tree = estimator.tree_
    kind = int(tree.kind[node])
    feature = int(tree.feature[node])
    name = names[feature]
    if kind == NUMERIC:
        return name, "<=" if slot == 0 else ">", number(float(tree.threshold[node]))
    if kind == NOMINAL_BINARY:
        value = _category(estimator, feature, int(tree.threshold[node]))
        return name, "=" if slot == 0 else "!=", value
    if kind == NOMINAL:
        return name, "=", _category(estimator, feature, slot)
    raise ValueError(f"Node {node} has an unknown kind {kind}.")


def _parent_array(tree: Any) -> np.ndarray:
    parent = np.full(tree.node_count, -1, dtype=np.intp)
    for node in range(tree.node_count):
        for child in tree.children(node):
            parent[child] = node
    return parent


def _predicted_class(tree: Any, node: int, parent: np.ndarray) -> int:
    """Class a leaf predicts: its majority, or its parent's when it is empty."""
    source = node
    while source > 0 and (tree.empty[source] or not tree.value[source].sum() > 0):
        source = int(parent[source])
    return int(np.argmax(tree.value[source]))


def _format_fixed(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}"


def _format_short(x: float, precision: int) -> str:
    """Round to ``precision`` decimals and drop trailing zeros (``14``, ``0.6``)."""
    text = f"{x:.{precision}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _check_int(value: Any, name: str, minimum: int, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or value < minimum
    ):
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}.")


# ---------------------------------------------------------------------------------
# export_text
# ---------------------------------------------------------------------------------


def export_text(
    estimator: Any,
    *,
    feature_names: Any = None,
    class_names: Any = None,
    style: str = "sklearn",
    decimals: int = 2,
    show_weights: bool = False,
    max_depth: int | None = None,
) -> str:
    r"""Return a text drawing of a fitted tree.

    Parameters
    ----------
    estimator : ID3Classifier or C45Classifier
        A fitted estimator (anything with ``tree_``, ``classes_`` and, for nominal
        splits, ``categories_``).
    feature_names : sequence of str of length n_features_in_, default=None
        Feature names; defaults to ``feature_names_in_`` when the estimator was
        fitted on a DataFrame, else ``feature_0``, ``feature_1``, ...
    class_names : sequence of str of length n_classes, default=None
        Class names; defaults to ``classes_``.
    style : {"sklearn", "j48", "weka_id3"}, default="sklearn"
        ``"sklearn"``: the layout of ``sklearn.tree.export_text``
        (``|--- outlook = sunny``, leaves as ``|   |--- class: no``), one branch
        line per category of a multiway split. Ends with a newline.

        ``"j48"``: exactly Weka 3.6.14 ``J48.toString()``: from the header
        (``J48 pruned tree`` or, when ``estimator.pruning`` is None,
        ``J48 unpruned tree``) to ``Size of the tree : \t<S>`` followed by one
        newline. Leaves read ``: label (n)`` or ``: label (n/e)``, from the row of
        the parent's split distribution (``tree_.branch_value``): ``n`` is its
        total and ``e`` its weight outside the majority, rounded half up to two
        decimals and written as Java's ``Double.toString``; ``/e`` appears only
        when the errors exceed 1e-6. Numeric thresholds use Weka's
        ``doubleToString(t, 6)`` (``75``, ``0.6``), or ``Double.toString(t)``
        (``10.0``) when ``binary_categorical_splits`` is set, as J48 ``-B`` does.

        ``"weka_id3"``: exactly Weka 3.6.14 ``Id3.toString()``: ``Id3``, two
        blank lines, then ``|  `` per depth and leaves ``: class`` (``: null`` for
        an empty leaf), with no trailing newline.
    decimals : int, default=2
        Digits after the decimal point of thresholds and weights (``"sklearn"``
        only; the Weka styles use Weka's own rounding).
    show_weights : bool, default=False
        Show the weighted class counts of every leaf (``"sklearn"`` only).
    max_depth : int, default=None
        Print splits down to this depth only; deeper subtrees are replaced by a
        ``truncated branch`` line (``"sklearn"`` only, as Weka prints the full tree).

    Returns
    -------
    text : str
        The drawing.

    See Also
    --------
    export_graphviz : Graphviz drawing.
    export_rules : One ``IF ... THEN`` rule per leaf.

    Notes
    -----
    Weka's leaf class is ``maxClass`` of the parent's bag: the first class whose
    weight exceeds the best so far by more than 1e-6 (ties go to the lowest class
    index); a bag whose weight is not above 1e-6 (an empty branch) takes the class
    of the parent's whole distribution (Quinlan 1993).

    Examples
    --------
    A two-leaf tree built by hand (``windy`` of the weather data):

    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> from id3tree._tree import Tree
    >>> from id3tree._export import export_text
    >>> counts = [[9.0, 5.0], [3.0, 3.0], [6.0, 2.0]]
    >>> tree = Tree(kind=[2, 0, 0], feature=[0, -1, -1], threshold=[np.nan] * 3,
    ...             first_child=[1, -1, -1], n_children=[2, 0, 0], value=counts,
    ...             branch_value=counts, empty=[False] * 3,
    ...             gain=[0.048, 0, 0], gain_ratio=[0.049, 0, 0])
    >>> cats = [np.array(["TRUE", "FALSE"])]
    >>> est = SimpleNamespace(tree_=tree, classes_=np.array(["yes", "no"]),
    ...                       n_features_in_=1, categories_=cats,
    ...                       pruning=None, binary_categorical_splits=False)
    >>> print(export_text(est, feature_names=["windy"], show_weights=True))
    |--- windy = TRUE
    |   |--- weights: [3.00, 3.00] class: yes
    |--- windy = FALSE
    |   |--- weights: [6.00, 2.00] class: yes
    >>> print(export_text(est, feature_names=["windy"], style="j48"))
    J48 unpruned tree
    ------------------
    <BLANKLINE>
    windy = TRUE: yes (6.0/3.0)
    windy = FALSE: yes (8.0/2.0)
    <BLANKLINE>
    Number of Leaves  : 2
    <BLANKLINE>
    Size of the tree : 3
    """
    _check_fitted(estimator)
    if style not in _STYLES:
        raise ValueError(f"style must be one of {_STYLES}, got {style!r}.")
    _check_int(decimals, "decimals", 0)
    _check_int(max_depth, "max_depth", 0, allow_none=True)
    if max_depth is not None and style != "sklearn":
        raise ValueError(
            f"max_depth is only supported by style='sklearn'; style={style!r} "
            "always prints the whole tree, as Weka does."
        )
    names, labels = _resolve_names(estimator, feature_names, class_names)
    if style == "j48":
        return _text_j48(estimator, names, labels)
    if style == "weka_id3":
        return _text_weka_id3(estimator, names, labels)
    return _text_sklearn(estimator, names, labels, decimals, show_weights, max_depth)


def _text_j48(estimator: Any, names: list[str], labels: list[str]) -> str:
    tree = estimator.tree_
    unpruned = getattr(estimator, "pruning", None) is None
    header = "J48 unpruned tree" if unpruned else "J48 pruned tree"
    if getattr(estimator, "binary_categorical_splits", False):
        number = java_double_to_string
    else:
        number = weka_double_to_string

    def leaf_label(parent: int, node: int) -> str:
        # The parent's bag for this branch; the root leaf reads its own counts.
        if parent < 0:
            bag, whole = tree.value[node], tree.value[node]
        else:
            bag, whole = tree.branch_value[node], tree.value[parent]
        total = float(bag.sum())
        cls = _max_class(bag) if total > WEKA_SMALL else _max_class(whole)
        errors = total - float(bag[cls])
        n_text = java_double_to_string(_round2(total))
        if errors > WEKA_SMALL:
            return f"{labels[cls]} ({n_text}/{java_double_to_string(_round2(errors))})"
        return f"{labels[cls]} ({n_text})"

    parts = [header, "\n", "-" * 18, "\n"]
    if tree.kind[0] == LEAF:
        parts.append(": " + leaf_label(-1, 0))
    else:
        stack = [(0, slot) for slot in reversed(range(int(tree.n_children[0])))]
        while stack:
            node, slot = stack.pop()
            child = int(tree.first_child[node]) + slot
            name, op, value = _condition(estimator, node, slot, names, number)
            parts.append("\n" + "|   " * int(tree.depth[node]) + f"{name} {op} {value}")
            if tree.kind[child] == LEAF:
                parts.append(": " + leaf_label(node, child))
            else:
                n_children = int(tree.n_children[child])
                stack.extend((child, s) for s in reversed(range(n_children)))
    parts.append(f"\n\nNumber of Leaves  : \t{tree.n_leaves}\n")
    parts.append(f"\nSize of the tree : \t{tree.node_count}\n")
    return "".join(parts)


def _text_weka_id3(estimator: Any, names: list[str], labels: list[str]) -> str:
    tree = estimator.tree_

    def leaf_label(node: int) -> str:
        if tree.empty[node] or not tree.value[node].sum() > 0:
            return "null"
        return labels[int(np.argmax(tree.value[node]))]

    parts = ["Id3\n\n"]
    if tree.kind[0] == LEAF:
        parts.append(": " + leaf_label(0))
        return "".join(parts)
    stack = [(0, slot) for slot in reversed(range(int(tree.n_children[0])))]
    while stack:
        node, slot = stack.pop()
        child = int(tree.first_child[node]) + slot
        name, op, value = _condition(
            estimator, node, slot, names, weka_double_to_string
        )
        parts.append("\n" + "|  " * int(tree.depth[node]) + f"{name} {op} {value}")
        if tree.kind[child] == LEAF:
            parts.append(": " + leaf_label(child))
        else:
            stack.extend(
                (child, s) for s in reversed(range(int(tree.n_children[child])))
            )
    return "".join(parts)


def _text_sklearn(
    estimator: Any,
    names: list[str],
    labels: list[str],
    decimals: int,
    show_weights: bool,
    max_depth: int | None,
) -> str:
    tree = estimator.tree_
    parent = _parent_array(tree)

    def number(x: float) -> str:
        return _format_fixed(x, decimals)

    def leaf_line(node: int, depth: int) -> str:
        text = "|   " * depth + "|--- "
        if show_weights:
            weights = ", ".join(number(w) for w in tree.value[node])
            text += f"weights: [{weights}] "
        text += f"class: {labels[_predicted_class(tree, node, parent)]}"
        if tree.empty[node]:
            text += " (empty)"
        return text

    def subtree_height(node: int) -> int:
        height, stack = 0, [(node, 0)]
        while stack:
            current, level = stack.pop()
            height = max(height, level)
            stack.extend((c, level + 1) for c in tree.children(current))
        return height

    lines = []
    if tree.kind[0] == LEAF:
        return leaf_line(0, 0) + "\n"
    if max_depth is not None and max_depth < 0:  # pragma: no cover - validated
        max_depth = 0
    stack = [(0, slot) for slot in reversed(range(int(tree.n_children[0])))]
    while stack:
        node, slot = stack.pop()
        depth = int(tree.depth[node])
        child = int(tree.first_child[node]) + slot
        name, op, value = _condition(estimator, node, slot, names, number)
        lines.append("|   " * depth + f"|--- {name} {op} {value}")
        if tree.kind[child] == LEAF:
            lines.append(leaf_line(child, depth + 1))
        elif max_depth is not None and depth + 1 > max_depth:
            lines.append(
                "|   " * (depth + 1)
                + f"|--- truncated branch of depth {subtree_height(child)}"
            )
        else:
            stack.extend(
                (child, s) for s in reversed(range(int(tree.n_children[child])))
            )
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------
# Node boxes shared by export_graphviz and plot_tree
# ---------------------------------------------------------------------------------


def _class_colors(n_classes: int) -> list[tuple[float, float, float]]:
    """Return ``n_classes`` distinct, fairly light RGB colours in [0, 1]."""
    return [
        colorsys.hsv_to_rgb((k / max(n_classes, 1) + 0.08) % 1.0, 0.65, 0.95)
        for k in range(n_classes)
    ]


def _node_fill(tree: Any, node: int, parent: np.ndarray, colors: list) -> str:
    """Hex colour of a node: its predicted class, paler when the node is impure."""
    counts = tree.value[node]
    total = float(counts.sum())
    if tree.empty[node] or not total > 0:
        return "#ffffff"
    k = _predicted_class(tree, node, parent)
    n_classes = len(counts)
    share = float(counts[k]) / total
    baseline = 1.0 / n_classes
    alpha = 1.0 if n_classes == 1 else max(0.0, (share - baseline) / (1.0 - baseline))
    rgb = [alpha * c + (1.0 - alpha) for c in colors[k]]
    return "#" + "".join(f"{round(255 * c):02x}" for c in rgb)


def _node_lines(
    estimator: Any,
    node: int,
    names: list[str],
    labels: list[str],
    parent: np.ndarray,
    precision: int,
) -> list[str]:
    """Lines of text describing one node (split, scores, weights, class)."""
    tree = estimator.tree_
    lines = []
    if tree.kind[node] != LEAF:
        lines.append(names[int(tree.feature[node])])
        lines.append(f"gain = {_format_short(float(tree.gain[node]), precision)}")
        lines.append(
            f"gain ratio = {_format_short(float(tree.gain_ratio[node]), precision)}"
        )
    counts = tree.value[node]
    if tree.empty[node]:
        lines.append("empty leaf")
    lines.append(f"weight = {_format_short(float(counts.sum()), precision)}")
    lines.append(
        "value = ["
        + ", ".join(_format_short(float(c), precision) for c in counts)
        + "]"
    )
    lines.append(f"class = {labels[_predicted_class(tree, node, parent)]}")
    return lines


def _edge_label(estimator: Any, node: int, slot: int, names: list[str], precision: int):
    """Short text of a branch: ``<= t``, ``> t``, ``= v``, ``!= v`` or the category."""
    _, op, value = _condition(
        estimator, node, slot, names, lambda t: _format_short(t, precision)
    )
    if estimator.tree_.kind[node] == NOMINAL:
        return value
    return f"{op} {value}"


# ---------------------------------------------------------------------------------
# export_graphviz
# ---------------------------------------------------------------------------------


def _dot_quote(text: str) -> str:
    """Quote a string for DOT, turning newlines into centred line breaks."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def export_graphviz(
    estimator: Any,
    out_file: str | PathLike | IO[str] | None = None,
    *,
    feature_names: Any = None,
    class_names: Any = None,
    filled: bool = True,
    rounded: bool = True,
    precision: int = 3,
) -> str | None:
    r"""Export a fitted tree in Graphviz DOT format.

    Every node is a box listing, for a split, the feature it tests, its
    information gain (bits) and gain ratio, then the node's total weight, its
    weighted class counts and the class it predicts. Every edge is labelled with
    its branch: ``<= t`` / ``> t`` (numeric), the category (multiway nominal) or
    ``= v`` / ``!= v`` (binary nominal).

    Parameters
    ----------
    estimator : ID3Classifier or C45Classifier
        A fitted estimator.
    out_file : str, path-like or file object, default=None
        Where to write the DOT source; when None it is returned as a string.
    feature_names : sequence of str of length n_features_in_, default=None
        Feature names; defaults to ``feature_names_in_`` or ``feature_<j>``.
    class_names : sequence of str of length n_classes, default=None
        Class names; defaults to ``classes_``.
    filled : bool, default=True
        Colour the boxes by predicted class, paler for less pure nodes (white for
        empty leaves).
    rounded : bool, default=True
        Round the box corners.
    precision : int, default=3
        Decimals of gains, weights and thresholds (trailing zeros dropped).

    Returns
    -------
    dot_data : str or None
        The DOT source when ``out_file`` is None, else None.

    See Also
    --------
    export_text : Text drawing.

    Examples
    --------
    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> from id3tree._tree import Tree
    >>> from id3tree._export import export_graphviz
    >>> counts = [[9.0, 5.0], [3.0, 3.0], [6.0, 2.0]]
    >>> tree = Tree(kind=[2, 0, 0], feature=[0, -1, -1], threshold=[np.nan] * 3,
    ...             first_child=[1, -1, -1], n_children=[2, 0, 0], value=counts,
    ...             branch_value=counts, empty=[False] * 3,
    ...             gain=[0.048, 0, 0], gain_ratio=[0.049, 0, 0])
    >>> cats = [np.array(["TRUE", "FALSE"])]
    >>> est = SimpleNamespace(tree_=tree, classes_=np.array(["yes", "no"]),
    ...                       n_features_in_=1, categories_=cats)
    >>> dot = export_graphviz(est, feature_names=["windy"], filled=False)
    >>> print(dot)
    digraph Tree {
    node [shape=box, style="rounded", fontname="helvetica"];
    edge [fontname="helvetica"];
    0 [label="windy\ngain = 0.048\ngain ratio = 0.049\nweight = 14...class = yes"];
    1 [label="weight = 6\nvalue = [3, 3]\nclass = yes"];
    0 -> 1 [label="TRUE"];
    2 [label="weight = 8\nvalue = [6, 2]\nclass = yes"];
    0 -> 2 [label="FALSE"];
    }
    """
    _check_fitted(estimator)
    _check_int(precision, "precision", 0)
    names, labels = _resolve_names(estimator, feature_names, class_names)
    tree = estimator.tree_
    parent = _parent_array(tree)
    colors = _class_colors(tree.n_classes)

    styles = [s for s, on in (("filled", filled), ("rounded", rounded)) if on]
    node_attrs = "shape=box"
    if styles:
        node_attrs += f', style="{", ".join(styles)}"'
    node_attrs += ', fontname="helvetica"'
    out = ["digraph Tree {", f"node [{node_attrs}];", 'edge [fontname="helvetica"];']
    for node in range(tree.node_count):  # parents come before children
        label = "\n".join(
            _node_lines(estimator, node, names, labels, parent, precision)
        )
        attrs = f"label={_dot_quote(label)}"
        if filled:
            attrs += f', fillcolor="{_node_fill(tree, node, parent, colors)}"'
        out.append(f"{node} [{attrs}];")
        if node > 0:
            up = int(parent[node])
            slot = node - int(tree.first_child[up])
            edge = _edge_label(estimator, up, slot, names, precision)
            out.append(f"{up} -> {node} [label={_dot_quote(edge)}];")
    out.append("}")
    dot_data = "\n".join(out) + "\n"

    if out_file is None:
        return dot_data
    if hasattr(out_file, "write"):
        out_file.write(dot_data)
    else:
        with open(out_file, "w", encoding="utf-8") as handle:
            handle.write(dot_data)
    return None


# ---------------------------------------------------------------------------------
# export_rules
# ---------------------------------------------------------------------------------


def _simplify(
    conditions: list[tuple[int, str, Any, str]],
) -> list[tuple[int, str, Any, str]]:
    """Keep the tightest ``<=`` and ``>`` bound per numeric feature, in path order."""
    tightest: dict[tuple[int, str], int] = {}
    for i, (feature, op, raw, _) in enumerate(conditions):
        if op not in ("<=", ">"):
            continue
        key = (feature, op)
        if key not in tightest:
            tightest[key] = i
            continue
        kept = conditions[tightest[key]][2]
        if (op == "<=" and raw < kept) or (op == ">" and raw > kept):
            tightest[key] = i
    keep_at = {}
    for (feature, op), i in tightest.items():
        first = next(
            j for j, c in enumerate(conditions) if c[0] == feature and c[1] == op
        )
        keep_at[first] = i
    result = []
    for i, condition in enumerate(conditions):
        if condition[1] in ("<=", ">"):
            if i in keep_at:
                result.append(conditions[keep_at[i]])
        else:
            result.append(condition)
    return result


def export_rules(
    estimator: Any,
    *,
    feature_names: Any = None,
    class_names: Any = None,
    decimals: int = 2,
    as_dict: bool = False,
) -> str | list[dict[str, Any]]:
    """Export a fitted tree as one ``IF ... THEN`` rule per leaf.

    A rule joins the tests on the path from the root to a leaf with ``AND``; on a
    numeric feature tested several times only the tightest ``<=`` and ``>`` bounds
    are kept. Rules come in tree order (depth first, branches in slot order).
    Empty leaves (no training weight) cover nothing and are left out.

    Parameters
    ----------
    estimator : ID3Classifier or C45Classifier
        A fitted estimator.
    feature_names : sequence of str of length n_features_in_, default=None
        Feature names; defaults to ``feature_names_in_`` or ``feature_<j>``.
    class_names : sequence of str of length n_classes, default=None
        Class names; defaults to ``classes_``.
    decimals : int, default=2
        Digits after the decimal point of thresholds, weights and percentages.
    as_dict : bool, default=False
        Return a list of dicts instead of text.

    Returns
    -------
    rules : str or list of dict
        Text with one rule a line, or one dict per rule with keys ``"node"`` (leaf
        id), ``"conditions"`` (list of dicts with ``"feature"``,
        ``"feature_index"``, ``"operator"`` among ``<=``, ``>``, ``=``, ``!=`` and
        ``"value"``: the threshold as a float or the category label),
        ``"class"``, ``"class_index"``, ``"weight"`` (training weight at the leaf),
        ``"coverage"`` (weight / root weight), ``"accuracy"`` (weight of the
        predicted class / weight) and ``"text"``.

    See Also
    --------
    export_text : Text drawing.

    Examples
    --------
    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> from id3tree._tree import Tree
    >>> from id3tree._export import export_rules
    >>> counts = [[9.0, 5.0], [3.0, 3.0], [6.0, 2.0]]
    >>> tree = Tree(kind=[2, 0, 0], feature=[0, -1, -1], threshold=[np.nan] * 3,
    ...             first_child=[1, -1, -1], n_children=[2, 0, 0], value=counts,
    ...             branch_value=counts, empty=[False] * 3,
    ...             gain=[0.048, 0, 0], gain_ratio=[0.049, 0, 0])
    >>> cats = [np.array(["TRUE", "FALSE"])]
    >>> est = SimpleNamespace(tree_=tree, classes_=np.array(["yes", "no"]),
    ...                       n_features_in_=1, categories_=cats)
    >>> print(export_rules(est, feature_names=["windy"]))
    IF windy = TRUE THEN class = yes (weight 6.00, coverage 42.86%, accuracy 50.00%)
    IF windy = FALSE THEN class = yes (weight 8.00, coverage 57.14%, accuracy 75.00%)
    >>> export_rules(est, feature_names=["windy"], as_dict=True)[1]["accuracy"]
    0.75
    """
    _check_fitted(estimator)
    _check_int(decimals, "decimals", 0)
    names, labels = _resolve_names(estimator, feature_names, class_names)
    tree = estimator.tree_
    parent = _parent_array(tree)
    root_weight = float(tree.value[0].sum())

    def number(x: float) -> str:
        return _format_fixed(x, decimals)

    rules = []
    # Depth-first walk carrying the path's conditions.
    stack: list[tuple[int, list]] = [(0, [])]
    while stack:
        node, path = stack.pop()
        if tree.kind[node] != LEAF:
            children = list(tree.children(node))
            for slot in reversed(range(len(children))):
                _, op, text = _condition(estimator, node, slot, names, number)
                feature = int(tree.feature[node])
                if tree.kind[node] == NUMERIC:
                    raw: Any = float(tree.threshold[node])
                else:
                    raw = text
                stack.append((children[slot], [*path, (feature, op, raw, text)]))
            continue
        weight = float(tree.value[node].sum())
        if tree.empty[node] or not weight > 0:
            continue
        cls = _predicted_class(tree, node, parent)
        conditions = _simplify(path)
        coverage = weight / root_weight if root_weight > 0 else 0.0
        accuracy = float(tree.value[node][cls]) / weight
        premise = " AND ".join(f"{names[f]} {op} {t}" for f, op, _, t in conditions)
        text = (
            f"IF {premise or 'TRUE'} THEN class = {labels[cls]} "
            f"(weight {number(weight)}, coverage {number(100 * coverage)}%, "
            f"accuracy {number(100 * accuracy)}%)"
        )
        rules.append(
            {
                "node": node,
                "conditions": [
                    {
                        "feature": names[f],
                        "feature_index": f,
                        "operator": op,
                        "value": raw,
                    }
                    for f, op, raw, _ in conditions
                ],
                "class": labels[cls],
                "class_index": cls,
                "weight": weight,
                "coverage": coverage,
                "accuracy": accuracy,
                "text": text,
            }
        )
    if as_dict:
        return rules
    return "".join(rule["text"] + "\n" for rule in rules)
