"""Which toolbox runs a config: its ``default_scope`` names the family, and
each family is a module of this package with ``train(args, cfg)`` and
``test(argv, cfg)``."""
import importlib
from types import ModuleType

from mmengine.config import Config

from mmselfsup.errors import ToolboxError

FAMILIES = {
    'mmselfsup': 'pretraining',
    'mmdet': 'detection',
    'mmseg': 'segmentation',
    'mmpretrain': 'classification',
}


def family_of(cfg: Config, config: str) -> ModuleType:
    """The family module of a config read from the file ``config``."""
    scope = cfg.get('default_scope')
    if scope not in FAMILIES:
        raise ToolboxError(
            f'{config}: default_scope {scope!r} is none of the toolboxes '
            f'this project trains ({", ".join(sorted(FAMILIES))}: '
            'pre-training, MMDetection, MMSegmentation, MMPretrain)')
    return importlib.import_module(f'mmselfsup.cli.{FAMILIES[scope]}')
