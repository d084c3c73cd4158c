from typing import Dict, List, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule
from mmpretrain.evaluation import Accuracy

from mmselfsup.registry import MODELS


@MODELS.register_module()
class GeRSPSupervisedHead(BaseModule):
    """Supervised branch of GeRSP: a linear classifier on the pooled
    features of the labeled view, trained with an alpha-weighted
    cross-entropy.

    The classifier's layers are the head's children ``0``, ``1``, ... (as
    in an ``nn.Sequential``), so in GeRSP (attribute ``pred_q``) the weights
    are ``pred_q.0.*`` as in the released checkpoints; ``pred_q(feats)``
    gives the class scores and ``pred_q[0]`` is the linear layer. A loss
    module, if any, is the child ``loss_module``, outside the layers.
    The head owns its loss: :meth:`loss` returns ``sup_loss`` (optimised)
    and ``sup_acc1``, ``sup_acc5``, ``sup_alpha`` (logged only).

    Variants: another loss is a config change (``loss``) or an override of
    :meth:`classification_loss`; other layers are an override of
    :meth:`layers`.

    Args:
        in_channels (int): Pooled feature size. Defaults to 2048.
        num_classes (int): Classes of the labeled source. Defaults to 1000.
        alpha (float): Weight of the supervised loss. Defaults to 1.0.
        loss (dict, optional): Config of a loss module called as
            ``loss(cls_score, labels)``, e.g. mmpretrain's
            ``dict(type='LabelSmoothLoss', label_smooth_val=0.1)``. Defaults
            to None: the release's ``F.cross_entropy`` (batch mean).
        init_cfg (dict, optional): Initialisation config. Defaults to None:
            PyTorch's default initialisation of ``nn.Linear``, as released.
    """

    def __init__(self,
                 in_channels: int = 2048,
                 num_classes: int = 1000,
                 alpha: float = 1.0,
                 loss: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        layers = self.layers(in_channels, num_classes)
        for index, layer in enumerate(layers):
            self.add_module(str(index), layer)
        self.num_layers = len(layers)
        self.in_channels = in_channels
        self.num_classes = num_classes
        self.alpha = alpha
        self.loss_module = None if loss is None else MODELS.build(loss)

    def layers(self, in_channels: int, num_classes: int) -> List[nn.Module]:
        """The classifier, pooled features to class scores: one
        ``nn.Linear`` as released."""
        return [nn.Linear(in_channels, num_classes)]

    def __getitem__(self, index: int) -> nn.Module:
        """Layer ``index`` of the classifier."""
        return getattr(self, str(range(self.num_layers)[index]))

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        """Class scores of pooled features, (B, C) -> (B, num_classes)."""
        for index in range(self.num_layers):
            feats = self[index](feats)
        return feats

    def classification_loss(self, cls_score: torch.Tensor,
                            labels: torch.Tensor) -> torch.Tensor:
        """The supervised loss before the weight ``alpha``."""
        if self.loss_module is None:
            return F.cross_entropy(cls_score, labels)
        return self.loss_module(cls_score, labels)

    def loss(self, feats: torch.Tensor,
             labels: torch.Tensor) -> Dict[str, torch.Tensor]:
        """Losses and accuracies of the labeled batch.

        Args:
            feats (Tensor): Pooled features of the labeled view, (B, C).
            labels (Tensor): Their class indices, (B,), long.

        Returns:
            dict: ``sup_loss`` (``alpha`` x the classification loss),
            ``sup_acc1``, ``sup_acc5`` (top-1 and top-min(5, num_classes)
            accuracy in percent) and ``sup_alpha``.
        """
        cls_score = self(feats)
        return self._get_loss(cls_score, labels)

    def _get_loss(self, cls_score: torch.Tensor,
                  labels: torch.Tensor) -> Dict[str, torch.Tensor]:
        sup_loss = self.alpha * self.classification_loss(cls_score, labels)
        acc1, acc5 = Accuracy.calculate(
            cls_score.detach(),
            labels,
            topk=(1, min(5, self.num_classes)),
            thrs=(None, ))
        return dict(
            sup_loss=sup_loss,
            sup_acc1=acc1[0].reshape(()),
            sup_acc5=acc5[0].reshape(()),
            sup_alpha=torch.tensor(float(self.alpha), device=cls_score.device))
