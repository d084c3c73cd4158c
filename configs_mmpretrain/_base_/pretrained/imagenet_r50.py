# The ImageNet-supervised baseline: torchvision's ResNet-50 (IMAGENET1K_V1),
# read from a local file so nothing is downloaded at run time, strictly (its
# classifier `fc` dropped). zero_init_residual=False: see gersp_r50.py.
pretrained_backbone = dict(
    zero_init_residual=False,
    init_cfg=dict(
        type='StrictPretrained',
        checkpoint='./pretrained/resnet50-0676ba61.pth',
        ignore_keys=[r'^fc\.'],
        missing_hint='Download it once: mkdir -p pretrained && wget -O '
        'pretrained/resnet50-0676ba61.pth '
        'https://download.pytorch.org/models/resnet50-0676ba61.pth '
        '(or point model.backbone.init_cfg.checkpoint at a copy).'))
