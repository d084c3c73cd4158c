# What every detector here shares: the data preprocessor (ImageNet mean/std,
# BGR -> RGB, padding to a multiple of 32) and the ResNet-50 backbone. Its
# weights, frozen stages and BN mode come from _base_/pretrained/.
model = dict(
    data_preprocessor=dict(
        type='DetDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True,
        pad_size_divisor=32),
    backbone=dict(
        type='ResNet',
        depth=50,
        num_stages=4,
        out_indices=(0, 1, 2, 3),
        style='pytorch'))
