"""Load checkpoints with torch's ``weights_only=True`` safety kept on.

What is allowed: tensors and containers (torch's own rules), plus exactly
the non-tensor objects that mmengine's Runner writes into training
checkpoints, ours and those of stock mmdet / mmpretrain training alike: the
message hub's ``HistoryBuffer`` (with the statistics methods it refers to
by name, ``getattr(HistoryBuffer, 'mean')`` and the like; no other
``getattr`` is allowed), numpy arrays, scalars and dtypes.

Extending it: a trusted file that holds another type is refused with the
type's dotted name and the way to allow it: list the names in the
environment variable ``GERSP_SAFE_GLOBALS`` (comma-separated, e.g.
``GERSP_SAFE_GLOBALS=numpy.random._pickle.__randomstate_ctor``).

Reach: :func:`safe_torch_load` is used by our converters and tools. Once
:func:`register_safe_checkpoint_loader` has run (``register_all_modules()``,
the mmdet plugin ``mmselfsup.det``, our training entry points), every local
checkpoint that mmengine loads in the process (``load_from``, ``--resume``,
``init_cfg`` pretrained weights) goes through it too.
"""
import importlib
import os
import os.path as osp
import pickle
import re
from typing import List, Optional

import numpy as np
import torch

from mmselfsup.errors import ToolboxError
from mmselfsup.fileio import verify_digest

ENV_VAR = 'GERSP_SAFE_GLOBALS'


class NotACheckpointError(ToolboxError):
    """A file given as a checkpoint that torch.save did not write."""


# the statistics methods a HistoryBuffer names when mmengine pickles it
_HISTORY_BUFFER_METHODS = ('min', 'max', 'current', 'mean')


def _numpy_globals() -> list:
    try:
        from numpy._core import multiarray
    except ImportError:  # numpy < 2
        from numpy.core import multiarray
    dtype_classes = [
        type(np.dtype(t))
        for t in (np.float16, np.float32, np.float64, np.int8, np.int16,
                  np.int32, np.int64, np.uint8, np.bool_)
    ]
    return [
        multiarray._reconstruct, multiarray.scalar, np.ndarray, np.dtype,
        *dtype_classes
    ]


def _history_buffer_method(owner, name: str):
    """Stands in for ``getattr`` while unpickling: only a statistics method
    of ``HistoryBuffer`` may be looked up."""
    from mmengine.logging.history_buffer import HistoryBuffer
    if owner is HistoryBuffer and (name in _HISTORY_BUFFER_METHODS or name
                                   in HistoryBuffer._statistics_methods):
        return getattr(owner, name)
    raise pickle.UnpicklingError(
        f'getattr({owner!r}, {name!r}) is not allowed in a safe load')


def _import_global(dotted: str):
    module, _, name = dotted.strip().rpartition('.')
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError) as e:
        raise ValueError(
            f'{ENV_VAR}: cannot import {dotted.strip()!r} ({e})') from e


def safe_globals() -> List:
    """The allow-list: mmengine's and numpy's types, and ``ENV_VAR``'s."""
    from mmengine.logging.history_buffer import HistoryBuffer
    extra = [
        _import_global(name) for name in os.environ.get(ENV_VAR, '').split(',')
        if name.strip()
    ]
    return [
        HistoryBuffer, (_history_buffer_method, 'builtins.getattr'),
        *_numpy_globals(), *extra
    ]


def _refused_global(error: Exception) -> Optional[str]:
    """The dotted name of the global a safe load refused; None when the
    error is not such a refusal (a damaged or foreign pickle)."""
    match = re.search(r'GLOBAL (\S+) was not an allowed global', str(error))
    if match:
        return match.group(1)
    # _history_buffer_method's refusal of another getattr
    return next((line.strip() for line in str(error).splitlines()
                 if 'is not allowed in a safe load' in line), None)


def _first_line(error: Exception) -> str:
    """The line of a torch.load error that says what failed."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return next((line for line in lines if 'Unsupported' in line),
                lines[0] if lines else type(error).__name__)


def _not_a_checkpoint(filename: str) -> str:
    """Why ``filename`` is not a torch.save file, judged from its first
    bytes (a zip archive, or a legacy pickle starting with PROTO 0x80);
    '' when it looks like one, or is empty."""
    with open(filename, 'rb') as f:
        head = f.read(32)
    if not head or head.startswith(b'PK\x03\x04') or head[:1] == b'\x80':
        return ''  # (torch.load names an empty file: EOFError)
    shown = head.decode('utf-8', 'replace') if head.isascii() else head.hex()
    return (f'{filename} is not a PyTorch checkpoint (expected a file '
            'written by torch.save: a zip archive or a pickle); it starts '
            f'with {shown!r}')


def is_zip_file(path: str) -> bool:
    """Whether ``path`` is in torch's zip format, the one ``mmap=True``
    can read without loading the tensors."""
    with open(path, 'rb') as f:
        return f.read(4) == b'PK\x03\x04'


def safe_torch_load(filename: str, map_location=None, **kwargs):
    """``torch.load(weights_only=True)`` with the allow-list above, after
    the file's SHA-256 sidecar check (``mmselfsup.fileio.verify_digest``).
    Extra keyword arguments (``mmap=True``) go to ``torch.load``.

    Raises:
        FileNotFoundError: if ``filename`` is not a file.
        CorruptedFileError: if the file does not match its sidecar.
        NotACheckpointError: if the file is not a torch.save file.
        RuntimeError: naming the file, the refused global and how to allow
            it, if the file holds an object outside the allow-list.
    """
    filename = osp.expanduser(str(filename))
    if not osp.isfile(filename):
        raise FileNotFoundError(f'checkpoint {filename} does not exist')
    reason = _not_a_checkpoint(filename)
    if reason:
        raise NotACheckpointError(reason)
    verify_digest(filename)
    with torch.serialization.safe_globals(safe_globals()):
        try:
            return torch.load(
                filename,
                map_location=map_location,
                weights_only=True,
                **kwargs)
        except pickle.UnpicklingError as e:
            refused = _refused_global(e)
            if refused is None:
                raise NotACheckpointError(
                    f'{filename} is not a readable PyTorch checkpoint '
                    f'(unpickling failed: {_first_line(e)})') from e
            raise RuntimeError(
                f'refused to load {filename}: it holds {refused}, which is '
                'not allowed in a safe (weights_only=True) load. If you '
                'trust this file, allow it with the environment variable '
                f'{ENV_VAR}={refused} (comma-separated dotted names).') from e


def register_safe_checkpoint_loader() -> None:
    """Make mmengine load every local checkpoint through
    :func:`safe_torch_load` (for the rest of the process)."""
    from mmengine.runner.checkpoint import CheckpointLoader
    CheckpointLoader.register_scheme(
        prefixes='', loader=safe_torch_load, force=True)
