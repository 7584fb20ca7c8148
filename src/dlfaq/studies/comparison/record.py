"""The recorded run of notebook 06 (:data:`SEED_RUN`) and the command line that reproduces it:
``python -m dlfaq.studies.comparison {search,seeds}``."""

from __future__ import annotations

import time

from dlfaq.studies.comparison.studies import search, search_sizes, seed_spread

#: The recorded run of :func:`search`, :func:`search_sizes` and :func:`seed_spread` that
#: notebook 06 shows (accuracies 0..1, per seed 0-4; under "unseen", per seed 10-14, seeds no
#: notebook runs). Reproduce with ``python -m dlfaq.studies.comparison search`` and ``... seeds``.
SEED_RUN: dict = {'date': '2026-12-03',
 'machine': 'a shared 2-core x86-64 VM (Intel Xeon), torch 2.13.0 CPU, one thread',
 'search_command': 'python -m dlfaq.studies.comparison search',
 'command': "python -m dlfaq.studies.comparison seeds (--seeds 10 11 12 13 14 for 'unseen')",
 'search': {('logistic regression', 'raw'): {'scores': [0.295, 0.3262, 0.3362, 0.36, 0.3513,
                                                        0.3525],
                                             'best': {'C': 1.0}},
            ('RBF SVM', 'raw'): {'scores': [0.2875, 0.3563, 0.4088, 0.4863, 0.5625, 0.6012,
                                            0.3925, 0.345, 0.4062, 0.4775, 0.5537, 0.6038,
                                            0.6175, 0.42, 0.39, 0.4775, 0.5425, 0.5825, 0.6112,
                                            0.6175, 0.42, 0.4738, 0.54, 0.5575, 0.5825, 0.6112,
                                            0.6175, 0.42],
                                 'best': {'C': 10.0, 'gamma': 0.1}},
            ('k-NN', 'raw'): {'scores': [0.5363, 0.5262, 0.5225, 0.4612, 0.3],
                              'best': {'n_neighbors': 1}},
            ('extra trees', 'raw'): {'scores': [0.7588, 0.8375, 0.84],
                                     'best': {'max_features': 1.0}},
            ('gradient boosting', 'raw'): {'scores': [0.6925, 0.6975, 0.6675],
                                           'best': {'learning_rate': 0.1}},
            ('logistic regression', '|FFT|'): {'scores': [0.37, 0.4025, 0.4012, 0.3962, 0.395,
                                                          0.395],
                                               'best': {'C': 0.01}},
            ('RBF SVM', '|FFT|'): {'scores': [0.2963, 0.3525, 0.3975, 0.405, 0.3875, 0.3775,
                                              0.3225, 0.4037, 0.4113, 0.4113, 0.3762, 0.37,
                                              0.3538, 0.3212, 0.4088, 0.4075, 0.3862, 0.3688,
                                              0.3362, 0.3538, 0.3212, 0.4012, 0.3812, 0.375,
                                              0.34, 0.3312, 0.3538, 0.3212],
                                   'best': {'C': 10.0, 'gamma': 0.001}},
            ('k-NN', '|FFT|'): {'scores': [0.2725, 0.3262, 0.3525, 0.3575, 0.3438],
                                'best': {'n_neighbors': 45}},
            ('extra trees', '|FFT|'): {'scores': [0.3575, 0.3688, 0.3713],
                                       'best': {'max_features': 1.0}},
            ('gradient boosting', '|FFT|'): {'scores': [0.3625, 0.3663, 0.34],
                                             'best': {'learning_rate': 0.1}},
            ('logistic regression', 'random convolutions'): {'scores': [0.9038, 0.9387, 0.9437,
                                                                        0.9275, 0.925, 0.9313],
                                                             'best': {'C': 0.1}},
            ('MLP', 'raw'): {'scores': [0.5863, 0.6412, 0.6525, 0.6462], 'best': {'lr': 0.02}},
            ('ConvNet', 'raw'): {'scores': [0.8812, 0.925, 0.935, 0.91], 'best': {'lr': 0.06}}},
 'search_sizes': {('ConvNet', 'raw', 250): {'scores': [0.4, 0.4, 0.36, 0.4, 0.2, 0.3, 0.34,
                                                       0.42, 0.38, 0.38, 0.26, 0.28],
                                            'best': {'lr': 0.015, 'steps': 600}},
                  ('logistic regression', 'random convolutions', 250): {'scores': [0.52, 0.76,
                                                                                   0.8, 0.8,
                                                                                   0.82, 0.82],
                                                                        'best': {'C': 10.0}},
                  ('ConvNet', 'raw', 1000): {'scores': [0.515, 0.565, 0.59, 0.7, 0.69, 0.095,
                                                        0.58, 0.61, 0.695, 0.73, 0.75, 0.42],
                                             'best': {'lr': 0.12, 'steps': 600}},
                  ('logistic regression', 'random convolutions', 1000): {'scores': [0.765, 0.87,
                                                                                    0.895,
                                                                                    0.905, 0.91,
                                                                                    0.9],
                                                                         'best': {'C': 10.0}}},
 'table': {('logistic regression', 'raw'): [0.329, 0.329, 0.329, 0.329, 0.329],
           ('RBF SVM', 'raw'): [0.645, 0.645, 0.645, 0.645, 0.645],
           ('k-NN', 'raw'): [0.557, 0.557, 0.557, 0.557, 0.557],
           ('extra trees', 'raw'): [0.858, 0.871, 0.856, 0.866, 0.865],
           ('gradient boosting', 'raw'): [0.748, 0.726, 0.753, 0.744, 0.736],
           ('logistic regression', '|FFT|'): [0.391, 0.391, 0.391, 0.391, 0.391],
           ('RBF SVM', '|FFT|'): [0.406, 0.406, 0.406, 0.406, 0.406],
           ('k-NN', '|FFT|'): [0.365, 0.365, 0.365, 0.365, 0.365],
           ('extra trees', '|FFT|'): [0.371, 0.4, 0.375, 0.389, 0.365],
           ('gradient boosting', '|FFT|'): [0.366, 0.358, 0.371, 0.349, 0.342],
           ('logistic regression', 'random convolutions'): [0.947, 0.93, 0.939, 0.943, 0.937],
           ('MLP', 'raw'): [0.687, 0.687, 0.683, 0.672, 0.68],
           ('ConvNet', 'raw'): [0.954, 0.947, 0.95, 0.957, 0.945]},
 'shuffled': {'logistic regression': [0.329, 0.329, 0.329, 0.329, 0.329],
              'MLP': [0.678, 0.693, 0.68, 0.684, 0.683],
              'ConvNet': [0.616, 0.608, 0.657, 0.634, 0.622]},
 'curve': {'sizes': [250, 1000, 4000],
           'classical': [[0.834, 0.901, 0.947], [0.827, 0.896, 0.93], [0.809, 0.894, 0.939],
                         [0.825, 0.888, 0.943], [0.835, 0.902, 0.937]],
           'deep': [[0.382, 0.824, 0.954], [0.347, 0.848, 0.947], [0.374, 0.764, 0.95],
                    [0.331, 0.787, 0.957], [0.372, 0.854, 0.945]]},
 'unseen': {'seeds': [10, 11, 12, 13, 14],
            'table': {('logistic regression', 'raw'): [0.329, 0.329, 0.329, 0.329, 0.329],
                      ('RBF SVM', 'raw'): [0.645, 0.645, 0.645, 0.645, 0.645],
                      ('k-NN', 'raw'): [0.557, 0.557, 0.557, 0.557, 0.557],
                      ('extra trees', 'raw'): [0.85, 0.863, 0.864, 0.866, 0.871],
                      ('gradient boosting', 'raw'): [0.737, 0.73, 0.744, 0.743, 0.72],
                      ('logistic regression', '|FFT|'): [0.391, 0.391, 0.391, 0.391, 0.391],
                      ('RBF SVM', '|FFT|'): [0.406, 0.406, 0.406, 0.406, 0.406],
                      ('k-NN', '|FFT|'): [0.365, 0.365, 0.365, 0.365, 0.365],
                      ('extra trees', '|FFT|'): [0.385, 0.378, 0.394, 0.385, 0.381],
                      ('gradient boosting', '|FFT|'): [0.358, 0.352, 0.351, 0.362, 0.343],
                      ('logistic regression', 'random convolutions'): [0.928, 0.927, 0.932,
                                                                       0.944, 0.926],
                      ('MLP', 'raw'): [0.681, 0.678, 0.671, 0.702, 0.698],
                      ('ConvNet', 'raw'): [0.939, 0.934, 0.94, 0.939, 0.933]},
            'shuffled': {'logistic regression': [0.329, 0.329, 0.329, 0.329, 0.329],
                         'MLP': [0.667, 0.663, 0.693, 0.677, 0.706],
                         'ConvNet': [0.632, 0.613, 0.628, 0.615, 0.614]},
            'curve': {'sizes': [250, 1000, 4000],
                      'classical': [[0.825, 0.889, 0.928], [0.794, 0.884, 0.927],
                                    [0.802, 0.882, 0.932], [0.851, 0.905, 0.944],
                                    [0.819, 0.891, 0.926]],
                      'deep': [[0.345, 0.807, 0.939], [0.338, 0.735, 0.934],
                               [0.364, 0.813, 0.94], [0.368, 0.785, 0.939],
                               [0.352, 0.833, 0.933]]}}}


def main(argv=None) -> int:
    """``python -m dlfaq.studies.comparison {search,seeds} [--seeds 0 1 ...] [--quick]``: print the
    search's validation scores, or every experiment over the seeds, as Python literals for
    :data:`SEED_RUN`."""
    import argparse
    import pprint

    import dlfaq

    parser = argparse.ArgumentParser(prog="python -m dlfaq.studies.comparison",
                                     description="Notebook 06's comparison: the validation "
                                     "search, or every experiment over seeds.")
    parser.add_argument("what", choices=("search", "seeds"))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--quick", action="store_true", help="smoke-test size")
    args = parser.parse_args(argv)
    dlfaq.setup(verbose=False)  # one thread: the notebook's setting
    start = time.perf_counter()
    if args.what == "search":
        result = {"search": search("mnist1d", quick=args.quick),
                  "search_sizes": search_sizes(quick=args.quick)}
    else:
        result = seed_spread(args.seeds, quick=args.quick)
    pprint.pprint(result, width=100, sort_dicts=False)
    print(f"# {time.perf_counter() - start:.0f} s", flush=True)
    return 0
