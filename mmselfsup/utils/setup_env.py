"""The check of the installed OpenMMLab stack.

Nothing here runs at import: :func:`mmselfsup.engine.runtime.prepare_runtime`
(called by the entry points, the plugins and
:func:`mmselfsup.registration.register_all_modules`) calls it.
"""
FIX_HINT = 'Run `make install` (or `bash tools/install.sh`) in the repo root.'
MMCV_RANGE = ('2.0.0rc4', '2.2.0')
MMENGINE_RANGE = ('0.10.0', '1.0.0')


def check_version(name: str, installed: str, low: str, high: str) -> None:
    """Raise an ImportError naming the versions and the fix unless
    ``low <= installed < high``."""
    from mmengine.utils import digit_version
    if not digit_version(low) <= digit_version(installed) < digit_version(
            high):
        raise ImportError(
            f'{name}=={installed} is installed, but the GeRSP toolbox needs '
            f'{low} <= {name} < {high}. {FIX_HINT}')


def check_stack() -> None:
    """mmcv and mmengine in the tested ranges, and mmcv's compiled ops
    loadable (mmdet and mmseg need them)."""
    import mmcv
    import mmengine
    check_version('mmcv', mmcv.__version__, *MMCV_RANGE)
    check_version('mmengine', mmengine.__version__, *MMENGINE_RANGE)
    try:
        import mmcv._ext  # noqa: F401  (the compiled ops)
    except ImportError as e:
        raise ImportError(
            f'mmcv=={mmcv.__version__} is installed without its compiled ops '
            f'(mmcv._ext failed to load: {e}); mmdet and mmseg need them. '
            f'{FIX_HINT}') from e
    check_ops_match_device(mmcv.__version__)


def check_ops_match_device(mmcv_version: str) -> None:
    """On a machine with a CUDA GPU, mmcv's ops must have been built for
    CUDA: CPU-only ops would fail in the middle of the first GPU step."""
    import torch
    from mmcv.ops import get_compiling_cuda_version
    if torch.cuda.is_available() and \
            get_compiling_cuda_version() == 'not available':
        raise ImportError(
            f"this machine has a CUDA GPU, but mmcv=={mmcv_version}'s "
            'compiled ops were built for the CPU only. Rebuild them with '
            'FORCE=1 FORCE_CUDA=1 make install (TORCH_CUDA_ARCH_LIST="8.0" '
            'or your GPU\'s architecture to build for it only).')
