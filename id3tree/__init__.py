"""Fast, scikit-learn compatible ID3 and C4.5 (Weka J48) decision trees."""

from ._classes import C45Classifier, ID3Classifier
from ._export import export_graphviz, export_rules, export_text
from ._information import (
    conditional_entropy,
    cross_entropy,
    entropy,
    gain_ratio,
    information_gain,
    joint_entropy,
    kl_divergence,
    mutual_information,
    self_information,
    split_information,
)
from ._persistence import load_model, save_model
from ._plotting import plot_tree
from ._scoring import (
    binary_cross_entropy,
    log_loss,
    log_loss_scorer,
    make_log_loss_scorer,
)

__version__ = "0.1.0"

__all__ = [
    "C45Classifier",
    "ID3Classifier",
    "__version__",
    "binary_cross_entropy",
    "conditional_entropy",
    "cross_entropy",
    "entropy",
    "export_graphviz",
    "export_rules",
    "export_text",
    "gain_ratio",
    "information_gain",
    "joint_entropy",
    "kl_divergence",
    "load_model",
    "log_loss",
    "log_loss_scorer",
    "make_log_loss_scorer",
    "mutual_information",
    "plot_tree",
    "save_model",
    "self_information",
    "split_information",
]
