"""Time GeRSP against its compute floor and against torchvision.

The implementation is mmselfsup.analysis.benchmark_gersp; --help tells the
rest.
"""
from mmselfsup.analysis.benchmark_gersp import main

if __name__ == '__main__':
    main()
