"""Pooled 2048-d features of a folder of images, from GeRSP weights.

The implementation is mmselfsup.analysis.extract_features; --help tells the
rest.
"""
from mmselfsup.analysis.extract_features import main

if __name__ == '__main__':
    main()
