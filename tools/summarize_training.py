"""Summarise a pre-training run against its chance levels; plot its curves.

The implementation is mmselfsup.evaluation.training_summary; --help tells
the rest.
"""
from mmselfsup.evaluation.training_summary import main

if __name__ == '__main__':
    main()
