"""C4.5 tree simplification on flat node arrays: collapse and two kinds of pruning."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from ._dtypes import FLOAT, INDEX, LEAF, WEKA_MAX_DOUBLE, WEKA_SMALL
from ._jit import njit
from ._prediction import select_branch
from ._tree import NODE_ARRAYS

__all__ = [
    "add_errors",
    "collapse",
    "java_random_shuffle",
    "normal_inverse",
    "prune_pessimistic",
    "prune_reduced_error",
    "reduced_error_split",
]

#: Collapse keeps a split only if it removes more than this many training errors.
_COLLAPSE_MARGIN = 1e-3
#: Pruning keeps the more complex structure only if it wins by more than this.
_PRUNE_MARGIN = 0.1

# ------------------------------------------------------------------------------
# Pessimistic error estimate
# ------------------------------------------------------------------------------

# Coefficients of the Cephes ``ndtri`` rational approximations (Cephes Math Library 2.8,
# S. L. Moshier), highest power first.
_P0 = (
    -5.99633501014107895267e1,
    9.80010754185999661536e1,
    -5.66762857469070293439e1,
    1.39312609387279679503e1,
    -1.23916583867381258016e0,
)
_Q0 = (
    1.95448858338141759834e0,
    4.67627912898881538453e0,
    8.63602421390890590575e1,
    -2.25462687854119370527e2,
    2.00260212380060660359e2,
    -8.20372256168333339912e1,
    1.59056225126211695515e1,
    -1.18331621121330003142e0,
)
_P1 = (
    4.05544892305962419923e0,
    3.15251094599893866154e1,
    5.71628192246421288162e1,
    4.40805073893200834700e1,
    1.46849561928858024014e1,
    2.18663306850790267539e0,
    -1.40256079171354495875e-1,
    -3.50424626827848203418e-2,
    -8.57456785154685413611e-4,
)
_Q1 = (
    1.57799883256466749731e1,
    4.53907635128879210584e1,
    4.13172038254672030440e1,
    1.50425385692907503408e1,
    2.50464946208309415979e0,
    -1.42182922854787788574e-1,
    -3.80806407691578277194e-2,
    -9.33259480895457427372e-4,
)
_P2 = (
    3.23774891776946035970e0,
    6.91522889068984211695e0,
    3.93881025292474443415e0,
    1.33303460815807542389e0,
    2.01485389549179081538e-1,
    1.23716634817820021358e-2,
    3.01581553508235416007e-4,
    2.65806974686737550832e-6,
    6.23974539184983293730e-9,
)
_Q2 = (
    6.02427039364742014255e0,
    3.67983563856160859403e0,
    1.37702099489081330271e0,
    2.16236993594496635890e-1,
    1.34204006088543189037e-2,
    3.28014464682127739104e-4,
    2.89247864745380683936e-6,
    6.79019408009981274425e-9,
)
# The double nearest to sqrt(2 pi) as computed at run time; the 21-digit Cephes literal
# rounds one ulp higher and would change z(0.75) by one ulp.
_S2PI = math.sqrt(2.0 * math.pi)
_EXP_M2 = 0.13533528323661269189  # exp(-2): bound of the central branch


def _polevl(x: float, coef: tuple) -> float:
    acc = coef[0]
    for c in coef[1:]:
        acc = acc * x + c
    return acc


def _p1evl(x: float, coef: tuple) -> float:
    acc = x + coef[0]
    for c in coef[1:]:
        acc = acc * x + c
    return acc


def normal_inverse(y: float) -> float:
    """Return the standard normal quantile of ``y`` as Weka computes it.

    This is the Cephes ``ndtri`` rational approximation, evaluated exactly as Weka's
    port does (``sqrt(2 pi)`` computed in double precision), so that J48's pruning
    estimates are reproduced to the last bit. ``scipy.special.ndtri`` can differ by
    one ulp (for example at 0.75).

    Parameters
    ----------
    y : float
        Probability, ``0 < y < 1``.

    Returns
    -------
    z : float
        The value with ``Phi(z) = y``.

    Examples
    --------
    >>> normal_inverse(0.75)
    0.6744897501960816
    """
    y = float(y)
    upper = True
    if y > 1.0 - _EXP_M2:
        y = 1.0 - y
        upper = False
    if y > _EXP_M2:
        y = y - 0.5
        y2 = y * y
        return (y + y * (y2 * _polevl(y2, _P0) / _p1evl(y2, _Q0))) * _S2PI
    x = math.sqrt(-2.0 * math.log(y))
    x0 = x - math.log(x) / x
    t = 1.0 / x
    if x < 8.0:
        x1 = t * _polevl(t, _P1) / _p1evl(t, _Q1)
    else:
        x1 = t * _polevl(t, _P2) / _p1evl(t, _Q2)
    x = x0 - x1
    return -x if upper else x


def _confidence_constants(confidence_factor: float) -> tuple[float, float]:
    """Return J48's float32 confidence widened to double and its normal quantile."""
    cf32 = np.float32(confidence_factor)
    z = normal_inverse(float(np.float32(1.0) - cf32)) if cf32 <= 0.5 else 0.0
    return float(cf32), z


