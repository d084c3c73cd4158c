"""The presets of the checkpoint converter, one per converter script: the
default source, where the backbone sits in the method's checkpoints, how to
get the file, and the script's --help text.

Each script runs as ``python tools/model_converters/convert_NAME.py`` and,
as in the release, ``python M_Convert_Checkpoints/convert_NAME.py``.
"""
from typing import NamedTuple, Optional, Tuple

_GERSP = """\
Convert a GeRSP pre-training checkpoint into a ResNet-50 backbone.

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
    python ./tools/model_converters/convert_gersp.py
    # a released model, full or converted, to where the configs read it:
    python ./tools/model_converters/convert_gersp.py --src GeRSP.pth \\
        --dst results/GeRSP/CVT_epoch_100.pth
    python ./tools/model_converters/convert_gersp.py --src results/GeRSP \\
        --dst pretrained --format torchvision
    # for timm / torchgeo, and a folder for the Hugging Face Hub:
    python ./tools/model_converters/convert_gersp.py --format timm
    python ./tools/model_converters/convert_gersp.py --format hf \\
        --dst GeRSP-resnet50

The default (mmdet) file is not for timm: timm.create_model(...,
pretrained_cfg_overlay=dict(file=...)) loads nothing from it (every key is
unexpected, and timm only warns); use --format timm, safetensors or hf.
"""

_CMID = """\
Convert a CMID ResNet-50 checkpoint into the backbone format of GeRSP.

CMID (https://github.com/NJU-LHRS/Official-CMID) releases a plain
torchvision ResNet-50 state dict; its keys get the prefix ``backbone.`` and
a classifier ``fc.*``, if present, is dropped. Files these scripts already
converted (either format) are accepted as well.

Without arguments it reads pretrained/cmid_resnet50.pth (save the released
weights there, or pass --src) and writes pretrained/CVT_cmid_resnet50.pth.

Examples:
    python ./tools/model_converters/convert_cmid.py
    python ./tools/model_converters/convert_cmid.py --src CMID_resnet50.pth \\
        --dst pretrained/cmid_backbone.pth
"""

_GEO_AWARE = """\
Convert a Geography-Aware SSL checkpoint into the backbone format of GeRSP.

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
    python ./tools/model_converters/convert_geo_aware.py
    python ./tools/model_converters/convert_geo_aware.py \\
        --src moco_geo_tp.pth.tar --dst pretrained/geo_aware_backbone.pth
"""


class Preset(NamedTuple):
    # the source when --src is not given: a file, or a folder whose
    # release_name file or else newest epoch_N.pth is taken
    default_src: str
    # where the backbone is, tried in order (converted files included)
    prefixes: Tuple[str, ...]
    missing_hint: str
    release_name: Optional[str] = None
    # the --help text: what is converted, the defaults, examples
    description: str = ''


PRESETS = {
    # training / release checkpoints and converted mmdet files; torchvision
    'gersp':
    Preset(
        'results/GeRSP', ('backbone.', ''),
        'pre-train first (bash tools/dist_train_GeRSP.sh), or pass --src '
        '(a released GeRSP file, full or converted)', 'epoch_100.pth', _GERSP),
    # the released plain state dict and converted torchvision files; mmdet
    'cmid':
    Preset(
        'pretrained/cmid_resnet50.pth', ('', 'backbone.'),
        'download the CMID ResNet-50 weights '
        '(https://github.com/NJU-LHRS/Official-CMID) to that path, or pass '
        '--src',
        description=_CMID),
    # the released MoCo checkpoint; converted mmdet and torchvision files
    'geo_aware':
    Preset(
        'pretrained/geo_aware_resnet50.pth',
        ('module.encoder_q.', 'backbone.', ''),
        'download a Geography-Aware SSL ResNet-50 checkpoint '
        '(https://github.com/sustainlab-group/geography-aware-ssl) to that '
        'path, or pass --src',
        description=_GEO_AWARE),
}
