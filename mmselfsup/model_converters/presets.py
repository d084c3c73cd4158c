"""The presets of the checkpoint converter, one per converter script: the
default source, where the backbone sits in the method's checkpoints, how to
get the file, and the script's --help text.

Each script runs as ``python tools/model_converters/convert_NAME.py`` and,
as in the release, ``python M_Convert_Checkpoints/convert_NAME.py``.
"""
from typing import NamedTuple, Optional, Tuple

from .checkpoint import KeyMap

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

_MOCO_V2 = """\
Convert a MoCo v2 ResNet-50 checkpoint into the backbone format of GeRSP.

MoCo v2 (https://github.com/facebookresearch/moco) releases
moco_v2_800ep_pretrain.pth.tar (and the 200-epoch file), written by its
main_moco.py as {'epoch', 'arch', 'state_dict', 'optimizer'}: 'state_dict'
is the state dict of MoCo (moco/builder.py) wrapped in
DistributedDataParallel, so the query encoder, a torchvision ResNet-50, is
``module.encoder_q.*``, with its MLP head (--mlp) ``module.encoder_q.fc.0``
/ ``fc.2`` (Linear 2048-2048, ReLU, Linear 2048-128); the momentum encoder
``module.encoder_k.*`` and the queue ``module.queue``, ``module.queue_ptr``
sit beside it. As its main_lincls.py does, the query encoder becomes the
backbone (``backbone.*``) and ``fc`` is dropped; the rest is left out. Files
these scripts already converted (either format) are accepted as well.

Without arguments it reads pretrained/moco_v2_800ep_pretrain.pth.tar (save
the released weights there, or pass --src) and writes
pretrained/CVT_moco_v2_800ep_pretrain.pth.tar.

Examples:
    python ./tools/model_converters/convert_moco_v2.py
    python ./tools/model_converters/convert_moco_v2.py \\
        --src moco_v2_200ep_pretrain.pth.tar --dst pretrained/moco_v2.pth
"""

_SECO = """\
Convert a SeCo ResNet-50 checkpoint into the backbone format of GeRSP.

Seasonal Contrast (https://github.com/ServiceNow/seasonal-contrast)
releases PyTorch Lightning checkpoints of its MocoV2 module
(models/moco2_module.py), e.g. seco_resnet50_1m.ckpt: the entry
'state_dict' holds the query encoder ``encoder_q.*``, which is
``nn.Sequential(*list(resnet50().children())[:-1], nn.Flatten())``, a
torchvision ResNet-50 without ``fc`` whose children are numbered: 0 conv1,
1 bn1, (2 relu, 3 maxpool: no weights), 4-7 layer1-layer4. These are
renamed to the torchvision names (``encoder_q.0.weight`` becomes
``backbone.conv1.weight``, ``encoder_q.4.0.conv1.weight``
``backbone.layer1.0.conv1.weight``); the momentum encoder ``encoder_k.*``,
the projection heads ``heads_q.*`` / ``heads_k.*`` and the queues are left
out. Files these scripts already converted (either format) are accepted as
well. A Lightning checkpoint may also hold Lightning objects that a safe
(weights_only=True) load refuses, such as its 'callbacks' keyed by the
callback class in Lightning 1.x; the error names the object and how to
allow it for a file you trust (which needs pytorch_lightning installed).
torchgeo republishes SeCo's ResNet-50 as a plain state dict
(ResNet50_Weights.SENTINEL2_RGB_SECO), which convert_torchgeo.py reads.

Without arguments it reads pretrained/seco_resnet50_1m.ckpt (save the
released weights there, or pass --src) and writes
pretrained/CVT_seco_resnet50_1m.ckpt.

Examples:
    python ./tools/model_converters/convert_seco.py
    python ./tools/model_converters/convert_seco.py \\
        --src seco_resnet50_100k.ckpt --dst pretrained/seco_backbone.pth
"""