@njit
def _upper_errors(n, e, z):
    """Extra errors for ``e >= 1`` (normal approximation with continuity correction)."""
    if e + 0.5 >= n:
        return max(n - e, 0.0)
    f = (e + 0.5) / n
    zz = z * z
    root = math.sqrt(f / n - f * f / n + zz / (4.0 * n * n))
    r = (f + zz / (2.0 * n) + z * root) / (1.0 + zz / n)
    return r * n - e


@njit
def _add_errs(n, e, cf, z):
    """Pessimistic extra errors for ``e`` errors out of weight ``n`` (Weka addErrs).

    ``cf`` is the float32 confidence widened to double and ``z`` the quantile of the
    float32 difference ``1 - cf`` (see ``_confidence_constants``).
    """
    if cf > 0.5:
        return 0.0
    if e < 1.0:
        base = n * (1.0 - cf ** (1.0 / n))
        if e == 0.0:
            return base
        return base + e * (_upper_errors(n, 1.0, z) - base)
    return _upper_errors(n, e, z)


def add_errors(n: float, e: float, confidence_factor: float = 0.25) -> float:
    """Return C4.5's pessimistic number of extra errors (Weka ``Stats.addErrs``).

    Parameters
    ----------
    n : float
        Total weight of the instances at a leaf (``n > 0``).
    e : float
        Weight of the misclassified instances, ``0 <= e <= n``.
    confidence_factor : float, default=0.25
        Confidence ``CF``; it is used with float32 precision, as in J48. Values above
        0.5 disable the estimate (0 is returned).

    Returns
    -------
    extra : float
        Upper confidence limit of the error count minus ``e``.

    Notes
    -----
    For ``e >= 1`` this is the upper limit of the normal approximation of the binomial
    with continuity correction; below one error it interpolates linearly from the exact
    zero-error bound ``n (1 - CF^(1/n))``, and within 0.5 of ``n`` it returns ``n - e``
    (Quinlan 1993, ch. 4).

    Examples
    --------
    >>> add_errors(14.0, 0.0)
    1.319868700305306
    """
    cf, z = _confidence_constants(confidence_factor)
    return float(_add_errs(float(n), float(e), cf, z))


# ------------------------------------------------------------------------------
# Distribution helpers (Weka's tolerant comparisons, majority class, largest bag)
# ------------------------------------------------------------------------------


@njit
def _max_class(counts):
    """Majority class: ties and near-ties (1e-6) go to the lowest class index."""
    best = 0
    best_count = 0.0
    for c in range(counts.shape[0]):
        if counts[c] - best_count > WEKA_SMALL:
            best = c
            best_count = counts[c]
    return best


@njit
def _row_total(row):
    """Sum of a count row in index order."""
    total = 0.0
    for c in range(row.shape[0]):
        total += row[c]
    return total


@njit
def _leaf_errors(counts, total, cf, z):
    """Estimated errors of a leaf with this class distribution (0 if it is empty)."""
    if abs(total) < WEKA_SMALL:
        return 0.0
    e = total - counts[_max_class(counts)]
    return e + _add_errs(total, e, cf, z)


@njit
def _largest_bag(bag_total, first, n_children):
    """Child slot of the heaviest bag; near-ties (1e-6) go to the highest slot."""
    best = 0.0
    slot = -1
    for b in range(n_children):
        v = bag_total[first + b]
        if best - v < WEKA_SMALL or v >= best:
            best = v
            slot = b
    return slot


@njit
def _node_totals(value, branch_value):
    """Row sums of ``value`` and ``branch_value`` (the stored N and bag weights)."""
    n_nodes = value.shape[0]
    total = np.empty(n_nodes, dtype=np.float64)
    bag_total = np.empty(n_nodes, dtype=np.float64)
    for node in range(n_nodes):
        total[node] = _row_total(value[node])
        bag_total[node] = _row_total(branch_value[node])
    return total, bag_total


# ------------------------------------------------------------------------------
# Routing weighted instance sets through split nodes
# ------------------------------------------------------------------------------
#
# Kernels below share three argument groups (tuples, so that calls stay short):
#   structure = (kind, feature, threshold, first_child, n_children), node arrays
#   counts    = (value, branch_value, empty, total, bag_total), node arrays where
#               total[node] is the node's N and bag_total[node] its n[b] in the parent
#   pool      = (pool_idx, pool_w): a stack of weighted entries (row, weight); a node's
#               instance set is a segment lo:hi of it


@njit
def _class_distribution(y, pool, lo, hi, n_classes):
    """Class counts and total weight of the entries ``lo:hi`` of the pool."""
    pool_idx, pool_w = pool
    counts = np.zeros(n_classes, dtype=np.float64)
    total = 0.0
    for p in range(lo, hi):
        counts[y[pool_idx[p]]] += pool_w[p]
        total += pool_w[p]
    return counts, total


@njit
def _slot(structure, node, x, tol):
    """Child slot of row ``x`` at split ``node`` (-1: missing value)."""
    kind, feature, threshold, _, n_children = structure
    return select_branch(
        kind[node], threshold[node], n_children[node], x[feature[node]], tol
    )


