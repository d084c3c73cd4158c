"""GeRSP toolbox.

Importing the package (or its pure helpers: :mod:`mmselfsup.fileio`,
:mod:`mmselfsup.classes`, :mod:`mmselfsup.model_converters`,
:mod:`mmselfsup.dataset_converters`, :mod:`mmselfsup.demo`) is cheap and
changes nothing global. The check of the OpenMMLab stack and the
registration of modules and of the safe checkpoint loader happen where they
are needed:
:func:`mmselfsup.registration.register_all_modules`, the mmdet plugin
``mmselfsup.det`` (``custom_imports`` of the detection configs) and the
training entry points.
"""
from .version import __version__

__all__ = ['__version__']
