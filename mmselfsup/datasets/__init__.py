from .fast_views import DecodeCropViews, ViewParams
from .gersp_dataset import GeRSPDataset
from .labeled_source import LabeledImageSource
from .loading import LoadImageReduced
from .transforms import GeRSPColorJitter
from .unlabeled_source import UnlabeledImageFolder
from .views import RELEASED_VIEW, check_view, view_pipeline

__all__ = [
    'DecodeCropViews', 'GeRSPColorJitter', 'GeRSPDataset',
    'LabeledImageSource', 'LoadImageReduced', 'UnlabeledImageFolder',
    'RELEASED_VIEW', 'ViewParams', 'check_view', 'view_pipeline'
]
