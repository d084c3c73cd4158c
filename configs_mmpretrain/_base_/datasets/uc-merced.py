# UC Merced Land Use (2,100 TIFF images of 256 x 256 px, 21 classes of 100).
# Splits from `python tools/dataset_converters/make_cls_splits.py
# data/UC-Merced` (the zip unpacks to UCMerced_LandUse/Images/<class>/*.tif):
# 80 % train / 20 % test per class, seed 0 (the dataset's common protocol).
# There is no val split: validation runs on the test split, and nothing is
# selected on it (the reported top-1 is the last epoch's).
_base_ = './scene_cls_224.py'

data_root = 'data/UC-Merced/'
# mmselfsup.classes.UC_MERCED_CLASSES: the class folders in sorted order
classes = ('agricultural', 'airplane', 'baseballdiamond', 'beach', 'buildings',
           'chaparral', 'denseresidential', 'forest', 'freeway', 'golfcourse',
           'harbor', 'intersection', 'mediumresidential', 'mobilehomepark',
           'overpass', 'parkinglot', 'river', 'runway', 'sparseresidential',
           'storagetanks', 'tenniscourt')
num_classes = len(classes)
metainfo = dict(classes=classes)

train_dataloader = dict(
    dataset=dict(
        data_root=data_root, metainfo=metainfo, ann_file='meta/train.txt'))
val_dataloader = dict(
    dataset=dict(
        data_root=data_root, metainfo=metainfo, ann_file='meta/test.txt'))
test_dataloader = dict(
    dataset=dict(
        data_root=data_root, metainfo=metainfo, ann_file='meta/test.txt'))
