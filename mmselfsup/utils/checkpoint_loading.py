"""Load checkpoints with torch's ``weights_only=True`` safety kept on.

mmengine's training checkpoints hold a few non-tensor objects (the message
hub's ``HistoryBuffer`` with numpy arrays, numpy scalars and dtypes). Instead
of switching the safety off, exactly those types are allow-listed, and
mmengine's loader for local files is replaced by one that says clearly which
file held which unexpected type.

A ``HistoryBuffer`` also pickles its class-wide table of statistics methods,
which would need ``getattr`` allow-listed (far too broad); our checkpoints
save the buffer's data only, through a ``copyreg`` reducer.
"""
import copyreg
import os.path as osp
import pickle

import numpy as np
import torch
from mmengine.logging.history_buffer import HistoryBuffer
from mmengine.runner.checkpoint import CheckpointLoader


def _numpy_globals() -> list:
    try:
        from numpy._core import multiarray
    except ImportError:  # numpy < 2
        from numpy.core import multiarray
    dtype_classes = [
        type(np.dtype(t)) for t in (np.float16, np.float32, np.float64,
                                    np.int8, np.int16, np.int32, np.int64,
                                    np.uint8, np.bool_)
    ]
    return [multiarray._reconstruct, multiarray.scalar, np.ndarray, np.dtype,
            *dtype_classes]


CHECKPOINT_SAFE_GLOBALS = [HistoryBuffer, *_numpy_globals()]


def _reduce_history_buffer(buffer: HistoryBuffer):
    state = {k: v for k, v in vars(buffer).items()
             if k != 'statistics_methods'}
    return HistoryBuffer, (), state


def safe_torch_load(filename: str, map_location=None):
    """``torch.load(weights_only=True)`` with the project's allow-list.

    Raises:
        FileNotFoundError: if ``filename`` is not a file.
        RuntimeError: naming the file and the refused type, if the file holds
            an object outside the allow-list.
    """
    filename = osp.expanduser(str(filename))
    if not osp.isfile(filename):
        raise FileNotFoundError(f'checkpoint {filename} does not exist')
    with torch.serialization.safe_globals(CHECKPOINT_SAFE_GLOBALS):
        try:
            return torch.load(
                filename, map_location=map_location, weights_only=True)
        except pickle.UnpicklingError as e:
            detail = str(e).strip().splitlines()
            reason = next((line for line in detail if 'Unsupported' in line),
                          detail[0] if detail else repr(e)).rstrip('.')
            raise RuntimeError(
                f'refused to load {filename}: it holds an object that is not '
                f'allowed in a safe (weights_only=True) load: {reason}. '
                'Checkpoints of this project contain only tensors, numpy '
                'values and mmengine HistoryBuffers; if you trust this file '
                'and need another type, allow-list it with '
                'torch.serialization.add_safe_globals([...]).') from e


def register_safe_checkpoint_loader() -> None:
    """Make mmengine load local checkpoints through :func:`safe_torch_load`
    and save ``HistoryBuffer`` objects in a form that loads safely."""
    copyreg.pickle(HistoryBuffer, _reduce_history_buffer)
    CheckpointLoader.register_scheme(
        prefixes='', loader=safe_torch_load, force=True)
