"""Find the checkpoint that ``--resume`` (without a path) continues from."""
import glob
import os.path as osp
import re
from typing import Optional

_NUMBERED = re.compile(r'^(?:epoch|iter)_(\d+)\.pth$')


def find_latest_checkpoint(work_dir: str) -> Optional[str]:
    """The checkpoint named by ``work_dir/last_checkpoint`` if it exists,
    else the highest-numbered ``epoch_N.pth`` / ``iter_N.pth`` of the
    folder, else None.

    mmengine writes the ``last_checkpoint`` pointer in place; a run killed
    while writing it leaves it empty, and mmengine would then silently start
    from scratch. The fallback makes the checkpoints themselves (written
    atomically) the source of truth.
    """
    pointer = osp.join(work_dir, 'last_checkpoint')
    if osp.isfile(pointer):
        with open(pointer, encoding='utf-8') as f:
            path = f.read().strip()
        if path and osp.isfile(path):
            return path
    numbered = []
    for path in glob.glob(osp.join(glob.escape(work_dir), '*.pth')):
        match = _NUMBERED.match(osp.basename(path))
        if match:
            numbered.append((int(match.group(1)), path))
    return max(numbered)[1] if numbered else None


def epoch_of(checkpoint: Optional[str]) -> Optional[int]:
    """N of an ``epoch_N.pth`` checkpoint path, else None."""
    match = re.search(r'epoch_(\d+)\.pth$', checkpoint or '')
    return int(match.group(1)) if match else None


def iter_of(checkpoint: Optional[str]) -> Optional[int]:
    """N of an ``iter_N.pth`` checkpoint path, else None."""
    match = re.search(r'iter_(\d+)\.pth$', checkpoint or '')
    return int(match.group(1)) if match else None
