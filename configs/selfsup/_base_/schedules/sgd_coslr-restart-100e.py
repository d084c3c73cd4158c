# SGD, lr 0.007, cosine annealing restarted every 20 epochs down to 0.001.
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.007, momentum=0.9, weight_decay=5e-4))

param_scheduler = [
    dict(
        type='CosineRestartLR',
        periods=[20] * 5,
        restart_weights=[1] * 5,
        eta_min=0.001,
        by_epoch=True,
        begin=0,
        end=100)
]

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=100)

# The released lr is for 8 GPUs x 32 images; `--auto-scale-lr` style scaling
# is off by default (enable=False) to match the release.
auto_scale_lr = dict(base_batch_size=256, enable=False)
