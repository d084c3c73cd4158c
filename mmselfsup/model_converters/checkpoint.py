"""Extract the ResNet-50 backbone of a pre-training checkpoint.

The output feeds downstream configs (mmdet / mmseg / mmpretrain load
``{'state_dict': {'backbone.*': ...}}`` through ``init_cfg``), torchvision,
timm (and torchgeo, whose ResNet-50 is timm's) or the Hugging Face Hub.
Every source is loaded with ``weights_only=True`` and checked against the
exact ResNet-50 layout, so that a wrong or damaged file is refused here with
a message instead of producing a checkpoint that fails, or silently loads
only in part, downstream.
"""
import functools
import io
import json
import os
import os.path as osp
import pickle
from typing import Dict, Optional, Sequence, Tuple

import torch

from mmselfsup.errors import ConversionError, ToolboxError
from mmselfsup.fileio import atomic_write
from mmselfsup.utils.checkpoint_loading import safe_torch_load
from mmselfsup.utils.tensor_checks import nonfinite_tensors

# Files written with torch.save.
FORMATS = ('mmdet', 'torchvision', 'timm')
# Written with safetensors: a .safetensors file, or a Hugging Face model
# folder (config.json, model.safetensors, README.md) that timm loads as
# 'local-dir:DIR' and huggingface_hub.upload_folder publishes.
SAFETENSORS_FORMATS = ('safetensors', 'hf')
ALL_FORMATS = FORMATS + SAFETENSORS_FORMATS
SAFETENSORS_SUFFIX = '.safetensors'
HF_WEIGHTS = 'model.safetensors'
HF_CONFIG = 'config.json'
HF_CARD = 'README.md'
PAPER_URL = 'https://arxiv.org/abs/2401.04614'
CODE_URL = 'https://github.com/floatingstarZ/GeRSP'
MMDET_PREFIX = 'backbone.'
HEAD_PREFIX = 'fc.'  # the classifier, never part of a pre-trained backbone
# BN's batch counter; files saved before PyTorch 0.4.1 (e.g. old torchvision
# model-zoo weights) lack it, and PyTorch itself then loads it as 0.
BN_COUNTER = 'num_batches_tracked'
_SHOWN = 3  # how many keys a message lists before '...'
STEM_KEY = 'conv1.weight'
RGB_CHANNELS = 3
# renames of a key's first dotted name: (source name, torchvision name)
KeyMap = Tuple[Tuple[str, str], ...]
Backbone = Dict[str, torch.Tensor]
Converted = Tuple[int, str]  # tensors written, what the source was


def _bn_layout(name: str, channels: int) -> Dict[str, torch.Size]:
    vector = torch.Size([channels])
    return {
        f'{name}.weight': vector,
        f'{name}.bias': vector,
        f'{name}.running_mean': vector,
        f'{name}.running_var': vector,
        f'{name}.{BN_COUNTER}': torch.Size([])
    }


@functools.lru_cache(maxsize=None)
def resnet50_layout() -> Dict[str, torch.Size]:
    """Key -> shape of a torchvision ResNet-50 state dict without ``fc``,
    in its order (the key names are the same in mmpretrain and mmdet).

    Written out here so that converting needs torch only: stem conv1 + bn1,
    then stages of 3, 4, 6, 3 bottlenecks (1x1, 3x3, 1x1 convolutions, 4x
    expansion) of widths 64-512; each stage's first block has a 1x1
    ``downsample`` projection.
    """
    layout = {
        'conv1.weight': torch.Size([64, 3, 7, 7]),
        **_bn_layout('bn1', 64)
    }
    in_channels = 64
    for stage, (blocks,
                width) in enumerate(zip((3, 4, 6, 3), (64, 128, 256, 512)), 1):
        for block in range(blocks):
            name = f'layer{stage}.{block}'
            shapes = ((width, in_channels, 1, 1), (width, width, 3, 3),
                      (4 * width, width, 1, 1))
            for i, shape in enumerate(shapes, 1):
                layout[f'{name}.conv{i}.weight'] = torch.Size(shape)
                layout.update(_bn_layout(f'{name}.bn{i}', shape[0]))
            if block == 0:
                layout[f'{name}.downsample.0.weight'] = torch.Size(
                    (4 * width, in_channels, 1, 1))
                layout.update(_bn_layout(f'{name}.downsample.1', 4 * width))
            in_channels = 4 * width
    return layout