@njit
def _split_distribution(structure, node, X, y, pool, lo, hi, n_classes, tol):
    """C4.5's completed split distribution of the entries ``lo:hi`` at ``node``.

    Known values are counted in their bag first (entry order); each entry with a
    missing value then adds its weight to its class and, spread with the known bag
    proportions (uniform when no known weight), to every bag.

    Returns
    -------
    rows : ndarray of shape (n_children, n_classes)
        Per-bag class counts.
    bag : ndarray of shape (n_children,)
        Per-bag running totals.
    counts : ndarray of shape (n_classes,)
        Class counts over all entries.
    total : float
        Total weight.
    """
    pool_idx, pool_w = pool
    nch = structure[4][node]
    rows = np.zeros((nch, n_classes), dtype=np.float64)
    bag = np.zeros(nch, dtype=np.float64)
    counts = np.zeros(n_classes, dtype=np.float64)
    total = 0.0
    n_missing = 0
    for p in range(lo, hi):
        i = pool_idx[p]
        slot = _slot(structure, node, X[i], tol)
        if slot < 0:
            n_missing += 1
            continue
        wt = pool_w[p]
        rows[slot, y[i]] += wt
        bag[slot] += wt
        counts[y[i]] += wt
        total += wt
    if n_missing == 0:
        return rows, bag, counts, total
    share = np.empty(nch, dtype=np.float64)
    for b in range(nch):
        share[b] = 1.0 / nch if abs(total) < WEKA_SMALL else bag[b] / total
    for p in range(lo, hi):
        i = pool_idx[p]
        if _slot(structure, node, X[i], tol) >= 0:
            continue
        wt = pool_w[p]
        counts[y[i]] += wt
        total += wt
        for b in range(nch):
            part = share[b] * wt
            rows[b, y[i]] += part
            bag[b] += part
    return rows, bag, counts, total


@njit
def _copy_row(src, dst):
    """Copy ``src`` into ``dst`` element by element."""
    for k in range(src.shape[0]):
        dst[k] = src[k]


@njit
def _reserve(pool, top, extra):
    """Return a pool with room for ``extra`` entries above ``top``."""
    pool_idx, pool_w = pool
    need = top + extra
    if need <= pool_idx.shape[0]:
        return pool
    capacity = max(need, 2 * pool_idx.shape[0])
    new_idx = np.empty(capacity, dtype=pool_idx.dtype)
    new_w = np.empty(capacity, dtype=np.float64)
    for p in range(top):  # (explicit loops compile much faster than slicing)
        new_idx[p] = pool_idx[p]
        new_w[p] = pool_w[p]
    return new_idx, new_w


@njit
def _partition(structure, node, X, bag, total, pool, lo, hi, top, seg_lo, seg_hi, tol):
    """Copy the entries ``lo:hi`` into one new pool segment per child of ``node``.

    A known value goes to its child with its weight; a missing one goes to every child
    ``b`` with ``bag[b] / total > 1e-6``, with its weight times that fraction. Each
    segment keeps the entry order; child ``c`` gets ``seg_lo[c]:seg_hi[c]``.

    Returns
    -------
    pool : tuple of ndarray
        The (possibly reallocated) pool.
    top : int
        New end of the used part of the pool.
    """
    first = structure[3][node]
    nch = structure[4][node]
    prob = np.zeros(nch, dtype=np.float64)
    if total != 0.0:
        for b in range(nch):
            prob[b] = bag[b] / total
    count = np.zeros(nch, dtype=np.intp)
    n_missing = 0
    for p in range(lo, hi):
        slot = _slot(structure, node, X[pool[0][p]], tol)
        if slot < 0:
            n_missing += 1
        else:
            count[slot] += 1
    pos = np.empty(nch, dtype=np.intp)
    end = top
    for b in range(nch):
        if prob[b] > WEKA_SMALL:
            count[b] += n_missing
        pos[b] = end
        seg_lo[first + b] = end
        end += count[b]
        seg_hi[first + b] = end
    # (an int64 argument, never the literal 0: one specialization of _reserve)
    pool_idx, pool_w = _reserve(pool, top, end - top)
    for p in range(lo, hi):
        i = pool_idx[p]
        wt = pool_w[p]
        slot = _slot(structure, node, X[i], tol)
        if slot >= 0:
            pool_idx[pos[slot]] = i
            pool_w[pos[slot]] = wt
            pos[slot] += 1
            continue
        for b in range(nch):
            if prob[b] > WEKA_SMALL:
                pool_idx[pos[b]] = i
                pool_w[pos[b]] = prob[b] * wt
                pos[b] += 1
    return (pool_idx, pool_w), end


@njit
def _new_frames(n_nodes):
    """Work arrays of a depth-first walk with instance sets.

    Returns ``(seg_lo, seg_hi, node, next_slot, pool_mark, error_sum)``: the pool
    segment of every node, then one stack frame per depth.
    """
    return (
        np.zeros(n_nodes, dtype=np.intp),
        np.zeros(n_nodes, dtype=np.intp),
        np.empty(n_nodes + 1, dtype=np.intp),
        np.empty(n_nodes + 1, dtype=np.intp),
        np.empty(n_nodes + 1, dtype=np.intp),
        np.empty(n_nodes + 1, dtype=np.float64),
    )


