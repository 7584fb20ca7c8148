"""dlfaq.learn.compute: one SGD step computed four ways, all the same step."""

import numpy as np
import pytest
import torch

from dlfaq.learn import compute


@pytest.fixture
def problem():
    return compute.make_problem(batch_size=6, n_in=5, hidden=7, n_out=3, seed=2)


def test_the_batched_step_is_sgd_on_torch_autograds_gradient(problem):
    params, X, y = problem
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    hidden = torch.relu(torch.tensor(X) @ tensors["W1"] + tensors["b1"])
    logits = hidden @ tensors["W2"] + tensors["b2"]
    torch.nn.functional.cross_entropy(logits, torch.tensor(y)).backward()
    stepped = compute.step_batched(params, X, y, lr=0.5)
    for k, t in tensors.items():
        np.testing.assert_allclose(stepped[k], params[k] - 0.5 * t.grad.numpy(), atol=1e-12)


@pytest.mark.parametrize("step", [compute.step_loops, compute.step_per_sample])
def test_loops_and_per_sample_compute_the_batched_step(problem, step):
    params, X, y = problem
    reference = compute.step_batched(params, X, y, lr=0.5)
    for k, value in step(params, X, y, lr=0.5).items():
        np.testing.assert_allclose(value, reference[k], atol=1e-12)


def test_throughput_times_every_way_and_they_agree():
    result = compute.throughput(batch_size=8, hidden=4, loop_samples=2, threads=(1,),
                                min_seconds=0.01)
    rates = result["samples_per_second"]
    assert list(rates)[:3] == list(compute.WAYS) and "torch, whole batch, 1 thread" in rates
    assert all(r > 0 for r in rates.values())
    reference = result["updates"]["NumPy, whole batch"]
    for update in result["updates"].values():
        for k, value in update.items():
            np.testing.assert_allclose(value, reference[k], atol=1e-12)


def test_threads_must_be_positive_ints():
    with pytest.raises(ValueError, match="threads"):
        compute.throughput(batch_size=4, hidden=2, threads=(0,), min_seconds=0.01)
    with pytest.raises(TypeError, match="threads"):
        compute.throughput(batch_size=4, hidden=2, threads=2, min_seconds=0.01)
