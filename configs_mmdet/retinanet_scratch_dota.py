# From scratch: the recipe of
# retinanet_GeRSP_dota.py
# with no pre-trained backbone (./_base_/pretrained/scratch_r50.py).
_base_ = [
    './_base_/models/retinanet_r50_fpn.py', './_base_/datasets/dota.py',
    './_base_/schedules/sgd_step-16-22_24e.py', './_base_/default_runtime.py',
    './_base_/pretrained/scratch_r50.py'
]
model = dict(
    backbone={{_base_.pretrained_backbone}},
    bbox_head=dict(num_classes={{_base_.num_classes}}))
# A checkpoint every 12 epochs on DOTA, as released
# (`checkpoint_config = dict(interval=12)` in its base_settings_DOTA.py).
default_hooks = dict(checkpoint=dict(interval=12))
