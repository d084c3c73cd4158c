# Faster R-CNN GeRSP fine-tuning on your own COCO-format detection data
# (docs/own_data.md). The release's recipe (faster_rcnn_GeRSP.py); only the
# data differ. Set, here or with --cfg-options:
#   data_root=DIR
#   train_dataloader.dataset.metainfo.classes="('car','truck')"
# and, where your files lie elsewhere under DIR,
#   train_dataloader.dataset.ann_file / .data_prefix.img,
#   val_dataloader.dataset.ann_file / .data_prefix.img and
#   val_evaluator.0.ann_file (the same file as the val set's).
# The val / test sets and the head's num_classes follow the training
# classes; every class must name a category of the COCO files.
_base_ = './faster_rcnn_GeRSP.py'

data_root = 'data/my_coco/'
classes = ('class_a', 'class_b')  # category names of the COCO files
metainfo = dict(classes=classes)
train_ann_file = 'annotations/train.json'
train_images = 'images/train/'
val_ann_file = 'annotations/val.json'
val_images = 'images/val/'

train_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        metainfo=metainfo,
        ann_file=train_ann_file,
        data_prefix=dict(img=train_images)))
val_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        metainfo=metainfo,
        ann_file=val_ann_file,
        data_prefix=dict(img=val_images)))
test_dataloader = val_dataloader
val_evaluator = [
    dict(
        type='CocoAP50Metric',
        ann_file=data_root + val_ann_file,
        metric='bbox',
        metric_items={{_base_.coco_metric_items}},
        format_only=False),
    dict(type='VOCAreaAP50Metric')
]
test_evaluator = val_evaluator

model = dict(roi_head=dict(bbox_head=dict(num_classes=len(classes))))
