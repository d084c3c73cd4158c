# From scratch: the recipe of
# psanet_GeRSP_loveda.py
# with no pre-trained backbone (./_base_/pretrained/scratch_r50.py).
_base_ = [
    './_base_/models/psanet_r50-d8.py', './_base_/datasets/loveda.py',
    './_base_/schedules/sgd_poly_80k.py', './_base_/default_runtime.py',
    './_base_/pretrained/scratch_r50.py'
]
model = dict(
    backbone={{_base_.pretrained_backbone}},
    decode_head=dict(num_classes={{_base_.num_classes}}),
    auxiliary_head=dict(num_classes={{_base_.num_classes}}))
