# A tiny GeRSP run on generated data (`python tools/generate_demo_data.py`):
# 5 labeled classes + 40 aerial-like images, 64 px views, ResNet-50, CPU.
# Same optimizer as released (SGD, lr 0.007); cosine restarts every 10 epochs.
# Used by `make demo` and the tests.
_base_ = './GeRSP.py'

demo_root = 'data/demo'
crop_size = 64

model = dict(num_classes=5, queue_len=64)

view_pipeline = [
    dict(
        type='RandomResizedCrop',
        scale=crop_size,
        crop_ratio_range=(0.2, 1.0),
        backend='pillow'),
    dict(
        type='RandomGrayscale',
        prob=0.2,
        keep_channels=True,
        channel_weights=(0.114, 0.587, 0.299)),
    dict(
        type='GeRSPColorJitter',
        brightness=0.4,
        contrast=0.4,
        saturation=0.4,
        hue=0.4),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
]

train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=False,
    dataset=dict(
        labeled=dict(
            data_root=f'{demo_root}/ImageNet',
            pipeline=[
                dict(type='LoadImageFromFile'),
                *view_pipeline,
                dict(type='PackInputs'),
            ]),
        unlabeled=dict(
            data_root=f'{demo_root}/million_aid',
            pipeline=[
                dict(type='LoadImageFromFile'),
                dict(
                    type='MultiView', num_views=2, transforms=[view_pipeline]),
                dict(type='PackInputs'),
            ])))

param_scheduler = [
    dict(
        type='CosineRestartLR',
        periods=[10, 10],
        restart_weights=[1, 1],
        eta_min=0.001,
        by_epoch=True,
        begin=0,
        end=20)
]
train_cfg = dict(max_epochs=20)

default_hooks = dict(
    logger=dict(interval=1), checkpoint=dict(interval=10, max_keep_ckpts=2))
