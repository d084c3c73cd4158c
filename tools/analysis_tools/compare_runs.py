"""Per-class AP50 of several detection runs side by side (e.g. GeRSP vs the
ImageNet baseline), with the difference to the first run and the mean.

The implementation is mmselfsup.evaluation.compare_runs; --help tells the
rest.
"""
from mmselfsup.evaluation.compare_runs import main

if __name__ == '__main__':
    main()
