from mmengine.model import MMDistributedDataParallel

from mmselfsup.registry import MODEL_WRAPPERS


@MODEL_WRAPPERS.register_module()
class CPUDistributedDataParallel(MMDistributedDataParallel):
    """``MMDistributedDataParallel`` for CPU processes (gloo backend).

    mmengine's Runner passes ``device_ids=[LOCAL_RANK]``, which DDP rejects
    for a module on the CPU; here they are dropped.
    """

    def __init__(self, module, device_ids=None, **kwargs) -> None:
        super().__init__(module=module, device_ids=None, **kwargs)
