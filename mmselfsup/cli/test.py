"""``tools/test.py CONFIG CHECKPOINT [options]``: evaluate a fine-tuned
model of any downstream family (its own options: ``CONFIG CHECKPOINT
--help``)."""
import sys
from typing import List, Optional

from mmselfsup.engine.args import parse_test_args, test_parser
from mmselfsup.engine.config_build import read_config
from mmselfsup.engine.entry_points import reported_errors
from .families import family_of

DESCRIPTION = ('Evaluate a fine-tuned detector, segmentor or classifier, '
               "the toolbox picked from the config's default_scope")


def main(argv: Optional[List[str]] = None):
    """Returns the metrics of the evaluation."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # the config first, to know the family whose parser reads the rest
    known, _ = test_parser(complete=False).parse_known_args(argv)
    if known.config is None:
        parse_test_args(argv, DESCRIPTION)  # prints the usage and exits
    cfg = read_config(known.config)
    with reported_errors():
        family = family_of(cfg, known.config)
    return family.test(argv, cfg)
