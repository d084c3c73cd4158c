# PSANet R50-D8: the decode head of mmseg 1.2.2's
# configs/_base_/models/psanet_r50-d8.py (bi-directional point-wise spatial
# attention, features shrunk x2 before it) with the attention mask size of
# its 512 x 512 configs (psanet_r50-d8_4xb4-80k_ade20k-512x512.py: 66 x 66,
# which covers the 32 x 32 shrunk feature map of a 512 crop). mmseg has no
# PSANet config for LoveDA; this one is its PSANet on its LoveDA settings.
_base_ = './resnet50_d8_segmentor.py'
model = dict(
    decode_head=dict(
        type='PSAHead',
        in_channels=2048,
        in_index=3,
        channels=512,
        mask_size=(66, 66),
        psa_type='bi-direction',
        compact=False,
        shrink_factor=2,
        normalization_factor=1.0,
        psa_softmax=True,
        dropout_ratio=0.1,
        num_classes=7,
        norm_cfg={{_base_.norm_cfg}},
        align_corners=False,
        loss_decode=dict(
            type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)))
