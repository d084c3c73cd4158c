"""Load a backbone from a local file, every tensor, or fail.

mmengine's ``Pretrained`` initializer loads non-strictly: a missing or
unexpected key only logs a warning, and a wrong file silently leaves a
randomly initialised backbone. GeRSP's fine-tuning results depend on the
backbone really being the pre-trained one, so here any mismatch is an error
that names the file and the keys, a file holding NaN or inf is refused,
and a missing file says how to make it.

Registered in mmengine's root registry of weight initializers, so that
detection (mmdet), segmentation (mmseg) and classification (mmpretrain)
configs all find it under ``type='StrictPretrained'``.
"""
import os.path as osp
import re
from typing import Optional, Sequence

import torch.nn as nn
from mmengine.model.weight_init import PretrainedInit, update_init_info
from mmengine.registry import WEIGHT_INITIALIZERS
from mmengine.runner.checkpoint import CheckpointLoader

from mmselfsup.errors import ToolboxError
from mmselfsup.utils.tensor_checks import nonfinite_tensors


class NonFiniteWeightsError(ToolboxError):
    """Pretrained weights holding NaN or inf."""


@WEIGHT_INITIALIZERS.register_module(name='StrictPretrained')
class StrictPretrainedInit(PretrainedInit):
    """Initialise a module strictly from a local checkpoint file.

    Args:
        checkpoint (str): Local path of the weights: a ``{'state_dict': ...}``
            checkpoint or a plain state dict.
        prefix (str, optional): Keep only keys starting with it, with the
            prefix removed (``'backbone.'`` for a converted GeRSP file).
        ignore_keys (Sequence[str]): Regular expressions of keys of the file
            that are dropped before loading, e.g. ``['^fc\\.']`` for the
            classifier of a torchvision ResNet.
        missing_hint (str, optional): Appended to the error raised when the
            file does not exist: how to obtain it.
        map_location (str): Where tensors are loaded. Defaults to 'cpu'.
    """

    def __init__(self,
                 checkpoint: str,
                 prefix: Optional[str] = None,
                 ignore_keys: Sequence[str] = (),
                 missing_hint: Optional[str] = None,
                 map_location: str = 'cpu'):
        super().__init__(checkpoint, prefix=prefix, map_location=map_location)
        self.ignore_keys = [re.compile(k) for k in ignore_keys]
        self.missing_hint = missing_hint

    def __call__(self, module: nn.Module) -> None:
        state_dict = self._select(self._read())
        bad = nonfinite_tensors(state_dict)
        if bad:
            raise NonFiniteWeightsError(
                f'{self.checkpoint} holds non-finite values (NaN or inf) in '
                f'{", ".join(bad[:3])}{" ..." if len(bad) > 3 else ""} '
                f'({len(bad)} tensors): the pre-training that wrote it had '
                'diverged; convert an earlier checkpoint')
        try:
            module.load_state_dict(state_dict, strict=True)
        except RuntimeError as e:
            raise RuntimeError(f'{self.checkpoint} does not match the '
                               f'{type(module).__name__} it should initialise '
                               f'(prefix {self.prefix!r}): {e}') from e
        if hasattr(module, '_params_init_info'):
            update_init_info(module, init_info=self._get_init_info())

    def _read(self) -> dict:
        if not osp.isfile(osp.expanduser(self.checkpoint)):
            hint = f' {self.missing_hint}' if self.missing_hint else ''
            raise FileNotFoundError(
                f'pretrained weights {self.checkpoint} not found.{hint}')
        ckpt = CheckpointLoader.load_checkpoint(
            self.checkpoint, map_location=self.map_location)
        if not isinstance(ckpt, dict):
            raise TypeError(f'{self.checkpoint} holds a '
                            f'{type(ckpt).__name__}, not a state dict')
        return ckpt.get('state_dict', ckpt)

    def _select(self, state_dict: dict) -> dict:
        if self.prefix:
            selected = {
                k[len(self.prefix):]: v
                for k, v in state_dict.items() if k.startswith(self.prefix)
            }
            if not selected:
                raise KeyError(
                    f'{self.checkpoint} has no key starting with '
                    f'{self.prefix!r}; its first keys are '
                    f'{list(state_dict)[:5]}. Convert a pre-training '
                    'checkpoint with M_Convert_Checkpoints/convert_gersp.py.')
            state_dict = selected
        return {
            k: v
            for k, v in state_dict.items()
            if not any(p.search(k) for p in self.ignore_keys)
        }

    def _get_init_info(self) -> str:
        return (f'{self.__class__.__name__}: strictly loaded from '
                f'{self.checkpoint}')
