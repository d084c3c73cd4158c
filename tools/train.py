"""Train a GeRSP model with mmengine's Runner.

Examples:
    python tools/train.py configs/selfsup/GeRSP/GeRSP_demo.py
    python tools/train.py CONFIG --work-dir results/GeRSP --resume
    torchrun --nproc_per_node=8 tools/train.py CONFIG --launcher pytorch
"""
from mmselfsup.engine.entry_points import train_main
from mmselfsup.engine.launch import build_cfg, parse_train_args
from mmselfsup.registration import register_all_modules

__all__ = ['parse_args', 'build_cfg', 'main']


def parse_args(argv=None):
    return parse_train_args(argv, description='Train a GeRSP model')


def main(argv=None):
    register_all_modules(init_default_scope=False)
    train_main(argv, description='Train a GeRSP model')


if __name__ == '__main__':
    main()
