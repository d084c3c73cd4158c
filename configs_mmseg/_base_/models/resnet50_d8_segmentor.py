# What both segmentors share: mmseg's data preprocessor (ImageNet mean/std,
# BGR -> RGB, training batches padded to the 512 x 512 crop, padded mask
# pixels ignored), the dilated ResNet-50 (output stride 8) and the auxiliary
# FCN head on stage 3 (loss weight 0.4), as in mmseg 1.2.2's
# configs/_base_/models/{psanet,deeplabv3plus}_r50-d8.py.
#
# One change: mmseg's R50-D8 is a ResNetV1c (deep 3-conv stem, keys
# stem.0/1/3/4/6/7) whose weights cannot come from a plain ResNet-50. Here it
# is mmseg's plain-stem `ResNet` (conv1 7x7 + bn1, then the same four
# stages, strides (1, 2, 1, 1), dilations (1, 1, 2, 4), contract_dilation):
# its 318 state-dict keys are exactly torchvision's ResNet-50 keys (conv1,
# bn1, layerN.i.convK/bnK, layerN.0.downsample.0/1) without fc, so the
# converted GeRSP file and the torchvision ImageNet file both load strictly.
# Weights come from _base_/pretrained/.
#
# BN as mmseg's: synchronised across GPUs, statistics and affine parameters
# trained (norm_eval=False), no frozen stage. A single process turns SyncBN
# into BN (mmengine); CPU multi-process runs use BN (train_mmseg.py).
norm_cfg = dict(type='SyncBN', requires_grad=True)
model = dict(
    type='EncoderDecoder',
    data_preprocessor=dict(
        type='SegDataPreProcessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True,
        pad_val=0,
        seg_pad_val=255,
        size=(512, 512)),
    backbone=dict(
        type='ResNet',
        depth=50,
        num_stages=4,
        out_indices=(0, 1, 2, 3),
        dilations=(1, 1, 2, 4),
        strides=(1, 2, 1, 1),
        norm_cfg=norm_cfg,
        norm_eval=False,
        style='pytorch',
        contract_dilation=True),
    auxiliary_head=dict(
        type='FCNHead',
        in_channels=1024,
        in_index=2,
        channels=256,
        num_convs=1,
        concat_input=False,
        dropout_ratio=0.1,
        num_classes=7,
        norm_cfg=norm_cfg,
        align_corners=False,
        loss_decode=dict(
            type='CrossEntropyLoss', use_sigmoid=False, loss_weight=0.4)),
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
