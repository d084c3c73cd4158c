# The GeRSP backbone: every tensor of the converted pre-training checkpoint
# (`{'state_dict': {'backbone.<torchvision key>': ...}}`, 318 tensors) loaded
# strictly; a missing or unexpected key, a wrong shape or a missing file is
# an error naming the file. zero_init_residual=False: mmpretrain's ResNet
# would otherwise zero the last BN weight of every bottleneck after loading
# (it skips that only for type='Pretrained'). Another file:
#   --cfg-options model.backbone.init_cfg.checkpoint=PATH
pretrained_backbone = dict(
    zero_init_residual=False,
    init_cfg=dict(
        type='StrictPretrained',
        checkpoint='./results/GeRSP/CVT_epoch_100.pth',
        prefix='backbone.',
        missing_hint='Pre-train (bash tools/dist_train_GeRSP.sh) and convert '
        '(python ./M_Convert_Checkpoints/convert_gersp.py), or point '
        'model.backbone.init_cfg.checkpoint at a converted file.'))
