# Where every downstream toolbox (configs_mmdet/, configs_mmseg/,
# configs_mmpretrain/) reads the GeRSP backbone from: the converted
# pre-training checkpoint (`{'state_dict': {'backbone.<torchvision key>'}}`,
# 318 tensors, written by M_Convert_Checkpoints/convert_gersp.py), loaded
# STRICTLY (a missing or unexpected key, a wrong shape or a missing file is
# an error naming the file; the last one says how to make it). Each
# toolbox's _base_/pretrained/gersp_r50.py inherits this and adds its own
# backbone settings. Another file:
#   --cfg-options model.backbone.init_cfg.checkpoint=PATH
pretrained_backbone = dict(
    init_cfg=dict(
        type='StrictPretrained',
        checkpoint='./results/GeRSP/CVT_epoch_100.pth',
        prefix='backbone.',
        missing_hint='Pre-train (bash tools/dist_train_GeRSP.sh) and convert '
        '(python ./M_Convert_Checkpoints/convert_gersp.py), or point '
        'model.backbone.init_cfg.checkpoint at a converted file.'))
