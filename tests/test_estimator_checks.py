"""scikit-learn's estimator checks, every one of them, for both estimators."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from id3tree import C45Classifier, ID3Classifier


@parametrize_with_checks([ID3Classifier(), C45Classifier()])
def test_sklearn_compatible(estimator, check):
    check(estimator)
