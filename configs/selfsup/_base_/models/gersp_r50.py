# GeRSP (released type name `MoCoGeRSP`): ResNet-50 shared by a MoCo branch
# (projector 2048-2048-128 without BN, EMA teacher, 65536 negatives, T=0.07)
# and a supervised branch (linear classifier over the 1000 ImageNet classes).
model = dict(
    type='mmselfsup.MoCoGeRSP',
    num_classes=1000,
    feat_in_channels=2048,
    queue_len=65536,
    feat_dim=128,
    momentum=0.999,
    alpha=1.0,
    ema_projector=False,
    # linear classifier + alpha-weighted cross-entropy; in_channels,
    # num_classes and alpha come from the model's own
    sup_head=dict(type='mmselfsup.GeRSPSupervisedHead'),
    backbone=dict(
        type='ResNet',
        depth=50,
        in_channels=3,
        out_indices=(3, ),
        norm_cfg=dict(type='BN'),
        # The release's ResNet default (mmselfsup 0.x on mmcls): the last BN
        # of every bottleneck starts at weight 0, so each block starts as an
        # identity; init_weights() applies it.
        zero_init_residual=True),
    neck=dict(
        type='mmselfsup.GeRSPProjector',
        in_channels=2048,
        hid_channels=2048,
        out_channels=128),
    head=dict(
        type='ContrastiveHead',
        loss=dict(type='CrossEntropyLoss'),
        temperature=0.07))
