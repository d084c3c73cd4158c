"""Registries of the GeRSP toolbox (scope ``mmselfsup``).

Each node is a child of mmpretrain's registry of the same kind (and so of
mmengine's root): a config with ``default_scope = 'mmselfsup'`` builds our
modules and, for any name we do not define, falls back to mmpretrain's
ResNet, heads, transforms, hooks, schedulers and so on, unchanged. Our
classes have names of their own (no name of another library is
registered again), and our configs name them with their scope
(``type='mmselfsup.GeRSPDataset'``), so that they build in any default
scope, e.g. under the stock mmpretrain tools, which switch to 'mmpretrain'.
``locations`` are imported when a node first builds.
"""
from mmengine.registry import Registry
from mmpretrain import registry as mmpretrain

# runners, loops and what they drive: mmengine's / mmpretrain's, and our
# KNNMonitorHook
RUNNERS = Registry(
    'runner', parent=mmpretrain.RUNNERS, scope='mmselfsup', locations=[])
RUNNER_CONSTRUCTORS = Registry(
    'runner constructor',
    parent=mmpretrain.RUNNER_CONSTRUCTORS,
    scope='mmselfsup',
    locations=[])
LOOPS = Registry(
    'loop', parent=mmpretrain.LOOPS, scope='mmselfsup', locations=[])
HOOKS = Registry(
    'hook',
    parent=mmpretrain.HOOKS,
    scope='mmselfsup',
    locations=['mmselfsup.engine.hooks'])
LOG_PROCESSORS = Registry(
    'log processor',
    parent=mmpretrain.LOG_PROCESSORS,
    scope='mmselfsup',
    locations=[])

# optimisation: all mmengine's / mmpretrain's
OPTIMIZERS = Registry(
    'optimizer', parent=mmpretrain.OPTIMIZERS, scope='mmselfsup', locations=[])
OPTIM_WRAPPERS = Registry(
    'optimizer_wrapper',
    parent=mmpretrain.OPTIM_WRAPPERS,
    scope='mmselfsup',
    locations=[])
OPTIM_WRAPPER_CONSTRUCTORS = Registry(
    'optimizer wrapper constructor',
    parent=mmpretrain.OPTIM_WRAPPER_CONSTRUCTORS,
    scope='mmselfsup',
    locations=[])
PARAM_SCHEDULERS = Registry(
    'parameter scheduler',
    parent=mmpretrain.PARAM_SCHEDULERS,
    scope='mmselfsup',
    locations=[])

# data: GeRSPDataset and its two sources, LoadImageReduced,
# GeRSPColorJitter
DATASETS = Registry(
    'dataset',
    parent=mmpretrain.DATASETS,
    scope='mmselfsup',
    locations=['mmselfsup.datasets'])
DATA_SAMPLERS = Registry(
    'data sampler',
    parent=mmpretrain.DATA_SAMPLERS,
    scope='mmselfsup',
    locations=[])
TRANSFORMS = Registry(
    'transform',
    parent=mmpretrain.TRANSFORMS,
    scope='mmselfsup',
    locations=['mmselfsup.datasets'])

# models: the GeRSP algorithm (also as MoCoGeRSP, the release's name) and
# its projector; CPUDistributedDataParallel for gloo runs without GPUs
MODELS = Registry(
    'model',
    parent=mmpretrain.MODELS,
    scope='mmselfsup',
    locations=['mmselfsup.models'])
MODEL_WRAPPERS = Registry(
    'model_wrapper',
    parent=mmpretrain.MODEL_WRAPPERS,
    scope='mmselfsup',
    locations=['mmselfsup.engine.cpu_ddp'])
WEIGHT_INITIALIZERS = Registry(
    'weight initializer',
    parent=mmpretrain.WEIGHT_INITIALIZERS,
    scope='mmselfsup',
    locations=[])

# evaluation and visualisation: mmpretrain's
METRICS = Registry(
    'metric', parent=mmpretrain.METRICS, scope='mmselfsup', locations=[])
EVALUATORS = Registry(
    'evaluator', parent=mmpretrain.EVALUATORS, scope='mmselfsup', locations=[])
VISUALIZERS = Registry(
    'visualizer',
    parent=mmpretrain.VISUALIZERS,
    scope='mmselfsup',
    locations=[])
VISBACKENDS = Registry(
    'vis_backend',
    parent=mmpretrain.VISBACKENDS,
    scope='mmselfsup',
    locations=[])
