"""Classes given once, followed before the Runner (segmentation and scene
classification; detection, :mod:`mmselfsup.det.class_check`, shares the
walk over the datasets and adds its COCO checks).

mmseg's and mmpretrain's heads do not read the dataset: with
``num_classes`` left at the template's value, a model trains on as many
outputs and the evaluation silently ignores what it predicts beyond the
classes. The training set's
``metainfo.classes`` is the source: when it is given on the command line,
the val / test datasets whose classes are not given take it (and its
``palette``, when given), and every head whose ``num_classes`` is not given
takes its length, so overriding the classes once is enough.
"""
from typing import Iterator, List, Optional, Sequence, Tuple

from mmselfsup.errors import ToolboxError

LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')
CLASSES = 'metainfo.classes'


class ClassMismatchError(ToolboxError, ValueError):
    """Heads, datasets (and annotation files) disagree on the classes."""


def _datasets(cfg, path: str) -> Iterator[Tuple[str, dict]]:
    """(dotted path, dict) of the innermost datasets, wrappers unrolled."""
    if not isinstance(cfg, dict):
        return
    inner = [(f'{path}.dataset', cfg.get('dataset'))]
    inner += [(f'{path}.datasets.{i}', d)
              for i, d in enumerate(cfg.get('datasets') or [])]
    if any(isinstance(d, dict) for _, d in inner):
        for sub_path, sub in inner:
            yield from _datasets(sub, sub_path)
    else:
        yield path, cfg


def loader_datasets(cfg) -> Iterator[Tuple[str, dict]]:
    for name in LOADERS:
        loader = cfg.get(name)
        if isinstance(loader, dict):
            yield from _datasets(loader.get('dataset'), f'{name}.dataset')


def _heads(model, names: Sequence[str]) -> Iterator[Tuple[str, dict]]:
    """(dotted path, dict) of the heads ``model.<name>`` (or their items
    when a name holds a list of heads)."""
    for name in names:
        head = (model or {}).get(name)
        heads = head if isinstance(head, (list, tuple)) else [head]
        for i, h in enumerate(heads):
            if isinstance(h, dict) and 'num_classes' in h:
                path = f'model.{name}' + (f'.{i}' if isinstance(
                    head, (list, tuple)) else '')
                yield path, h


def option_given(path: str, options: Optional[dict]) -> bool:
    """Whether a --cfg-options key sets ``path`` or a part of it."""
    return any(
        key == path or path.startswith(key + '.') or key.startswith(path + '.')
        for key in options or {})


def follow_training_classes(cfg, options: Optional[dict],
                            heads: Sequence[str]) -> List[str]:
    """Where ``train_dataloader.dataset.metainfo.classes`` is given in
    ``options``, spread it to the other datasets and the heads whose
    classes / ``num_classes`` are not given; notices of what moved."""
    datasets = list(loader_datasets(cfg))
    train = [(p, d) for p, d in datasets if p.startswith(LOADERS[0])]
    if not train or not option_given(f'{train[0][0]}.{CLASSES}', options):
        return []
    train_meta = train[0][1].metainfo
    classes = tuple(train_meta.classes)
    notices = []
    for path, dataset in datasets[1:]:
        if option_given(f'{path}.{CLASSES}', options):
            continue
        if not dataset.get('metainfo'):
            dataset['metainfo'] = {}
        meta = dataset['metainfo']
        meta['classes'] = classes
        if train_meta.get('palette') is not None:
            meta['palette'] = train_meta.palette
        elif len(meta.get('palette') or classes) != len(classes):
            meta.pop('palette')  # mmseg draws one per class
        notices.append(f'{path}.{CLASSES} follows the training classes')
    palette = train_meta.get('palette')
    if palette is not None and len(palette) != len(classes):
        raise ClassMismatchError(
            f'{train[0][0]}.metainfo.palette has {len(palette)} colours for '
            f'{len(classes)} classes; give one [r, g, b] per class')
    for path, head in _heads(cfg.get('model'), heads):
        if not option_given(f'{path}.num_classes', options) and \
                head['num_classes'] != len(classes):
            notices.append(f"{path}.num_classes: {head['num_classes']} -> "
                           f'{len(classes)} (the training classes)')
            head['num_classes'] = len(classes)
    return notices


def common_classes(cfg, check_dataset=None) -> Optional[tuple]:
    """(path, classes) of the first dataset that names its classes, after
    checking every other one names the same (and, if given, calling
    ``check_dataset(path, dataset, classes)`` on each); None if none
    does."""
    reference = None
    for path, dataset in loader_datasets(cfg):
        classes = tuple((dataset.get('metainfo') or {}).get('classes') or ())
        if not classes:
            continue
        reference = reference or (path, classes)
        if classes != reference[1]:
            raise ClassMismatchError(
                f'{path}.{CLASSES} {list(classes)} differs from '
                f'{reference[0]}.{CLASSES} {list(reference[1])}; give every '
                'dataset the same classes in the same order')
        if check_dataset is not None:
            check_dataset(path, dataset, classes)
    return reference


def check_classes(cfg, options: Optional[dict],
                  heads: Sequence[str]) -> List[str]:
    """Make the classes follow the training set's where only they were
    given, then check the datasets and the heads ``model.<name>`` of
    ``heads`` agree.

    Returns:
        list[str]: notices of the values that followed.

    Raises:
        ClassMismatchError: naming the keys and the fix.
    """
    notices = follow_training_classes(cfg, options, heads)
    reference = common_classes(cfg)
    if reference is None:
        return notices
    path, classes = reference
    for head_path, head in _heads(cfg.get('model'), heads):
        if head['num_classes'] != len(classes):
            raise ClassMismatchError(
                f"{head_path}.num_classes is {head['num_classes']} but "
                f'{path}.{CLASSES} names {len(classes)} classes; set '
                f'{head_path}.num_classes={len(classes)} (or give only the '
                'classes: the heads then follow them)')
    return notices
