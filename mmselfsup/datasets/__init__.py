from .gersp_dataset import GeRSPDataset
from .labeled_source import LabeledImageSource
from .unlabeled_source import UnlabeledImageFolder

__all__ = ['GeRSPDataset', 'LabeledImageSource', 'UnlabeledImageFolder']
