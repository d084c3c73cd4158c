"""Turn pre-training checkpoints into ResNet-50 backbone checkpoints."""
from .checkpoint import (FORMATS, ConversionError, check_layout,
                         convert_checkpoint, extract_backbone, load_checkpoint,
                         resnet50_layout, save_checkpoint, state_dict_of,
                         to_format)

__all__ = [
    'FORMATS', 'ConversionError', 'check_layout', 'convert_checkpoint',
    'extract_backbone', 'load_checkpoint', 'resnet50_layout',
    'save_checkpoint', 'state_dict_of', 'to_format'
]