@njit
def _walk_subtree(
    root, lo, hi, redistribute, structure, counts, X, y, pool, top, cf, z, tol, frames
):
    """Send the entries ``lo:hi`` down the subtree of ``root`` with C4.5's rules.

    At every split the entries are distributed with the proportions of their own
    completed split distribution (Weka ``resetDistribution`` + ``split``).

    With ``redistribute`` false nothing is modified and the estimated errors of the
    subtree on these entries are returned (Weka ``getEstimatedErrorsForBranch``):
    leaves give their pessimistic errors, summed child by child below every split.
    With ``redistribute`` true the subtree adopts the entries (Weka
    ``newDistribution``): every node's ``value``/``total`` and every child's
    ``branch_value``/``bag_total`` become the new distributions (the root's own
    ``branch_value`` belongs to its parent and is kept), and a leaf that now has
    weight is no longer empty.

    Returns
    -------
    errors : float
        Estimated errors (0 when redistributing).
    pool : tuple of ndarray
        The (possibly reallocated) pool; entries above ``top`` are scratch.
    """
    kind, _, _, first_child, n_children = structure
    value, branch_value, empty, total, bag_total = counts
    seg_lo, seg_hi, st_node, st_next, st_mark, st_acc = frames
    n_classes = value.shape[1]
    seg_lo[root] = lo
    seg_hi[root] = hi
    st_node[0] = root
    st_next[0] = -1
    sp = 1
    result = 0.0
    while sp > 0:
        f = sp - 1
        node = st_node[f]
        if st_next[f] == -1:  # first visit
            lo, hi = seg_lo[node], seg_hi[node]
            if kind[node] == LEAF:
                cls, tot = _class_distribution(y, pool, lo, hi, n_classes)
                err = 0.0
                if redistribute:
                    _copy_row(cls, value[node])
                    total[node] = tot
                    if abs(tot) >= WEKA_SMALL:
                        empty[node] = False
                else:
                    err = _leaf_errors(cls, tot, cf, z)
                sp -= 1
                if sp > 0:
                    st_acc[sp - 1] += err
                else:
                    result = err
                continue
            rows, bag, cls, tot = _split_distribution(
                structure, node, X, y, pool, lo, hi, n_classes, tol
            )
            if redistribute:
                _copy_row(cls, value[node])
                total[node] = tot
                for b in range(n_children[node]):
                    _copy_row(rows[b], branch_value[first_child[node] + b])
                    bag_total[first_child[node] + b] = bag[b]
            st_mark[f] = top
            pool, top = _partition(
                structure, node, X, bag, tot, pool, lo, hi, top, seg_lo, seg_hi, tol
            )
            st_next[f] = 0
            st_acc[f] = 0.0
        k = st_next[f]
        if k < n_children[node]:
            st_next[f] = k + 1
            st_node[sp] = first_child[node] + k
            st_next[sp] = -1
            sp += 1
            continue
        err = st_acc[f]
        top = st_mark[f]
        sp -= 1
        if sp > 0:
            st_acc[sp - 1] += err
        else:
            result = err
    return result, pool


# ------------------------------------------------------------------------------
# Pessimistic pruning
# ------------------------------------------------------------------------------


@njit
def _make_leaf(node, structure, gain, gain_ratio):
    """Turn ``node`` into a leaf in place (its counts are kept)."""
    kind, feature, threshold, first_child, n_children = structure
    kind[node] = LEAF
    feature[node] = -1
    threshold[node] = np.nan
    first_child[node] = -1
    n_children[node] = 0
    gain[node] = 0.0
    gain_ratio[node] = 0.0


@njit
def _take_over(node, source, structure, gain, gain_ratio):
    """Give ``node`` the test and children of ``source`` (subtree raising)."""
    kind, feature, threshold, first_child, n_children = structure
    kind[node] = kind[source]
    feature[node] = feature[source]
    threshold[node] = threshold[source]
    first_child[node] = first_child[source]
    n_children[node] = n_children[source]
    gain[node] = gain[source]
    gain_ratio[node] = gain_ratio[source]


@njit
def _sm_or_eq(a, b):
    """Weka's ``smOrEq``: ``a <= b`` up to 1e-6."""
    return a - b < WEKA_SMALL or a <= b


