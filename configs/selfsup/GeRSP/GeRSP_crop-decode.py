# GeRSP as released, but every image is decoded once for all its views, at
# the coarsest JPEG scale (1/2, 1/4, 1/8) that leaves each crop at least
# 224 px (mmselfsup.DecodeCropViews): the crop boxes are drawn from the size
# in the file header first. Same augmentation distribution as GeRSP.py
# (RandomResizedCrop(224, 0.2-1), grayscale 0.2, jitter 0.4, flip 0.5);
# the views differ from full-decode views by resampling only. Speed and the
# exact bound: docs/benchmarks.md.
#
# Speed switches that can change numbers (rounding), off as released:
#   --amp: bf16, or fp16 with loss scaling on GPUs without bf16;
#   --cfg-options model.channels_last=True: channels-last convolutions;
#   --cfg-options model.compile_encoders=True: torch.compile of the two
#     ResNets. (mmengine's `compile=True` compiles the whole train step,
#     which fails on the in-place queue update.)
_base_ = './GeRSP.py'

# The view specs (crop_size, crop_scale, grayscale_prob, jitter, flip_prob)
# are GeRSP.py's: only the decoding changes.
# Four batches in flight per worker (torch's default is 2) absorb the
# spread of Million-AID image sizes; with num_workers=0 set
# prefetch_factor=None as well.
train_dataloader = dict(
    prefetch_factor=4,
    dataset=dict(labeled=dict(decode='crop'), unlabeled=dict(decode='crop')))
