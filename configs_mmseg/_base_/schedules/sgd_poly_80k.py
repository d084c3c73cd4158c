# mmseg's 80k-iteration schedule (configs/_base_/schedules/schedule_80k.py),
# the one of its LoveDA configs (*_4xb4-80k_loveda-512x512.py): SGD lr 0.01,
# momentum 0.9, weight decay 5e-4, poly decay (power 0.9) to 1e-4 by
# iteration, 80k iterations, validation every 8000. GeRSP does not publish
# its segmentation recipe; the paper's LoveDA numbers are taken as coming
# from this standard one.
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=0.0005),
    clip_grad=None)
param_scheduler = [
    dict(
        type='PolyLR',
        eta_min=1e-4,
        power=0.9,
        begin=0,
        end=80000,
        by_epoch=False)
]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=80000, val_interval=8000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

# The lr above is for mmseg's total batch: 4 GPUs x 4 images.
# `train_mmseg.py --auto-scale-lr` scales it linearly to the real total batch
# (GPUs x images per GPU).
auto_scale_lr = dict(enable=False, base_batch_size=16)