@njit
def _prune_pessimistic_kernel(
    structure, counts, gain, gain_ratio, X, y, w, cf, z, raising, tol
):
    """Prune the tree in place, bottom-up, as J48 does (Quinlan 1993, ch. 4).

    The structure arrays are modified in place: pruned nodes become leaves, a raised
    node takes over the test and children of its largest child, and nodes cut off
    become unreachable (the caller renumbers). ``counts`` are updated where raising
    redistributes instances.

    Training sets are not stored: a node's set is rebuilt, when the depth-first walk
    enters it, by partitioning its parent's set (``_partition`` reproduces the
    grower's partition); the pool holds the sets of the current path like a stack.
    """
    kind, _, _, first_child, n_children = structure
    value, _, _, total, bag_total = counts
    n_nodes = kind.shape[0]
    n_samples = X.shape[0]
    n_classes = value.shape[1]
    capacity = max(2 * n_samples, 16)
    pool = (np.empty(capacity, dtype=np.intp), np.empty(capacity, dtype=np.float64))
    for i in range(n_samples):
        pool[0][i] = i
        pool[1][i] = w[i]
    top = n_samples
    est_err = np.zeros(n_nodes, dtype=np.float64)
    seg_lo, seg_hi, st_node, st_next, st_mark, _ = _new_frames(n_nodes)
    walk_frames = _new_frames(n_nodes)  # for _walk_subtree

    seg_hi[0] = n_samples
    st_node[0] = 0
    st_next[0] = -1
    sp = 1
    while sp > 0:
        f = sp - 1
        node = st_node[f]
        lo, hi = seg_lo[node], seg_hi[node]
        if st_next[f] == -1:  # (re-)entering the node
            if kind[node] == LEAF:
                est_err[node] = _leaf_errors(value[node], total[node], cf, z)
                sp -= 1
                continue
            _, bag, _, tot = _split_distribution(
                structure, node, X, y, pool, lo, hi, n_classes, tol
            )
            st_mark[f] = top
            pool, top = _partition(
                structure, node, X, bag, tot, pool, lo, hi, top, seg_lo, seg_hi, tol
            )
            st_next[f] = 0
        k = st_next[f]
        if k < n_children[node]:
            st_next[f] = k + 1
            st_node[sp] = first_child[node] + k
            st_next[sp] = -1
            sp += 1
            continue

        # all children are pruned: decide this node
        top = st_mark[f]  # the children's training sets are no longer needed
        first = first_child[node]
        largest = first + _largest_bag(bag_total, first, n_children[node])
        err_largest = WEKA_MAX_DOUBLE  # the largest branch, when raising is off
        if raising:
            err_largest, pool = _walk_subtree(
                largest,
                lo,
                hi,
                np.bool_(False),  # not a literal: one specialization for both calls
                structure,
                counts,
                X,
                y,
                pool,
                top,
                cf,
                z,
                tol,
                walk_frames,
            )
        err_leaf = _leaf_errors(value[node], total[node], cf, z)
        err_tree = 0.0
        for b in range(n_children[node]):
            err_tree += est_err[first + b]
        if _sm_or_eq(err_leaf, err_tree + _PRUNE_MARGIN) and _sm_or_eq(
            err_leaf, err_largest + _PRUNE_MARGIN
        ):
            _make_leaf(node, structure, gain, gain_ratio)
            est_err[node] = err_leaf
            sp -= 1
        elif _sm_or_eq(err_largest, err_tree + _PRUNE_MARGIN):
            # subtree raising: the node takes the test and children of its largest
            # child, all its training instances are sent down them again, and the
            # node is pruned anew (st_next = -1 re-enters it)
            _take_over(node, largest, structure, gain, gain_ratio)
            _, pool = _walk_subtree(
                node,
                lo,
                hi,
                np.bool_(True),
                structure,
                counts,
                X,
                y,
                pool,
                top,
                cf,
                z,
                tol,
                walk_frames,
            )
            st_next[f] = -1
        else:
            est_err[node] = err_tree
            sp -= 1


# ------------------------------------------------------------------------------
# Collapse
# ------------------------------------------------------------------------------


@njit
def _collapse_kernel(structure, value, gain, gain_ratio):
    """Collapse, in place, every split that does not reduce the training errors.

    Children must have larger ids than their parent; nodes below a collapsed split
    become unreachable.
    """
    kind, _, _, first_child, n_children = structure
    n_nodes = kind.shape[0]
    n_wrong = np.empty(n_nodes, dtype=np.float64)  # numIncorrect of the node's counts
    train_err = np.empty(n_nodes, dtype=np.float64)  # Σ numIncorrect of the leaves
    for node in range(n_nodes - 1, -1, -1):
        n_wrong[node] = _row_total(value[node]) - value[node, _max_class(value[node])]
        if kind[node] == LEAF:
            train_err[node] = n_wrong[node]
        else:
            acc = 0.0
            for b in range(n_children[node]):
                acc += train_err[first_child[node] + b]
            train_err[node] = acc
    reached = np.zeros(n_nodes, dtype=np.bool_)
    if n_nodes:
        reached[0] = True
    for node in range(n_nodes):
        if not reached[node] or kind[node] == LEAF:
            continue
        if train_err[node] >= n_wrong[node] - _COLLAPSE_MARGIN:
            _make_leaf(node, structure, gain, gain_ratio)
            continue
        for b in range(n_children[node]):
            reached[first_child[node] + b] = True


# ------------------------------------------------------------------------------
# Reduced-error pruning
# ------------------------------------------------------------------------------


