"""A local file backend whose writes are atomic (temp file, then rename)
and whose checkpoints carry SHA-256 sidecars.

Select it with ``backend_args=dict(backend='atomic_local')`` (as the configs
do for the ``CheckpointHook``) so that a killed run never leaves a truncated
checkpoint behind as the latest one, and a checkpoint damaged later is
refused when loaded (``mmselfsup.fileio``). Checkpoint rotation
(``max_keep_ckpts``) removes a checkpoint through :meth:`remove`, which
takes its sidecar too. Importing this module registers the backend with
mmengine's file I/O.
"""
from pathlib import Path
from typing import Union

from mmengine.fileio import LocalBackend, register_backend

from mmselfsup.fileio import atomic_write, remove_with_sidecar

CHECKPOINT_SUFFIX = '.pth'


@register_backend('atomic_local', force=True)
class AtomicLocalBackend(LocalBackend):
    """:class:`LocalBackend` with atomic ``put`` and ``put_text``."""

    def put(self, obj: bytes, filepath: Union[str, Path]) -> None:
        atomic_write(
            obj,
            filepath,
            with_digest=str(filepath).endswith(CHECKPOINT_SUFFIX))

    def put_text(self,
                 obj: str,
                 filepath: Union[str, Path],
                 encoding: str = 'utf-8') -> None:
        atomic_write(obj, filepath, encoding=encoding)

    def remove(self, filepath: Union[str, Path]) -> None:
        remove_with_sidecar(filepath)
