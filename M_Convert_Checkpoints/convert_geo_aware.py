"""Convert a Geography-Aware SSL checkpoint into the backbone format of GeRSP.

The release's command, the same as
tools/model_converters/convert_geo_aware.py: the converter is
mmselfsup.model_converters (preset 'geo_aware'); --help tells the rest.
"""
import sys

from mmselfsup.model_converters.cli import main

if __name__ == '__main__':
    sys.exit(main('geo_aware'))
