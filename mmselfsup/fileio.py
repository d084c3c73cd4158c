"""Atomic file writing (standard library only)."""
import os
import os.path as osp
import tempfile
from pathlib import Path
from typing import Union


def _default_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(data: Union[bytes, str],
                 filepath: Union[str, Path],
                 encoding: str = 'utf-8') -> None:
    """Write ``data`` to ``filepath`` through a temp file in the same dir.

    An interrupted write never leaves a truncated file behind: the temp file
    is flushed to disk, then renamed over the target. The file gets the
    permissions a plain ``open(path, 'w')`` would give (the temp file alone
    would be private to the owner).
    """
    filepath = str(filepath)
    folder = osp.dirname(osp.abspath(filepath))
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode(encoding)
    fd, tmp = tempfile.mkstemp(
        dir=folder, prefix=f'.{osp.basename(filepath)}.', suffix='.tmp')
    try:
        os.fchmod(fd, _default_file_mode())
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, filepath)
    except BaseException:
        if osp.exists(tmp):
            os.remove(tmp)
        raise
