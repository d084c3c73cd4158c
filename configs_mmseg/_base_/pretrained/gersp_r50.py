# The GeRSP backbone: every one of the 318 tensors of the converted
# pre-training checkpoint (`backbone.<torchvision ResNet-50 key>`, written by
# M_Convert_Checkpoints/convert_gersp.py) loaded STRICTLY into the
# plain-stem dilated ResNet-50 of _base_/models/resnet50_d8_segmentor.py (a
# missing or unexpected key, or a missing file, is an error). Dilation and
# strides change no weight shape. Another file:
#   --cfg-options model.backbone.init_cfg.checkpoint=PATH
pretrained_backbone = dict(
    init_cfg=dict(
        type='StrictPretrained',
        checkpoint='./results/GeRSP/CVT_epoch_100.pth',
        prefix='backbone.',
        missing_hint='Pre-train (bash tools/dist_train_GeRSP.sh) and convert '
        '(python ./M_Convert_Checkpoints/convert_gersp.py), or point '
        'model.backbone.init_cfg.checkpoint at a converted file.'))
