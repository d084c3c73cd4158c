"""The paper's comparison table, one command: fine-tune and test every
(method, task, seed) cell through tools/train.py and tools/test.py, skip
the cells evaluated already, and print one row per method and one column
per task (mean ± sample std over the seeds, the paper's figure beside ours
and the difference), saved as markdown, CSV and a bar chart.

Examples:
    # the paper's whole table, as commands for a cluster
    python tools/benchmarks/benchmark_grid.py --paper --dry-run \\
        --launcher slurm --partition gpu --gpus 1
    python tools/benchmarks/benchmark_grid.py --methods gersp imp scratch \\
        --tasks dior-faster_rcnn eurosat-finetune --seeds 0 1 2
    python tools/benchmarks/benchmark_grid.py \\
        --methods mine=pretrained/CVT_mine.pth gersp \\
        --tasks loveda-psanet --report-only

More in docs/benchmarks.md.
"""
import sys

from mmselfsup.analysis.benchmark_grid import main

if __name__ == '__main__':
    sys.exit(main())
