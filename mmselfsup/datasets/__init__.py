from .fast_views import DecodeCropViews, ViewParams
from .gersp_dataset import GeRSPDataset
from .labeled_source import LabeledImageSource
from .loading import LoadImageReduced
from .transforms import GeRSPColorJitter
from .unlabeled_source import UnlabeledImageFolder

__all__ = [
    'DecodeCropViews', 'GeRSPColorJitter', 'GeRSPDataset',
    'LabeledImageSource', 'LoadImageReduced', 'UnlabeledImageFolder',
    'ViewParams'
]
