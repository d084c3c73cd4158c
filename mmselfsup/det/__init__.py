"""The mmdet plugin: what the detection fine-tuning adds to MMDetection 3.x.

Detection configs import this package through ``custom_imports``. Importing
it checks the stack, makes mmengine load checkpoints safely and registers
the atomic checkpoint backend
(:func:`mmselfsup.engine.runtime.prepare_runtime`), then registers, in
mmdet's registries, COCO's bbox metrics with the per-class AP50 table the
paper reports and the extra VOC-style AP50 table; in mmengine's root
registry, which mmdet's falls back to, a strict pretrained-backbone
initializer and the hook that keeps every evaluation with its provenance
(``EvaluationRecordHook``).
"""
from mmselfsup.engine.runtime import prepare_runtime

prepare_runtime()

from mmselfsup.engine import StrictPretrainedInit  # noqa: E402
from mmselfsup.engine.evaluation_record import \
    EvaluationRecordHook  # noqa: E402,E501
from .coco_ap50_metric import CocoAP50Metric  # noqa: E402
from .voc_ap50_metric import VOCAreaAP50Metric  # noqa: E402

# what the launchers say when a detection dataset path is missing
DATA_HINT = ('prepare it with python tools/dataset_converters/dior2coco.py '
             'data/DIOR or python tools/dataset_converters/dota2coco.py '
             'data/DOTA (see data/README.md)')

__all__ = [
    'CocoAP50Metric', 'DATA_HINT', 'EvaluationRecordHook',
    'StrictPretrainedInit', 'VOCAreaAP50Metric'
]
