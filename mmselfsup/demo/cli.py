"""``tools/generate_demo_data.py [--kind KIND] ...``: the one command that
writes every generated stand-in; the other arguments go to the kind's own
command line (``--kind KIND --help`` lists them)."""
import argparse
import importlib
import sys
from typing import List, Optional

# kind -> (module of mmselfsup.demo, what it stands in for)
KINDS = {
    'pretraining': ('pretraining', 'ImageNet + Million-AID (+ a kNN set), '
                    'for the pre-training demo; the default'),
    'dior': ('dior', 'DIOR (VOC-style XML), for the detection demo'),
    'loveda': ('loveda', 'LoveDA tiles and masks, for the segmentation '
               'demo'),
    'classification': ('classification', 'scene-class folders, for the '
                       'classification demo'),
}


def main(argv: Optional[List[str]] = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        description='Write a generated stand-in dataset for the demos and '
        'the tests.',
        epilog='kinds: ' + '; '.join(f'{k}: {v[1]}' for k, v in KINDS.items()),
        add_help=False)
    parser.add_argument('--kind', choices=sorted(KINDS), default='pretraining')
    args, rest = parser.parse_known_args(argv)
    asked_for_help = bool({'-h', '--help'} & set(rest))
    if asked_for_help and not any(a.startswith('--kind') for a in argv):
        parser.print_help()  # the kinds; --kind KIND --help: its arguments
        return
    module = importlib.import_module(f'mmselfsup.demo.{KINDS[args.kind][0]}')
    module.main(rest)
