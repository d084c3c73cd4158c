"""The mmseg plugin: what the segmentation fine-tuning adds to
MMSegmentation 1.x.

Segmentation configs import this package through ``custom_imports``.
Importing it checks the stack, makes mmengine load checkpoints safely and
registers the atomic checkpoint backend
(:func:`mmselfsup.engine.runtime.prepare_runtime`) and the strict
pretrained-backbone initializer (``type='StrictPretrained'``) and the hook
that keeps every evaluation (``EvaluationRecordHook``), both in mmengine's
root registry, which mmseg's registry falls back to. The models, datasets
and the mIoU metric are mmseg's own.
"""
from mmselfsup.engine.runtime import prepare_runtime

prepare_runtime()

from mmselfsup.engine.evaluation_record import \
    EvaluationRecordHook  # noqa: E402,E501
from mmselfsup.engine.strict_pretrained import \
    StrictPretrainedInit  # noqa: E402,E501
from .sync_bn import sync_bn_to_bn_on_cpu  # noqa: E402

# what the launchers say when the LoveDA path is missing
DATA_HINT = ('prepare it with python tools/dataset_converters/loveda2mmseg.py '
             'DIR -o data/loveda (DIR holding LoveDA\'s Train.zip and '
             'Val.zip; see data/README.md)')

__all__ = [
    'DATA_HINT', 'EvaluationRecordHook', 'StrictPretrainedInit',
    'sync_bn_to_bn_on_cpu'
]
