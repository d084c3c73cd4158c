"""Engine pieces: the atomic checkpoint backend (registered with mmengine
when this package is imported), the launch code of the training scripts and
a CPU DDP wrapper (``mmselfsup.engine.cpu_ddp``)."""
from .atomic_backend import AtomicLocalBackend

__all__ = ['AtomicLocalBackend']
