"""Registration of every module of the toolbox.

The one module that imports the datasets, the models and the engine
together; nothing below it imports it, so the arrows of the package all
point down (``utils`` <- ``registry`` <- ``datasets`` / ``models`` <-
``engine`` <- the plugins and the entry points).
"""
from mmselfsup.engine.runtime import prepare_runtime


def register_all_modules(init_default_scope: bool = True) -> None:
    """Import every module of the toolbox so it is in the registries, after
    :func:`~mmselfsup.engine.runtime.prepare_runtime`.

    Args:
        init_default_scope (bool): Also make ``mmselfsup`` the default scope,
            so that mmengine's root registries find our modules first and
            fall back to mmpretrain's. Defaults to True.
    """
    prepare_runtime()
    from mmengine.registry import init_default_scope as init_scope
    from mmpretrain.utils import register_all_modules as mmpretrain_register

    import mmselfsup.datasets  # noqa: F401
    import mmselfsup.engine.cpu_ddp  # noqa: F401
    import mmselfsup.engine.hooks  # noqa: F401
    import mmselfsup.models  # noqa: F401
    mmpretrain_register(init_default_scope=False)
    if init_default_scope:
        init_scope('mmselfsup')
