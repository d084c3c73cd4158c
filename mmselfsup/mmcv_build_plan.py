"""Decide how tools/install.sh builds mmcv's compiled ops (CPU or CUDA).

Prints the build tag (``cpu`` or ``cu<version>[-<arch list>]``, part of the
wheel cache key) on stdout and what it decided, and why, on stderr.

- A CUDA GPU and the CUDA toolkit (``CUDA_HOME``/nvcc) present: CUDA ops.
- ``FORCE_CUDA=1``: CUDA ops even without a visible GPU (building on a
  login node), which needs the toolkit.
- ``TORCH_CUDA_ARCH_LIST`` (e.g. ``"8.0;9.0"``) picks the GPU architectures
  and is part of the cache key.
- A GPU without the toolkit: CPU ops, said loudly (GPU training then stops
  at start with a message naming the fix).

Only the standard library and torch: it runs before the project is
installed.
"""
import os
import sys
from typing import Optional, Tuple


def plan(gpu: bool, toolkit: bool, cuda_version: Optional[str],
         force_cuda: bool, arch_list: str) -> Tuple[str, str]:
    """``(tag, message)``; raises SystemExit for an impossible request."""
    if force_cuda or (gpu and toolkit):
        if not toolkit or not cuda_version:
            raise SystemExit(
                '[install] FORCE_CUDA=1 needs the CUDA toolkit (nvcc, '
                'CUDA_HOME) and a CUDA build of torch; none was found')
        tag = 'cu' + cuda_version.replace('.', '')
        if arch_list:
            tag += '-' + arch_list.replace(';', '_').replace(' ', '_')
        why = 'FORCE_CUDA=1' if force_cuda and not gpu else \
            'a GPU and the CUDA toolkit are present'
        return tag, (f'building mmcv with CUDA ops ({tag}; {why}; this can '
                     'take 30+ min)')
    if gpu:
        return 'cpu', ('WARNING: a CUDA GPU is visible but the CUDA toolkit '
                       '(nvcc, CUDA_HOME) is not: building mmcv with CPU ops '
                       'only, which GPU training refuses; install the toolkit '
                       'and run FORCE_CUDA=1 make install')
    return 'cpu', ('building mmcv with CPU ops (no GPU visible; ~13 min on 2 '
                   'cores; FORCE_CUDA=1 builds CUDA ops)')


def main() -> None:
    import torch
    from torch.utils.cpp_extension import CUDA_HOME
    tag, message = plan(
        gpu=torch.cuda.is_available(),
        toolkit=CUDA_HOME is not None,
        cuda_version=torch.version.cuda,
        force_cuda=os.environ.get('FORCE_CUDA', '0') == '1',
        arch_list=os.environ.get('TORCH_CUDA_ARCH_LIST', ''))
    print(message, file=sys.stderr)
    print(tag)
