"""The mmpretrain plugin: what scene-classification fine-tuning adds to
MMPretrain 1.x.

Classification configs (``configs_mmpretrain/``) import this package
through ``custom_imports``. Importing it checks the stack, makes mmengine
load checkpoints safely and registers the atomic checkpoint backend
(:func:`mmselfsup.engine.runtime.prepare_runtime`), and registers the strict
pretrained-backbone initializer (``type='StrictPretrained'``) and the hook
that keeps every evaluation (``EvaluationRecordHook``), both in mmengine's
root registry, which mmpretrain's falls back to. Everything else the
configs use is mmpretrain's own (ImageClassifier, CustomDataset, Accuracy).
"""
from mmselfsup.engine.runtime import prepare_runtime

prepare_runtime()

from mmselfsup.classes import SCENE_DATASETS  # noqa: E402
from mmselfsup.engine.evaluation_record import \
    EvaluationRecordHook  # noqa: E402,E501
from mmselfsup.engine.strict_pretrained import \
    StrictPretrainedInit  # noqa: E402,E501

# what the launchers say when a classification dataset path is missing
DATA_HINT = (
    'prepare the split files with python '
    'tools/dataset_converters/make_cls_splits.py DATA_ROOT (' +
    ', '.join(d.data_root.rstrip('/')
              for d in SCENE_DATASETS.values()) + '; see the README)')

__all__ = ['DATA_HINT', 'EvaluationRecordHook', 'StrictPretrainedInit']
