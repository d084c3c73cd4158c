# mmpretrain's recipe for fine-tuning a pre-trained ResNet-50 on a small
# dataset (configs/resnet/resnet50_8xb8_cub.py, _base_/schedules/cub_bs64.py):
# total batch 64, SGD lr 0.01 with Nesterov momentum 0.9 and weight decay
# 5e-4, linear warm-up from 1 % of the lr over 5 epochs (per iteration), then
# cosine decay to 0 over the remaining 95; 100 epochs. The paper does not
# publish its recipe. Validation every 10 epochs and after the last.
train_batch_size = 64

optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(
        type='SGD', lr=0.01, momentum=0.9, weight_decay=5e-4, nesterov=True))

param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=0.01,
        by_epoch=True,
        begin=0,
        end=5,
        convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=95, by_epoch=True, begin=5, end=100)
]

train_cfg = dict(by_epoch=True, max_epochs=100, val_interval=10)
val_cfg = dict()
test_cfg = dict()

# The lr is for a total batch of 64 (one GPU x 64 images);
# `train_mmpretrain.py --auto-scale-lr` scales it linearly to the real total
# batch (processes x images per process).
auto_scale_lr = dict(enable=False, base_batch_size=train_batch_size)
