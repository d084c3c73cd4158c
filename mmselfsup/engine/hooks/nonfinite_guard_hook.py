"""Stop a diverged run before it costs a good checkpoint."""
import math
from typing import Dict, Optional

from mmengine.hooks import Hook
from mmengine.optim import AmpOptimWrapper
from mmengine.registry import HOOKS

from mmselfsup.errors import ToolboxError
from mmselfsup.utils.tensor_checks import nonfinite_tensors

_SHOWN = 3  # non-finite tensors named in a message before '...'


class NonFiniteError(ToolboxError, RuntimeError):
    """The loss, the gradient norm or a tensor to be saved is NaN or inf."""


@HOOKS.register_module()
class NonFiniteGuardHook(Hook):
    """Raise :class:`NonFiniteError` at the first non-finite loss term (or
    gradient norm, where the optimizer wrapper computes one for clipping),
    naming the iteration, the epoch, the terms and the lr; and refuse to
    save a checkpoint that holds a non-finite tensor.

    Every iteration is checked: the logged values are already read on the
    host by mmengine's ``RuntimeInfoHook``, so the check costs no extra GPU
    synchronisation. Raising in ``before_save_checkpoint`` stops the save
    before ``CheckpointHook`` rotates old files (``max_keep_ckpts``), so the
    last finite checkpoint is never deleted. The gradient norm is not
    checked under AMP: its grad scaler skips every step whose gradient is not
    finite (with dynamic fp16 scaling that is routine), and a real divergence
    then shows in the loss.

    mmdet's ``CheckInvalidLossHook`` is not used: it checks only
    ``outputs['loss']`` every 50 iterations with a bare ``assert`` that names
    nothing, does not guard checkpoints, and exists only in mmdet's
    registry; this one is in mmengine's root registry, so pre-training,
    detection, segmentation and classification configs all find it.

    Args:
        check_grad_norm (bool): Also check the gradient norm logged by
            gradient clipping. Defaults to True.
    """

    priority = 'ABOVE_NORMAL'  # before the logger and checkpoint hooks

    def __init__(self, check_grad_norm: bool = True) -> None:
        self.check_grad_norm = check_grad_norm

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch=None,
                         outputs: Optional[dict] = None) -> None:
        bad = _nonfinite_values(outputs or {})
        grad_norm = self._grad_norm(runner)
        if grad_norm is not None and not math.isfinite(grad_norm):
            bad['grad_norm'] = grad_norm
        if bad:
            terms = ', '.join(f'{k}={v}' for k, v in bad.items())
            raise NonFiniteError(
                f'training diverged at iteration {runner.iter + 1} (epoch '
                f'{runner.epoch + 1}): non-finite {terms}; lr '
                f'{_lr(runner)}. Nothing of this iteration was saved. Lower '
                'the lr (optim_wrapper.optimizer.lr), add gradient clipping '
                '(optim_wrapper.clip_grad) or check the data, then continue '
                'from the last checkpoint with --resume.')

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        names = nonfinite_tensors(checkpoint.get('state_dict', {}))
        names += nonfinite_tensors(
            checkpoint.get('optimizer', {}), prefix='optimizer.')
        if names:
            more = f', ... ({len(names)} tensors)' if len(
                names) > _SHOWN else ''
            raise NonFiniteError(
                f'refusing to save the checkpoint of epoch {runner.epoch + 1}'
                f', iteration {runner.iter}: non-finite values in '
                f'{", ".join(names[:_SHOWN])}{more}. The earlier checkpoints '
                'are kept; lower the lr or add gradient clipping and '
                'continue from the last of them with --resume.')

    def _grad_norm(self, runner) -> Optional[float]:
        """This iteration's gradient norm, if clipping computed one."""
        wrapper = runner.optim_wrapper
        if (not self.check_grad_norm or isinstance(wrapper, AmpOptimWrapper)
                or not getattr(wrapper, 'clip_grad_kwargs', None)):
            return None
        buffer = runner.message_hub.log_scalars.get('train/grad_norm')
        return None if buffer is None else float(buffer.current())


def _nonfinite_values(outputs: dict) -> Dict[str, float]:
    values = {}
    for key, value in outputs.items():
        try:
            number = float(value)
        except (TypeError, ValueError, RuntimeError):
            continue  # not a scalar
        if not math.isfinite(number):
            values[key] = number
    return values


def _lr(runner) -> str:
    """The current lr of every parameter group (of every optimizer)."""
    lrs = [
        lr for key, values in runner.optim_wrapper.get_lr().items()
        if key.endswith('lr') for lr in values
    ]
    return ', '.join(f'{lr:.6g}' for lr in lrs) or 'unknown'
