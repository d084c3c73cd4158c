"""Engine pieces: the atomic checkpoint backend and the strict pretrained
initializer (both registered with mmengine when this package is imported),
the command-line, config and process set-up of the training scripts
(args, config_build, process, entry_points) and a CPU DDP wrapper
(``mmselfsup.engine.cpu_ddp``)."""
from .atomic_backend import AtomicLocalBackend
from .strict_pretrained import StrictPretrainedInit

__all__ = ['AtomicLocalBackend', 'StrictPretrainedInit']
