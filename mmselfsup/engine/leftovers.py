"""Temp files of checkpoint writes that a killed run left behind.

Checkpoints are written to a hidden temp file and then renamed
(``mmselfsup.fileio.atomic_write``), so a ``kill -9`` during a save never
damages the latest checkpoint, but its half-written temp file (the size of
a checkpoint) stays. A new run removes them once it holds the work dir's
lock: no live run can be writing them then.
"""
import os
import os.path as osp
import re
from typing import List, Optional, Tuple

# atomic_write's names: .<target>.<random>.tmp, for checkpoints and their
# .sha256 sidecars
_TEMP = re.compile(r'^\..+\.pth(\.sha256)?\..+\.tmp$')


def leftover_temp_files(work_dir: str) -> List[Tuple[str, int]]:
    """(path, size) of the checkpoint temp files in ``work_dir``."""
    if not osp.isdir(work_dir):
        return []
    found = []
    for entry in os.scandir(work_dir):
        if entry.is_file(follow_symlinks=False) and _TEMP.match(entry.name):
            found.append((entry.path, entry.stat().st_size))
    return sorted(found)


def remove_leftover_temp_files(work_dir: str) -> Optional[str]:
    """Remove them; a notice naming them and the space freed, or None."""
    found = leftover_temp_files(work_dir)
    for path, _ in found:
        os.remove(path)
    if not found:
        return None
    total = sum(size for _, size in found)
    names = ', '.join(osp.basename(path) for path, _ in found)
    return (f'removed {len(found)} temporary file(s) of an interrupted '
            f'checkpoint save from {work_dir} ({total / 2**20:.1f} MiB): '
            f'{names}')