_CACO = """\
Convert a CACo ResNet-50 checkpoint into the backbone format of GeRSP.

Change-Aware Contrastive learning (https://github.com/utkarshmall13/CACo)
is built on SeCo's code and releases each model twice
(src/utils/pretrained_checkpoints.py): a plain state dict, e.g.
resnet50_caco_geo_1m_200.pth, which its
notebooks/eurosat_eval_pytorch.ipynb loads into
``nn.Sequential(*list(resnet50().children())[:-1], nn.Flatten())``, so
its keys are that Sequential's, without a prefix; and the PyTorch
Lightning checkpoint of its MocoV2 module (src/models/moco2_module.py),
e.g. resnet50_caco_geo_1m_200.ckpt, whose 'state_dict' holds the query
encoder ``encoder_q.*``, the same Sequential. Either way the children are
numbered as in SeCo's: 0 conv1, 1 bn1, (2 relu, 3 maxpool: no weights),
4-7 layer1-layer4, and are renamed to the torchvision names
(``encoder_q.0.weight`` or ``0.weight`` becomes ``backbone.conv1.weight``);
the momentum encoder ``encoder_k.*``, the projection heads ``heads_q.*`` /
``heads_k.*`` and the queues are left out. Files these scripts already
converted (either format) are accepted as well. The .ckpt also holds
Lightning objects that a safe (weights_only=True) load refuses: its
'callbacks' keyed by the callback class (Lightning 1.x), and in its
'hyper_parameters' CACo's own datamodule object, which MocoV2 receives
and stores with save_hyperparameters() (src/main_pretrain.py); the error
names the object. Prefer the .pth, which holds tensors only.

Without arguments it reads pretrained/resnet50_caco_geo_1m_200.pth (save
the released weights there, or pass --src) and writes
pretrained/CVT_resnet50_caco_geo_1m_200.pth.

Examples:
    python ./tools/model_converters/convert_caco.py
    python ./tools/model_converters/convert_caco.py \\
        --src resnet50_caco_geo_100k_1000.pth --dst pretrained/caco_100k.pth
"""

_TORCHGEO = """\
Convert a torchgeo RGB ResNet-50 weight file into the backbone format of
GeRSP.

torchgeo (https://github.com/microsoft/torchgeo, torchgeo/models/resnet.py)
publishes its ResNet-50 weights, e.g. ResNet50_Weights.SENTINEL2_RGB_MOCO
(SSL4EO-S12, https://github.com/zhu-xlab/SSL4EO-S12) and
SENTINEL2_RGB_SECO, as plain state dicts of timm's resnet50, whose key
names are torchvision's; a classifier ``fc.*``, if present, is dropped and
the keys get the prefix ``backbone.``. Only the RGB (in_chans 3) weights
fit GeRSP's ResNet-50: a multispectral file (e.g. SENTINEL2_ALL_MOCO, a
13-channel stem conv1.weight of shape (64, 13, 7, 7)) is refused, as is
any other file whose stem or layers differ from ResNet-50's. Files these
scripts converted to --format torchvision / timm are accepted as well.

Without arguments it reads pretrained/resnet50_sentinel2_rgb_moco.pth
(save the downloaded weights there, or pass --src) and writes
pretrained/CVT_resnet50_sentinel2_rgb_moco.pth.

Examples:
    python ./tools/model_converters/convert_torchgeo.py
    python ./tools/model_converters/convert_torchgeo.py \\
        --src resnet50_sentinel2_rgb_seco.pth --dst pretrained/seco_rgb.pth
"""

