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
import os.path as osp
import sys

# a safety net for checkouts without an installed mmselfsup
sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))

from mmselfsup.converters import cli  # noqa: E402

DEFAULT_SRC = 'pretrained/cmid_resnet50.pth'
# the released plain state dict and converted torchvision files; mmdet files
PREFIXES = ('', 'backbone.')
MISSING_HINT = ('download the CMID ResNet-50 weights '
                '(https://github.com/NJU-LHRS/Official-CMID) to that path, '
                'or pass --src')


def main(argv=None) -> int:
    return cli.main(
        argv, description=__doc__, prefixes=PREFIXES,
        default_src=DEFAULT_SRC, missing_hint=MISSING_HINT)


if __name__ == '__main__':
    sys.exit(main())
