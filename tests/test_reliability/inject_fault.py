"""Run an entry point with one fault of the machine injected.

Usage (from the repo root, as the reliability tests do):
    python tests/test_reliability/inject_fault.py FAULT SCRIPT [ARGS ...]

FAULT is one of:
    small_disk         the disk reports 1 MiB free
    enospc_on:NAME     the disk fills up (ENOSPC) when a file whose name
                       holds NAME is flushed to disk
    kill_on:NAME       the process is killed (SIGKILL, as ``kill -9``) in
                       the middle of writing a file whose name holds NAME
    nan_after_step:N   the N-th optimizer step leaves a NaN in the first
                       parameter (after that iteration's loss was computed:
                       the loss stays finite, the weights do not)

Everything else runs as it does for a user: SCRIPT is executed as
``__main__`` with ARGS.
"""
import collections
import errno
import os
import runpy
import shutil
import signal
import sys

FAULTS = ('small_disk', 'enospc_on', 'kill_on', 'nan_after_step')


def _file_name(fd: int) -> str:
    try:
        return os.readlink(f'/proc/self/fd/{fd}')
    except OSError:
        return ''


def _small_disk() -> None:
    usage = shutil.disk_usage('/')
    fake = collections.namedtuple('usage', 'total used free')
    free = 2**20

    def disk_usage(path):
        return fake(usage.total, usage.total - free, free)

    shutil.disk_usage = disk_usage


def _on_fsync(name: str, action) -> None:
    """Run ``action`` instead of flushing a file whose name holds
    ``name`` (the atomic writes flush every file before renaming it)."""
    real_fsync = os.fsync

    def fsync(fd):
        if name in os.path.basename(_file_name(fd)):
            action()
        real_fsync(fd)

    os.fsync = fsync


def _enospc() -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _nan_after_step(number: int) -> None:
    import torch
    real_step = torch.optim.SGD.step
    calls = [0]

    def step(self, *args, **kwargs):
        out = real_step(self, *args, **kwargs)
        calls[0] += 1
        if calls[0] == number:
            self.param_groups[0]['params'][0].data.fill_(float('nan'))
        return out

    torch.optim.SGD.step = step


def main() -> None:
    fault, script, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    kind, _, name = fault.partition(':')
    if kind == 'small_disk':
        _small_disk()
    elif kind == 'enospc_on':
        _on_fsync(name, _enospc)
    elif kind == 'kill_on':
        _on_fsync(name, _kill)
    elif kind == 'nan_after_step':
        _nan_after_step(int(name))
    else:
        raise SystemExit(f'unknown fault {fault!r}; expected one of {FAULTS}')
    sys.argv = [script, *args]
    runpy.run_path(script, run_name='__main__')


if __name__ == '__main__':
    main()
