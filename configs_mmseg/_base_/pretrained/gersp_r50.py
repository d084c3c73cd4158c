# The GeRSP backbone: every one of the 318 tensors of the converted
# pre-training checkpoint loaded strictly (../../../configs/_base_/pretrained/)
# into the plain-stem dilated ResNet-50 of
# _base_/models/resnet50_d8_segmentor.py. Dilation and strides change no
# weight shape.
_base_ = '../../../configs/_base_/pretrained/gersp_r50.py'
