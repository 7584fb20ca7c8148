"""The glossary: the terms the series introduces, each with a short definition and the words
that name it in the notebooks' text (a regular expression, case-insensitive).

Every page links the first use of each term on it to the term's entry; the entry says which
notebook uses it first. A term no notebook uses is left out of the page (and reported by the
build), so the glossary follows the notebooks as they change.
"""

from __future__ import annotations

import re

#: (slug, term, pattern, definition). Definitions say what the series means by the word. A
#: pattern that would also match another sense of its word leaves that sense out ("a running
#: kernel" is Jupyter's, not a convolution's).
TERMS = [
    ("logistic-regression", "logistic regression", r"logistic regression",
     "A linear classifier for two classes: P(y = 1 | x) = σ(w·x + b), fitted by minimising the "
     "log loss. One sigmoid unit computes exactly this."),
    ("sigmoid", "sigmoid (logistic function)", r"sigmoids?\b",
     "σ(z) = 1 / (1 + e^(−z)): squashes any number into (0, 1). Its slope "
     "σ'(z) = σ(z)(1 − σ(z)) is at most 1/4, at z = 0."),
    ("decision-boundary", "decision boundary", r"decision boundar(?:y|ies)",
     "Where a classifier switches from one class to the other. For one unit, the line "
     "w·x + b = 0, where P(y = 1 | x) = 0.5."),
    ("log-loss", "log loss (cross-entropy)", r"log[- ]loss|cross[- ]entropy",
     "Minus the logarithm of the probability the model gave to the true class, averaged over the "
     "examples: 0 for certain and right, large for confident and wrong."),
    ("gradient-descent", "gradient descent", r"gradient descent",
     "Training by repeated small steps: each step moves every parameter against the gradient of "
     "the loss, scaled by the learning rate."),
    ("learning-rate", "learning rate", r"learning rates?",
     "The size of a gradient-descent step. Too small: training crawls; too large: the loss "
     "overshoots and can diverge."),
    ("perceptron", "perceptron", r"perceptrons?",
     "Rosenblatt's unit with a step output (1 if w·x + b > 0, else 0). The step has slope 0 "
     "almost everywhere, so gradient descent gets no signal from it; a smooth unit does."),
    ("xor", "XOR", r"\bXOR\b",
     "Two classes on opposite corners of a square: no single straight line separates them."),
    ("hidden-layer", "hidden layer", r"hidden layers?",
     "A layer of units between the input and the output; what its units compute is not given "
     "by the data but learned."),
    ("activation", "activation, activation function", r"activation functions?|activations?\b",
     "A unit's output a = f(z), where z is its weighted input and f the activation function "
     "(sigmoid, tanh, ReLU)."),
    ("mlp", "MLP (multi-layer perceptron)", r"\bMLPs?\b|multi-layer perceptrons?",
     "A network of fully connected layers, each a linear map followed by an activation "
     "function (despite the name, not of step units)."),
    ("backpropagation", "backpropagation", r"backpropagation|backprop\b",
     "Computing the gradient of the loss with respect to every weight with the chain rule, from "
     "the output layer back to the first: reverse-mode automatic differentiation. It computes "
     "the gradient; gradient descent uses it."),
    ("autograd", "automatic differentiation", r"automatic differentiation|autograd",
     "Exact derivatives of a program obtained by applying the chain rule to each operation it "
     "ran; torch.autograd does it for PyTorch."),
    ("mini-batch", "mini-batch", r"mini-?batch(?:es)?",
     "A small random subset of the training set on which one gradient step is computed."),
    ("softmax", "softmax", r"softmax",
     "Turns a vector of scores into probabilities: exp of each score divided by the sum of the "
     "exps."),
    ("vanishing-gradient", "vanishing gradients (and exploding ones)",
     r"vanishing gradients?|gradients? vanish(?:es)?|exploding gradients?",
     "The gradient reaching the first layers is a product of one factor per layer above; "
     "factors below 1 make it shrink geometrically with depth (vanish), factors above 1 make it "
     "grow (explode)."),
    ("saturation", "saturated unit", r"saturat(?:ed|ion|es)",
     "A sigmoid or tanh unit whose input is far from 0: its output is pinned near its limits "
     "and its slope, so the gradient it passes back, is nearly 0."),
    ("relu", "ReLU", r"\bReLUs?\b",
     "The rectified linear unit, max(0, z): slope 1 where active (z > 0), 0 elsewhere."),
    ("initialisation", "initialisation (Xavier/Glorot, He)",
     r"initiali[sz]ation|Xavier|Glorot|\bHe init",
     "How the weights start. Xavier/Glorot draws them with variance 2/(fan_in + fan_out), He "
     "with 2/fan_in (for ReLU), so that signals and gradients keep their scale layer after "
     "layer."),
    ("batch-normalisation", "batch normalisation", r"batch[- ]normali[sz]ation|batch norm\b",
     "Normalises each unit's input over the mini-batch to mean 0 and standard deviation 1, then "
     "scales and shifts it by two learned numbers (γ, β)."),
    ("residual-connection", "residual connection", r"residual (?:connections?|nets?|networks?)",
     "A block adds its input to its output, x + F(x): the gradient has a path around every "
     "block."),
    ("pretraining", "layer-wise pretraining", r"pre-?training",
     "Training a deep net one layer at a time, each as an autoencoder of the layer below, "
     "before training the whole net on the task (2006-2010)."),
    ("autoencoder", "autoencoder", r"autoencoders?",
     "A network trained to reproduce its input from a narrower or corrupted version of it; its "
     "middle layer learns a code of the input."),
    ("convolution", "convolution (conv layer)", r"convolution(?:al)?s?\b|conv layers?",
     "A small window of weights (the kernel) slides over the input; at every position the sum "
     "of window times kernel gives one unit of the feature map."),
    ("kernel", "kernel (filter)", r"(?<!running )(?<!Jupyter )(?<!a live )kernels?|filters?",
     "The small grid of weights a convolution slides over its input."),
    ("feature-map", "feature map", r"feature maps?",
     "The output of one kernel at every position of the input."),
    ("receptive-field", "receptive field", r"receptive fields?",
     "The part of the input a unit sees: one window for a first-layer unit, larger for "
     "deeper ones."),
    ("weight-sharing", "weight sharing", r"weight sharing|shared weights",
     "Every position of a feature map uses the same kernel weights: far fewer parameters than a "
     "dense layer, and the same detector everywhere."),
    ("pooling", "pooling", r"\bpooling\b",
     "Replaces each window of a feature map by its maximum (max pooling) or mean (average "
     "pooling): a smaller map that moves less when the input shifts."),
    ("stride-padding", "stride and padding", r"\bstrides?\b|\bpadding\b",
     "Stride: how far the window moves between positions. Padding: zeros added around the "
     "input so that windows fit at its edges."),
    ("equivariance", "equivariance and invariance", r"equivarian(?:t|ce)|invarian(?:t|ce)",
     "Equivariant: shift the input and the output shifts the same way (convolution). "
     "Invariant: the output does not change (pooling gives this approximately, for small "
     "shifts)."),
    ("mnist-1d", "MNIST-1D", r"MNIST-1D",
     "Greydanus and Kobak's small benchmark: 1-D series of 40 samples in 10 classes, generated "
     "on the machine; hard enough to tell models apart, small enough for a CPU."),
    ("engineered-features", "hand-engineered features", r"(?:hand-)?engineered features?",
     "Features a person designs for a task (e.g. the magnitude of the Fourier transform), fed "
     "to a usual machine-learning model."),
    ("linear-probe", "linear probe", r"linear probes?|\bprobes?\b",
     "A linear classifier trained on one layer's activations: its accuracy measures how much of "
     "the class a simple model can read from that layer."),
    ("overfitting", "overfitting", r"overfit(?:ting|s)?",
     "Fitting the training set better while doing worse on new data."),
    ("weight-decay", "weight decay", r"weight decay",
     "A penalty that pulls the weights towards 0 at every step: a regulariser."),
    ("early-stopping", "early stopping", r"early stopping",
     "Stopping training at the step where the validation accuracy was best."),
    ("data-augmentation", "data augmentation", r"(?:data )?augmentation",
     "Training on transformed copies of the examples (e.g. shifted series) that keep their "
     "labels."),
    ("inductive-bias", "inductive bias", r"inductive bias(?:es)?",
     "What a model assumes before seeing data, such as a ConvNet's assumption that a pattern "
     "means the same wherever it appears."),
    ("universal-approximation", "universal approximation theorem",
     r"universal approximation",
     "One hidden layer with enough units can approximate any continuous function on a bounded "
     "set as closely as wanted. It says nothing about how many units, or how to find the "
     "weights."),
]


def patterns() -> list[tuple[str, re.Pattern]]:
    """[(slug, compiled pattern)] in TERMS' order (longer terms listed first win overlaps)."""
    return [(slug, re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.I))
            for slug, _, pattern, _ in TERMS]
