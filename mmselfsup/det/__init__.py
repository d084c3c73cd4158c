"""What the detection fine-tuning adds to MMDetection 3.x.

Detection configs import this package through ``custom_imports``; it
registers, in mmdet's registries, a strict pretrained-backbone initializer,
COCO's bbox metrics with the per-class AP50 table the paper reports, and the
extra VOC-style AP50 table. Importing it also registers the atomic
checkpoint backend and the safe checkpoint loader of the toolbox.
"""
import mmselfsup.engine  # noqa: F401  (the 'atomic_local' file backend)
from .ap50_table import set_table_out_dir
from .coco_ap50_metric import CocoAP50Metric
from .strict_pretrained import StrictPretrainedInit
from .voc_ap50_metric import VOCAreaAP50Metric

__all__ = [
    'CocoAP50Metric', 'StrictPretrainedInit', 'VOCAreaAP50Metric',
    'set_table_out_dir'
]
