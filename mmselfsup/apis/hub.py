"""Named models: the released weights fetched into a cache, checked, and
loaded into a torchvision ResNet-50; downstream models built from their
configs.

The cache follows torch's hub convention: ``torch.hub.get_dir()/checkpoints``
(``$TORCH_HOME/hub/checkpoints``, by default
``~/.cache/torch/hub/checkpoints``), or ``$GERSP_HOME/checkpoints`` when the
environment variable ``GERSP_HOME`` is set. Downloads go through gdown
(Google Drive links and plain http URLs), with a progress bar; an
interrupted one leaves a ``.part`` file next to the target that the next
call resumes.
"""
import os
import os.path as osp
from typing import Dict, Optional, Union

from mmselfsup.errors import ConversionError, ToolboxError
from .model_zoo import REPO, Weights, list_models, weights_info

CACHE_ENV = 'GERSP_HOME'
HF_WEIGHTS = 'model.safetensors'  # the weights of a Hugging Face folder


def cache_dir() -> str:
    """Where the released files are kept: ``$GERSP_HOME/checkpoints`` if
    ``GERSP_HOME`` is set, else ``torch.hub.get_dir()/checkpoints``."""
    home = os.environ.get(CACHE_ENV)
    if home:
        return osp.join(osp.expanduser(home), 'checkpoints')
    import torch.hub
    return osp.join(torch.hub.get_dir(), 'checkpoints')


def cached_path(name: str) -> str:
    """The cache file of the released weights ``name`` (it may not exist
    yet)."""
    info = _released(name)
    return osp.join(cache_dir(), info.file_name)


def _released(name: str) -> Weights:
    info = weights_info(name)
    if not info.pretrained:
        raise ToolboxError(
            f'{info.name} has no released weights (only the pre-trained '
            'models have: ' + ', '.join(list_models(pretrained=True)) +
            '); pass pretrained=PATH, a checkpoint of this model')
    return info


def _by_hand(info: Weights, path: str) -> str:
    links = '; '.join(f'{k}: {v}' for k, v in info.links.items()
                      if k not in ('Paper', 'Code'))
    return (f'download it by hand ({links}) and save it as {path} (the '
            f'folder {osp.dirname(path)}, file name {info.file_name}; set '
            f'{CACHE_ENV} to use another cache), or pass pretrained=PATH')


def download_weights(name: str, quiet: bool = False) -> str:
    """The cache file of the released weights ``name``, downloaded first if
    it is not there (a partial download is resumed).

    Raises:
        ToolboxError: the download failed (no network, a moved file); the
            message names the file to save by hand and the links.
    """
    info = _released(name)
    path = cached_path(info.name)
    if osp.isfile(path):
        return path
    os.makedirs(osp.dirname(path), exist_ok=True)
    try:
        import gdown
        result = gdown.download(info.url, path, quiet=quiet, resume=True)
    except Exception as e:  # requests' and gdown's errors, many types
        reason = f'{type(e).__name__}: {e}' if str(e) else type(e).__name__
        raise ToolboxError(
            f'cannot download the {info.name} weights from {info.url} '
            f'({reason.splitlines()[0]}); ' + _by_hand(info, path) +
            '. A partial download, if any, is kept next to it and resumed '
            'by the next call') from e
    if result is None or not osp.isfile(path):  # older gdown: no exception
        raise ToolboxError(f'cannot download the {info.name} weights from '
                           f'{info.url}; ' + _by_hand(info, path))
    return path


def load_backbone(path: str, name: Optional[str] = None) -> Dict[str, object]:
    """The checked ResNet-50 backbone of ``path`` (torchvision keys, no
    ``fc``): a released file (full training checkpoint: the student
    ``backbone.*``; or already converted) or any file the converter wrote
    (a ``.safetensors`` file or a Hugging Face folder included).

    Raises:
        ConversionError: not a checkpoint, not a ResNet-50 (missing, extra
            or mis-shaped keys), or non-finite values; the message names
            the weights and the file.
    """
    from mmselfsup.model_converters.checkpoint import (check_finite,
                                                       find_backbone,
                                                       load_checkpoint,
                                                       state_dict_of)
    from mmselfsup.model_converters.presets import PRESETS
    if osp.isdir(path) and osp.isfile(osp.join(path, HF_WEIGHTS)):
        path = osp.join(path, HF_WEIGHTS)  # a Hugging Face model folder
    source = f'{path} (the {name} weights)' if name else path
    try:
        if path.endswith('.safetensors'):
            state_dict = _load_safetensors(path)
        else:
            state_dict = state_dict_of(load_checkpoint(path))
    except ConversionError as e:
        raise ConversionError(f'the {name} weights: {e}' if name else str(e))
    backbone, prefix = find_backbone(state_dict, PRESETS['gersp'].prefixes,
                                     source)
    check_finite(backbone, prefix, source)
    return backbone


