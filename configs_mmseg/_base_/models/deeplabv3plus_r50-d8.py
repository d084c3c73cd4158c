# DeepLabv3+ R50-D8: the decode head of mmseg 1.2.2's
# configs/_base_/models/deeplabv3plus_r50-d8.py (depthwise-separable ASPP
# with dilations 1, 12, 24, 36 on stage 4, decoder fed by stage 1), used by
# its deeplabv3plus_r50-d8_4xb4-80k_loveda-512x512.py.
_base_ = './resnet50_d8_segmentor.py'
model = dict(
    decode_head=dict(
        type='DepthwiseSeparableASPPHead',
        in_channels=2048,
        in_index=3,
        channels=512,
        dilations=(1, 12, 24, 36),
        c1_in_channels=256,
        c1_channels=48,
        dropout_ratio=0.1,
        num_classes=7,
        norm_cfg={{_base_.norm_cfg}},
        align_corners=False,
        loss_decode=dict(
            type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)))
