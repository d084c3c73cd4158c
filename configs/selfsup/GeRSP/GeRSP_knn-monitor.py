# GeRSP as released, plus the online kNN monitor (KNNMonitorHook): every 10
# epochs, and after the last, the student's pooled backbone features of a
# labeled remote-sensing set are classified by weighted kNN (k=20, T=0.07;
# memory bank = its train split, queries = its val split); `knn/top1` and
# `knn/top5` go to the log, vis_data/scalars.json and the loss plot of
# tools/summarize_training.py. The release had no such data, so GeRSP.py
# keeps it off. Any set in class folders (<root>/train/<class>/*,
# <root>/val/<class>/*) works, e.g.
#   --cfg-options custom_hooks.0.data_root=data/EuroSAT
# or mmpretrain annotation files:
#   --cfg-options custom_hooks.0.train_ann_file=meta/train.txt \
#                 custom_hooks.0.val_ann_file=meta/val.txt
# A missing folder or a class without images stops the run before training.
_base_ = './GeRSP.py'

custom_hooks = [
    dict(
        type='mmselfsup.KNNMonitorHook',
        data_root='data/NWPU-RESISC45',
        train_prefix='train',
        val_prefix='val',
        interval=10,
        k=20,
        temperature=0.07,
        image_size=224,
        batch_size=64,
        num_workers=4)
]
