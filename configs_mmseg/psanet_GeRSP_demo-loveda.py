# The demo: PSANet fine-tuning on the CPU from the converted demo
# pre-training checkpoint (`make demo` writes
# results/GeRSP_demo/CVT_epoch_40.pth) on generated LoveDA-layout tiles:
#   python tools/generate_demo_data.py --kind loveda --out data/demo_loveda
# 128 px tiles and 64 px crops instead of 1024 px tiles and 512 px crops
# (the same resize range relative to the crop), batch 4, 100 iterations, no
# worker processes; otherwise the recipe of
# psanet_GeRSP_loveda.py (the same model, pipeline steps, optimizer and poly
# schedule).
_base_ = './psanet_GeRSP_loveda.py'

data_root = 'data/demo_loveda/'
crop_size = (64, 64)
max_iters = 100

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', reduce_zero_label=True),
    dict(
        type='RandomResize',
        scale=(256, 64),
        ratio_range=(0.5, 2.0),
        keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(128, 128), keep_ratio=True),
    dict(type='LoadAnnotations', reduce_zero_label=True),
    dict(type='PackSegInputs')
]
loader = dict(num_workers=0, persistent_workers=False)
train_dataloader = dict(
    batch_size=4,
    **loader,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    **loader, dataset=dict(data_root=data_root, pipeline=test_pipeline))
test_dataloader = val_dataloader

model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(
        init_cfg=dict(checkpoint='./results/GeRSP_demo/CVT_epoch_40.pth')))

param_scheduler = [
    dict(
        type='PolyLR',
        eta_min=1e-4,
        power=0.9,
        begin=0,
        end=max_iters,
        by_epoch=False)
]
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
auto_scale_lr = dict(base_batch_size=4)
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=max_iters))
# the same run every time (--seed N for another)
randomness = dict(seed=0)
