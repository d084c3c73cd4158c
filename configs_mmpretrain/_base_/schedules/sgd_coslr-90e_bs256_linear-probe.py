# mmpretrain's linear evaluation recipe for a ResNet-50
# (configs/mocov3/benchmarks/resnet50_8xb128-linear-coslr-90e_in1k.py): SGD
# momentum 0.9, no weight decay, cosine decay to 0 over 90 epochs, lr 0.4 for
# a total batch of 1024. Here the batch is 256 (NWPU-RESISC45's 20 % training
# split has 6,300 images: 6 steps an epoch at 1024) and the lr is scaled
# linearly with it: 0.1. Validation every 10 epochs and after the last.
train_batch_size = 256

optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=0.))

param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=90, by_epoch=True, begin=0, end=90)
]

train_cfg = dict(by_epoch=True, max_epochs=90, val_interval=10)
val_cfg = dict()
test_cfg = dict()

# The lr is for a total batch of 256 (one GPU x 256 images: the frozen
# backbone keeps no activations for backward); --auto-scale-lr scales it.
auto_scale_lr = dict(enable=False, base_batch_size=train_batch_size)
