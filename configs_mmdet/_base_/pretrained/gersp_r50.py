# The GeRSP backbone as released: every tensor of the converted pre-training
# checkpoint (a missing or unexpected key is an error), all BN layers frozen
# in eval mode, no frozen stage. Another file:
#   --cfg-options model.backbone.init_cfg.checkpoint=PATH
pretrained_backbone = dict(
    frozen_stages=-1,
    norm_cfg=dict(type='BN', requires_grad=False),
    norm_eval=True,
    init_cfg=dict(
        type='StrictPretrained',
        checkpoint='./results/GeRSP/CVT_epoch_100.pth',
        prefix='backbone.',
        missing_hint='Pre-train (bash tools/dist_train_GeRSP.sh) and convert '
        '(python ./M_Convert_Checkpoints/convert_gersp.py), or point '
        'model.backbone.init_cfg.checkpoint at a converted file.'))
