# The GeRSP backbone as released (mmdet/models/backbones/resnet_pretrain.py
# of the release): every tensor of the converted pre-training checkpoint
# loaded strictly (the shared ../../../configs/_base_/pretrained/); every BN
# layer kept in eval mode (running statistics frozen) while its weight and
# bias are trained with the rest of the network; no frozen stage.
_base_ = '../../../configs/_base_/pretrained/gersp_r50.py'
pretrained_backbone = dict(
    frozen_stages=-1,
    norm_cfg=dict(type='BN', requires_grad=True),
    norm_eval=True)
