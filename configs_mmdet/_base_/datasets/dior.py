# DIOR: COCO files written by tools/dataset_converters/dior2coco.py; the
# release trains on train + val and evaluates on test.
_base_ = './hbb_coco_800.py'

data_root = 'data/DIOR/'
classes = ('ship', 'overpass', 'tenniscourt', 'stadium', 'vehicle', 'airplane',
           'storagetank', 'dam', 'golffield', 'trainstation',
           'Expressway-Service-area', 'groundtrackfield',
           'Expressway-toll-station', 'windmill', 'airport', 'harbor',
           'baseballfield', 'basketballcourt', 'bridge', 'chimney')
num_classes = len(classes)
metainfo = dict(classes=classes)

train_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        metainfo=metainfo,
        ann_file='coco_annotations/train_val_coco_ann.json',
        data_prefix=dict(img='JPEGImages-trainval/')))
val_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        metainfo=metainfo,
        ann_file='coco_annotations/test_coco_ann.json',
        data_prefix=dict(img='JPEGImages-test/')))
test_dataloader = val_dataloader

# COCO's bbox metrics, as released (`metric=['bbox']` with these items);
# `coco/bbox_mAP_50` is the paper's AP50, and the per-class AP50 table comes
# from the same COCO evaluation. The VOC-style table is an extra.
val_evaluator = [
    dict(
        type='CocoAP50Metric',
        ann_file=data_root + 'coco_annotations/test_coco_ann.json',
        metric='bbox',
        metric_items={{_base_.coco_metric_items}},
        format_only=False),
    dict(type='VOCAreaAP50Metric')
]
test_evaluator = val_evaluator
