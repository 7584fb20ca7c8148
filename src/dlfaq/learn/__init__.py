"""The lesson's machinery, each written where a reader can follow it: data sets
(:mod:`~dlfaq.learn.data`), the logistic unit (:mod:`~dlfaq.learn.neuron`), backprop by hand
(:mod:`~dlfaq.learn.backprop`), MLPs (:mod:`~dlfaq.learn.nets`), the optimisers
(:mod:`~dlfaq.learn.optim`) and training loop (:mod:`~dlfaq.learn.train`), gradients layer by
layer (:mod:`~dlfaq.learn.gradients`), ConvNets (:mod:`~dlfaq.learn.convnets`), hand-made and
random features (:mod:`~dlfaq.learn.features`), pretraining (:mod:`~dlfaq.learn.pretrain`), the
motif task (:mod:`~dlfaq.learn.motifs`), the speed of one step (:mod:`~dlfaq.learn.compute`) and
depth separation (:mod:`~dlfaq.learn.depth`). Numbers in, numbers out: no drawing here; imports
only :mod:`dlfaq.core`."""

__all__ = []
