# A small GeRSP run on generated data (python tools/generate_demo_data.py)
# that shows, within a few CPU minutes, that both branches learn:
#   - 5 labeled texture classes (40 images) for the supervised branch, with
#     the released augmentation;
#   - 120 unlabeled aerial-like scenes for the MoCo branch;
#   - a held-out labeled scene set (6 kinds, class folders) for the online
#     kNN monitor, measured before the first step (random initialisation)
#     and after every 20 epochs.
# ResNet-50 as released, on 32 px views. What differs from GeRSP.py, and why
# (a few hundred CPU steps instead of ~500k GPU steps):
#   - teacher momentum 0.99 instead of 0.999: a 0.999 teacher barely moves
#     in 280 steps;
#   - constant lr 0.03 for 16 + 16 images per step;
#   - the unlabeled views use a weaker augmentation (crops of 50-100 % of the
#     area, colour jitter 0.2): with the released one (20-100 %, 0.4), two
#     views of a generated scene share too little for instance
#     discrimination to get off the ground in a few hundred steps, and
#     InfoNCE stays at its chance level log(queue_len + 1).
_base_ = './GeRSP.py'

demo_root = 'data/demo'
crop_size = 32
max_epochs = 40

model = dict(num_classes=5, queue_len=64, momentum=0.99)

# The released view specs with 32 px crops; the unlabeled one also weaker
# (see above). Keys left out keep GeRSP.py's values.
train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    persistent_workers=False,
    dataset=dict(
        labeled=dict(
            data_root=f'{demo_root}/ImageNet', view=dict(crop_size=crop_size)),
        unlabeled=dict(
            data_root=f'{demo_root}/million_aid',
            view=dict(
                crop_size=crop_size,
                crop_scale=(0.5, 1.0),
                jitter=dict(
                    brightness=0.2, contrast=0.2, saturation=0.2, hue=0.2)))))

optim_wrapper = dict(optimizer=dict(lr=0.03))
param_scheduler = [
    dict(
        type='ConstantLR', factor=1.0, by_epoch=True, begin=0, end=max_epochs)
]
train_cfg = dict(max_epochs=max_epochs)

custom_hooks = [
    dict(
        type='mmselfsup.KNNMonitorHook',
        data_root=f'{demo_root}/scenes',
        image_size=crop_size,
        interval=20,
        eval_at_start=True,
        batch_size=64,
        num_workers=0)
]

default_hooks = dict(
    logger=dict(interval=1),
    checkpoint=dict(interval=max_epochs, max_keep_ckpts=1))
