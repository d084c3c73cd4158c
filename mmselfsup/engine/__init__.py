from .atomic_backend import AtomicLocalBackend, atomic_write
from .cpu_ddp import CPUDistributedDataParallel

__all__ = ['AtomicLocalBackend', 'atomic_write', 'CPUDistributedDataParallel']
