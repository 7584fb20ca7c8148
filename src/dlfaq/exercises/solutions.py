"""Worked solutions of the exercises, one function per exercise (the notebooks do not show them).

Each is written the way a reader would: plain NumPy or PyTorch, the math in
the variable names. :func:`dlfaq.exercises.solution` prints one on request; the tests check that
every checker accepts it. The checkers do not call these: their references are computed
independently (closed forms, torch.autograd, torch.nn, scikit-learn).
"""

from __future__ import annotations

import numpy as np

__all__ = ["backward", "batch_norm", "conv2d", "conv_output_size", "conv_parameters", "init_std",
           "largest_product", "layer_features", "layer_gradient_norms", "log_loss_gradient",
           "numerical_gradient", "residual_block", "shift_invariant_features", "shift_rows",
           "shuffle_hurts", "shuffle_pixels", "sigmoid_prime", "smallest_gradient_layer",
           "xor_features"]

# 01 One neuron -------------------------------------------------------------------------------

def sigmoid_prime(z):
    """01.1: the derivative of the sigmoid."""
    s = 1.0 / (1.0 + np.exp(-z))   # sigma(z)
    return s * (1.0 - s)           # sigma'(z) = sigma(z) (1 - sigma(z)), at most 1/4


def log_loss_gradient(X, y, w, b):
    """01.2: gradient of the mean cross-entropy of one sigmoid unit."""
    n = len(y)
    a = 1.0 / (1.0 + np.exp(-(X @ w + b)))   # (n,) predictions
    d_loss__d_z = (a - y) / n                # (n,) sigma' cancels against the log
    d_loss__d_w = X.T @ d_loss__d_z          # (d,) chain rule: z_i = x_i . w + b
    d_loss__d_b = d_loss__d_z.sum()          # b enters every z_i with coefficient 1
    return d_loss__d_w, d_loss__d_b


def xor_features(X):
    """01.3: add the product x1 * x2; it is negative exactly where XOR's class is 1."""
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([x1, x2, x1 * x2])


# 02 Hidden layers and backpropagation --------------------------------------------------------

def numerical_gradient(f, w, eps=1e-5):
    """02.1: central differences, one coordinate at a time."""
    grad = np.zeros_like(w, dtype=float)
    for j in range(len(w)):
        e_j = np.zeros_like(w, dtype=float)
        e_j[j] = eps
        grad[j] = (f(w + e_j) - f(w - e_j)) / (2 * eps)   # error ~ eps**2; w is never changed
    return grad


def backward(X, y, W1, b1, w2, b2):
    """02.2: backpropagation through one hidden sigmoid layer and a sigmoid output."""
    n = len(y)
    # forward, keeping what the backward pass needs
    z1 = X @ W1 + b1                       # (n, h)
    a1 = 1.0 / (1.0 + np.exp(-z1))         # (n, h)
    z2 = a1 @ w2 + b2                      # (n,)
    a2 = 1.0 / (1.0 + np.exp(-z2))         # (n,)  y_hat
    # backward: the chain rule, from the loss to the input
    d_loss__d_z2 = (a2 - y) / n                            # (n,)   as in notebook 01
    d_loss__d_w2 = a1.T @ d_loss__d_z2                     # (h,)
    d_loss__d_b2 = d_loss__d_z2.sum()                      # ()
    d_loss__d_a1 = np.outer(d_loss__d_z2, w2)              # (n, h) back through z2 = a1 w2 + b2
    d_loss__d_z1 = d_loss__d_a1 * a1 * (1 - a1)            # (n, h) back through the sigmoid
    d_loss__d_W1 = X.T @ d_loss__d_z1                      # (d, h)
    d_loss__d_b1 = d_loss__d_z1.sum(axis=0)                # (h,)
    return {"W1": d_loss__d_W1, "b1": d_loss__d_b1, "w2": d_loss__d_w2, "b2": d_loss__d_b2}


# 03 Vanishing gradients ----------------------------------------------------------------------

