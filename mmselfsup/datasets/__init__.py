from .gersp_dataset import GeRSPDataset
from .labeled_source import LabeledImageSource
from .loading import LoadImageReduced
from .transforms import ColorJitter
from .unlabeled_source import UnlabeledImageFolder

__all__ = [
    'ColorJitter', 'GeRSPDataset', 'LabeledImageSource', 'LoadImageReduced',
    'UnlabeledImageFolder'
]
