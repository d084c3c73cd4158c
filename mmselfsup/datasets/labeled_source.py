"""The labeled (natural-image) source of GeRSP: ImageNet-style data."""
import os
import os.path as osp
from collections import defaultdict
from typing import Dict, List, Optional, Tuple

from mmpretrain.datasets import CustomDataset

from mmselfsup.registry import DATASETS
from .views import source_pipeline


@DATASETS.register_module()
class LabeledImageSource(CustomDataset):
    """Labeled images read from an annotation list or from class folders.

    With ``ann_file`` set, every non-blank line reads
    ``relative/path.JPEG <label>`` (the path relative to ``data_prefix``;
    spaces in the path are allowed, the label is the last field). Unless
    ``metainfo`` names the classes, the name of class ``k`` is the top-level
    folder of its images (the wnid for ImageNet) or ``str(k)`` when its
    images do not share one.

    With ``ann_file=''``, the sub-folders of ``data_prefix`` are the
    classes, sorted by name, and their images are found recursively
    (:class:`mmpretrain.datasets.CustomDataset` does the scan).

    Every annotated image is checked to exist when the list is loaded, so a
    stale list fails at start-up instead of in a dataloader worker hours
    later. The check lists each image directory once (one ``os.scandir``
    per folder, 1000 for ImageNet) and tests membership in memory, which is
    cheaper than one ``stat`` per line on 1.28 M lines.

    The pipeline is built from a view spec (``view``, see
    :mod:`mmselfsup.datasets.views`) and a decode mode, or given explicitly
    as ``pipeline`` (then ``view`` must be None).

    Args:
        data_root (str): Root of ``ann_file`` and ``data_prefix``.
        ann_file (str): Annotation list; '' to scan class folders.
        data_prefix (str | dict): Folder of the images.
        view (dict, optional): The view spec of the augmentation.
        num_views (int): Views per image built from ``view``. Defaults
            to 1.
        decode (str): ``'full'``, ``'reduced'`` or ``'crop'``, the loader
            of a pipeline built from ``view``. Defaults to ``'full'``.
        decode_args (dict, optional): Further arguments of that loader.
        **kwargs: Other arguments of :class:`CustomDataset` (``pipeline``,
            ``metainfo``, ``extensions``, ...).
    """

    def __init__(self,
                 data_root: str = '',
                 ann_file: str = '',
                 data_prefix='',
                 view: Optional[dict] = None,
                 num_views: int = 1,
                 decode: str = 'full',
                 decode_args: Optional[dict] = None,
                 **kwargs):
        kwargs['pipeline'] = source_pipeline(
            type(self).__name__, kwargs.get('pipeline', ()), view, num_views,
            decode, decode_args)
        super().__init__(
            data_root=data_root,
            ann_file=ann_file,
            data_prefix=data_prefix,
            with_label=True,
            **kwargs)

    def load_data_list(self) -> List[dict]:
        root = self.img_prefix
        if not osp.isdir(root):
            expected = (f'the images listed in {self.ann_file}'
                        if self.ann_file else
                        'one sub-folder of images per class')
            raise FileNotFoundError(
                f'Labeled image folder {root} does not exist; expected '
                f'{expected} there.')
        if self.ann_file:
            return self._read_ann_file()
        if not any(entry.is_dir() for entry in os.scandir(root)):
            raise FileNotFoundError(
                f'Labeled image folder {root} has no class sub-folders; '
                f'expected {root}/<class>/<image> with extensions '
                f'{", ".join(sorted(self.extensions))}.')
        return super().load_data_list()

    def _read_ann_file(self) -> List[dict]:
        if not osp.isfile(self.ann_file):
            raise FileNotFoundError(
                f'Annotation file {self.ann_file} does not exist.')
        samples = []
        with open(self.ann_file, encoding='utf-8') as f:
            for lineno, line in enumerate(f, start=1):
                if line.strip():
                    samples.append(self._parse_line(line, lineno))
        if not samples:
            raise ValueError(f'Annotation file {self.ann_file} is empty.')
        self._check_files_exist(samples)
        if self.CLASSES is None:
            self._metainfo['classes'] = _class_names(samples)
        elif max(label for _, label, _ in samples) >= len(self.CLASSES):
            raise ValueError(
                f'{self.ann_file} has labels up to '
                f'{max(label for _, label, _ in samples)} but metainfo '
                f'names only {len(self.CLASSES)} classes.')
        return [
            dict(img_path=osp.join(self.img_prefix, path), gt_label=label)
            for path, label, _ in samples
        ]

    def _parse_line(self, line: str, lineno: int) -> Tuple[str, int, int]:
        fields = line.strip().rsplit(maxsplit=1)
        if len(fields) == 2 and fields[1].isdigit():
            return fields[0], int(fields[1]), lineno
        raise ValueError(
            f'{self.ann_file}, line {lineno}: expected '
            f'"<relative/path> <non-negative integer label>", got '
            f'{line.rstrip()!r}.')

    def _check_files_exist(self, samples: List[Tuple[str, int, int]]):
        listings: Dict[str, set] = {}
        for path, _, lineno in samples:
            folder, name = osp.split(osp.join(self.img_prefix, path))
            if folder not in listings:
                listings[folder] = ({
                    entry.name
                    for entry in os.scandir(folder)
                } if osp.isdir(folder) else set())
            if name not in listings[folder]:
                raise FileNotFoundError(
                    f'{self.ann_file}, line {lineno}: image {path} not '
                    f'found (looked for {osp.join(folder, name)}).')


def _class_names(samples: List[Tuple[str, int, int]]) -> Tuple[str, ...]:
    """Name each label after the one top-level folder its images share."""
    folders = defaultdict(set)
    for path, label, _ in samples:
        parts = path.replace('\\', '/').split('/')
        folders[label].add(parts[0] if len(parts) > 1 else None)
    names = []
    for label in range(max(folders) + 1):
        shared = folders.get(label, set())
        folder = next(iter(shared)) if len(shared) == 1 else None
        names.append(folder or str(label))
    return tuple(names)
