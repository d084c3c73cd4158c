"""A small GeRSP (ResNet-18, 6 classes, a queue of 8) and its inputs, for
the model tests; build it in the ``mmselfsup`` scope."""
import torch

from mmselfsup.registry import MODELS

FEAT = 512  # ResNet-18 keeps the tests fast; the released model is depth 50


def small_model(**kwargs):
    cfg = dict(
        type='GeRSP',
        num_classes=6,
        feat_in_channels=FEAT,
        queue_len=8,
        feat_dim=16,
        momentum=0.9,
        backbone=dict(
            type='ResNet',
            depth=18,
            out_indices=(3, ),
            zero_init_residual=False),
        neck=dict(
            type='GeRSPProjector',
            in_channels=FEAT,
            hid_channels=32,
            out_channels=16),
        head=dict(
            type='ContrastiveHead',
            loss=dict(type='CrossEntropyLoss'),
            temperature=0.07))
    cfg.update(kwargs)
    model = MODELS.build(cfg)
    model.init_weights()
    model.train()
    return model


def batch(n=2, size=32, seed=0):
    g = torch.Generator().manual_seed(seed)
    views = [torch.randn(n, 3, size, size, generator=g) for _ in range(3)]
    labels = torch.randint(0, 6, (n, ), generator=g)
    return views, labels
