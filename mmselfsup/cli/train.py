"""``tools/train.py CONFIG [options]``: train any config of the project."""
from typing import List, Optional

from mmselfsup.engine.args import parse_train_args
from mmselfsup.engine.config_build import read_config
from mmselfsup.engine.entry_points import reported_errors
from .families import family_of

DESCRIPTION = ('Train a model: GeRSP pre-training or a detection, '
               'segmentation or classification fine-tuning, the toolbox '
               "picked from the config's default_scope")


def main(argv: Optional[List[str]] = None) -> None:
    args = parse_train_args(argv, description=DESCRIPTION)
    cfg = read_config(args.config)
    with reported_errors():
        family = family_of(cfg, args.config)
    family.train(args, cfg)
