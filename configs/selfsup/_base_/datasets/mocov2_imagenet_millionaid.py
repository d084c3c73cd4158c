# The data of the MoCo v2 baselines: GeRSP's two sources
# (gersp_imagenet_millionaid.py: same folders, same ImageNet list, same view
# spec, same loader settings), each packing two views of an image (query and
# key) for MoCo; ImageNet's labels are read but not used. A config picks the
# dataset: `imagenet`, `millionaid` or a ConcatDataset of both. GeRSP's view
# spec instead of MoCo v2's augmentation (which adds blur and applies the
# jitter with p=0.8, hue 0.1) is a guess, see docs/pretraining.md.

# GeRSP's view spec (see mmselfsup/datasets/views.py), for every view
view = dict(
    crop_size=224,
    crop_scale=(0.2, 1.0),
    grayscale_prob=0.2,
    jitter=dict(brightness=0.4, contrast=0.4, saturation=0.4, hue=0.4),
    flip_prob=0.5)

imagenet = dict(
    type='mmselfsup.LabeledImageSource',
    data_root='data/ImageNet',
    ann_file='meta/train.txt',
    data_prefix='train',
    num_views=2,
    decode='full',
    view=view)

millionaid = dict(
    type='mmselfsup.UnlabeledImageFolder',
    data_root='data/million_aid',
    data_prefix='test',
    num_views=2,
    decode='full',
    view=view)

# GeRSP's loader: 32 images per GPU, 4 workers, persistent workers.
train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    pin_memory=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='default_collate'),
    drop_last=True)
