"""The epoch-based train loop fed by NVIDIA DALI instead of dataloader
workers: select it in a config with

    train_cfg = dict(type='DALIEpochBasedTrainLoop', max_epochs=100,
                     dali=dict(device='gpu', num_threads=4))

(``configs/selfsup/GeRSP/GeRSP_dali.py``). ``train_dataloader`` keeps its
form (dataset, sources, view specs, batch size, sampler), so every check of
the training scripts reads it as before; the loop turns it into a
:class:`mmselfsup.datasets.dali_loader.DALIViewLoader`.
"""
from typing import Optional

from mmengine.registry import LOOPS
from mmengine.runner import EpochBasedTrainLoop

from mmselfsup.datasets.dali_loader import DALIViewLoader


# In mmengine's root registry (loops have no node of ours), so the config
# names it without a scope, as it names EpochBasedTrainLoop.
@LOOPS.register_module()
class DALIEpochBasedTrainLoop(EpochBasedTrainLoop):
    """mmengine's ``EpochBasedTrainLoop`` over a :class:`DALIViewLoader`.

    Args:
        runner: The runner.
        dataloader (dict): ``train_dataloader`` of the config.
        dali (dict, optional): Options of the DALI loader: ``device``
            (``'gpu'`` or ``'cpu'``), ``num_threads``,
            ``prefetch_queue_depth``.
        **kwargs: ``max_epochs``, ``val_begin``, ``val_interval``,
            ``dynamic_intervals``, as for ``EpochBasedTrainLoop``.
    """

    def __init__(self,
                 runner,
                 dataloader: dict,
                 dali: Optional[dict] = None,
                 **kwargs) -> None:
        if isinstance(dataloader, dict):
            dataloader = DALIViewLoader(
                **dataloader, seed=runner.seed, **(dali or {}))
        super().__init__(runner, dataloader, **kwargs)
