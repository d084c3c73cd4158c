# NWPU-RESISC45 (31,500 images of 256 x 256 px, 45 classes). Splits from
# `python tools/dataset_converters/make_cls_splits.py data/NWPU-RESISC45`:
# 20 % train / 80 % test per class, seed 0 (the dataset's common protocol).
# There is no val split: validation runs on the test split, and nothing is
# selected on it (the reported top-1 is the last epoch's).
_base_ = './scene_cls_224.py'

data_root = 'data/NWPU-RESISC45/'
# mmselfsup.classes.NWPU_RESISC45_CLASSES: the class folders in sorted order
classes = ('airplane', 'airport', 'baseball_diamond', 'basketball_court',
           'beach', 'bridge', 'chaparral', 'church', 'circular_farmland',
           'cloud', 'commercial_area', 'dense_residential', 'desert', 'forest',
           'freeway', 'golf_course', 'ground_track_field', 'harbor',
           'industrial_area', 'intersection', 'island', 'lake', 'meadow',
           'medium_residential', 'mobile_home_park', 'mountain', 'overpass',
           'palace', 'parking_lot', 'railway', 'railway_station',
           'rectangular_farmland', 'river', 'roundabout', 'runway', 'sea_ice',
           'ship', 'snowberg', 'sparse_residential', 'stadium', 'storage_tank',
           'tennis_court', 'terrace', 'thermal_power_station', 'wetland')
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
