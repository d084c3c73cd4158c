"""Segmentation classes given once: ``train_dataloader.dataset.metainfo.
classes`` (and ``palette``) on the command line is followed by the val /
test sets and by ``model.decode_head.num_classes`` /
``model.auxiliary_head.num_classes``, and a head set against the classes is
refused (:mod:`mmselfsup.engine.class_follow`)."""
from typing import List, Optional

from mmselfsup.engine.class_follow import ClassMismatchError, check_classes

HEADS = ('decode_head', 'auxiliary_head')


def check_segmentation_classes(cfg,
                               options: Optional[dict] = None) -> List[str]:
    """:func:`check_classes` for mmseg's decode and auxiliary heads."""
    return check_classes(cfg, options, HEADS)


__all__ = ['ClassMismatchError', 'HEADS', 'check_segmentation_classes']
