# From scratch (../../../configs/_base_/pretrained/): mmseg's random
# initialisation of the same plain-stem dilated ResNet-50; its BN layers
# train as in the pre-trained variants.
_base_ = '../../../configs/_base_/pretrained/scratch_r50.py'
