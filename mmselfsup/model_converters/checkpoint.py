"""Extract the ResNet-50 backbone of a pre-training checkpoint.

The output feeds downstream configs (mmdet / mmseg / mmpretrain load
``{'state_dict': {'backbone.*': ...}}`` through ``init_cfg``) or torchvision.
Every source is loaded with ``weights_only=True`` and checked against the
exact ResNet-50 layout, so that a wrong or damaged file is refused here with
a message instead of producing a checkpoint that fails, or silently loads
only in part, downstream.
"""
import functools
import io
import os.path as osp
import pickle
from typing import Dict, Sequence, Tuple

import torch

from mmselfsup.errors import ConversionError, ToolboxError
from mmselfsup.fileio import atomic_write
from mmselfsup.utils.checkpoint_loading import safe_torch_load
from mmselfsup.utils.tensor_checks import nonfinite_tensors

FORMATS = ('mmdet', 'torchvision')
MMDET_PREFIX = 'backbone.'
HEAD_PREFIX = 'fc.'  # the classifier, never part of a pre-trained backbone
# BN's batch counter; files saved before PyTorch 0.4.1 (e.g. old torchvision
# model-zoo weights) lack it, and PyTorch itself then loads it as 0.
BN_COUNTER = 'num_batches_tracked'
_SHOWN = 3  # how many keys a message lists before '...'


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


def extract_backbone(state_dict: dict, prefixes: Sequence[str],
                     source: str) -> Dict[str, torch.Tensor]:
    """The ResNet-50 tensors under the first of ``prefixes`` that holds any
    (see :func:`find_backbone`)."""
    return find_backbone(state_dict, prefixes, source)[0]


def find_backbone(state_dict: dict, prefixes: Sequence[str],
                  source: str) -> Tuple[Dict[str, torch.Tensor], str]:
    """The ResNet-50 tensors under the first of ``prefixes`` that holds any,
    and that prefix.

    Keys lose the prefix and come in the reference order; ``fc.*`` is
    dropped, everything else under the prefix must match the layout. A
    source without any BN batch counter gets them as 0, as PyTorch's own
    loader does for such files.
    """
    layout = resnet50_layout()
    for prefix in prefixes:
        found = {
            k[len(prefix):]: v
            for k, v in state_dict.items()
            if isinstance(k, str) and k.startswith(prefix)
            and not k[len(prefix):].startswith(HEAD_PREFIX)
        }
        if found.keys() & layout.keys():
            if not any(k.endswith(BN_COUNTER) for k in found):
                found.update({
                    k: torch.tensor(0, dtype=torch.long)
                    for k in layout if k.endswith(BN_COUNTER)
                })
            check_layout(found, prefix, source)
            return {k: found[k] for k in layout}, prefix
    where = ', '.join(_prefix_name(p) for p in prefixes)
    raise ConversionError(
        f'{source} holds no ResNet-50 backbone: found '
        f'{_some(list(state_dict))}; expected ResNet-50 keys such as '
        f"'conv1.weight' under one of the prefixes: {where}")


def check_layout(found: Dict[str, torch.Tensor], prefix: str,
                 source: str) -> None:
    """Refuse a backbone whose keys or shapes differ from ResNet-50's."""
    layout = resnet50_layout()
    problems = []
    missing = [prefix + k for k in layout if k not in found]
    if missing:
        problems.append(f'missing {_some(missing)}')
    unexpected = [prefix + k for k in found if k not in layout]
    if unexpected:
        problems.append(f'unexpected {_some(unexpected)}')
    mismatched = [
        f'{prefix}{k}: found {_describe(found[k])}, expected shape '
        f'{tuple(shape)}' for k, shape in layout.items()
        if k in found and not _has_shape(found[k], shape)
    ]
    if mismatched:
        more = (f' ... ({len(mismatched)} keys)'
                if len(mismatched) > _SHOWN else '')
        problems.append('; '.join(mismatched[:_SHOWN]) + more)
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
    script writes; ``torchvision``: the plain state dict."""
    if fmt == 'mmdet':
        return {
            'state_dict': {
                MMDET_PREFIX + k: v
                for k, v in backbone.items()
            }
        }
    if fmt == 'torchvision':
        return dict(backbone)
    raise ValueError(f'unknown format {fmt!r}, expected one of {FORMATS}')


def check_writable(path: str, force: bool) -> None:
    if osp.exists(path) and not force:
        raise ConversionError(
            f'{path} already exists; pass --force to overwrite it')


def save_checkpoint(obj: dict, path: str) -> None:
    """Serialise in memory, then replace ``path`` atomically: an interrupted
    run never leaves a partial file or damages an existing one; the
    SHA-256 sidecar ``path.sha256`` is written with it."""
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    atomic_write(buffer.getvalue(), path, with_digest=True)


def describe_source(state_dict: dict, prefix: str) -> str:
    """What kind of file held the backbone under ``prefix``."""
    if prefix == MMDET_PREFIX:
        if all(k.startswith(MMDET_PREFIX) for k in state_dict):
            return 'an already converted file (mmdet format)'
        return ('a full pre-training checkpoint (the student backbone.* '
                'taken; teacher, projectors and queue left out)')
    if prefix:
        return f'a MoCo checkpoint (its {prefix}* taken)'
    return 'a plain ResNet-50 state dict (torchvision format)'


def convert_checkpoint(src: str,
                       dst: str,
                       prefixes: Sequence[str],
                       fmt: str = 'mmdet',
                       force: bool = False) -> Tuple[int, str]:
    """Write the ResNet-50 backbone of ``src`` to ``dst`` in format ``fmt``.

    Returns:
        tuple: the number of tensors written, and what ``src`` was.
    """
    state_dict = state_dict_of(load_checkpoint(src))
    backbone, prefix = find_backbone(state_dict, prefixes, src)
    check_finite(backbone, prefix, src)
    check_writable(dst, force)
    save_checkpoint(to_format(backbone, fmt), dst)
    return len(backbone), describe_source(state_dict, prefix)


def _prefix_name(prefix: str) -> str:
    return repr(prefix) if prefix else '(no prefix)'


def _some(keys: list) -> str:
    if not keys:
        return 'no keys'
    shown = ', '.join(repr(k) for k in keys[:_SHOWN])
    more = f', ... ({len(keys)} keys)' if len(keys) > _SHOWN else ''
    return shown + more


def _has_shape(value, shape: torch.Size) -> bool:
    return isinstance(value, torch.Tensor) and value.shape == shape


def _describe(value) -> str:
    if isinstance(value, torch.Tensor):
        return f'shape {tuple(value.shape)}'
    return f'{type(value).__name__} (not a tensor)'
