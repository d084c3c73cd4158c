import copy
from collections import OrderedDict
from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.dist import all_gather, get_world_size
from mmpretrain.models import BaseSelfSupervisor
from mmpretrain.models.utils import batch_shuffle_ddp, batch_unshuffle_ddp
from mmpretrain.structures import DataSample

from mmselfsup.registry import MODELS
from ..heads import GeRSPSupervisedHead


@MODELS.register_module(name=['GeRSP', 'MoCoGeRSP'])
class GeRSP(BaseSelfSupervisor):
    """GeRSP: Generic Knowledge Boosted Pre-training for Remote Sensing.

    One ResNet (``encoder_q``, alias ``backbone``) is trained by two branches
    in a single forward pass over ``cat([query_view, labeled_view])``, so BN
    statistics mix both domains:

    - a MoCo branch on unlabeled remote-sensing images: projector ``proj_q``
      (alias ``neck``), an EMA teacher ``encoder_k`` + ``proj_k`` producing
      keys, and a queue of negatives (InfoNCE, ``loss``);
    - a supervised branch on labeled natural images: the head ``pred_q``
      (``sup_head``, by default ``GeRSPSupervisedHead``: linear classifier,
      alpha-weighted cross-entropy, ``sup_loss``).

    Variants: another supervised loss or classifier is a ``sup_head``
    config (or a ``GeRSPSupervisedHead`` subclass); another contrastive
    loss overrides :meth:`contrastive_loss`.

    As released, only the teacher *encoder* follows the student by EMA; the
    teacher projector is a copy of the student's made at initialisation and
    stays frozen. ``ema_projector=True`` EMA-updates it as well.

    Deliberate deviation: after :meth:`init_weights` the teacher is an exact
    copy of the student, as MoCo intends. In the release the copy is made in
    ``__init__`` and the train script's later ``init_weights()`` re-draws the
    teacher's convolutions independently, so its teacher starts as a
    different random network (an accident; with m = 0.999 the difference
    fades over the first few thousand steps).

    Logged values follow the release's loss parser: ``loss`` is the
    optimised total (InfoNCE + ``sup_loss``) and InfoNCE alone is logged as
    ``infonce``; :meth:`forward_train` still returns the release's dict, in
    which ``loss`` is InfoNCE.

    Args:
        backbone (dict): Config of the shared ResNet (last stage output).
        neck (dict): Config of the projector (``GeRSPProjector``).
        head (dict): Config of the contrastive head (``ContrastiveHead``
            carrying the temperature, 0.07 as released).
        num_classes (int): Classes of the labeled source (``sup_head``'s
            ``num_classes``). Defaults to 1000.
        feat_in_channels (int): Pooled backbone feature size
            (``sup_head``'s ``in_channels``). Defaults to 2048.
        queue_len (int): Number of negative keys. Defaults to 65536.
        feat_dim (int): Dimension of the keys. Defaults to 128.
        momentum (float): Teacher momentum m in
            ``theta_k = m * theta_k + (1 - m) * theta_q``. Defaults to 0.999.
        alpha (float): Weight of the supervised loss (``sup_head``'s
            ``alpha``). Defaults to 1.0.
        ema_projector (bool): Also EMA-update ``proj_k``. Defaults to False.
        pretrained (str, optional): Checkpoint to initialise from.
        data_preprocessor (dict, optional): Defaults to
            ``SelfSupDataPreprocessor``.
        init_cfg (dict, optional): Initialisation config.
        channels_last (bool): Keep both encoders and their input images in
            the channels-last memory format, which tensor-core convolutions
            prefer (mostly with ``--amp``). Numbers may differ by rounding.
            Defaults to False.
        compile_encoders (bool | dict): ``torch.compile`` both encoders
            (``True``, or a dict of ``torch.compile`` arguments). They hold
            nearly all the compute and have static graphs; the rest of the
            step (queue, EMA, losses) stays eager. Defaults to False.
        sup_head (dict, optional): Config of the supervised head, built as
            ``pred_q``; ``in_channels``, ``num_classes`` and ``alpha`` it
            leaves out are ``feat_in_channels``, ``num_classes`` and
            ``alpha``, and one it gives must equal them. Defaults to None:
            ``GeRSPSupervisedHead``, the released linear classifier.
    """

    def __init__(self,
                 backbone: dict,
                 neck: dict,
                 head: dict,
                 num_classes: int = 1000,
                 feat_in_channels: int = 2048,
                 queue_len: int = 65536,
                 feat_dim: int = 128,
                 momentum: float = 0.999,
                 alpha: float = 1.0,
                 ema_projector: bool = False,
                 pretrained: Optional[str] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[Union[List[dict], dict]] = None,
                 channels_last: bool = False,
                 compile_encoders: Union[bool, dict] = False,
                 sup_head: Optional[dict] = None) -> None:
        super().__init__(
            backbone=backbone,
            neck=neck,
            head=head,
            pretrained=pretrained,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        if not 0.0 <= momentum <= 1.0:
            raise ValueError(f'momentum must be in [0, 1], got {momentum}')
        self.encoder_q = self.backbone
        self.proj_q = self.neck
        self.pred_q = self._build_sup_head(sup_head, feat_in_channels,
                                           num_classes, alpha)
        self.encoder_k = copy.deepcopy(self.encoder_q)
        self.proj_k = copy.deepcopy(self.proj_q)
        for param in (*self.encoder_k.parameters(), *self.proj_k.parameters()):
            param.requires_grad = False
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.channels_last = channels_last
        if channels_last:
            for encoder in (self.encoder_q, self.encoder_k):
                encoder.to(memory_format=torch.channels_last)
        if compile_encoders:
            options = {} if compile_encoders is True else compile_encoders
            for encoder in (self.encoder_q, self.encoder_k):
                encoder.compile(**options)

        self.momentum = momentum
        self.ema_projector = ema_projector
        self.queue_len = queue_len
        self.register_buffer(
            'queue', F.normalize(torch.randn(feat_dim, queue_len), dim=0))
        self.register_buffer('queue_ptr', torch.zeros(1, dtype=torch.long))

    @staticmethod
    def _build_sup_head(cfg: Optional[dict], in_channels: int,
                        num_classes: int, alpha: float) -> nn.Module:
        cfg = dict(type=GeRSPSupervisedHead) if cfg is None else dict(cfg)
        for key, value, name in (('in_channels', in_channels,
                                  'feat_in_channels'),
                                 ('num_classes', num_classes,
                                  'num_classes'), ('alpha', alpha, 'alpha')):
            if cfg.setdefault(key, value) != value:
                raise ValueError(
                    f'model.sup_head.{key} ({cfg[key]}) differs from '
                    f'model.{name} ({value}); set model.{name} and leave '
                    f'{key} out of sup_head')
        return MODELS.build(cfg)

    @property
    def num_classes(self) -> int:
        """Classes of the labeled source (the supervised head's)."""
        return self.pred_q.num_classes

    @property
    def alpha(self) -> float:
        """Weight of the supervised loss (the supervised head's)."""
        return self.pred_q.alpha

    @alpha.setter
    def alpha(self, value: float) -> None:
        self.pred_q.alpha = value

    def init_weights(self) -> None:
        """Initialise the student, then make the teacher an exact copy."""
        super().init_weights()
        self._copy_student_to_teacher()

    @torch.no_grad()
    def _copy_student_to_teacher(self) -> None:
        for q_mod, k_mod in ((self.encoder_q, self.encoder_k), (self.proj_q,
                                                                self.proj_k)):
            k_mod.load_state_dict(q_mod.state_dict())

    def _teacher_pairs(self) -> List[Tuple[nn.Module, nn.Module]]:
        pairs = [(self.encoder_q, self.encoder_k)]
        if self.ema_projector:
            pairs.append((self.proj_q, self.proj_k))
        return pairs

    @torch.no_grad()
    def momentum_update(self) -> None:
        """``theta_k = m * theta_k + (1 - m) * theta_q`` on parameters."""
        for student, teacher in self._teacher_pairs():
            k_params = list(teacher.parameters())
            q_params = [p.detach() for p in student.parameters()]
            torch._foreach_mul_(k_params, self.momentum)
            torch._foreach_add_(k_params, q_params, alpha=1 - self.momentum)

    @torch.no_grad()
    def _dequeue_and_enqueue(self, keys: torch.Tensor) -> None:
        """Write the keys of all ranks into the queue (FIFO)."""
        local_batch = keys.shape[0]
        keys = torch.cat(all_gather(keys), dim=0)
        batch_size = keys.shape[0]
        error = self.global_batch_error(local_batch, get_world_size())
        if error:
            raise ValueError(error)
        # indices computed on the queue's device: reading the pointer on the
        # host would wait for the GPU every step
        columns = self.queue_ptr + torch.arange(
            batch_size, device=self.queue_ptr.device)
        self.queue.index_copy_(1, columns, keys.t().to(self.queue.dtype))
        self.queue_ptr.add_(batch_size).remainder_(self.queue_len)

    def global_batch_error(self, batch_per_process: int,
                           world_size: int) -> Optional[str]:
        """Why the queue cannot take whole global batches, or None: each step
        writes ``batch_per_process * world_size`` keys, and a batch must
        never straddle the end of the queue. Checked before the first
        iteration (``DataGuardHook``) and at every enqueue."""
        batch_size = batch_per_process * world_size
        if self.queue_len % batch_size == 0:
            return None
        return (f'model.queue_len ({self.queue_len}) must be divisible by the '
                f'global batch size {batch_size} ({batch_per_process} per '
                f'process x {world_size} processes); change model.queue_len '
                'or train_dataloader.batch_size.')

    def _pooled(self, encoder: nn.Module,
                images: torch.Tensor) -> torch.Tensor:
        if self.channels_last:
            images = images.contiguous(memory_format=torch.channels_last)
        return self.avgpool(encoder(images)[-1]).flatten(1)

    @torch.no_grad()
    def _keys(self, im_k: torch.Tensor) -> torch.Tensor:
        """Teacher keys with shuffle-BN across ranks (no-op in 1 process)."""
        shuffle = get_world_size() > 1
        if shuffle:
            im_k, idx_unshuffle = batch_shuffle_ddp(im_k)
        k = F.normalize(self.proj_k(self._pooled(self.encoder_k, im_k)), dim=1)
        if shuffle:
            k = batch_unshuffle_ddp(k, idx_unshuffle)
        return k

    def contrastive_loss(self, q: torch.Tensor,
                         k: torch.Tensor) -> torch.Tensor:
        """InfoNCE of the queries ``q`` against their keys ``k`` (positives)
        and the queue (negatives), by the contrastive ``head``."""
        l_pos = torch.einsum('nc,nc->n', q, k).unsqueeze(-1)
        l_neg = torch.einsum('nc,ck->nk', q, self.queue.clone().detach())
        return self.head.loss(l_pos, l_neg)

    def forward_train(
            self, img: Union[torch.Tensor, Sequence[torch.Tensor]],
            gt_label: Union[torch.Tensor, Sequence[torch.Tensor]],
            ex_img: Sequence[torch.Tensor]) -> Dict[str, torch.Tensor]:
        """Compute the GeRSP losses with the original's arguments.

        Args:
            img: The labeled view, (B, 3, H, W), or a list holding it.
            gt_label: Class indices of the labeled view, (B,), or a list
                holding them.
            ex_img: ``[query_view, key_view]`` of the unlabeled images.

        Returns:
            dict: ``loss`` (InfoNCE), ``sup_loss`` (optimised) and
            ``sup_acc1``, ``sup_acc5``, ``sup_alpha`` (logged only).
        """
        img_l = img[0] if isinstance(img, (list, tuple)) else img
        labels = gt_label[0] if isinstance(gt_label, (list, tuple)) \
            else gt_label
        labels = labels.reshape(-1).long()
        im_q, im_k = ex_img
        num_q = im_q.size(0)

        feats = self._pooled(self.encoder_q, torch.cat([im_q, img_l], dim=0))
        q = F.normalize(self.proj_q(feats[:num_q]), dim=1)
        sup = self.pred_q.loss(feats[num_q:], labels)

        self.momentum_update()
        k = self._keys(im_k)
        loss = self.contrastive_loss(q, k)

        self._dequeue_and_enqueue(k)
        return dict(loss=loss, **sup)

    def loss(self, inputs: List[torch.Tensor], data_samples: List[DataSample],
             **kwargs) -> Dict[str, torch.Tensor]:
        """mmengine entry: ``inputs = [labeled, query, key]`` views."""
        if not isinstance(inputs, (list, tuple)) or len(inputs) != 3:
            raise ValueError(
                'GeRSP expects inputs = [labeled_view, query_view, key_view], '
                f'got {type(inputs).__name__} of length {len(inputs)}')
        labels = torch.cat([s.gt_label
                            for s in data_samples]).to(inputs[0].device)
        return self.forward_train(inputs[0], labels, inputs[1:])

    def parse_losses(
        self, losses: Dict[str, torch.Tensor]
    ) -> Tuple[torch.Tensor, Dict[str, torch.Tensor]]:
        """Optimise the sum of every term whose name holds ``loss``.

        As in the release's parser, the logged ``loss`` is that total
        (InfoNCE + ``sup_loss``); InfoNCE, which ``forward_train`` returns
        as ``loss``, is logged as ``infonce``.
        """
        log_vars = OrderedDict((k, v.mean()) for k, v in losses.items())
        total = sum(v for k, v in log_vars.items() if 'loss' in k)
        infonce = log_vars.pop('loss')
        log_vars = OrderedDict([('loss', total), ('infonce', infonce),
                                *log_vars.items()])
        return total, OrderedDict((k, v.detach()) for k, v in log_vars.items())
