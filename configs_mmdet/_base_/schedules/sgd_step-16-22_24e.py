# The release's detection schedule (mmdet 2.x `optimizer`, `optimizer_config`
# and `lr_config`): SGD lr 0.001, momentum 0.9, weight decay 1e-4, gradient
# clipping at 35, linear warm-up over 500 iterations from 1/3 of the lr,
# x0.1 after epochs 16 and 22, 24 epochs; validation after every epoch
# (`evaluation = dict(interval=1)` in the release's base_settings*.py).
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=24, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1.0 / 3,
        by_epoch=False,
        begin=0,
        end=500),
    dict(
        type='MultiStepLR',
        begin=0,
        end=24,
        by_epoch=True,
        milestones=[16, 22],
        gamma=0.1)
]

optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.001, momentum=0.9, weight_decay=0.0001),
    clip_grad=dict(max_norm=35, norm_type=2))

# The lr above is the release's for its total batch: ONE GPU x 4 images (its
# train_mmdet.py pins a single device). `train_mmdet.py --auto-scale-lr`
# scales it linearly to the real total batch (GPUs x images per GPU).
auto_scale_lr = dict(enable=False, base_batch_size=4)
