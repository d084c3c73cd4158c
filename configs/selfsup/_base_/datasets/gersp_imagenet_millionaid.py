# GeRSP data: B labeled ImageNet images (one view each) + B unlabeled
# Million-AID images (query and key views) per GPU and step. Types resolve in
# the 'mmselfsup' scope (default_scope is set by default_runtime.py).
#
# Channel order: images are loaded as BGR (LoadImageFromFile's default). The
# photometric transforms are written for BGR: GeRSPColorJitter (mmpretrain's
# ColorJitter with a NumPy-2-safe hue step) and mmcv's brightness/contrast/
# colour helpers flip BGR to RGB before working, so the hue jitter acts on
# the real colours; RandomGrayscale applies its channel weights in channel
# order, hence the BGR luma weights (B, G, R) = (0.114, 0.587, 0.299). The
# data preprocessor then converts the batch to RGB (to_rgb=True) before
# normalising with the ImageNet RGB mean/std.

data_preprocessor = dict(
    type='SelfSupDataPreprocessor',
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)

# As released: 32 images per GPU and branch, 4 loader workers per GPU
# (`samples_per_gpu=32, workers_per_gpu=4` in GeRSP.py), persistent workers.
# Pinned batches copy to the GPU asynchronously (without a GPU torch ignores
# the flag with a warning).
train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    pin_memory=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='default_collate'),
    drop_last=True,
    dataset=dict(
        type='mmselfsup.GeRSPDataset',
        # 'skip' logs and replaces undecodable images instead of failing.
        on_bad_image='error',
        # Each source builds its pipeline from its view spec, the same
        # augmentation for every view as released, in the released order:
        # load, RandomResizedCrop(crop_size, crop_scale, pillow),
        # RandomGrayscale(grayscale_prob, BGR luma weights),
        # GeRSPColorJitter(**jitter), RandomFlip(flip_prob, horizontal),
        # PackInputs (normalisation happens in the data preprocessor). One
        # override changes a branch in every decode mode, e.g.
        #   --cfg-options \
        #   train_dataloader.dataset.unlabeled.view.crop_scale="(0.5,1.0)"
        # `decode` picks the loader: 'full' (LoadImageFromFile), 'reduced'
        # (LoadImageReduced) or 'crop' (DecodeCropViews).
        labeled=dict(
            type='mmselfsup.LabeledImageSource',
            data_root='data/ImageNet',
            ann_file='meta/train.txt',
            data_prefix='train',
            num_views=1,
            decode='full',
            view=dict(
                crop_size=224,
                crop_scale=(0.2, 1.0),
                grayscale_prob=0.2,
                jitter=dict(
                    brightness=0.4, contrast=0.4, saturation=0.4, hue=0.4),
                flip_prob=0.5)),
        unlabeled=dict(
            type='mmselfsup.UnlabeledImageFolder',
            data_root='data/million_aid',
            data_prefix='test',
            num_views=2,  # query and key
            decode='full',
            view=dict(
                crop_size=224,
                crop_scale=(0.2, 1.0),
                grayscale_prob=0.2,
                jitter=dict(
                    brightness=0.4, contrast=0.4, saturation=0.4, hue=0.4),
                flip_prob=0.5))))
