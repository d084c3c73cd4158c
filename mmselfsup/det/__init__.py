"""What the detection fine-tuning adds to MMDetection 3.x.

Detection configs import this package through ``custom_imports``; it
registers, in mmdet's registries, a strict pretrained-backbone initializer
and the per-class AP50 table metric. Importing it also registers the atomic
checkpoint backend and the safe checkpoint loader of the toolbox.
"""
import mmselfsup.engine  # noqa: F401  (the 'atomic_local' file backend)
from .ap50_table_metric import AP50TableMetric, set_table_out_dir
from .strict_pretrained import StrictPretrainedInit

__all__ = ['AP50TableMetric', 'StrictPretrainedInit', 'set_table_out_dir']
