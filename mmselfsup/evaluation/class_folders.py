"""Check a labeled image set laid out in class folders (standard library
only), so that a wrong path fails before training starts."""
import os
import os.path as osp
from typing import List, Optional

from mmselfsup.fileio import IMAGE_EXTENSIONS as TOOLBOX_IMAGES

# what Pillow reads of the class folders a kNN evaluation is given
IMAGE_EXTENSIONS = (*TOOLBOX_IMAGES, '.webp')


def class_folders(root: str) -> List[str]:
    """The sorted class folders of ``root``, each holding at least one
    image; a missing root, no class folder or an empty class is an error
    naming the folder."""
    if not osp.isdir(root):
        raise FileNotFoundError(
            f'{root} does not exist; expected one folder per class holding '
            f'its images ({root}/<class>/*.jpg)')
    classes = sorted(
        d for d in os.listdir(root) if osp.isdir(osp.join(root, d)))
    if not classes:
        raise ValueError(f'{root} holds no class folders; expected '
                         f'{root}/<class>/*.jpg')
    for name in classes:
        folder = osp.join(root, name)
        if not any(f.lower().endswith(IMAGE_EXTENSIONS)
                   for f in os.listdir(folder)):
            raise ValueError(
                f'class {name!r} has no images: {folder} holds no '
                f'{"/".join(IMAGE_EXTENSIONS)} file')
    return classes


def check_split(data_root: str,
                prefix: str,
                ann_file: str = '',
                classes: Optional[List[str]] = None) -> List[str]:
    """Check one split: its annotation file if given, else its class
    folders (which must be ``classes`` when given, so that both splits
    number the classes alike). Returns the class folders ([] with an
    annotation file)."""
    if ann_file:
        path = osp.join(data_root, ann_file)
        if not osp.isfile(path):
            raise FileNotFoundError(
                f'annotation file {path} does not exist; expected lines '
                '"<image path> <label>"')
        return []
    found = class_folders(osp.join(data_root, prefix))
    if classes is not None and found != classes:
        raise ValueError(
            f'{osp.join(data_root, prefix)} has the classes {found}, but the '
            f'memory bank has {classes}; both splits need the same class '
            'folders')
    return found