def load_checkpoint(path: str) -> dict:
    """Load ``path`` with ``weights_only=True``; refuse anything but a dict."""
    try:
        ckpt = safe_torch_load(path, map_location='cpu')
    except FileNotFoundError:
        raise ConversionError(f'{path} does not exist') from None
    except ToolboxError as e:  # damaged, or not written by torch.save
        raise ConversionError(str(e)) from e
    except Exception as e:  # torch.load raises many types on other files
        if isinstance(e.__cause__, pickle.UnpicklingError):
            # safe_torch_load's refusal of a non-allow-listed object
            raise ConversionError(str(e)) from e
        reason = f'{type(e).__name__}: {e}' if str(e) else type(e).__name__
        raise ConversionError(
            f'{path} is not a PyTorch checkpoint (expected a file written by '
            f'torch.save); loading it failed with {reason}') from e
    if not isinstance(ckpt, dict):
        raise ConversionError(
            f'{path} holds a {type(ckpt).__name__}, not a checkpoint; '
            "expected a state dict or a dict with a 'state_dict' entry")
    return ckpt


def state_dict_of(ckpt: dict) -> dict:
    """The ``state_dict`` entry of mmengine, MoCo and converted mmdet
    checkpoints; a plain state dict is its own."""
    state_dict = ckpt.get('state_dict')
    return state_dict if isinstance(state_dict, dict) else ckpt


def extract_backbone(state_dict: dict,
                     prefixes: Sequence[str],
                     source: str,
                     key_map: KeyMap = ()) -> Backbone:
    """The ResNet-50 tensors under the first of ``prefixes`` that holds any
    (see :func:`find_backbone`)."""
    return find_backbone(state_dict, prefixes, source, key_map)[0]


def map_key(key: str, key_map: KeyMap) -> str:
    """``key`` with its first dotted name renamed by ``key_map`` (pairs of
    the source's name and the torchvision one, e.g. ``('0', 'conv1')`` for
    an ``nn.Sequential`` of a ResNet's children); other keys unchanged."""
    head, dot, rest = key.partition('.')
    for name, torchvision_name in key_map:
        if head == name:
            return torchvision_name + dot + rest
    return key


def unmap_key(key: str, key_map: KeyMap) -> str:
    """The source's name of the torchvision ``key`` (the inverse of
    :func:`map_key`), for messages that name the source's own keys."""
    head, dot, rest = key.partition('.')
    for name, torchvision_name in key_map:
        if head == torchvision_name:
            return name + dot + rest
    return key


def find_backbone(state_dict: dict,
                  prefixes: Sequence[str],
                  source: str,
                  key_map: KeyMap = ()) -> Tuple[Backbone, str]:
    """The ResNet-50 tensors under the first of ``prefixes`` that holds any,
    and that prefix.

    Keys lose the prefix, get the names of ``key_map`` (see
    :func:`map_key`) and come in the reference order; ``fc.*`` is dropped,
    everything else under the prefix must match the layout. A source
    without any BN batch counter gets them as 0, as PyTorch's own loader
    does for such files.
    """
    layout = resnet50_layout()
    for prefix in prefixes:
        found = {
            map_key(k[len(prefix):], key_map): v
            for k, v in state_dict.items()
            if isinstance(k, str) and k.startswith(prefix)
        }
        found = {
            k: v
            for k, v in found.items() if not k.startswith(HEAD_PREFIX)
        }
        if found.keys() & layout.keys():
            if not any(k.endswith(BN_COUNTER) for k in found):
                found.update({
                    k: torch.tensor(0, dtype=torch.long)
                    for k in layout if k.endswith(BN_COUNTER)
                })
            check_layout(found, prefix, source, key_map)
            return {k: found[k] for k in layout}, prefix
    where = ', '.join(_prefix_name(p) for p in prefixes)
    raise ConversionError(
        f'{source} holds no ResNet-50 backbone: found '
        f'{_some(list(state_dict))}; expected ResNet-50 keys such as '
        f"'conv1.weight' under one of the prefixes: {where}")


