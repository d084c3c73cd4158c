"""Convert DIOR's VOC-style annotations to the COCO json the configs read.

The converter is mmselfsup.dataset_converters.dior2coco; --help tells the
rest.
"""
import sys

from mmselfsup.dataset_converters.dior2coco import main

if __name__ == '__main__':
    sys.exit(main())
