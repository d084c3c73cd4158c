# The ImageNet-supervised baseline: torchvision's ResNet-50 (IMAGENET1K_V1,
# what mmdet's `torchvision://resnet50` resolves to), read from a local file
# so nothing is downloaded at run time; stem + stage 1 frozen, BN in eval mode
# with trainable affine parameters (the release's base_*.py backbones).
pretrained_backbone = dict(
    frozen_stages=1,
    norm_cfg=dict(type='BN', requires_grad=True),
    norm_eval=True,
    init_cfg=dict(
        type='StrictPretrained',
        checkpoint='./pretrained/resnet50-0676ba61.pth',
        ignore_keys=[r'^fc\.'],
        missing_hint='Download it once: mkdir -p pretrained && wget -O '
        'pretrained/resnet50-0676ba61.pth '
        'https://download.pytorch.org/models/resnet50-0676ba61.pth '
        '(or point model.backbone.init_cfg.checkpoint at a copy).'))
