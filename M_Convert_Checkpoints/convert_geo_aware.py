"""Convert a Geography-Aware SSL checkpoint into the backbone format of GeRSP.

Geography-Aware SSL (https://github.com/sustainlab-group/geography-aware-ssl)
releases MoCo-v2 checkpoints, {'state_dict': {'module.encoder_q.*': ...}}:
the query encoder becomes ``backbone.*``; its MLP head
``module.encoder_q.fc.*``, the momentum encoder ``module.encoder_k.*`` and
the queue are dropped. Files these scripts already converted (either
format) are accepted as well.

Without arguments it reads pretrained/geo_aware_resnet50.pth (save the
released weights there, or pass --src) and writes
pretrained/CVT_geo_aware_resnet50.pth.

Examples:
    python ./M_Convert_Checkpoints/convert_geo_aware.py
    python ./M_Convert_Checkpoints/convert_geo_aware.py \\
        --src moco_geo_tp.pth.tar --dst pretrained/geo_aware_backbone.pth
"""
import sys

from mmselfsup.converters.cli import main as convert


def main(argv=None) -> int:
    return convert('geo_aware', argv, description=__doc__)


if __name__ == '__main__':
    sys.exit(main())
