"""Decide how tools/install.sh builds mmcv's compiled ops (CPU or CUDA).

The implementation is mmselfsup.mmcv_build_plan; --help tells the rest.
"""
from mmselfsup.mmcv_build_plan import main

if __name__ == '__main__':
    main()
