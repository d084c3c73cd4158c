"""Train a GeRSP model with mmengine's Runner.

Examples:
    python tools/train.py configs/selfsup/GeRSP/GeRSP_demo.py
    python tools/train.py CONFIG --work-dir results/GeRSP --resume
    torchrun --nproc_per_node=8 tools/train.py CONFIG --launcher pytorch
"""
from mmselfsup.engine.entry_points import train_main
from mmselfsup.registration import register_all_modules


def main(argv=None):
    register_all_modules(init_default_scope=False)
    train_main(argv, description='Train a GeRSP model')


if __name__ == '__main__':
    main()
