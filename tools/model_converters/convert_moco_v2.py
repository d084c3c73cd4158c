"""Convert a MoCo v2 ResNet-50 checkpoint into the backbone format of GeRSP.

The converter is mmselfsup.model_converters (preset 'moco_v2'); the release's
command M_Convert_Checkpoints/convert_moco_v2.py runs it too. --help tells the
rest.
"""
import sys

from mmselfsup.model_converters.cli import main

if __name__ == '__main__':
    sys.exit(main('moco_v2'))
