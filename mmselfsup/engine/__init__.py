"""Engine pieces: the atomic checkpoint backend and the strict pretrained
initializer (both registered with mmengine when this package is imported),
the launch code of the training scripts and a CPU DDP wrapper
(``mmselfsup.engine.cpu_ddp``)."""
from .atomic_backend import AtomicLocalBackend
from .strict_pretrained import StrictPretrainedInit

__all__ = ['AtomicLocalBackend', 'StrictPretrainedInit']
