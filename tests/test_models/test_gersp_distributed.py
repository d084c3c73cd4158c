"""The queue gathers the keys of every rank (2 CPU processes, gloo)."""
import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn.functional as F

from tests.helpers import free_port

pytestmark = pytest.mark.slow  # 2-process run


def _enqueue_on_rank(rank, world_size, port, out_dir):
    dist.init_process_group(
        'gloo',
        init_method=f'tcp://127.0.0.1:{port}',
        rank=rank,
        world_size=world_size)
    try:
        from mmselfsup.registration import register_all_modules
        from tests.small_gersp import small_model
        register_all_modules()  # a fresh process: its own default scope
        model = small_model(queue_len=8)
        # identical start on every rank, as after mmengine's broadcast
        model.queue.copy_(F.normalize(torch.ones(16, 8), dim=0))
        for step in range(3):
            keys = torch.zeros(2, 16)
            keys[:, rank] = 1.0
            keys[:, 8 + step] = 1.0
            model._dequeue_and_enqueue(F.normalize(keys, dim=1))
        torch.save(
            dict(queue=model.queue, ptr=model.queue_ptr),
            f'{out_dir}/rank{rank}.pth')
    finally:
        dist.destroy_process_group()


def test_enqueue_gathers_keys_of_both_ranks(tmp_path):
    mp.spawn(
        _enqueue_on_rank,
        args=(2, free_port(), str(tmp_path)),
        nprocs=2,
        join=True)
    r0 = torch.load(tmp_path / 'rank0.pth')
    r1 = torch.load(tmp_path / 'rank1.pth')
    assert torch.equal(r0['queue'], r1['queue'])
    assert int(r0['ptr']) == int(r1['ptr']) == (3 * 4) % 8
    queue = r0['queue']
    # step 2 wrapped around into columns 0-3; columns 4-7 hold step 1
    owners = [int(queue[:2, c].argmax()) for c in range(8)]
    steps = [int(queue[8:11, c].argmax()) for c in range(8)]
    assert owners == [0, 0, 1, 1, 0, 0, 1, 1]
    assert steps == [2, 2, 2, 2, 1, 1, 1, 1]
