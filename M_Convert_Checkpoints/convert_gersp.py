"""Convert a GeRSP pre-training checkpoint into a ResNet-50 backbone.

The release's command, the same as tools/model_converters/convert_gersp.py:
the converter is mmselfsup.model_converters (preset 'gersp'); --help tells
the rest.
"""
import sys

from mmselfsup.model_converters.cli import main

if __name__ == '__main__':
    sys.exit(main('gersp'))
