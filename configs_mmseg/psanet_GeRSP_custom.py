# PSANet GeRSP fine-tuning on your own segmentation data in mmseg's layout
# (docs/own_data.md): img_dir/{train,val}/*.png and ann_dir/{train,val}/*.png
# under data_root, each mask a PNG of class indices 0..N-1 (255 ignored),
# named as its image. The recipe of psanet_GeRSP_loveda.py; only the data
# differ. Set, here or with --cfg-options:
#   data_root=DIR
#   train_dataloader.dataset.metainfo.classes="('background','building')"
# and, for your own colours, train_dataloader.dataset.metainfo.palette
# (one [r, g, b] per class). The val / test sets and the heads' num_classes
# follow the training classes. Images in another format: img_suffix
# ('.jpg', '.tif') of every dataset.
_base_ = './psanet_GeRSP_loveda.py'

data_root = 'data/my_seg/'
classes = ('class_a', 'class_b')
num_classes = len(classes)
metainfo = dict(classes=classes)
crop_size = (512, 512)

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(
        type='RandomResize',
        scale=(2048, 512),
        ratio_range=(0.5, 2.0),
        keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(1024, 1024), keep_ratio=True),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs')
]
dataset = dict(
    type='BaseSegDataset',
    data_root=data_root,
    metainfo=metainfo,
    img_suffix='.png',
    seg_map_suffix='.png',
    reduce_zero_label=False)
train_dataloader = dict(
    dataset=dict(
        **dataset,
        data_prefix=dict(
            img_path='img_dir/train', seg_map_path='ann_dir/train'),
        pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(
        **dataset,
        data_prefix=dict(img_path='img_dir/val', seg_map_path='ann_dir/val'),
        pipeline=test_pipeline))
test_dataloader = val_dataloader

model = dict(
    decode_head=dict(num_classes=num_classes),
    auxiliary_head=dict(num_classes=num_classes))
