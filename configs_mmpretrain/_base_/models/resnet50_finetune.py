# Full fine-tuning: mmpretrain's ImageClassifier (ResNet-50 -> global average
# pooling -> one linear layer, cross-entropy), every parameter trained and BN
# in train mode (mmpretrain's default for fine-tuning a ResNet-50). The
# weights come from _base_/pretrained/, the number of classes from the
# dataset.
model = dict(
    type='ImageClassifier',
    # ImageNet mean/std after BGR -> RGB, as in pre-training
    data_preprocessor=dict(
        type='ClsDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        to_rgb=True),
    backbone=dict(
        type='ResNet',
        depth=50,
        num_stages=4,
        out_indices=(3, ),
        style='pytorch',
        frozen_stages=-1,
        norm_eval=False),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=1000,
        in_channels=2048,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        topk=(1, )))
