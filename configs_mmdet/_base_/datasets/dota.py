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
        ann_file='train/train_coco_ann.json',
        data_prefix=dict(img='train/images/')))
val_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        metainfo=metainfo,
        ann_file='val/val_coco_ann.json',
        data_prefix=dict(img='val/images/')))
test_dataloader = val_dataloader

# COCO's bbox metrics, as released (`metric=['bbox']` with these items);
# `coco/bbox_mAP_50` is the paper's AP50, and the per-class AP50 table comes
# from the same COCO evaluation. The VOC-style table is an extra.
val_evaluator = [
    dict(
        type='CocoAP50Metric',
        ann_file=data_root + 'val/val_coco_ann.json',
        metric='bbox',
        metric_items={{_base_.coco_metric_items}},
        format_only=False),
    dict(type='VOCAreaAP50Metric')
]
test_evaluator = val_evaluator
