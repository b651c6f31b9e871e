"""Example datasets bundled with id3tree (Weka's ARFF files) and an ARFF reader.

The ARFF files come from Weka 3.6 (most originally from the UCI Machine Learning
Repository) and are redistributed under the GPL with their original header
comments, which cite the sources; each loader's ``DESCR`` shows that comment.
"""

from ._arff import load_arff
from ._base import (
    list_datasets,
    load_breast_cancer,
    load_contact_lenses,
    load_credit_german,
    load_dataset,
    load_diabetes,
    load_glass,
    load_ionosphere,
    load_iris,
    load_labor,
    load_segment,
    load_soybean,
    load_unbalanced,
    load_vote,
    load_weather,
)

__all__ = [
    "list_datasets",
    "load_arff",
    "load_breast_cancer",
    "load_contact_lenses",
    "load_credit_german",
    "load_dataset",
    "load_diabetes",
    "load_glass",
    "load_ionosphere",
    "load_iris",
    "load_labor",
    "load_segment",
    "load_soybean",
    "load_unbalanced",
    "load_vote",
    "load_weather",
]
