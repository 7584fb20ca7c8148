"""The recorded run of notebook 06 (:data:`SEED_RUN`) and the command line that reproduces it:
``python -m dlfaq.comparison {search,seeds}``."""

from __future__ import annotations

import time

from dlfaq.comparison.studies import search, seed_spread

#: The recorded run of :func:`search` and :func:`seed_spread` that notebook 06 shows (accuracies
#: 0..1 per seed 0-4). Reproduce with ``python -m dlfaq.comparison search`` and ``... seeds``.
SEED_RUN: dict = {'date': '2026-11-30',
                   'machine': 'a shared 2-core x86-64 VM, torch 2.13.0 CPU, one thread',
                   'search_command': 'python -m dlfaq.comparison search',
                   'command': 'python -m dlfaq.comparison seeds',
                   'search': {('logistic regression', 'raw'): {'scores': [0.3362, 0.36, 0.3513],
                                                               'best': {'C': 1.0}},
                              ('RBF SVM', 'raw'): {'scores': [0.5487, 0.5962, 0.61],
                                                   'best': {'C': 100.0}},
                              ('k-NN', 'raw'): {'scores': [0.5363, 0.5262, 0.5225],
                                                'best': {'n_neighbors': 1}},
                              ('extra trees', 'raw'): {'scores': [0.7588, 0.8375, 0.84],
                                                       'best': {'max_features': 1.0}},
                              ('gradient boosting', 'raw'): {'scores': [0.6925, 0.705, 0.7],
                                                             'best': {'learning_rate': 0.2}},
                              ('logistic regression', '|FFT|'): {'scores': [0.4012, 0.3962, 0.395],
                                                                 'best': {'C': 0.1}},
                              ('RBF SVM', '|FFT|'): {'scores': [0.3713, 0.3588, 0.3488],
                                                     'best': {'C': 1.0}},
                              ('k-NN', '|FFT|'): {'scores': [0.2725, 0.3262, 0.3525],
                                                  'best': {'n_neighbors': 15}},
                              ('extra trees', '|FFT|'): {'scores': [0.3575, 0.3688, 0.3712],
                                                         'best': {'max_features': 1.0}},
                              ('gradient boosting', '|FFT|'): {'scores': [0.3837, 0.36, 0.3762],
                                                               'best': {'learning_rate': 0.1}},
                              ('logistic regression', 'random convolutions'): {'scores': [0.9437,
                                                                                          0.9275,
                                                                                          0.925],
                                                                               'best': {'C': 0.1}},
                              ('MLP', 'raw'): {'scores': [0.5663, 0.5863, 0.6412],
                                               'best': {'lr': 0.01}},
                              ('ConvNet', 'raw'): {'scores': [0.8812, 0.925, 0.935],
                                                   'best': {'lr': 0.06}}},
                   'table': {('logistic regression', 'raw'): [0.329, 0.329, 0.329, 0.329, 0.329],
                             ('RBF SVM', 'raw'): [0.637, 0.637, 0.637, 0.637, 0.637],
                             ('k-NN', 'raw'): [0.557, 0.557, 0.557, 0.557, 0.557],
                             ('extra trees', 'raw'): [0.858, 0.871, 0.856, 0.866, 0.865],
                             ('gradient boosting', 'raw'): [0.732, 0.732, 0.732, 0.732, 0.732],
                             ('logistic regression', '|FFT|'): [0.399, 0.399, 0.399, 0.399, 0.399],
                             ('RBF SVM', '|FFT|'): [0.389, 0.389, 0.389, 0.389, 0.389],
                             ('k-NN', '|FFT|'): [0.377, 0.377, 0.377, 0.377, 0.377],
                             ('extra trees', '|FFT|'): [0.371, 0.4, 0.375, 0.389, 0.365],
                             ('gradient boosting', '|FFT|'): [0.36, 0.36, 0.36, 0.36, 0.36],
                             ('logistic regression', 'random convolutions'): [0.947,
                                                                              0.93,
                                                                              0.939,
                                                                              0.943,
                                                                              0.937],
                             ('MLP', 'raw'): [0.651, 0.661, 0.65, 0.654, 0.65],
                             ('ConvNet', 'raw'): [0.954, 0.947, 0.95, 0.957, 0.945]},
                   'shuffled': {'logistic regression': [0.329, 0.329, 0.329, 0.329, 0.329],
                                'MLP': [0.643, 0.636, 0.652, 0.635, 0.685],
                                'ConvNet': [0.616, 0.608, 0.657, 0.634, 0.622]},
                   'curve': {'sizes': [250, 1000, 4000],
                             'classical': [[0.83, 0.91, 0.947],
                                           [0.82, 0.899, 0.93],
                                           [0.815, 0.903, 0.939],
                                           [0.83, 0.904, 0.943],
                                           [0.837, 0.91, 0.937]],
                             'deep': [[0.403, 0.832, 0.954],
                                      [0.333, 0.784, 0.947],
                                      [0.364, 0.833, 0.95],
                                      [0.332, 0.764, 0.957],
                                      [0.36, 0.785, 0.945]]}}


def main(argv=None) -> int:
    """``python -m dlfaq.comparison {search,seeds} [--seeds 0 1 ...] [--quick]``: print the
    search's validation scores, or every experiment over the seeds, as Python literals for
    :data:`SEED_RUN`."""
    import argparse
    import pprint

    import dlfaq

    parser = argparse.ArgumentParser(prog="python -m dlfaq.comparison",
                                     description="Notebook 06's comparison: the validation "
                                     "search, or every experiment over seeds.")
    parser.add_argument("what", choices=("search", "seeds"))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--quick", action="store_true", help="smoke-test size")
    args = parser.parse_args(argv)
    dlfaq.setup(verbose=False)  # one thread: the notebook's setting
    start = time.perf_counter()
    if args.what == "search":
        result = search("mnist1d", quick=args.quick)
    else:
        result = seed_spread(args.seeds, quick=args.quick)
    pprint.pprint(result, width=100, sort_dicts=False)
    print(f"# {time.perf_counter() - start:.0f} s", flush=True)
    return 0