def check_layout(found: Dict[str, torch.Tensor],
                 prefix: str,
                 source: str,
                 key_map: KeyMap = ()) -> None:
    """Refuse a backbone whose keys or shapes differ from ResNet-50's; the
    message names the source's own keys (``key_map`` undone)."""
    layout = resnet50_layout()

    def name(k):
        return prefix + unmap_key(k, key_map)

    problems = []
    missing = [name(k) for k in layout if k not in found]
    if missing:
        problems.append(f'missing {_some(missing)}')
    unexpected = [name(k) for k in found if k not in layout]
    if unexpected:
        problems.append(f'unexpected {_some(unexpected)}')
    mismatched = [
        f'{name(k)}: found {_describe(found[k])}, expected shape '
        f'{tuple(shape)}' for k, shape in layout.items()
        if k in found and not _has_shape(found[k], shape)
    ]
    if mismatched:
        more = (f' ... ({len(mismatched)} keys)'
                if len(mismatched) > _SHOWN else '')
        problems.append('; '.join(mismatched[:_SHOWN]) + more)
    stem = _stem_channels(found.get(STEM_KEY))
    if stem is not None:
        problems.append(
            f'the stem ({name(STEM_KEY)}) takes {stem} input channels, not '
            f'{RGB_CHANNELS}: a model of {stem}-band images, which the RGB '
            'ResNet-50 of GeRSP and its downstream configs cannot load')
    if problems:
        raise ConversionError(
            f'{source} does not hold a ResNet-50 backbone under '
            f'{_prefix_name(prefix)}: ' + '; '.join(problems))


def check_finite(backbone: Dict[str, torch.Tensor], prefix: str,
                 source: str) -> None:
    """Refuse a backbone holding NaN or inf (a diverged run's weights)."""
    bad = nonfinite_tensors(backbone, prefix)
    if bad:
        raise ConversionError(
            f'{source} holds non-finite values (NaN or inf) in {_some(bad)}: '
            'the run that wrote it had diverged; convert an earlier '
            'checkpoint')


def to_format(backbone: Dict[str, torch.Tensor], fmt: str) -> dict:
    """``mmdet``: ``{'state_dict': {'backbone.<key>': ...}}`` as the authors'
    script writes; ``torchvision``, ``timm``, ``safetensors`` and ``hf``: the
    plain state dict (timm's ``resnet50`` has torchvision's key names)."""
    if fmt == 'mmdet':
        return {
            'state_dict': {
                MMDET_PREFIX + k: v
                for k, v in backbone.items()
            }
        }
    if fmt in ALL_FORMATS:
        return dict(backbone)
    raise ValueError(f'unknown format {fmt!r}, expected one of {ALL_FORMATS}')


def check_writable(path: str, force: bool, fmt: str = 'mmdet') -> None:
    """Refuse to replace an existing output without ``force``, and a file
    name the loaders of ``fmt`` would misread: timm and torchgeo read a
    file as safetensors only by its ``.safetensors`` name, as anything else
    by torch.load."""
    path = str(path)
    if fmt == 'hf':
        _check_hf_folder(path, force)
        return
    if fmt == 'safetensors' and not path.endswith(SAFETENSORS_SUFFIX):
        raise ConversionError(
            f'{path}: a --format safetensors output must end with '
            f'{SAFETENSORS_SUFFIX} (timm reads a file as safetensors only by '
            'that name, anything else with torch.load)')
    if fmt != 'safetensors' and path.endswith(SAFETENSORS_SUFFIX):
        raise ConversionError(
            f'{path}: a --format {fmt} file is written with torch.save, and '
            f'a {SAFETENSORS_SUFFIX} name would make timm read it as '
            'safetensors; use --format safetensors, or another name')
    if osp.isdir(path):
        raise ConversionError(f'{path} is a folder; expected a file name')
    if osp.exists(path) and not force:
        raise ConversionError(
            f'{path} already exists; pass --force to overwrite it')


