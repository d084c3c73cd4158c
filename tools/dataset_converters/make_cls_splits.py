"""Seeded, stratified splits of a scene-classification dataset in class

The converter is mmselfsup.dataset_converters.make_cls_splits; --help tells
the rest.
"""
import sys

from mmselfsup.dataset_converters.make_cls_splits import main

if __name__ == '__main__':
    sys.exit(main())
