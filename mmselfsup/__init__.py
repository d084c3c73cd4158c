"""GeRSP toolbox: checks at import that the OpenMMLab stack is usable."""
from mmengine.utils import digit_version

from .version import __version__

MMCV_MIN, MMCV_MAX = '2.0.0rc4', '2.2.0'
MMENGINE_MIN, MMENGINE_MAX = '0.10.0', '1.0.0'
FIX_HINT = 'Run `make install` (or `bash tools/install.sh`) in the repo root.'


def _check_version(name: str, installed: str, low: str, high: str) -> None:
    if not digit_version(low) <= digit_version(installed) < digit_version(high):
        raise ImportError(
            f'{name}=={installed} is installed, but the GeRSP toolbox needs '
            f'{low} <= {name} < {high}. {FIX_HINT}')


def _check_stack() -> None:
    import mmcv
    import mmengine
    _check_version('mmcv', mmcv.__version__, MMCV_MIN, MMCV_MAX)
    _check_version('mmengine', mmengine.__version__, MMENGINE_MIN,
                   MMENGINE_MAX)
    try:
        import mmcv._ext  # noqa: F401  (the compiled ops)
    except ImportError as e:
        raise ImportError(
            f'mmcv=={mmcv.__version__} is installed without its compiled ops '
            f'(mmcv._ext failed to load: {e}); mmdet and mmseg need them. '
            f'{FIX_HINT}') from e


_check_stack()

from .utils.checkpoint_loading import register_safe_checkpoint_loader  # noqa: E402,E501

register_safe_checkpoint_loader()

__all__ = ['__version__']