_TOV = """\
Convert a TOV ResNet-50 checkpoint into the backbone format of GeRSP.

TOV (https://github.com/GeoX-Lab/G-RSIM, folder TOV_v1) releases
TOV_v1_model_pretrained_on_TOV-RS-balanced_ep800.pth.tar (linked from
TOV_v1/README.md). Its fine-tuning code reads the file as a torchvision
ResNet-50 state dict with torchvision's key names and no prefix, at the
top level or in the entry 'state_dict': load_ckpt
(TOV_v1/classification/utils/tools.py) takes 'state_dict' when present
and, with the default --map_keys '' 'features.' of main_cls.py, puts
``features.`` before every key, the prefix of the ResNet's named children
(conv1, bn1, layer1-layer4) in its ClsNet (models/cls_net.py). The keys
get the prefix ``backbone.`` and a classifier ``fc.*``, if present, is
dropped. TOV's pre-training code is not public and load_ckpt skips keys
it cannot place, so nothing shows what else the file may hold: anything
beside the ResNet-50 (a projection head, a queue) is refused, its keys
named, instead of being converted in part. Files these scripts already
converted (either format) are accepted as well.

Without arguments it reads
pretrained/TOV_v1_model_pretrained_on_TOV-RS-balanced_ep800.pth.tar (save
the released weights there, or pass --src) and writes
pretrained/CVT_TOV_v1_model_pretrained_on_TOV-RS-balanced_ep800.pth.tar.

Examples:
    python ./tools/model_converters/convert_tov.py
    python ./tools/model_converters/convert_tov.py \\
        --src TOV_v1_model_pretrained_on_TOV-RS-balanced_ep800.pth.tar \\
        --dst pretrained/tov_backbone.pth
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
    # renames of the first dotted name of a key, after the prefix is
    # stripped: (the source's name, the torchvision name)
    key_map: KeyMap = ()


# the encoder of SeCo and CACo is nn.Sequential(*list(resnet50().children())
# [:-1]): the children with weights, by their index
SEQUENTIAL_RESNET = (('0', 'conv1'), ('1', 'bn1'), ('4', 'layer1'),
                     ('5', 'layer2'), ('6', 'layer3'), ('7', 'layer4'))

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
    # the official MoCo v2 release; converted mmdet and torchvision files
    'moco_v2':
    Preset(
        'pretrained/moco_v2_800ep_pretrain.pth.tar',
        ('module.encoder_q.', 'backbone.', ''),
        'download moco_v2_800ep_pretrain.pth.tar '
        '(https://github.com/facebookresearch/moco) to that path, or pass '
        '--src',
        description=_MOCO_V2),
    # the Lightning checkpoint (positional keys); converted files
    'seco':
    Preset(
        'pretrained/seco_resnet50_1m.ckpt', ('encoder_q.', 'backbone.', ''),
        'download a SeCo ResNet-50 checkpoint '
        '(https://github.com/ServiceNow/seasonal-contrast) to that path, or '
        'pass --src',
        description=_SECO,
        key_map=SEQUENTIAL_RESNET),
    # the plain state dict and the Lightning checkpoint (positional keys
    # both); converted files
    'caco':
    Preset(
        'pretrained/resnet50_caco_geo_1m_200.pth',
        ('encoder_q.', 'backbone.', ''),
        'download a CACo ResNet-50 checkpoint '
        '(https://research.cs.cornell.edu/caco/checkpoints/, see '
        'https://github.com/utkarshmall13/CACo) to that path, or pass --src',
        description=_CACO,
        key_map=SEQUENTIAL_RESNET),
    # the plain timm state dicts of torchgeo's RGB weights
    'torchgeo':
    Preset(
        'pretrained/resnet50_sentinel2_rgb_moco.pth', ('', ),
        'download a torchgeo RGB ResNet-50 weight file, e.g. '
        'ResNet50_Weights.SENTINEL2_RGB_MOCO.url '
        '(https://github.com/microsoft/torchgeo), to that path, or pass '
        '--src',
        description=_TORCHGEO),
    # the released state dict (torchvision names) and converted files
    'tov':
    Preset(
        'pretrained/TOV_v1_model_pretrained_on_TOV-RS-balanced_ep800.pth.tar',
        ('', 'backbone.'),
        'download the TOV ResNet-50 weights (linked from TOV_v1/README.md '
        'of https://github.com/GeoX-Lab/G-RSIM) to that path, or pass --src',
        description=_TOV),
}
