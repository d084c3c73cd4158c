"""Resize the unlabeled pre-training images once to the short side the
configured RandomResizedCrop needs, for faster repeated epochs.

Examples:
    python tools/dataset_converters/prepare_unlabeled.py \
        data/million_aid/test data/million_aid_580/test
    python tools/dataset_converters/prepare_unlabeled.py SRC DST \
        --config configs/selfsup/GeRSP/GeRSP.py --workers 16

The converter is mmselfsup.dataset_converters.prepare_unlabeled; --help
tells the rest.
"""
import sys

from mmselfsup.dataset_converters.prepare_unlabeled import main

if __name__ == '__main__':
    sys.exit(main())
