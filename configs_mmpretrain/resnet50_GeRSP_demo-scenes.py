# The demo: full fine-tuning on the CPU from the converted demo pre-training
# checkpoint (`make demo` writes results/GeRSP_demo/CVT_epoch_40.pth) on
# generated aerial-like scenes of six kinds:
#   python tools/generate_demo_data.py --kind classification \
#       --out data/demo_cls
#   python tools/dataset_converters/make_cls_splits.py data/demo_cls \
#       --dataset custom
# 64 px images instead of 224 px, batch 16, a short schedule and no worker
# processes; otherwise the recipe of resnet50_GeRSP_eurosat.py.
_base_ = './resnet50_GeRSP_eurosat.py'

data_root = 'data/demo_cls/'
# the scene kinds of mmselfsup.demo.scenes, in sorted folder order
classes = ('farmland', 'forest', 'industrial', 'residential', 'roads', 'water')
num_classes = len(classes)
metainfo = dict(classes=classes)
train_batch_size = 16
max_epochs = 10

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=64, backend='pillow'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
# the 256 / 224 resize-then-crop ratio of the 224 px recipe
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='ResizeEdge', scale=73, edge='short', backend='pillow'),
    dict(type='CenterCrop', crop_size=64),
    dict(type='PackInputs'),
]
loader = dict(num_workers=0, persistent_workers=False)
train_dataloader = dict(
    batch_size=train_batch_size,
    **loader,
    dataset=dict(
        data_root=data_root, metainfo=metainfo, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=32,
    **loader,
    dataset=dict(
        data_root=data_root, metainfo=metainfo, pipeline=test_pipeline))
test_dataloader = dict(
    batch_size=32,
    **loader,
    dataset=dict(
        data_root=data_root, metainfo=metainfo, pipeline=test_pipeline))

model = dict(
    backbone=dict(
        init_cfg=dict(checkpoint='./results/GeRSP_demo/CVT_epoch_40.pth')),
    head=dict(num_classes=num_classes))

param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=0.01,
        by_epoch=True,
        begin=0,
        end=1,
        convert_to_iter_based=True),
    dict(
        type='CosineAnnealingLR',
        T_max=max_epochs - 1,
        by_epoch=True,
        begin=1,
        end=max_epochs)
]
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
auto_scale_lr = dict(base_batch_size=train_batch_size)
default_hooks = dict(
    logger=dict(interval=5), checkpoint=dict(interval=max_epochs))
