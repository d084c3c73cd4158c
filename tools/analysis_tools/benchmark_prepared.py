"""What offline preparation of the unlabeled images buys: views per second
from the original and the prepared files, and the pixel difference of
their views.

The implementation is mmselfsup.analysis.benchmark_prepared; --help tells
the rest.
"""
from mmselfsup.analysis.benchmark_prepared import main

if __name__ == '__main__':
    main()
