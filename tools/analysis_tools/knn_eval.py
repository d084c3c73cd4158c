"""Weighted kNN accuracy of a pre-training checkpoint's backbone (or of the
same network at random initialisation) on a labeled image set.

The implementation is mmselfsup.analysis.knn_eval; --help tells the rest.
"""
from mmselfsup.analysis.knn_eval import main

if __name__ == '__main__':
    main()
