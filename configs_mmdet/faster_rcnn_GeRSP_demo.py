# The demo: Faster R-CNN fine-tuned on the CPU for a few minutes from the
# converted demo pre-training checkpoint, on the generated DIOR-format data
# (tools/generate_demo_data.py --kind dior, then
# tools/dataset_converters/dior2coco.py).
# Smaller images, a higher lr and a short schedule; otherwise the release's
# Faster R-CNN GeRSP settings.
_base_ = './faster_rcnn_GeRSP.py'

data_root = 'data/demo_dior/'
image_size = (256, 256)
max_epochs = 8

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='Resize', scale=image_size, keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=image_size, keep_ratio=True),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape',
                   'scale_factor'))
]
train_dataloader = dict(
    batch_size=2,
    num_workers=0,
    persistent_workers=False,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    num_workers=0,
    persistent_workers=False,
    dataset=dict(data_root=data_root, pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = [
    dict(
        type='CocoAP50Metric',
        ann_file=data_root + 'coco_annotations/test_coco_ann.json',
        metric='bbox'),
    dict(type='VOCAreaAP50Metric')
]
test_evaluator = val_evaluator

model = dict(
    backbone=dict(
        init_cfg=dict(checkpoint='./results/GeRSP_demo/CVT_epoch_40.pth')))

train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
param_scheduler = [
    dict(
        type='LinearLR', start_factor=1.0 / 3, by_epoch=False, begin=0,
        end=20),
    dict(
        type='MultiStepLR',
        begin=0,
        end=max_epochs,
        by_epoch=True,
        milestones=[max_epochs - 2],
        gamma=0.1)
]
optim_wrapper = dict(optimizer=dict(lr=0.02))
default_hooks = dict(
    logger=dict(interval=4), checkpoint=dict(interval=max_epochs))
log_processor = dict(window_size=4)
randomness = dict(seed=0)
