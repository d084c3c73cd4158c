# EuroSAT (RGB, 27,000 images of 64 x 64 px, 10 classes). Splits from
# `python tools/dataset_converters/make_cls_splits.py data/EuroSAT`: 60 / 20 /
# 20 % train / val / test per class, seed 0; validation on val, the reported
# top-1 on test.
_base_ = './scene_cls_224.py'

data_root = 'data/EuroSAT/'
# mmselfsup.classes.EUROSAT_CLASSES: the class folders in sorted order
classes = ('AnnualCrop', 'Forest', 'HerbaceousVegetation', 'Highway',
           'Industrial', 'Pasture', 'PermanentCrop', 'Residential', 'River',
           'SeaLake')
num_classes = len(classes)
metainfo = dict(classes=classes)

train_dataloader = dict(
    dataset=dict(
        data_root=data_root, metainfo=metainfo, ann_file='meta/train.txt'))
val_dataloader = dict(
    dataset=dict(
        data_root=data_root, metainfo=metainfo, ann_file='meta/val.txt'))
test_dataloader = dict(
    dataset=dict(
        data_root=data_root, metainfo=metainfo, ann_file='meta/test.txt'))
