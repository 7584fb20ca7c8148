"""Checkers of notebook 06, usual machine learning vs deep learning: 06.1 a shift-invariant
feature, 06.2 shuffle the pixel order, 06.3 predict which model the shuffle hurts.
"""

from __future__ import annotations

import numpy as np

from dlfaq.exercises import solutions
from dlfaq.exercises.answers import Wrong, as_array, call, feature_matrix
from dlfaq.exercises.core import exercise

__all__ = ["patterns_accuracy"]


def patterns_accuracy(features=None) -> float:
    """Test accuracy of logistic regression on :func:`dlfaq.learn.data.shifted_patterns`, on the raw
    samples or on the reader's ``features``: what 06.1 compares."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from dlfaq.learn.data import shifted_patterns

    X_train, y_train = shifted_patterns(400, seed=601)
    X_test, y_test = shifted_patterns(400, seed=602)
    if features is not None:
        X_train = feature_matrix(call(features, X_train.copy()), len(X_train))
        X_test = feature_matrix(call(features, X_test.copy()), len(X_test))
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    return model.fit(X_train, y_train).score(X_test, y_test)


@exercise("06.1", "engineer a feature that beats raw pixels", solutions.shift_invariant_features)
def _grade_shift_invariant_features(features):
    raw, yours = patterns_accuracy(), patterns_accuracy(features)
    if yours >= max(raw + 0.2, 0.8):
        return (f"logistic regression: {raw:.0%} on raw samples, {yours:.0%} on your features. "
                "You did by hand what a ConvNet learns.")
    raise Wrong(f"logistic regression gets {yours:.0%} on your features, {raw:.0%} on raw "
                "samples (needed: 80%). The class does not depend on where the pattern sits: "
                "which transform forgets the position (think np.fft)?")


@exercise("06.2", "shuffle the pixel order", solutions.shuffle_pixels)
def _grade_shuffle_pixels(shuffle_pixels):
    n_train, n_test, d = 6, 4, 9
    X_train = np.arange(n_train)[:, None] * 100.0 + np.arange(d)  # entry = 100 row + column
    X_test = 10_000 + np.arange(n_test)[:, None] * 100.0 + np.arange(d)
    result = call(shuffle_pixels, X_train.copy(), X_test.copy(), 7)
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise Wrong("return two arrays, (X_train shuffled, X_test shuffled)")
    new_train = as_array(result[0], "the shuffled X_train", shape=X_train.shape)
    new_test = as_array(result[1], "the shuffled X_test", shape=X_test.shape)
    if not (np.array_equal(np.sort(new_train, axis=1), X_train)
            and np.array_equal(np.sort(new_test, axis=1), X_test)):
        if np.array_equal(np.sort(new_train, axis=0), X_train):
            raise Wrong("you shuffled the samples (rows); shuffle the pixel order (columns)")
        raise Wrong("each row should hold the same pixels as before, in a new order")
    perm_train = (new_train % 100).astype(int)  # which original column sits where
    perm_test = (new_test % 100).astype(int)
    if not np.all(perm_train == perm_train[0]) or not np.all(perm_test == perm_test[0]):
        raise Wrong("each sample got its own order: use one permutation for every sample")
    if not np.array_equal(perm_train[0], perm_test[0]):
        raise Wrong("train and test got different orders: a model learned on one order cannot "
                    "read the other; use the same permutation for both")
    if np.array_equal(perm_train[0], np.arange(d)):
        raise Wrong("nothing moved: the pixel order is unchanged")
    again = call(shuffle_pixels, X_train.copy(), X_test.copy(), 7)
    if not np.array_equal(as_array(again[0], "the shuffled X_train"), new_train):
        raise Wrong("a second call with the same seed gave another order: draw the permutation "
                    "from np.random.default_rng(seed)")
    return "one permutation for every sample, train and test alike."


@exercise("06.3", "predict: which model does pixel shuffling hurt", solutions.shuffle_hurts)
def _grade_shuffle_hurts(answer):
    choices = ("logistic", "mlp", "cnn")
    if not isinstance(answer, str) or answer.strip().lower() not in choices:
        raise Wrong(f"answer one of {', '.join(map(repr, choices))}; got {answer!r}")
    answer = answer.strip().lower()
    if answer == "cnn":
        return ("its small windows assume neighbouring pixels belong together; after the "
                "shuffle they don't. Dense models never assumed it.")
    model = {"logistic": "logistic regression", "mlp": "an MLP's first (dense) layer"}[answer]
    raise Wrong(f"{model} gives every pixel its own weight and ignores their order: shuffling "
                "the inputs just shuffles those weights: the accuracy stays the same (up to "
                "training noise)")
