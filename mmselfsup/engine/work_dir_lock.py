"""One training run per work dir: an exclusive lock file, taken before the
run writes anything.

Two runs in one work dir interleave their logs and overwrite each other's
``epoch_N.pth``. The lock is a file created with ``O_CREAT | O_EXCL`` (atomic
on local disks and on NFS v3+) holding the holder's host, pid, process start
time and command line. A lock whose process is gone (``kill -9``, a crash)
does not block the next run on the same host: it is taken over with a
notice. A lock written on another host cannot be checked from here (a node
of a cluster sharing the work dir); it is refused with the way to take it
over once that run is known to be dead.
"""
import fcntl
import json
import os
import os.path as osp
import socket
import sys
import time
from contextlib import contextmanager
from typing import Iterator, List, Optional

from mmselfsup.errors import ToolboxError

LOCK_NAME = 'run.lock'
TAKE_OVER_FLAG = '--take-over-lock'


class WorkDirLocked(ToolboxError, RuntimeError):
    """The work dir is held by another run."""


def _start_ticks(pid: int) -> Optional[str]:
    """The start time of process ``pid`` in clock ticks since boot (Linux),
    which tells a live holder from a new process that reuses its pid."""
    try:
        with open(f'/proc/{pid}/stat', encoding='utf-8') as f:
            return f.read().rsplit(')', 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _boot_id() -> Optional[str]:
    try:
        with open('/proc/sys/kernel/random/boot_id', encoding='utf-8') as f:
            return f.read().strip()
    except OSError:
        return None


def holder_record() -> dict:
    """What the lock file says about this process."""
    pid = os.getpid()
    return dict(
        host=socket.gethostname(),
        pid=pid,
        started=time.strftime('%Y-%m-%d %H:%M:%S %z'),
        command=' '.join(sys.argv),
        boot_id=_boot_id(),
        start_ticks=_start_ticks(pid))


def _alive_here(holder: dict) -> bool:
    """Whether the holder, a process of this host, still runs."""
    if holder.get('boot_id') and holder['boot_id'] != _boot_id():
        return False  # the machine rebooted since
    pid = holder.get('pid')
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    ticks = holder.get('start_ticks')
    return ticks is None or ticks == _start_ticks(pid)


def describe(holder: dict) -> str:
    return (f"pid {holder.get('pid')} on host {holder.get('host')}, started "
            f"{holder.get('started')} ({holder.get('command')})")


def _read(path: str) -> dict:
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}  # unreadable: judged by what it lacks (no live pid)


def _create(path: str, record: dict) -> bool:
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, 'w', encoding='utf-8') as f:
        json.dump(record, f, indent=1)
        f.write('\n')
    return True


@contextmanager
def _decision_guard(work_dir: str) -> Iterator[None]:
    """Serialise read-judge-replace of a stale lock between processes that
    start at the same moment."""
    fd = os.open(work_dir, os.O_RDONLY)  # flock works on a folder's fd
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the flock


def acquire(work_dir: str, take_over: bool = False) -> Optional[str]:
    """Take the lock of ``work_dir`` for this process.

    Returns:
        str | None: a notice when a stale lock was taken over.

    Raises:
        WorkDirLocked: naming the holder and how to proceed.
    """
    os.makedirs(work_dir, exist_ok=True)
    path = osp.join(work_dir, LOCK_NAME)
    record = holder_record()
    with _decision_guard(work_dir):
        if _create(path, record):
            return None
        holder = _read(path)
        here = holder.get('host') == record['host']
        if here and _alive_here(holder):
            raise WorkDirLocked(
                f'{work_dir} is in use by another run: {describe(holder)}. '
                'Wait for it to end, or give this run another --work-dir. '
                f'(If that process is not a training run, remove {path}.)')
        if not here and not take_over:
            raise WorkDirLocked(
                f'{work_dir} is locked by a run on another host: '
                f'{describe(holder)}; its process cannot be checked from '
                f'here. If that run is no longer running (e.g. its node '
                f'crashed), rerun with {TAKE_OVER_FLAG}.')
        os.remove(path)
        if not _create(path, record):
            raise WorkDirLocked(f'{work_dir}: another run took the lock '
                                f'{path} at the same moment')
    why = 'its process is gone' if here else TAKE_OVER_FLAG
    return (f'took over the lock of {work_dir} left by {describe(holder)} '
            f'({why})')


def release(work_dir: str) -> None:
    """Remove the lock if it is still this process's."""
    path = osp.join(work_dir, LOCK_NAME)
    holder = _read(path)
    if holder.get('pid') == os.getpid() and \
            holder.get('host') == socket.gethostname():
        os.remove(path)


@contextmanager
def hold_work_dir(work_dir: str,
                  take_over: bool = False) -> Iterator[List[str]]:
    """Hold the lock of ``work_dir`` for the run inside the ``with``.

    In a multi-process run only rank 0 takes it; the others wait for its
    outcome (a broadcast) and, if it failed, raise the same error, so that
    no process goes on while another run holds the folder. Yields the
    notices to log (a stale lock taken over).
    """
    from mmengine.dist import broadcast_object_list, get_dist_info
    rank, world_size = get_dist_info()
    outcome = [None]
    if rank == 0:
        try:
            outcome = [('held', acquire(work_dir, take_over))]
        except WorkDirLocked as e:
            outcome = [('refused', str(e))]
    if world_size > 1:
        broadcast_object_list(outcome, src=0)
    status, text = outcome[0]
    if status == 'refused':
        raise WorkDirLocked(text)
    try:
        yield [text] if text else []
    finally:
        if rank == 0:
            release(work_dir)