def _check_hf_folder(path: str, force: bool) -> None:
    if osp.exists(path) and not osp.isdir(path):
        raise ConversionError(
            f'{path} is a file; --format hf writes a folder (--dst DIR)')
    if osp.isdir(path) and os.listdir(path) and not force:
        raise ConversionError(
            f'{path} is a folder that is not empty; pass --force to write '
            'the model files into it, or name a new or empty folder')


def save_checkpoint(obj: dict, path: str) -> None:
    """Serialise in memory, then replace ``path`` atomically: an interrupted
    run never leaves a partial file or damages an existing one; the
    SHA-256 sidecar ``path.sha256`` is written with it."""
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    atomic_write(buffer.getvalue(), path, with_digest=True)


def safetensors_bytes(state_dict: Dict[str, torch.Tensor]) -> bytes:
    """``state_dict`` serialised by ``safetensors.torch.save`` (each tensor
    copied into its own contiguous memory, as safetensors requires)."""
    try:
        from safetensors.torch import save
    except ImportError:
        raise ConversionError(
            'the safetensors and hf formats need the safetensors package: '
            'pip install safetensors') from None
    tensors = {
        k: v.detach().contiguous().clone()
        for k, v in state_dict.items()
    }
    return save(tensors, metadata={'format': 'pt'})


def save_safetensors(state_dict: Dict[str, torch.Tensor], path: str) -> None:
    """Write ``state_dict`` as a ``.safetensors`` file, atomically, with its
    SHA-256 sidecar."""
    atomic_write(safetensors_bytes(state_dict), path, with_digest=True)


def hf_config(num_features: int = 2048) -> dict:
    """The timm ``config.json`` of the backbone: ``resnet50`` without a
    classifier (``num_classes=0``: pooled 2048-d features) and the
    preprocessing of pre-training (RGB, ImageNet mean/std, 224 x 224)."""
    return {
        'architecture': 'resnet50',
        'num_classes': 0,
        'num_features': num_features,
        'global_pool': 'avg',
        'pretrained_cfg': {
            'tag': 'gersp',
            'custom_load': False,
            'input_size': [3, 224, 224],
            'fixed_input_size': False,
            'interpolation': 'bilinear',
            'crop_pct': 0.875,
            'crop_mode': 'center',
            'mean': [0.485, 0.456, 0.406],
            'std': [0.229, 0.224, 0.225],
            'num_classes': 0,
            'pool_size': [7, 7],
            'first_conv': 'conv1',
            'classifier': 'fc',
            'paper_ids': 'arXiv:2401.04614',
            'paper_name': 'Generic Knowledge Boosted Pre-training for '
            'Remote Sensing Images',
            'origin_url': CODE_URL,
        }
    }


HF_MODEL_CARD = """\
---
library_name: timm
tags:
- image-feature-extraction
- timm
- remote-sensing
pipeline_tag: image-feature-extraction
---
# GeRSP ResNet-50

The ResNet-50 backbone of GeRSP, *Generic Knowledge Boosted Pre-training
for Remote Sensing Images* ([paper]({paper}), [code]({code})): the student
network pre-trained on remote sensing images (Million-AID) and ImageNet.
Weights only, without a classifier: the model gives 2048-d pooled
features. Inputs: RGB images scaled to [0, 1], normalised with the ImageNet
mean and std, 224 x 224 in pre-training.

License: see the original release ({code}).

## Loading

```python
import timm

model = timm.create_model('hf-hub:<user>/<repo>', pretrained=True)
# or, from this folder on disk:
model = timm.create_model('local-dir:<this folder>', pretrained=True)
config = timm.data.resolve_data_config(model=model)
transform = timm.data.create_transform(**config)
```

`model.safetensors` is a plain ResNet-50 state dict with torchvision's key
names (no `fc`): `torchvision.models.resnet50()` loads it with
`strict=False`, and `torchgeo.models.resnet50(weights=None, num_classes=0)`
loads it as it is. For detection and segmentation with MMDetection /
MMSegmentation use the `{{'state_dict': {{'backbone.*': ...}}}}` file of
`convert_gersp.py` (its default format).
""".format(
    paper=PAPER_URL, code=CODE_URL)