@njit
def _prune_set_distributions(structure, total, bag_total, X, y, w, n_classes, tol):
    """Class distributions of the pruning rows at every node (Weka's ``m_test``).

    Rows follow their known values; at a split whose value is missing, a row is spread
    over the children with the proportions of the node's stored (grow-set) split
    distribution. ``node_counts``/``node_total`` is each node's own distribution;
    ``bag_counts``/``bag_weight`` of a child is its bag in the parent's distribution,
    which also receives the (tiny) shares that are not sent down (share <= 1e-6).
    """
    kind, _, _, first_child, n_children = structure
    n_nodes = kind.shape[0]
    node_counts = np.zeros((n_nodes, n_classes), dtype=np.float64)
    node_total = np.zeros(n_nodes, dtype=np.float64)
    bag_counts = np.zeros((n_nodes, n_classes), dtype=np.float64)
    bag_weight = np.zeros(n_nodes, dtype=np.float64)
    stack_node = np.empty(n_nodes + 1, dtype=np.intp)
    stack_w = np.empty(n_nodes + 1, dtype=np.float64)
    for i in range(X.shape[0]):
        c = y[i]
        stack_node[0] = 0
        stack_w[0] = w[i]
        sp = 1
        while sp > 0:  # each node is reached at most once per row
            sp -= 1
            node = stack_node[sp]
            wt = stack_w[sp]
            if kind[node] == LEAF:
                node_counts[node, c] += wt
                node_total[node] += wt
                continue
            first = first_child[node]
            slot = _slot(structure, node, X[i], tol)
            if slot >= 0:
                node_counts[node, c] += wt
                node_total[node] += wt
                bag_counts[first + slot, c] += wt
                bag_weight[first + slot] += wt
                stack_node[sp] = first + slot
                stack_w[sp] = wt
                sp += 1
                continue
            for b in range(n_children[node]):
                prob = bag_total[first + b] / total[node] if total[node] else 0.0
                part = wt * prob
                bag_counts[first + b, c] += part
                bag_weight[first + b] += part
                node_counts[node, c] += part
                node_total[node] += part
                if prob > WEKA_SMALL:
                    stack_node[sp] = first + b
                    stack_w[sp] = prob * wt
                    sp += 1
    return node_counts, node_total, bag_counts, bag_weight


@njit
def _prune_reduced_error_kernel(structure, value, gain, gain_ratio, bag_total, test):
    """Reduced-error pruning in place, bottom-up (children have larger ids)."""
    kind, _, _, first_child, n_children = structure
    node_counts, node_total, bag_counts, bag_weight = test
    n_nodes = kind.shape[0]
    err_tree = np.zeros(n_nodes, dtype=np.float64)
    for node in range(n_nodes - 1, -1, -1):
        majority = _max_class(value[node])
        err_leaf = node_total[node] - node_counts[node, majority]
        if kind[node] == LEAF:
            err_tree[node] = err_leaf
            continue
        acc = 0.0
        for b in range(n_children[node]):
            child = first_child[node] + b
            if abs(bag_total[child]) < WEKA_SMALL:  # no grow weight: parent's class
                acc += bag_weight[child] - bag_counts[child, majority]
            else:
                acc += err_tree[child]
        if _sm_or_eq(err_leaf, acc):
            _make_leaf(node, structure, gain, gain_ratio)
            err_tree[node] = err_leaf
        else:
            err_tree[node] = acc


# ------------------------------------------------------------------------------
# Renumbering
# ------------------------------------------------------------------------------


@njit
def _breadth_first_order(first_child, n_children):
    """Old ids of the nodes reachable from the root, breadth first, and new links."""
    n_nodes = first_child.shape[0]
    order = np.empty(n_nodes, dtype=np.intp)
    new_first = np.empty(n_nodes, dtype=np.intp)
    if n_nodes == 0:
        return order[:0], new_first[:0]
    order[0] = 0
    head = 0
    tail = 1
    while head < tail:
        node = order[head]
        k = n_children[node]
        new_first[head] = tail if k > 0 else -1
        for b in range(k):
            order[tail] = first_child[node] + b
            tail += 1
        head += 1
    return order[:tail], new_first[:tail]


_DTYPES = {
    "kind": np.int8,
    "feature": INDEX,
    "threshold": FLOAT,
    "first_child": INDEX,
    "n_children": INDEX,
    "value": FLOAT,
    "branch_value": FLOAT,
    "empty": np.bool_,
    "gain": FLOAT,
    "gain_ratio": FLOAT,
}


