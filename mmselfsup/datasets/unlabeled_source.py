"""The unlabeled (remote-sensing) source of GeRSP: every image of a folder."""
import os.path as osp
from typing import List, Optional

from mmpretrain.datasets import CustomDataset
from mmpretrain.datasets.custom import get_samples

from mmselfsup.fileio import IMAGE_EXTENSIONS
from mmselfsup.registry import DATASETS
from .views import source_pipeline


@DATASETS.register_module()
class UnlabeledImageFolder(CustomDataset):
    """All images under ``data_root/data_prefix``, found recursively.

    Files are matched by extension, case-insensitively, and sorted by their
    relative path so that index ``i`` names the same image on every rank
    and every run.

    The pipeline is built from a view spec (``view``, see
    :mod:`mmselfsup.datasets.views`) and a decode mode, or given explicitly
    as ``pipeline`` (then ``view`` must be None).

    Args:
        data_root (str): Root of ``data_prefix``.
        data_prefix (str | dict): Folder of the images.
        extensions (Sequence[str]): Accepted file extensions.
        view (dict, optional): The view spec of the augmentation.
        num_views (int): Views per image built from ``view``; GeRSP's
            query and key by default. Defaults to 2.
        decode (str): ``'full'``, ``'reduced'`` or ``'crop'``, the loader
            of a pipeline built from ``view``. Defaults to ``'full'``.
        decode_args (dict, optional): Further arguments of that loader.
        **kwargs: Other arguments of :class:`CustomDataset` (``pipeline``,
            ...).
    """

    def __init__(self,
                 data_root: str = '',
                 data_prefix='',
                 extensions=IMAGE_EXTENSIONS,
                 view: Optional[dict] = None,
                 num_views: int = 2,
                 decode: str = 'full',
                 decode_args: Optional[dict] = None,
                 **kwargs):
        kwargs['pipeline'] = source_pipeline(
            type(self).__name__, kwargs.get('pipeline', ()), view, num_views,
            decode, decode_args)
        super().__init__(
            data_root=data_root,
            data_prefix=data_prefix,
            ann_file='',
            with_label=False,
            extensions=extensions,
            **kwargs)

    def load_data_list(self) -> List[dict]:
        root = self.img_prefix
        exts = ', '.join(sorted(self.extensions))
        if not osp.isdir(root):
            raise FileNotFoundError(
                f'Unlabeled image folder {root} does not exist; expected '
                f'images ({exts}) in it or in its sub-folders.')
        samples, _ = get_samples(root, None, self.is_valid_file)
        if not samples:
            raise FileNotFoundError(
                f'Unlabeled image folder {root} holds no image; expected '
                f'files with extensions {exts} in it or in its sub-folders.')
        return [dict(img_path=osp.join(root, path)) for path in samples]
