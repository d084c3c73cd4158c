"""Process and device set-up of a run: the CUDA device of a single process
and the process group of a multi-process one, before the Runner."""
import argparse

import torch
from mmengine.config import Config
from mmengine.dist import init_dist


def select_device(args: argparse.Namespace) -> None:
    """Make ``--gpu-ids ID`` the current CUDA device of a single process
    (without a GPU the run stays on the CPU, as in the release)."""
    if (args.launcher == 'none' and args.gpu_ids
            and torch.cuda.is_available()):
        torch.cuda.set_device(args.gpu_ids[0])


def init_distributed(cfg: Config) -> None:
    """Start the process group of a multi-process run before the Runner, so
    that rank 0 can take the work dir's lock before the others go on
    (mmengine's Runner then skips its own initialisation).

    On GPUs this is mmengine's ``init_dist`` with the config's ``dist_cfg``,
    what the Runner would do. Without GPUs mmengine's launcher would still
    pin a CUDA device, so a gloo group is started here and the model is
    wrapped by a DDP that accepts CPU modules.
    """
    if cfg.launcher == 'none' or torch.distributed.is_initialized():
        return
    if torch.cuda.is_available():
        init_dist(cfg.launcher, **cfg.env_cfg.get('dist_cfg', {}))
        return
    if cfg.launcher != 'pytorch':
        return  # left to the Runner, as before
    torch.distributed.init_process_group(backend='gloo')
    cfg.env_cfg.setdefault('dist_cfg', {})['backend'] = 'gloo'
    wrapper = cfg.get('model_wrapper_cfg') or {}
    # A dotted import path: mmengine's `MODEL_WRAPPERS.get` does not search
    # grandchild scopes such as ours, but resolves importable paths.
    wrapper['type'] = 'mmselfsup.engine.cpu_ddp.CPUDistributedDataParallel'
    cfg.model_wrapper_cfg = wrapper
