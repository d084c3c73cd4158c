# From scratch: the recipe of
# resnet50_GeRSP_nwpu-resisc45.py
# with no pre-trained backbone (./_base_/pretrained/scratch_r50.py).
_base_ = [
    './_base_/models/resnet50_finetune.py',
    './_base_/datasets/nwpu-resisc45.py',
    './_base_/schedules/sgd-nesterov_coslr-100e_bs64_finetune.py',
    './_base_/default_runtime.py', './_base_/pretrained/scratch_r50.py'
]
model = dict(
    backbone={{_base_.pretrained_backbone}},
    head=dict(num_classes={{_base_.num_classes}}))
train_dataloader = dict(batch_size={{_base_.train_batch_size}})
