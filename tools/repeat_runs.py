"""Fine-tune one classification config once per seed and report top-1 as mean
+- standard deviation over the runs, as the paper's tables do.

The implementation is mmselfsup.evaluation.repeat_runs; --help tells the
rest.
"""
import sys

from mmselfsup.evaluation.repeat_runs import main

if __name__ == '__main__':
    sys.exit(main())
