"""GeRSP pre-training (``default_scope = 'mmselfsup'``)."""
import argparse
from typing import List

from mmengine.config import Config

from mmselfsup.engine.entry_points import reported_errors, train_main
from mmselfsup.errors import ToolboxError
from mmselfsup.registration import register_all_modules


def train(args: argparse.Namespace, cfg: Config) -> None:
    register_all_modules(init_default_scope=False)
    train_main(args, cfg)


def test(argv: List[str], cfg: Config) -> None:
    with reported_errors():
        raise ToolboxError(
            'a pre-training config has no test split: measure a checkpoint '
            'with python tools/analysis_tools/knn_eval.py CONFIG --checkpoint '
            'CKPT --data-root DIR, or fine-tune it (configs_mmdet/, '
            'configs_mmseg/, configs_mmpretrain/)')
