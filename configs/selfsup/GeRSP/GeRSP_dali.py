# GeRSP as released, with the views decoded and augmented by NVIDIA DALI
# (pip install nvidia-dali-cuda120) instead of dataloader workers: JPEGs
# decoded by nvJPEG on the GPU, each crop decoded alone
# (fn.decoders.image_random_crop, the release's scale and ratio), then the
# release's resize, grayscale, jitter (Pillow's arithmetic, random order) and
# flip, three views per sample (mmselfsup.datasets.dali_views). The same
# augmentation distribution as GeRSP.py; what differs is the decoder and the
# resampling, and the random draws come from DALI's generators (seeded per
# seed, rank and epoch, so a resumed run draws what an uninterrupted one
# would). on_bad_image='skip' is not available on this path.
#
# On a machine without a GPU: --cfg-options train_cfg.dali.device=cpu
# (DALI's CPU backend, slower than the worker pipeline of
# GeRSP_crop-decode.py; meant for checking, not for training).
_base_ = './GeRSP.py'

custom_imports = dict(
    imports=[
        'mmselfsup.datasets', 'mmselfsup.models', 'mmselfsup.engine.hooks',
        'mmselfsup.engine.dali_loop'
    ],
    allow_failed_imports=False)

train_cfg = dict(
    type='DALIEpochBasedTrainLoop',
    dali=dict(device='gpu', num_threads=4, prefetch_queue_depth=2))
