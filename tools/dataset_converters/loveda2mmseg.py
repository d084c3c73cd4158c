"""Convert the LoveDA download (its zips) to the layout mmseg reads.

The converter is mmselfsup.dataset_converters.loveda2mmseg; --help tells the
rest.
"""
import sys

from mmselfsup.dataset_converters.loveda2mmseg import main

if __name__ == '__main__':
    sys.exit(main())
