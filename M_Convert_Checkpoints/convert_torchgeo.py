"""Convert a torchgeo RGB ResNet-50 weight file into the GeRSP backbone format.

The release's command, the same as tools/model_converters/convert_torchgeo.py:
the converter is mmselfsup.model_converters (preset 'torchgeo'); --help tells
the rest.
"""
import sys

from mmselfsup.model_converters.cli import main

if __name__ == '__main__':
    sys.exit(main('torchgeo'))
