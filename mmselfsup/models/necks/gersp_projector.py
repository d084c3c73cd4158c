import torch
import torch.nn as nn
from mmengine.model import BaseModule

from mmselfsup.registry import MODELS


@MODELS.register_module()
class GeRSPProjector(BaseModule):
    """Projector of GeRSP: Linear -> ReLU -> Linear, without BN.

    It works on already pooled features (N, in_channels); the module is named
    ``projector`` so its weights are ``projector.0.*`` and ``projector.2.*``
    as in the released checkpoints.

    Args:
        in_channels (int): Input feature size. Defaults to 2048.
        hid_channels (int): Hidden size. Defaults to 2048.
        out_channels (int): Output (contrastive) size. Defaults to 128.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 in_channels: int = 2048,
                 hid_channels: int = 2048,
                 out_channels: int = 128,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.projector = nn.Sequential(
            nn.Linear(in_channels, hid_channels), nn.ReLU(inplace=True),
            nn.Linear(hid_channels, out_channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.projector(x)
