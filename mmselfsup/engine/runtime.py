"""What every training or evaluation process sets up first."""
from mmselfsup.utils.checkpoint_loading import register_safe_checkpoint_loader
from mmselfsup.utils.setup_env import check_stack
from . import atomic_backend  # noqa: F401  (registers 'atomic_local')


def prepare_runtime() -> None:
    """The stack check, the safe checkpoint loader and (by importing this
    module) the atomic checkpoint backend ``atomic_local``."""
    check_stack()
    register_safe_checkpoint_loader()
