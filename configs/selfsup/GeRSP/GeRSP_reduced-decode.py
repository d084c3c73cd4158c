# GeRSP as released, but large Million-AID JPEGs are decoded at 1/2, 1/4 or
# 1/8 of their size (keeping a shorter side of at least 640 px, more than
# the smallest 224 px crop needs): the same views up to resampling, ~12x
# faster loading and far less memory per worker on 10,000 px images.
# GeRSP_crop-decode.py goes further (crop-aware scale, one decode for both
# views); compare with tools/analysis_tools/benchmark_gersp.py --only
# pipeline --config <this file>.
_base_ = './GeRSP.py'

# Only the unlabeled loader changes; the view spec is GeRSP.py's.
train_dataloader = dict(
    dataset=dict(
        unlabeled=dict(decode='reduced', decode_args=dict(min_side=640))))