def save_hf_folder(state_dict: Dict[str, torch.Tensor], path: str) -> None:
    """Write the model folder: ``model.safetensors`` (with its SHA-256
    sidecar), ``config.json`` and a model card ``README.md``, each
    atomically, the weights first so that a folder with a config always
    has weights beside it."""
    os.makedirs(path, exist_ok=True)
    save_safetensors(state_dict, osp.join(path, HF_WEIGHTS))
    atomic_write(
        json.dumps(hf_config(), indent=2) + '\n', osp.join(path, HF_CONFIG))
    atomic_write(HF_MODEL_CARD, osp.join(path, HF_CARD))


def save_output(backbone: Dict[str, torch.Tensor], path: str,
                fmt: str) -> None:
    """Write ``backbone`` to ``path`` in format ``fmt``."""
    obj = to_format(backbone, fmt)
    if fmt == 'safetensors':
        save_safetensors(obj, path)
    elif fmt == 'hf':
        save_hf_folder(obj, path)
    else:
        save_checkpoint(obj, path)


def describe_source(state_dict: dict, prefix: str,
                    key_map: KeyMap = ()) -> str:
    """What kind of file held the backbone under ``prefix`` (its keys
    renamed by ``key_map``)."""
    if prefix == MMDET_PREFIX:
        if all(k.startswith(MMDET_PREFIX) for k in state_dict):
            return 'an already converted file (mmdet format)'
        return ('a full pre-training checkpoint (the student backbone.* '
                'taken; teacher, projectors and queue left out)')
    if prefix:
        return f'a MoCo checkpoint (its {prefix}* taken)'
    if any(map_key(k, key_map) != k for k in state_dict if isinstance(k, str)):
        return ('a plain state dict of a ResNet-50 nn.Sequential (its '
                'numbered children renamed to torchvision\'s names)')
    return 'a plain ResNet-50 state dict (torchvision format)'


def convert_checkpoint(src: str,
                       dst: str,
                       prefixes: Sequence[str],
                       fmt: str = 'mmdet',
                       force: bool = False,
                       key_map: KeyMap = ()) -> Converted:
    """Write the ResNet-50 backbone of ``src`` to ``dst`` in format ``fmt``
    (a folder for ``hf``).

    Returns:
        tuple: the number of tensors written, and what ``src`` was.
    """
    if fmt not in ALL_FORMATS:
        raise ConversionError(
            f'unknown format {fmt!r}; expected one of {", ".join(ALL_FORMATS)}'
        )
    state_dict = state_dict_of(load_checkpoint(src))
    backbone, prefix = find_backbone(state_dict, prefixes, src, key_map)
    check_finite(backbone, prefix, src)
    check_writable(dst, force, fmt)
    save_output(backbone, dst, fmt)
    return len(backbone), describe_source(state_dict, prefix, key_map)


def _prefix_name(prefix: str) -> str:
    return repr(prefix) if prefix else '(no prefix)'


def _some(keys: list) -> str:
    if not keys:
        return 'no keys'
    shown = ', '.join(repr(k) for k in keys[:_SHOWN])
    more = f', ... ({len(keys)} keys)' if len(keys) > _SHOWN else ''
    return shown + more


def _stem_channels(value) -> Optional[int]:
    """The input channels of a 7 x 7 stem convolution of 64 filters that
    does not take RGB images; None otherwise."""
    if (isinstance(value, torch.Tensor) and value.dim() == 4
            and value.shape[0] == 64 and tuple(value.shape[2:]) == (7, 7)
            and value.shape[1] != RGB_CHANNELS):
        return int(value.shape[1])
    return None


def _has_shape(value, shape: torch.Size) -> bool:
    return isinstance(value, torch.Tensor) and value.shape == shape


def _describe(value) -> str:
    if isinstance(value, torch.Tensor):
        return f'shape {tuple(value.shape)}'
    return f'{type(value).__name__} (not a tensor)'
