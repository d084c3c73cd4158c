# From scratch (../../../configs/_base_/pretrained/): mmpretrain's random
# initialisation of ResNet-50, with its default zero_init_residual=True (the
# last BN of each bottleneck starts at 0; the pre-trained variants turn it
# off only so that it does not overwrite loaded weights).
_base_ = '../../../configs/_base_/pretrained/scratch_r50.py'
