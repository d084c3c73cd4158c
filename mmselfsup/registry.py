"""Registries of the GeRSP toolbox (scope ``mmselfsup``): one node for each
kind of module the toolbox defines, and no other.

Each node is a child of mmpretrain's registry of the same kind (and so of
mmengine's root): a config with ``default_scope = 'mmselfsup'`` builds our
modules and, for any name we do not define, falls back to mmpretrain's
ResNet, heads, transforms and hooks, unchanged. Every other kind (runners,
loops, optimizers, schedulers, visualisers, ...) has no node of ours, so
mmengine builds it from its root registry, which holds them all. Our
classes have names of their own (no name of another library is registered
again), and our configs name them with their scope
(``type='mmselfsup.GeRSPDataset'``), so that they build in any default
scope, e.g. under the stock mmpretrain tools, which switch to 'mmpretrain'.
``locations`` are imported when a node first builds.
"""
from mmengine.registry import Registry
from mmpretrain import registry as mmpretrain

# KNNMonitorHook (the guard hooks are in mmengine's root registry, so that
# the detection, segmentation and classification runs find them too)
HOOKS = Registry(
    'hook',
    parent=mmpretrain.HOOKS,
    scope='mmselfsup',
    locations=['mmselfsup.engine.hooks'])

# GeRSPDataset and its two sources
DATASETS = Registry(
    'dataset',
    parent=mmpretrain.DATASETS,
    scope='mmselfsup',
    locations=['mmselfsup.datasets'])

# LoadImageReduced, GeRSPColorJitter, DecodeCropViews
TRANSFORMS = Registry(
    'transform',
    parent=mmpretrain.TRANSFORMS,
    scope='mmselfsup',
    locations=['mmselfsup.datasets'])

# the GeRSP algorithm (also as MoCoGeRSP, the release's name), its
# projector and its heads
MODELS = Registry(
    'model',
    parent=mmpretrain.MODELS,
    scope='mmselfsup',
    locations=['mmselfsup.models'])

# CPUDistributedDataParallel for gloo runs without GPUs
MODEL_WRAPPERS = Registry(
    'model_wrapper',
    parent=mmpretrain.MODEL_WRAPPERS,
    scope='mmselfsup',
    locations=['mmselfsup.engine.cpu_ddp'])
