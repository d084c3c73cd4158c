"""Registries of the GeRSP toolbox.

Every registry is a child of mmpretrain's (and so of mmengine's root), so a
config with ``default_scope = 'mmselfsup'`` builds our modules and, for any
name we do not define, falls back to mmpretrain's ResNet, heads, transforms,
hooks, schedulers and so on, unchanged.
"""
from mmengine.registry import Registry
from mmpretrain import registry as mmpretrain_registry


def _child(name: str, location: str = None) -> Registry:
    parent = getattr(mmpretrain_registry, name)
    return Registry(
        parent.name,
        parent=parent,
        scope='mmselfsup',
        locations=[location] if location else [])


RUNNERS = _child('RUNNERS')
RUNNER_CONSTRUCTORS = _child('RUNNER_CONSTRUCTORS')
LOOPS = _child('LOOPS')
HOOKS = _child('HOOKS', 'mmselfsup.engine')
LOG_PROCESSORS = _child('LOG_PROCESSORS')
OPTIMIZERS = _child('OPTIMIZERS')
OPTIM_WRAPPERS = _child('OPTIM_WRAPPERS')
OPTIM_WRAPPER_CONSTRUCTORS = _child('OPTIM_WRAPPER_CONSTRUCTORS')
PARAM_SCHEDULERS = _child('PARAM_SCHEDULERS')
DATASETS = _child('DATASETS', 'mmselfsup.datasets')
DATA_SAMPLERS = _child('DATA_SAMPLERS')
TRANSFORMS = _child('TRANSFORMS', 'mmselfsup.datasets')
MODELS = _child('MODELS', 'mmselfsup.models')
MODEL_WRAPPERS = _child('MODEL_WRAPPERS', 'mmselfsup.engine')
WEIGHT_INITIALIZERS = _child('WEIGHT_INITIALIZERS')
METRICS = _child('METRICS')
EVALUATORS = _child('EVALUATORS')
VISUALIZERS = _child('VISUALIZERS')
VISBACKENDS = _child('VISBACKENDS')
