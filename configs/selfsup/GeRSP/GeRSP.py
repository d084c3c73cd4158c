# GeRSP as released: ResNet-50, 8 GPUs x 32 labeled ImageNet images + 32
# unlabeled Million-AID images (2 views), 100 epochs.
# Launch: bash tools/dist_train_GeRSP.sh   (work dir results/GeRSP)
_base_ = [
    '../_base_/models/gersp_r50.py',
    '../_base_/datasets/gersp_imagenet_millionaid.py',
    '../_base_/schedules/sgd_coslr-restart-100e.py',
    '../_base_/default_runtime.py',
]
