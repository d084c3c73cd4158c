"""The unlabeled (remote-sensing) source of GeRSP: every image of a folder."""
import os.path as osp
from typing import List

from mmpretrain.datasets import CustomDataset
from mmpretrain.datasets.custom import get_samples

from mmselfsup.registry import DATASETS

IMAGE_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.tif', '.tiff', '.bmp')


@DATASETS.register_module()
class UnlabeledImageFolder(CustomDataset):
    """All images under ``data_root/data_prefix``, found recursively.

    Files are matched by extension, case-insensitively, and sorted by their
    relative path so that index ``i`` names the same image on every rank
    and every run.

    Args:
        data_root (str): Root of ``data_prefix``.
        data_prefix (str | dict): Folder of the images.
        extensions (Sequence[str]): Accepted file extensions.
        **kwargs: Other arguments of :class:`CustomDataset` (``pipeline``,
            ...).
    """

    def __init__(self,
                 data_root: str = '',
                 data_prefix='',
                 extensions=IMAGE_EXTENSIONS,
                 **kwargs):
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
