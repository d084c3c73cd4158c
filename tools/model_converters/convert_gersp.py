"""Convert a GeRSP pre-training checkpoint into a ResNet-50 backbone.

The converter is mmselfsup.model_converters (preset 'gersp'); the release's
command M_Convert_Checkpoints/convert_gersp.py runs it too. --help tells the
rest.
"""
import sys

from mmselfsup.model_converters.cli import main

if __name__ == '__main__':
    sys.exit(main('gersp'))
