"""Cut DOTA v1.0 into overlapping patches with COCO json annotations.

The converter is mmselfsup.dataset_converters.dota2coco; --help tells the
rest.
"""
import sys

from mmselfsup.dataset_converters.dota2coco import main

if __name__ == '__main__':
    sys.exit(main())
