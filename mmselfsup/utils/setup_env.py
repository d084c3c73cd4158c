from mmengine.registry import init_default_scope as _init_scope


def register_all_modules(init_default_scope: bool = True) -> None:
    """Import every module of the toolbox so it is in the registries.

    Args:
        init_default_scope (bool): Also make ``mmselfsup`` the default scope,
            so that mmengine's root registries find our modules first and
            fall back to mmpretrain's. Defaults to True.
    """
    import mmselfsup.datasets  # noqa: F401
    import mmselfsup.engine  # noqa: F401
    import mmselfsup.models  # noqa: F401
    from mmpretrain.utils import register_all_modules as mmpretrain_register
    mmpretrain_register(init_default_scope=False)
    if init_default_scope:
        _init_scope('mmselfsup')
