# GeRSP200: the released 200-epoch model; the cosine schedule restarts every
# 20 epochs (10 periods), as in the 100-epoch config.
_base_ = './GeRSP.py'

param_scheduler = [
    dict(
        type='CosineRestartLR',
        periods=[20] * 10,
        restart_weights=[1] * 10,
        eta_min=0.001,
        by_epoch=True,
        begin=0,
        end=200)
]
train_cfg = dict(max_epochs=200)
