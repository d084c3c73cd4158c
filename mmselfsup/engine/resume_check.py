"""Check a ``--resume`` checkpoint before anything starts.

mmengine's resume reads ``meta`` (epoch, iteration, seed), ``state_dict``
and the optimizer's state from a file the training wrote. Given another
file (a converted backbone, a torchvision state dict) it fails after the
model and the data are built, with ``KeyError: 'meta'``. Here the file is
opened memory-mapped (no tensor is read) and checked first; its SHA-256
sidecar is checked by the load itself.
"""
from mmselfsup.errors import ToolboxError
from mmselfsup.utils.checkpoint_loading import is_zip_file, safe_torch_load

RESUME_KEYS = ('meta', 'state_dict')


class NotResumableError(ToolboxError):
    """A --resume file that holds no training state."""


def _what(ckpt) -> str:
    if not isinstance(ckpt, dict):
        return f'a {type(ckpt).__name__}'
    state = ckpt.get('state_dict', ckpt)
    keys = [k for k in state
            if isinstance(k, str)] if isinstance(state, dict) else []
    if keys and all(k.startswith('backbone.') for k in keys):
        return 'a converted backbone file (weights only)'
    if 'conv1.weight' in keys:
        return 'a plain ResNet state dict (weights only)'
    return f'a dict with the keys {", ".join(map(str, list(ckpt)[:5]))}'


def check_resume_checkpoint(path: str) -> None:
    """Refuse a ``--resume`` file that is not a training checkpoint, saying
    what it is and how to start from its weights instead.

    Raises:
        NotResumableError, CorruptedFileError, NotACheckpointError.
    """
    try:
        ckpt = safe_torch_load(
            path, map_location='cpu', mmap=is_zip_file(path))
    except ToolboxError:
        raise
    except Exception as e:  # torch.load raises many types on other files
        raise NotResumableError(
            f'--resume {path}: it cannot be read as a checkpoint '
            f'({type(e).__name__}: {e})') from e
    if isinstance(ckpt, dict) and all(k in ckpt for k in RESUME_KEYS):
        return
    raise NotResumableError(
        f'--resume {path}: it is {_what(ckpt)}, not a checkpoint of a '
        f'training run (expected the keys {" and ".join(RESUME_KEYS)} that '
        'the runner writes, as in epoch_N.pth). To start a new run from '
        'its weights, pass --cfg-options load_from=PATH (whole model) or '
        'set the backbone\'s init_cfg checkpoint instead')
