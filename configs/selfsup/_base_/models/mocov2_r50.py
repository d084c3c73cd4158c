# MoCo v2 (mmpretrain's MoCo, MoCoV2Neck and ContrastiveHead) with the sizes
# of GeRSP's MoCo branch (gersp_r50.py), for the paper's baselines MoCo-IN,
# MoCo-MAID and MoCo-IN-MAID. Source of each value:
#   GeRSP release: ResNet-50 as in gersp_r50.py (last stage, BN,
#     zero_init_residual=True), projector 2048-2048-128, queue 65536 x 128,
#     teacher momentum 0.999, temperature 0.07, the data preprocessor;
#   mmpretrain MoCo v2: the algorithm itself: the teacher follows backbone
#     *and* projector by EMA (GeRSP's teacher projector stays frozen), its BN
#     buffers are copied from the student, keys use shuffle-BN across GPUs.
# The paper does not publish its baselines' settings: taking GeRSP's
# temperature (0.07, MoCo v1's) over MoCo v2's 0.2 is a guess, see
# docs/pretraining.md, "MoCo v2 baselines".
model = dict(
    type='mmpretrain.MoCo',
    queue_len=65536,
    feat_dim=128,
    # mmpretrain's convention: the weight of the student in each update,
    # theta_k = (1 - momentum) * theta_k + momentum * theta_q, so 0.001 is
    # GeRSP's m = 0.999 in theta_k = m * theta_k + (1 - m) * theta_q.
    momentum=0.001,
    backbone=dict(
        type='ResNet',
        depth=50,
        in_channels=3,
        out_indices=(3, ),
        norm_cfg=dict(type='BN'),
        zero_init_residual=True),
    # Linear-ReLU-Linear without BN on the pooled features, as GeRSP's
    # projector
    neck=dict(
        type='mmpretrain.MoCoV2Neck',
        in_channels=2048,
        hid_channels=2048,
        out_channels=128,
        with_avg_pool=True),
    head=dict(
        type='ContrastiveHead',
        loss=dict(type='CrossEntropyLoss'),
        temperature=0.07))

# BGR images in, RGB normalised with the ImageNet mean/std (GeRSP's and
# mmpretrain MoCo v2's alike).
data_preprocessor = dict(
    type='SelfSupDataPreprocessor',
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)
