# Linear probe: the classifier of resnet50_finetune.py with a frozen
# backbone, as in mmpretrain's linear evaluation of self-supervised ResNet-50s
# (configs/mocov3/benchmarks/resnet50_8xb128-linear-coslr-90e_in1k.py): the
# stem and all 4 stages frozen (no gradient, eval mode) and every BN in eval
# mode, so only the linear head trains.
_base_ = './resnet50_finetune.py'
model = dict(backbone=dict(frozen_stages=4, norm_eval=True))
