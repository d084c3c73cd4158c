"""Fine-tune a detector with MMDetection 3.x (the release's command).

Examples:
    python ./train_mmdet.py ./configs_mmdet/faster_rcnn_GeRSP.py \
        --work-dir ./results/faster_rcnn_GeRSP
    python ./train_mmdet.py CONFIG --resume      # latest checkpoint
    bash tools/dist_train_mmdet.sh CONFIG 8      # 8 GPUs
"""
import os.path as osp
import sys

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))

from mmengine.runner import Runner  # noqa: E402

from mmselfsup.det import set_table_out_dir  # noqa: E402
from mmselfsup.engine.launch import (build_cfg, init_cpu_distributed,  # noqa: E402,E501
                                     parse_train_args)


def main(argv=None):
    args = parse_train_args(
        argv, description='Fine-tune a detector with MMDetection')
    cfg = build_cfg(args)
    set_table_out_dir(cfg, cfg.work_dir)
    init_cpu_distributed(cfg)
    runner = Runner.from_cfg(cfg)
    runner.train()


if __name__ == '__main__':
    main()
