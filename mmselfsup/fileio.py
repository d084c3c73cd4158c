"""Atomic file writing, SHA-256 sidecars and the image files the toolbox
reads (standard library only).

A checkpoint ``X.pth`` is written with a sidecar ``X.pth.sha256`` in
``sha256sum`` format (``<hex digest>  X.pth``), so ``sha256sum -c
X.pth.sha256`` checks it by hand, and every load through
``mmselfsup.utils.safe_torch_load`` checks it before unpickling: a file
damaged on disk or in a copy is refused instead of training or converting
silently changed weights.
"""
import errno
import hashlib
import os
import os.path as osp
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Dict, Optional, Tuple, Union

from mmselfsup.errors import ToolboxError

SIDECAR_SUFFIX = '.sha256'
# the image files the data sources and tools list (case-insensitive)
IMAGE_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.tif', '.tiff', '.bmp')
_CHUNK = 1 << 20
# path -> (size, mtime_ns) of files verified in this process
_verified: Dict[str, Tuple[int, int]] = {}


class CorruptedFileError(ToolboxError):
    """A file whose content does not match its SHA-256 sidecar."""


class DiskFullError(ToolboxError, OSError):
    """No space left to write a file; what was written before is intact."""


class UncheckedFileWarning(UserWarning):
    """A checkpoint loaded without a sidecar to check it against."""


def sidecar_path(path: Union[str, Path]) -> str:
    return str(path) + SIDECAR_SUFFIX


def sha256_of(path: Union[str, Path]) -> str:
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(_CHUNK), b''):
            digest.update(chunk)
    return digest.hexdigest()


def _default_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_temp(data: bytes, target: str) -> str:
    """``data`` in a flushed hidden temp file beside ``target``."""
    folder = osp.dirname(target)
    fd, tmp = tempfile.mkstemp(
        dir=folder, prefix=f'.{osp.basename(target)}.', suffix='.tmp')
    try:
        os.fchmod(fd, _default_file_mode())
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _remove(path: Optional[str]) -> None:
    if path is not None and osp.lexists(path):
        os.remove(path)


def _disk_full(path: str, size: int) -> DiskFullError:
    free = shutil.disk_usage(osp.dirname(path)).free
    return DiskFullError(
        f'no space left on the disk of {osp.dirname(path)} to write '
        f'{osp.basename(path)}: it needs {size / 2**20:.1f} MiB, '
        f'{free / 2**20:.1f} MiB are free. Nothing was replaced: the files '
        'written before (earlier checkpoints included) are intact; free '
        'space (or lower max_keep_ckpts) and resume with --resume')


def atomic_write(data: Union[bytes, str],
                 filepath: Union[str, Path],
                 encoding: str = 'utf-8',
                 with_digest: bool = False) -> None:
    """Write ``data`` to ``filepath`` through a temp file in the same dir.

    An interrupted write never leaves a truncated file behind: the temp file
    is flushed to disk, then renamed over the target. The file gets the
    permissions a plain ``open(path, 'w')`` would give (the temp file alone
    would be private to the owner). ``with_digest`` also writes the SHA-256
    sidecar: both temp files are flushed first, the old sidecar goes (also
    when the new file gets none), then the file and its sidecar are
    renamed, so a file never sits beside a sidecar of other content (an
    interruption between the two renames leaves the new file without one:
    loaded with a notice, not refused).

    Raises:
        DiskFullError: when the disk fills up (nothing is replaced).
    """
    filepath = osp.abspath(str(filepath))
    os.makedirs(osp.dirname(filepath), exist_ok=True)
    if isinstance(data, str):
        data = data.encode(encoding)
    tmp = tmp_sidecar = None
    try:
        tmp = _write_temp(data, filepath)
        if with_digest:
            line = f'{hashlib.sha256(data).hexdigest()}  ' \
                   f'{osp.basename(filepath)}\n'
            tmp_sidecar = _write_temp(line.encode(), sidecar_path(filepath))
        _remove(sidecar_path(filepath))  # never left beside other content
        os.replace(tmp, filepath)
        tmp = None
        if tmp_sidecar is not None:
            os.replace(tmp_sidecar, sidecar_path(filepath))
            tmp_sidecar = None
    except OSError as e:
        _remove(tmp)
        _remove(tmp_sidecar)
        if e.errno == errno.ENOSPC:
            raise _disk_full(filepath, len(data)) from e
        raise
    except BaseException:
        _remove(tmp)
        _remove(tmp_sidecar)
        raise


def remove_with_sidecar(path: Union[str, Path]) -> None:
    """Remove a file and its SHA-256 sidecar, if it has one."""
    os.remove(path)
    _remove(sidecar_path(path))


def _recorded_digest(path: str) -> str:
    with open(sidecar_path(path), encoding='utf-8') as f:
        fields = f.read().split()
    if not fields or len(fields[0]) != 64:
        raise CorruptedFileError(
            f'{sidecar_path(path)} is not a SHA-256 sidecar (expected '
            f'"<64 hex digits>  {osp.basename(path)}", as sha256sum writes)')
    return fields[0].lower()


def verify_digest(path: Union[str, Path]) -> bool:
    """Check ``path`` against its sidecar (once per version of the file in
    a process). Returns False, with one :class:`UncheckedFileWarning` per
    file, when there is no sidecar (files from elsewhere, e.g. the
    release's checkpoints).

    Raises:
        CorruptedFileError: naming the file, both digests and what to do.
    """
    path = osp.abspath(str(path))
    stat = os.stat(path)
    version = (stat.st_size, stat.st_mtime_ns)
    if _verified.get(path) == version:
        return True
    if not osp.isfile(sidecar_path(path)):
        warnings.warn(
            f'{path} has no SHA-256 sidecar ({osp.basename(path)}'
            f'{SIDECAR_SUFFIX}); loaded without an integrity check',
            UncheckedFileWarning)
        return False
    recorded, actual = _recorded_digest(path), sha256_of(path)
    if actual != recorded:
        raise CorruptedFileError(
            f'{path} is damaged: its SHA-256 is {actual}, its sidecar '
            f'{osp.basename(sidecar_path(path))} records {recorded} (written '
            'with the file). Use another copy or an earlier checkpoint; do '
            'not resume or convert this one')
    _verified[path] = version
    return True
