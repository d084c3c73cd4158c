"""Named models and weights of the model zoo, in the style of mmpretrain's
``list_models`` / ``get_model`` and torchgeo's weight enums.

    >>> from mmselfsup.apis import get_model, list_models, weights_info
    >>> list_models('gersp_*')
    ['gersp_resnet50_100e', 'gersp_resnet50_200e']
    >>> weights_info('gersp_resnet50_100e').mean
    (123.675, 116.28, 103.53)
    >>> model = get_model('gersp_resnet50_100e', pretrained=True)

Importing this package is cheap: the metafiles are read, and torch is
imported, on first use.
"""
import importlib

_EXPORTS = {
    'Weights': 'model_zoo',
    'list_models': 'model_zoo',
    'weights_info': 'model_zoo',
    'cache_dir': 'hub',
    'cached_path': 'hub',
    'download_weights': 'hub',
    'get_model': 'hub',
    'load_backbone': 'hub',
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        module = importlib.import_module(f'{__name__}.{_EXPORTS[name]}')
        return getattr(module, name)
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')


def __dir__():
    return sorted(list(globals()) + __all__)
