"""Convert a CMID ResNet-50 checkpoint into the backbone format of GeRSP.

CMID (https://github.com/NJU-LHRS/Official-CMID) releases a plain
torchvision ResNet-50 state dict; its keys get the prefix ``backbone.`` and
a classifier ``fc.*``, if present, is dropped. Files these scripts already
converted (either format) are accepted as well.

Without arguments it reads pretrained/cmid_resnet50.pth (save the released
weights there, or pass --src) and writes pretrained/CVT_cmid_resnet50.pth.

Examples:
    python ./M_Convert_Checkpoints/convert_cmid.py
    python ./M_Convert_Checkpoints/convert_cmid.py --src CMID_resnet50.pth \\
        --dst pretrained/cmid_backbone.pth
"""
import sys

from mmselfsup.converters.cli import main as convert


def main(argv=None) -> int:
    return convert('cmid', argv, description=__doc__)


if __name__ == '__main__':
    sys.exit(main())
