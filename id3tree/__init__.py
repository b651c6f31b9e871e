"""Fast, scikit-learn compatible ID3 and C4.5 (Weka J48) decision trees."""

__version__ = "0.1.0"

__all__ = ["__version__"]
