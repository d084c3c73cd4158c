# The GeRSP backbone as released (mmdet/models/backbones/resnet_pretrain.py
# of the release): every tensor of the converted pre-training checkpoint
# loaded strictly (a missing or unexpected key is an error); every BN layer
# kept in eval mode (running statistics frozen) while its weight and bias are
# trained with the rest of the network; no frozen stage. Another file:
#   --cfg-options model.backbone.init_cfg.checkpoint=PATH
pretrained_backbone = dict(
    frozen_stages=-1,
    norm_cfg=dict(type='BN', requires_grad=True),
    norm_eval=True,
    init_cfg=dict(
        type='StrictPretrained',
        checkpoint='./results/GeRSP/CVT_epoch_100.pth',
        prefix='backbone.',
        missing_hint='Pre-train (bash tools/dist_train_GeRSP.sh) and convert '
        '(python ./M_Convert_Checkpoints/convert_gersp.py), or point '
        'model.backbone.init_cfg.checkpoint at a converted file.'))