def _load_safetensors(path: str) -> dict:
    if not osp.isfile(path):
        raise ConversionError(f'{path} does not exist')
    from safetensors import SafetensorError
    from safetensors.torch import load_file
    try:
        return load_file(path)
    except (SafetensorError, OSError, ValueError) as e:
        raise ConversionError(f'{path} is not a safetensors file ({e})')


def feature_resnet50(backbone: Optional[Dict[str, object]]):
    """A torchvision ResNet-50 whose ``fc`` is the identity (``model(x)`` is
    the pooled 2048-d feature), holding ``backbone`` (strictly) unless
    None, in eval mode."""
    import torch.nn as nn
    from torchvision.models import resnet50
    model = resnet50()
    model.fc = nn.Identity()  # pre-training has no classifier
    if backbone is not None:
        model.load_state_dict(backbone, strict=True)
    return model.eval()


def _pretrained_model(info: Weights, pretrained: Union[bool, str]):
    if not pretrained:  # False or None: random weights
        return feature_resnet50(None)
    if pretrained is not True:
        return feature_resnet50(load_backbone(str(pretrained), info.name))
    path = cached_path(info.name)
    was_cached = osp.isfile(path)
    download_weights(info.name)
    try:
        backbone = load_backbone(path, info.name)
    except ConversionError as e:
        if was_cached:
            what = f'delete {path} to download it again'
        else:  # a broken download must not stay in the cache
            os.remove(path)
            what = f'the download was removed from {path}'
        raise ConversionError(
            f'{e}. This is not the released {info.name} file: {what}, or ' +
            _by_hand(info, path)) from e
    return feature_resnet50(backbone)


def _downstream_model(info: Weights, pretrained: Union[bool, str]):
    import importlib

    from mmengine.config import Config
    from mmengine.registry import MODELS

    from mmselfsup.registration import register_all_modules
    if pretrained is True:
        _released(info.name)  # raises: nothing released
    register_all_modules(init_default_scope=False)
    cfg = Config.fromfile(_config_path(info))
    for plugin in cfg.get('custom_imports', {}).get('imports', []):
        importlib.import_module(plugin)
    with MODELS.switch_scope_and_registry(info.scope) as registry:
        model = registry.build(cfg.model)
    if pretrained:
        from mmengine.runner import load_checkpoint
        if not osp.isfile(str(pretrained)):
            raise ToolboxError(f'{pretrained} does not exist')
        load_checkpoint(
            model, str(pretrained), map_location='cpu', strict=True)
    model.cfg = cfg
    return model.eval()


def _config_path(info: Weights) -> str:
    return osp.join(REPO, info.config)


def get_model(name: str, pretrained: Union[bool, str] = False):
    """The model ``name`` of :func:`~mmselfsup.apis.list_models`.

    For the released pre-trained models (``gersp_resnet50_100e``,
    ``gersp_resnet50_200e`` or their metafile Names): a plain
    ``torchvision.models.resnet50`` whose ``fc`` is ``nn.Identity()``, so
    ``model(x)`` gives the pooled 2048-d features, in eval mode; the 318
    backbone tensors are loaded strictly. For a downstream config: the
    detector / segmentor / classifier its config builds (in mmdet's,
    mmseg's or mmpretrain's scope, ``model.cfg`` its config), in eval mode.

    Args:
        name (str): A model name.
        pretrained (bool | str): False: random weights. True: the released
            weights, downloaded into :func:`cache_dir` on first use (only
            the pre-trained models have released weights). A path: a local
            file; for the pre-trained models a released checkpoint or any
            converted file (checked to be a finite ResNet-50), for a
            downstream config a checkpoint of that model (loaded strictly
            with mmengine's ``load_checkpoint``).

    Raises:
        ToolboxError: an unknown name, a failed download (the message says
            where to put the file by hand), or a file that does not hold
            the weights (a :class:`~mmselfsup.errors.ConversionError`).
    """
    info = weights_info(name)
    if info.scope == 'mmselfsup':
        model = _pretrained_model(info, pretrained)
    else:
        model = _downstream_model(info, pretrained)
    model.weights_info = info
    return model
