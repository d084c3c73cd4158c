"""Convert a GeRSP pre-training checkpoint into a ResNet-50 backbone.

Run from the repo root without arguments, it does what the authors' script
does: reads results/GeRSP/epoch_100.pth (without it, the newest
results/GeRSP/epoch_N.pth, and says which) and writes
results/GeRSP/CVT_epoch_100.pth holding {'state_dict': {'backbone.*': ...}},
the form downstream mmdet / mmseg / mmpretrain configs load.

Sources: a checkpoint of this project's training or of the original release
(the student backbone ``backbone.*``, the same module as ``encoder_q.*``, is
taken; the EMA teacher ``encoder_k.*``, the projectors and the queue are
not), or a file these scripts already converted (either format); each
output line says which of these it found.

Examples:
    python ./M_Convert_Checkpoints/convert_gersp.py
    # a released model, full or converted, to where the configs read it:
    python ./M_Convert_Checkpoints/convert_gersp.py --src GeRSP.pth \\
        --dst results/GeRSP/CVT_epoch_100.pth
    python ./M_Convert_Checkpoints/convert_gersp.py --src results/GeRSP \\
        --dst pretrained --format torchvision
"""
import sys

from mmselfsup.converters.cli import main as convert


def main(argv=None) -> int:
    return convert('gersp', argv, description=__doc__)


if __name__ == '__main__':
    sys.exit(main())
