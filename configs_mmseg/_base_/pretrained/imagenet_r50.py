# The ImageNet-supervised baseline: torchvision's ResNet-50 (IMAGENET1K_V1,
# what `torchvision://resnet50` resolves to), read from a local file so
# nothing is downloaded at run time; its 318 backbone tensors loaded strictly
# into the same plain-stem dilated ResNet-50 as the GeRSP variant (its
# classifier fc.* dropped), so that the two recipes differ only in the
# backbone's weights.
pretrained_backbone = dict(
    init_cfg=dict(
        type='StrictPretrained',
        checkpoint='./pretrained/resnet50-0676ba61.pth',
        ignore_keys=[r'^fc\.'],
        missing_hint='Download it once: mkdir -p pretrained && wget -O '
        'pretrained/resnet50-0676ba61.pth '
        'https://download.pytorch.org/models/resnet50-0676ba61.pth '
        '(or point model.backbone.init_cfg.checkpoint at a copy).'))
