"""Run one of the analysis tools that mmpretrain, mmdet and mmseg ship inside
their packages (``<package>/.mim/tools/...``) on our configs.

The implementation is mmselfsup.analysis.stock_tool; --help tells the rest.
"""
from mmselfsup.analysis.stock_tool import main

if __name__ == '__main__':
    main()
