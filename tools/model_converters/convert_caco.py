"""Convert a CACo ResNet-50 checkpoint into the backbone format of GeRSP.

The converter is mmselfsup.model_converters (preset 'caco'); the release's
command M_Convert_Checkpoints/convert_caco.py runs it too. --help tells the
rest.
"""
import sys

from mmselfsup.model_converters.cli import main

if __name__ == '__main__':
    sys.exit(main('caco'))
