"""Convert a Geography-Aware SSL checkpoint into the backbone format of GeRSP.

The converter is mmselfsup.model_converters (preset 'geo_aware'); the
release's command M_Convert_Checkpoints/convert_geo_aware.py runs it too.
--help tells the rest.
"""
import sys

from mmselfsup.model_converters.cli import main

if __name__ == '__main__':
    sys.exit(main('geo_aware'))
