"""The DALI data path against the worker pipeline: samples per second per
device and per core, and (on a GPU) the training step fed by each.

The implementation is mmselfsup.analysis.benchmark_dali; --help tells the
rest.
"""
from mmselfsup.analysis.benchmark_dali import main

if __name__ == '__main__':
    main()
