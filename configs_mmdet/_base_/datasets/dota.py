# DOTA v1.0, horizontal boxes, cut into 800 px patches with a stride of 640
# (160 px overlap) by tools/dataset_converters/dota2coco.py; the release
# trains on train and evaluates on val.
_base_ = './hbb_coco_800.py'

data_root = 'data/dota_1_800_640/'
classes = ('plane', 'baseball-diamond', 'bridge', 'ground-track-field',
           'small-vehicle', 'large-vehicle', 'ship', 'tennis-court',
           'basketball-court', 'storage-tank', 'soccer-ball-field',
           'roundabout', 'harbor', 'swimming-pool', 'helicopter')
num_classes = len(classes)
metainfo = dict(classes=classes)

train_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        metainfo=metainfo,
        ann_file='train_coco_ann.json',
        data_prefix=dict(img='train/images/')))
val_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        metainfo=metainfo,
        ann_file='val_coco_ann.json',
        data_prefix=dict(img='val/images/')))
test_dataloader = val_dataloader

val_evaluator = [
    dict(
        type='CocoMetric',
        ann_file=data_root + 'val_coco_ann.json',
        metric='bbox',
        format_only=False),
    dict(type='AP50TableMetric')
]
test_evaluator = val_evaluator
