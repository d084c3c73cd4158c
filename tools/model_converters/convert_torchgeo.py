"""Convert a torchgeo RGB ResNet-50 weight file into the GeRSP backbone format.

The converter is mmselfsup.model_converters (preset 'torchgeo'); the release's
command M_Convert_Checkpoints/convert_torchgeo.py runs it too. --help tells the
rest.
"""
import sys

from mmselfsup.model_converters.cli import main

if __name__ == '__main__':
    sys.exit(main('torchgeo'))
