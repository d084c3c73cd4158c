# Where every downstream toolbox reads the ImageNet-supervised baseline from:
# torchvision's ResNet-50 (IMAGENET1K_V1, what `torchvision://resnet50`
# resolves to), read from a local file so nothing is downloaded at run time,
# loaded strictly with its classifier `fc` dropped, so that a baseline and
# its GeRSP variant differ only in the backbone's weights. Each toolbox's
# _base_/pretrained/imagenet_r50.py inherits this and adds its own backbone
# settings.
pretrained_backbone = dict(
    init_cfg=dict(
        type='StrictPretrained',
        checkpoint='./pretrained/resnet50-0676ba61.pth',
        ignore_keys=[r'^fc\.'],
        missing_hint='Download it once: mkdir -p pretrained && wget -O '
        'pretrained/resnet50-0676ba61.pth '
        'https://download.pytorch.org/models/resnet50-0676ba61.pth '
        '(or point model.backbone.init_cfg.checkpoint at a copy).'))
