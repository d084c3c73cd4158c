# From scratch: the recipe of
# faster_rcnn_GeRSP.py
# with no pre-trained backbone (./_base_/pretrained/scratch_r50.py).
_base_ = [
    './_base_/models/faster_rcnn_r50_fpn.py', './_base_/datasets/dior.py',
    './_base_/schedules/sgd_step-16-22_24e.py', './_base_/default_runtime.py',
    './_base_/pretrained/scratch_r50.py'
]
model = dict(
    backbone={{_base_.pretrained_backbone}},
    roi_head=dict(bbox_head=dict(num_classes={{_base_.num_classes}})))
