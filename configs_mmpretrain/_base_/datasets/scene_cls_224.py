# Scene classification at 224 px from mmpretrain annotation files
# (`<image path relative to data_root> <label>` lines, written by
# tools/dataset_converters/make_cls_splits.py into <data_root>/meta/).
# mmpretrain's ResNet-50 pipeline
# (_base_/datasets/imagenet_bs32_pil_resize.py):
# RandomResizedCrop to 224 (area 8-100 %, aspect 3/4-4/3) + horizontal flip;
# test: short edge resized to 256, centre crop 224; Pillow resizing, as in
# GeRSP pre-training. EuroSAT's 64 px images are upsampled by these resizes.
# The files of the datasets (eurosat.py, ...) fill in paths and classes; the
# training batch comes with the schedule (train_batch_size).
dataset_type = 'CustomDataset'

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=224, backend='pillow'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='ResizeEdge', scale=256, edge='short', backend='pillow'),
    dict(type='CenterCrop', crop_size=224),
    dict(type='PackInputs'),
]

train_dataloader = dict(
    batch_size=64,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_prefix='',
        ann_file='meta/train.txt',
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=64,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_prefix='',
        ann_file='meta/val.txt',
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = dict(
    batch_size=64,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_prefix='',
        ann_file='meta/test.txt',
        test_mode=True,
        pipeline=test_pipeline))

# top-1 accuracy in percent (`accuracy/top1`), the paper's metric
val_evaluator = dict(type='Accuracy', topk=(1, ))
test_evaluator = val_evaluator