def smallest_gradient_layer():
    """03.1: layer 1, the one next to the input.

    Going back from the output, every hidden layer multiplies the gradient by sigma'(z) <= 1/4
    (times a weight), so the layer farthest from the output gets the smallest gradient.
    """
    return 1


def largest_product(n_layers):
    """03.2: sigma'(z) is at most sigma'(0) = 1/4; n layers multiply n such factors."""
    return 0.25 ** n_layers


def layer_gradient_norms(model, X, y):
    """03.3: Nielsen's measurement: the norm of dC/db for every hidden layer, input side first."""
    import torch.nn.functional as F

    model.zero_grad()                         # .backward() adds to .grad: start from zero
    loss = F.cross_entropy(model(X), y)       # the mean over the batch
    loss.backward()
    return [layer.bias.grad.norm().item() for layer in model.hidden]


# 04 The tricks that made depth work ----------------------------------------------------------

def init_std(fan_in, fan_out):
    """04.1: He et al.: ReLU zeroes half its inputs, so double the variance: Var = 2 / fan_in."""
    return np.sqrt(2.0 / fan_in)


def batch_norm(Z, eps=1e-5):
    """04.2: normalise every feature (column) over the batch (rows): mean 0, variance 1."""
    mean = Z.mean(axis=0)                 # (features,)
    var = Z.var(axis=0)                   # biased: divides by n, as in training
    return (Z - mean) / np.sqrt(var + eps)


def residual_block(h, W, b):
    """04.3: the layer computes a correction, the skip connection adds the input back."""
    return h + np.maximum(h @ W + b, 0.0)


# 05 ConvNets ---------------------------------------------------------------------------------

def conv_output_size(n, kernel_size, stride=1, padding=0):
    """05.1: positions where the window fits in the padded input, one every `stride` pixels."""
    return (n + 2 * padding - kernel_size) // stride + 1


def conv_parameters(in_channels, out_channels, kernel_size):
    """05.2: each output channel has one k x k filter per input channel, plus one bias."""
    return out_channels * (in_channels * kernel_size * kernel_size + 1)


def conv2d(image, kernel):
    """05.3: 'valid' cross-correlation: slide the kernel, multiply, sum (no flip)."""
    kh, kw = kernel.shape
    H, W = image.shape
    out = np.zeros((H - kh + 1, W - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel)
    return out


# 06 Usual machine learning vs deep learning --------------------------------------------------

def shift_invariant_features(X):
    """06.1: the magnitude of the Fourier transform does not change when a signal is shifted."""
    return np.abs(np.fft.rfft(X, axis=1))


def shuffle_pixels(X_train, X_test, seed):
    """06.2: one permutation of the columns, the same for every sample, train and test."""
    order = np.random.default_rng(seed).permutation(X_train.shape[1])
    return X_train[:, order], X_test[:, order]


def shuffle_hurts():
    """06.3: the ConvNet.

    Its small windows assume that neighbouring pixels belong together; after the shuffle they
    don't. Logistic regression and an MLP give each pixel its own weight and never used the
    order: shuffling the inputs just shuffles those weights.
    """
    return "cnn"


# 07 Learned features, measured ----------------------------------------------------------------

def layer_features(model, X, layer):
    """07.1: run the conv layers up to `layer`, each followed by its ReLU, then flatten: one
    row of (channels x positions) features per example, as a NumPy array for scikit-learn."""
    import torch

    h = torch.as_tensor(X, dtype=torch.float32).reshape(len(X), 1, -1)  # (n, 1, length)
    with torch.no_grad():
        for conv in model.convs[:layer]:
            h = torch.relu(conv(h))                                      # (n, C, positions)
    return h.flatten(1).numpy()                                          # (n, C * positions)


# 08 When to use which -------------------------------------------------------------------------

def shift_rows(X, shifts):
    """08.1: roll every series by its own number of positions, circularly: row i moves
    shifts[i] places to the right, and what falls off the end comes back at the start."""
    X = np.asarray(X)
    return np.stack([np.roll(row, int(s)) for row, s in zip(X, shifts, strict=True)])