def _working_copy(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Return writable, normalised copies of the node arrays."""
    return {
        name: np.array(arrays[name], dtype=_DTYPES[name], order="C")
        for name in NODE_ARRAYS
    }


def _structure(t: dict[str, np.ndarray]) -> tuple:
    return tuple(t[k] for k in ("kind", "feature", "threshold", "first_child")) + (
        t["n_children"],
    )


def _renumber(t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Keep the nodes reachable from the root, renumbered breadth first."""
    order, new_first = _breadth_first_order(t["first_child"], t["n_children"])
    out = {name: np.ascontiguousarray(t[name][order]) for name in NODE_ARRAYS}
    out["first_child"] = new_first
    if order.shape[0]:
        # the root has no parent bag: its row is its own counts (which raising at the
        # root recomputes)
        out["branch_value"][0] = out["value"][0]
    return out


# ------------------------------------------------------------------------------
# Public entry points
# ------------------------------------------------------------------------------


def collapse(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Remove the splits that do not reduce the training error (J48's collapse).

    Top-down, a split whose leaves misclassify at least ``numIncorrect(node) - 1e-3``
    of the training weight (the node's errors as a leaf) is replaced by a leaf. J48
    3.6 always does this before pruning, also for unpruned trees.

    Parameters
    ----------
    arrays : dict of str to ndarray
        The tree, as the arrays named in ``NODE_ARRAYS``; children have larger ids
        than their parent. Not modified.

    Returns
    -------
    arrays : dict of str to ndarray
        The collapsed tree, renumbered breadth first. A collapsed node keeps its
        ``value`` (its split distribution summed over bags) and ``branch_value``.
    """
    t = _working_copy(arrays)
    _collapse_kernel(_structure(t), t["value"], t["gain"], t["gain_ratio"])
    return _renumber(t)


def prune_pessimistic(
    arrays: dict[str, np.ndarray],
    X: NDArray[np.float64],
    y: NDArray[np.intp],
    w: NDArray[np.float64],
    *,
    confidence_factor: float = 0.25,
    subtree_raising: bool = True,
    tol: float = 1e-6,
) -> dict[str, np.ndarray]:
    """Prune a grown tree with C4.5's pessimistic error estimate (J48's default).

    Bottom-up, each split is compared with a leaf and, with ``subtree_raising``, with
    its largest branch grafted in its place; the estimated errors use ``add_errors``.
    A leaf replaces the split when its estimate is at most the subtree's (and the
    largest branch's) plus 0.1; otherwise the largest branch replaces the split when
    its estimate is at most the subtree's plus 0.1. A raised branch receives all the
    node's training instances (its tests are kept, its distributions recomputed) and
    is pruned again.

    Parameters
    ----------
    arrays : dict of str to ndarray
        The grown (and usually collapsed) tree, as the arrays named in
        ``NODE_ARRAYS``; children have larger ids than their parent. Not modified.
    X : ndarray of shape (n_samples, n_features), dtype=float64
        The training matrix the tree was grown on (NaN = missing; nominal features
        hold category codes).
    y : ndarray of shape (n_samples,), dtype=intp
        Class codes.
    w : ndarray of shape (n_samples,), dtype=float64
        Positive instance weights.
    confidence_factor : float, default=0.25
        J48's ``-C`` (used with float32 precision).
    subtree_raising : bool, default=True
        ``False`` is J48's ``-S`` (subtree replacement only).
    tol : float, default=1e-6
        Numeric routing tolerance (see ``select_branch``).

    Returns
    -------
    arrays : dict of str to ndarray
        The pruned tree, renumbered breadth first. A node pruned to a leaf keeps its
        ``value`` and ``branch_value``; nodes of a raised subtree carry their new
        distributions; ``gain``/``gain_ratio`` move with their test (0 for new
        leaves).

    Notes
    -----
    The training set of every node is recomputed by routing all the rows from the
    root: a known value follows ``select_branch``; a missing one goes to every child
    whose share ``n[b] / N`` of the node's completed split distribution exceeds 1e-6,
    with its weight times that share (Quinlan 1993, ch. 4).
    """
    t = _working_copy(arrays)
    X = np.ascontiguousarray(X, dtype=FLOAT)
    y = np.ascontiguousarray(y, dtype=INDEX)
    w = np.ascontiguousarray(w, dtype=FLOAT)
    cf, z = _confidence_constants(confidence_factor)
    total, bag_total = _node_totals(t["value"], t["branch_value"])
    counts = (t["value"], t["branch_value"], t["empty"], total, bag_total)
    _prune_pessimistic_kernel(
        _structure(t),
        counts,
        t["gain"],
        t["gain_ratio"],
        X,
        y,
        w,
        cf,
        z,
        bool(subtree_raising),
        float(tol),
    )
    return _renumber(t)


def prune_reduced_error(
    arrays: dict[str, np.ndarray],
    X_prune: NDArray[np.float64],
    y_prune: NDArray[np.intp],
    w_prune: NDArray[np.float64],
    *,
    tol: float = 1e-6,
) -> dict[str, np.ndarray]:
    """Prune a tree with a hold-out set (J48's ``-R``, reduced-error pruning).

    The pruning rows are sent down the tree (missing values spread with the stored
    grow-set proportions). Bottom-up, a split becomes a leaf when the hold-out errors
    of its majority class (from the grow-set counts) are at most those of its
    subtree; a child with no grow-set weight counts the hold-out errors of the
    parent's majority class.

    Parameters
    ----------
    arrays : dict of str to ndarray
        The tree grown on the grow set, as the arrays named in ``NODE_ARRAYS``;
        children have larger ids than their parent. Not modified.
    X_prune : ndarray of shape (n_prune, n_features), dtype=float64
        Pruning rows (NaN = missing).
    y_prune : ndarray of shape (n_prune,), dtype=intp
        Their class codes.
    w_prune : ndarray of shape (n_prune,), dtype=float64
        Their weights.
    tol : float, default=1e-6
        Numeric routing tolerance (see ``select_branch``).

    Returns
    -------
    arrays : dict of str to ndarray
        The pruned tree, renumbered breadth first; counts are grow-set counts.
    """
    t = _working_copy(arrays)
    X_prune = np.ascontiguousarray(X_prune, dtype=FLOAT)
    y_prune = np.ascontiguousarray(y_prune, dtype=INDEX)
    w_prune = np.ascontiguousarray(w_prune, dtype=FLOAT)
    total, bag_total = _node_totals(t["value"], t["branch_value"])
    structure = _structure(t)
    test = _prune_set_distributions(
        structure,
        total,
        bag_total,
        X_prune,
        y_prune,
        w_prune,
        t["value"].shape[1],
        float(tol),
    )
    _prune_reduced_error_kernel(
        structure, t["value"], t["gain"], t["gain_ratio"], bag_total, test
    )
    return _renumber(t)


# ------------------------------------------------------------------------------
# The -R data split: stratification and java.util.Random
# ------------------------------------------------------------------------------

_JAVA_MULTIPLIER = 0x5DEECE66D
_JAVA_ADDEND = 0xB
_JAVA_MASK = (1 << 48) - 1


@njit
def _java_next_int(state, bound):
    """One ``java.util.Random.nextInt(bound)``; returns ``(value, new_state)``."""
    state = (state * _JAVA_MULTIPLIER + _JAVA_ADDEND) & _JAVA_MASK
    bits = state >> 17  # next(31)
    if (bound & -bound) == bound:  # power of two
        return (bound * bits) >> 31, state
    val = bits % bound
    # Java rejects the draw when bits - val + (bound - 1) overflows int32
    while bits - val + (bound - 1) > 0x7FFFFFFF:
        state = (state * _JAVA_MULTIPLIER + _JAVA_ADDEND) & _JAVA_MASK
        bits = state >> 17
        val = bits % bound
    return val, state


@njit
def _java_shuffle_kernel(n, state):
    perm = np.arange(n)
    for j in range(n - 1, 0, -1):
        k, state = _java_next_int(state, j + 1)
        tmp = perm[j]
        perm[j] = perm[k]
        perm[k] = tmp
    return perm


def _java_scramble(seed: int) -> int:
    return (int(seed) ^ _JAVA_MULTIPLIER) & _JAVA_MASK


def _java_random_ints(seed: int, bounds) -> NDArray[np.intp]:
    """Successive ``new java.util.Random(seed).nextInt(bound)`` values (for tests)."""
    state = _java_scramble(seed)
    out = np.empty(len(bounds), dtype=INDEX)
    for k, bound in enumerate(bounds):
        out[k], state = _java_next_int(state, int(bound))
    return out


def java_random_shuffle(n: int, seed: int) -> NDArray[np.intp]:
    """Return ``arange(n)`` shuffled as Weka's ``Instances.randomize`` does.

    For ``j = n-1`` down to 1, position ``j`` is swapped with
    ``nextInt(j + 1)`` of a ``java.util.Random(seed)`` (48-bit linear congruential
    generator), reproduced exactly.

    Parameters
    ----------
    n : int
        Number of items.
    seed : int
        Java ``long`` seed.

    Returns
    -------
    perm : ndarray of shape (n,), dtype=intp
        ``items[perm]`` is the shuffled order.

    Examples
    --------
    >>> java_random_shuffle(10, 1).tolist()
    [6, 9, 7, 8, 4, 2, 0, 3, 1, 5]
    """
    return np.asarray(_java_shuffle_kernel(int(n), _java_scramble(seed)), dtype=INDEX)


@njit
def _stratify_kernel(y):
    """Weka's ``Instances.stratify`` class grouping: positions into ``y``."""
    n = y.shape[0]
    order = np.arange(n)
    i = 1
    while i < n:
        anchor = y[order[i - 1]]
        for j in range(i, n):
            if y[order[j]] == anchor:
                tmp = order[i]
                order[i] = order[j]
                order[j] = tmp
                i += 1
        i += 1
    return order


def reduced_error_split(
    y: NDArray[np.intp], n_folds: int = 3, seed: int = 1
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Split rows into J48's ``-R`` grow and prune sets.

    The rows are grouped by class (Weka's ``stratify`` swap scheme), dealt into
    ``n_folds`` interleaved folds, the last fold is the pruning set (unshuffled) and
    the others, in order, form the grow set, which is then shuffled with
    ``java.util.Random(seed)`` (``java_random_shuffle``).

    Parameters
    ----------
    y : ndarray of shape (n_samples,), dtype=intp
        Class codes of the training rows (no missing classes).
    n_folds : int, default=3
        J48's ``-N``.
    seed : int, default=1
        J48's ``-Q``.

    Returns
    -------
    grow_idx : ndarray of shape (n_grow,), dtype=intp
        Row indices of the grow set, in Weka's order.
    prune_idx : ndarray of shape (n_prune,), dtype=intp
        Row indices of the pruning set, in Weka's order.
    """
    y = np.ascontiguousarray(y, dtype=INDEX)
    n = y.shape[0]
    grouped = _stratify_kernel(y)
    dealt = np.concatenate([grouped[start::n_folds] for start in range(n_folds)])
    q, r = divmod(n, n_folds)
    last = n_folds - 1
    size = q + 1 if last < r else q
    start = last * q + min(last, r)
    prune_idx = dealt[start : start + size]
    grow = np.concatenate([dealt[:start], dealt[start + size :]])
    grow_idx = grow[java_random_shuffle(grow.shape[0], seed)]
    return np.ascontiguousarray(grow_idx, dtype=INDEX), np.ascontiguousarray(
        prune_idx, dtype=INDEX
    )
