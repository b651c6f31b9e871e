"""Matplotlib drawing of a fitted tree (boxes, labelled branches, tidy layout)."""

from __future__ import annotations

from typing import Any

from ._export import (
    _check_fitted,
    _check_int,
    _class_colors,
    _edge_label,
    _node_fill,
    _node_lines,
    _parent_array,
    _resolve_names,
)

__all__ = ["plot_tree"]

#: Font size tried first when ``fontsize`` is None; it only ever shrinks from there.
_START_FONTSIZE = 12.0
#: Smallest automatic font size.
_MIN_FONTSIZE = 2.0


def _import_pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "plot_tree requires matplotlib; install it with `pip install matplotlib` "
            "(or `pip install id3tree[plot]`)."
        ) from exc
    return plt


def _layout(tree: Any, max_depth: int | None) -> tuple[dict[int, float], list, int]:
    """Place the drawn nodes: leaves on consecutive columns, parents centred.

    Returns the column (x) of every drawn node, the list of nodes whose subtree is
    cut by ``max_depth`` (drawn with a ``(...)`` box below them) and the number of
    columns.
    """
    x: dict[int, float] = {}
    truncated = []
    column = 0
    # Post-order without recursion: a node is placed once its children are.
    stack: list[tuple[int, bool]] = [(0, False)]
    while stack:
        node, expanded = stack.pop()
        depth = int(tree.depth[node])
        is_cut = max_depth is not None and depth >= max_depth
        if tree.n_children[node] == 0 or is_cut:
            x[node] = float(column)
            column += 1
            if tree.n_children[node] and is_cut:
                truncated.append(node)
            continue
        children = list(tree.children(node))
        if expanded:
            x[node] = 0.5 * (x[children[0]] + x[children[-1]])
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(children))
    return x, truncated, max(column, 1)


