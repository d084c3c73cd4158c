# The GeRSP backbone: every tensor of the converted pre-training checkpoint
# loaded strictly (../../../configs/_base_/pretrained/).
# zero_init_residual=False: mmpretrain's ResNet would otherwise zero the last
# BN weight of every bottleneck after loading (it skips that only for
# type='Pretrained').
_base_ = '../../../configs/_base_/pretrained/gersp_r50.py'
pretrained_backbone = dict(zero_init_residual=False)
