# From scratch (../../../configs/_base_/pretrained/): mmdet's ResNet-50
# random initialisation (Kaiming convolutions, BN weight 1), no frozen stage
# and, unlike the pre-trained variants, BN in training mode: random running
# statistics hold nothing worth freezing, so they are learned from the
# detection data (as in He et al., Rethinking ImageNet Pre-training).
_base_ = '../../../configs/_base_/pretrained/scratch_r50.py'
pretrained_backbone = dict(
    frozen_stages=-1,
    norm_cfg=dict(type='BN', requires_grad=True),
    norm_eval=False)