def plot_tree(
    estimator: Any,
    *,
    feature_names: Any = None,
    class_names: Any = None,
    max_depth: int | None = None,
    filled: bool = True,
    fontsize: float | None = None,
    ax: Any = None,
    precision: int = 3,
) -> list:
    """Draw a fitted tree with matplotlib.

    Every node is a box with, for a split, the feature it tests, its information
    gain (bits) and gain ratio, then the node's total weight, its weighted class
    counts and the class it predicts. Branches are labelled ``<= t`` / ``> t``
    (numeric), with the category (multiway nominal) or ``= v`` / ``!= v`` (binary
    nominal). Leaves sit on evenly spaced columns and every parent is centred over
    its children.

    Parameters
    ----------
    estimator : ID3Classifier or C45Classifier
        A fitted estimator.
    feature_names : sequence of str of length n_features_in_, default=None
        Feature names; defaults to ``feature_names_in_`` or ``feature_<j>``.
    class_names : sequence of str of length n_classes, default=None
        Class names; defaults to ``classes_``.
    max_depth : int, default=None
        Draw nodes down to this depth; deeper subtrees appear as a ``(...)`` box.
    filled : bool, default=True
        Colour the boxes by predicted class, paler for less pure nodes.
    fontsize : float, default=None
        Font size of the boxes; by default the largest size (at most 12) at which
        the boxes do not overlap.
    ax : matplotlib Axes, default=None
        Axes to draw into; the current axes by default.
    precision : int, default=3
        Decimals of gains, weights and thresholds (trailing zeros dropped).

    Returns
    -------
    annotations : list of matplotlib.text.Annotation
        One box per drawn node, in node id order (then the ``(...)`` boxes).

    Raises
    ------
    ImportError
        If matplotlib is not installed.

    See Also
    --------
    export_graphviz : The same boxes in Graphviz DOT format.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> from id3tree._tree import Tree
    >>> from id3tree._plotting import plot_tree
    >>> counts = [[9.0, 5.0], [3.0, 3.0], [6.0, 2.0]]
    >>> tree = Tree(kind=[2, 0, 0], feature=[0, -1, -1], threshold=[np.nan] * 3,
    ...             first_child=[1, -1, -1], n_children=[2, 0, 0], value=counts,
    ...             branch_value=counts, empty=[False] * 3,
    ...             gain=[0.048, 0, 0], gain_ratio=[0.049, 0, 0])
    >>> cats = [np.array(["TRUE", "FALSE"])]
    >>> est = SimpleNamespace(tree_=tree, classes_=np.array(["yes", "no"]),
    ...                       n_features_in_=1, categories_=cats)
    >>> boxes = plot_tree(est, feature_names=["windy"])
    >>> boxes[0].get_text().splitlines()[0]
    'windy'
    """
    plt = _import_pyplot()
    _check_fitted(estimator)
    _check_int(max_depth, "max_depth", 0, allow_none=True)
    _check_int(precision, "precision", 0)
    if fontsize is not None and not fontsize > 0:
        raise ValueError(f"fontsize must be positive, got {fontsize!r}.")
    names, labels = _resolve_names(estimator, feature_names, class_names)
    tree = estimator.tree_
    parent = _parent_array(tree)
    colors = _class_colors(tree.n_classes)

    if ax is None:
        ax = plt.gca()
    ax.clear()
    ax.set_axis_off()

    columns, truncated, n_columns = _layout(tree, max_depth)
    drawn = sorted(columns)
    n_levels = 1 + max(int(tree.depth[n]) for n in drawn) + (1 if truncated else 0)

    def position(column: float, depth: int) -> tuple[float, float]:
        return (column + 0.5) / n_columns, 1.0 - (depth + 0.5) / n_levels

    size = _START_FONTSIZE if fontsize is None else float(fontsize)
    boxes: list = []
    centres: list[tuple[float, float]] = []
    for node in drawn:
        text = "\n".join(_node_lines(estimator, node, names, labels, parent, precision))
        fill = _node_fill(tree, node, parent, colors) if filled else "white"
        centres.append(position(columns[node], int(tree.depth[node])))
        boxes.append((text, fill))
    for node in truncated:
        centres.append(position(columns[node], int(tree.depth[node]) + 1))
        boxes.append(("(...)", "white"))

    annotations = [
        ax.annotate(
            text,
            xy=centre,
            xycoords="axes fraction",
            ha="center",
            va="center",
            fontsize=size,
            zorder=3,
            bbox={"boxstyle": "round", "fc": fill, "ec": "black"},
        )
        for (text, fill), centre in zip(boxes, centres, strict=True)
    ]

    # Shrink the font until no box overlaps its neighbours or the next level.
    figure = ax.figure
    renderer = figure.canvas.get_renderer()
    axes_box = ax.get_window_extent(renderer)

    def extents() -> list[tuple[float, float]]:
        sizes = []
        for annotation in annotations:
            annotation.update_bbox_position_size(renderer)
            patch = annotation.get_bbox_patch().get_window_extent(renderer)
            sizes.append((patch.width / axes_box.width, patch.height / axes_box.height))
        return sizes

    if fontsize is None:
        sizes = extents()
        ratio = 1.0
        by_level: dict[float, list[int]] = {}
        for i, (_, cy) in enumerate(centres):
            by_level.setdefault(cy, []).append(i)
        for members in by_level.values():
            members.sort(key=lambda i: centres[i][0])
            for left, right in zip(members, members[1:], strict=False):
                gap = centres[right][0] - centres[left][0]
                need = 0.5 * (sizes[left][0] + sizes[right][0]) / 0.95
                ratio = min(ratio, gap / need)
        for width, height in sizes:
            ratio = min(ratio, 0.98 / width, 0.8 / (n_levels * height))
        if ratio < 1.0:
            size = max(_MIN_FONTSIZE, _START_FONTSIZE * ratio)
            for annotation in annotations:
                annotation.set_fontsize(size)
    sizes = extents()

    # Branch lines below the boxes, labelled midway between parent and child boxes.
    index = {node: i for i, node in enumerate(drawn)}

    def link(i: int, j: int) -> None:
        (px, py), (cx, cy) = centres[i], centres[j]
        ax.plot(
            [px, cx], [py, cy], color="0.35", lw=1, zorder=1, transform=ax.transAxes
        )

    for k, up in enumerate(truncated):
        link(index[up], len(drawn) + k)
    for up in drawn:
        if up in truncated:
            continue
        for slot, child in enumerate(tree.children(up)):
            i, j = index[up], index[child]
            link(i, j)
            (px, py), (cx, cy) = centres[i], centres[j]
            # Middle of the gap between the parent's bottom and the child's top.
            mid = 0.5 * ((py - 0.5 * sizes[i][1]) + (cy + 0.5 * sizes[j][1]))
            t = (py - mid) / (py - cy)
            ax.text(
                px + t * (cx - px),
                mid,
                _edge_label(estimator, up, slot, names, precision),
                transform=ax.transAxes,
                ha="center",
                va="center",
                fontsize=0.9 * size,
                zorder=2,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"},
            )
    return annotations
