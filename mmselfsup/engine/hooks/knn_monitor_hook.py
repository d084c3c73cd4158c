"""Online kNN monitor of pre-training."""
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.runner import Runner

from mmselfsup.evaluation.knn_evaluator import KNNEvaluator
from mmselfsup.registry import HOOKS


@HOOKS.register_module()
class KNNMonitorHook(Hook):
    """Every ``interval`` epochs (and after the last), weighted kNN accuracy
    of the student's pooled backbone features on a labeled set
    (:class:`KNNEvaluator`: bank = its train split, queries = its val
    split). Logs ``knn/top1`` and ``knn/top5`` in the text log and
    ``vis_data/scalars.json``.

    The data are checked when the hook is built, so a missing folder or an
    empty class stops the run before training starts.

    Args:
        interval (int): Epochs between evaluations. Defaults to 1.
        eval_at_start (bool): Also evaluate before the first iteration.
        **kwargs: The arguments of :class:`KNNEvaluator` (``data_root``,
            ``k``, ``temperature``, ``image_size``, ...).
    """

    priority = 'LOW'

    def __init__(self,
                 interval: int = 1,
                 eval_at_start: bool = False,
                 **kwargs) -> None:
        self.evaluator = KNNEvaluator(**kwargs)
        self.interval = interval
        self.eval_at_start = eval_at_start

    def before_train(self, runner: Runner) -> None:
        self.evaluator.build(seed=runner.seed)
        if self.eval_at_start:
            self.evaluate(runner)

    def after_train_epoch(self, runner: Runner) -> None:
        if (self.every_n_epochs(runner, self.interval)
                or self.is_last_train_epoch(runner)):
            self.evaluate(runner)

    def evaluate(self, runner: Runner) -> dict:
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        result = self.evaluator.evaluate(model)
        scalars = {
            f'knn/{n}': result[n]
            for n in ('top1', 'top5') if n in result
        }
        runner.logger.info(
            f'{self.evaluator.describe()}, {result["bank"]} bank / '
            f'{result["queries"]} query images, epoch {runner.epoch}: ' +
            ', '.join(f'{k} {v:.2f}' for k, v in scalars.items()))
        runner.visualizer.add_scalars(scalars, step=runner.iter)
        return result
