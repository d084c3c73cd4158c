"""Convert a GeRSP pre-training checkpoint into a ResNet-50 backbone.

Run from the repo root without arguments, it does what the authors' script
does: reads results/GeRSP/epoch_100.pth and writes
results/GeRSP/CVT_epoch_100.pth holding {'state_dict': {'backbone.*': ...}},
the form downstream mmdet / mmseg / mmpretrain configs load.

Sources: a checkpoint of this project's training or of the original release
(the student backbone ``backbone.*``, the same module as ``encoder_q.*``, is
taken; the EMA teacher ``encoder_k.*``, the projectors and the queue are
not), or a file these scripts already converted (either format).

Examples:
    python ./M_Convert_Checkpoints/convert_gersp.py
    python ./M_Convert_Checkpoints/convert_gersp.py --src work_dirs/GeRSP \\
        --dst pretrained --format torchvision
"""
import os.path as osp
import sys

# a safety net for checkouts without an installed mmselfsup
sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))

from mmselfsup.converters import cli  # noqa: E402

DEFAULT_SRC = 'results/GeRSP/epoch_100.pth'
# training / release checkpoints and converted mmdet files; torchvision files
PREFIXES = ('backbone.', '')
MISSING_HINT = ('pre-train first (bash tools/dist_train_GeRSP.sh) or pass '
                '--src')


def main(argv=None) -> int:
    return cli.main(
        argv, description=__doc__, prefixes=PREFIXES,
        default_src=DEFAULT_SRC, missing_hint=MISSING_HINT)


if __name__ == '__main__':
    sys.exit(main())
