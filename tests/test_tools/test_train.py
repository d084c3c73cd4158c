"""tools/train.py and the launcher on tiny generated data."""
import json
import math
import os
import os.path as osp
import sys

import pytest
import torch

from mmselfsup.utils import safe_torch_load
from tests.helpers import (DEMO_CONFIG, SMALL_MODEL, data_options, free_port,
                           run, scalars, tiny_run_options, train,
                           write_tiny_dataset)

pytestmark = pytest.mark.slow  # subprocess trainings


@pytest.fixture(scope='module')
def tiny_data(tmp_path_factory):
    # 12 labeled + 12 unlabeled images -> 12 samples, 3 iterations of 4
    return write_tiny_dataset(str(tmp_path_factory.mktemp('data')))


TEACHER_STATE = ('queue', 'queue_ptr', 'encoder_k.layer4.1.conv2.weight',
                 'encoder_k.bn1.running_mean', 'proj_k.projector.0.weight',
                 'encoder_q.layer1.0.conv1.weight', 'pred_q.0.weight')


def test_resume_continues_with_same_queue_teacher_and_schedule(
        tiny_data, tmp_path):
    straight, resumed = tmp_path / 'straight', tmp_path / 'resumed'
    train(straight, tiny_run_options(tiny_data, epochs=2))
    train(resumed, tiny_run_options(tiny_data, epochs=1))
    first = safe_torch_load(str(resumed / 'epoch_1.pth'))
    assert first['meta']['iter'] == 3 and first['meta']['epoch'] == 1
    assert int(first['state_dict']['queue_ptr']) == (3 * 4) % 8

    proc = train(
        resumed, tiny_run_options(tiny_data, epochs=2), extra=['--resume'])
    assert 'resumed epoch: 1, iter: 3' in proc.stdout + proc.stderr
    log = scalars(str(resumed))
    assert [r['step'] for r in log if 'loss' in r] == [4, 5, 6]
    # the summary and its plot join both runs of the work dir
    from mmselfsup.evaluation.training_summary import summarize
    whole = summarize(str(resumed))
    assert whole['runs'] == 2 and whole['iterations'] == 6
    assert [r['step'] for r in whole['records']
            if 'loss' in r] == [1, 2, 3, 4, 5, 6]

    a = safe_torch_load(str(straight / 'epoch_2.pth'))
    b = safe_torch_load(str(resumed / 'epoch_2.pth'))
    assert a['meta']['iter'] == b['meta']['iter'] == 6
    for key in TEACHER_STATE:
        torch.testing.assert_close(
            b['state_dict'][key],
            a['state_dict'][key],
            rtol=1e-4,
            atol=1e-5,
            msg=key)
    assert a['param_schedulers'] == b['param_schedulers']
    assert b['param_schedulers'][0]['_global_step'] == 2
    # epoch 2 runs at the middle of the cosine: (0.007 + 0.001) / 2
    lrs = {r['step']: r['lr'] for r in log if 'lr' in r}
    straight_lrs = {r['step']: r['lr'] for r in scalars(str(straight))}
    assert [lrs[i] for i in (4, 5, 6)] == [straight_lrs[i] for i in (4, 5, 6)]
    assert lrs[4] == pytest.approx(0.004)
    ma = a['optimizer']['state'][0]['momentum_buffer']
    mb = b['optimizer']['state'][0]['momentum_buffer']
    torch.testing.assert_close(mb, ma, rtol=1e-4, atol=1e-5)


def test_resume_from_explicit_path(tiny_data, tmp_path):
    train(tmp_path, tiny_run_options(tiny_data, epochs=1))
    os.remove(tmp_path / 'last_checkpoint')
    proc = train(
        tmp_path,
        tiny_run_options(tiny_data, epochs=2),
        extra=['--resume', str(tmp_path / 'epoch_1.pth')])
    assert 'resumed epoch: 1, iter: 3' in proc.stdout + proc.stderr
    assert osp.isfile(tmp_path / 'epoch_2.pth')
    leftovers = [f for f in os.listdir(tmp_path) if f.endswith('.tmp')]
    assert leftovers == []


def test_two_process_gloo_run_fills_queue_from_both_ranks(tiny_data, tmp_path):
    # 2 processes x 2 images: 12 samples -> 3 iterations of 4 keys each
    proc = run([
        'bash', 'tools/dist_train_GeRSP.sh', '--work-dir',
        str(tmp_path), '--cfg-options', *tiny_run_options(
            tiny_data, epochs=1, batch=2, queue_len=8, workers=0)
    ],
               env=dict(GPUS='2', PORT=str(free_port())))
    assert 'Distributed training: True' in proc.stdout + proc.stderr
    ckpt = safe_torch_load(str(tmp_path / 'epoch_1.pth'))
    assert ckpt['meta']['iter'] == 3
    # a single process would have written 3 x 2 keys (ptr 6)
    assert int(ckpt['state_dict']['queue_ptr']) == (3 * 4) % 8
    queue = ckpt['state_dict']['queue']
    torch.testing.assert_close(queue.norm(dim=0), torch.ones(8))


def test_demo_learns_and_the_summary_matches_the_logs(tmp_path):
    """The demo config on small generated data (ResNet-18): the supervised
    branch learns, the kNN monitor logs knn/top1 before the first step and
    at the end, and summary.json agrees with the logged values."""
    from mmselfsup.demo.pretraining import generate
    root = str(tmp_path / 'demo')
    generate(root, seed=0, scenes_per_class=4)
    work_dir = tmp_path / 'work'
    train(
        work_dir, [
            *SMALL_MODEL, *data_options(root, crop=32),
            'train_cfg.max_epochs=10', 'param_scheduler.0.end=10',
            f'custom_hooks.0.data_root={root}/scenes',
            'custom_hooks.0.interval=5', 'default_hooks.checkpoint.interval=10'
        ],
        config=DEMO_CONFIG)
    log = scalars(str(work_dir))
    acc = [r['sup_acc1'] for r in log if 'sup_acc1' in r]
    assert len(acc) == 10 * 7  # 120 unlabeled images, 16 per step
    chance = 100 / 5
    assert sum(acc[:10]) / 10 < 2 * chance, acc
    assert sum(acc[-7:]) / 7 >= 2.5 * chance, acc
    knn = [(r['step'], r['knn/top1'], r['knn/top5']) for r in log
           if 'knn/top1' in r]
    assert [step for step, _, _ in knn] == [0, 35, 70]
    assert all(0 <= top1 <= top5 <= 100 for _, top1, top5 in knn)

    run([sys.executable, 'tools/summarize_training.py', str(work_dir)])
    summary = json.loads((work_dir / 'summary.json').read_text())
    infonce = [
        r['infonce'] for r in log if r.get('step', 0) > 63 and 'infonce' in r
    ]
    assert summary['infonce_last'] == pytest.approx(
        sum(infonce) / len(infonce))
    assert summary['infonce_chance'] == pytest.approx(math.log(64 + 1))
    assert summary['sup_acc1_last'] == pytest.approx(sum(acc[-7:]) / 7)
    assert summary['sup_acc1_chance'] == pytest.approx(chance)
    assert (summary['knn_top1_random'],
            summary['knn_top1_pretrained']) == (knn[0][1], knn[-1][1])
    assert summary['knn_data'] == f'{root}/scenes'
    assert summary['knn_top1_chance'] == pytest.approx(100 / 6)
    assert summary['checkpoint_epoch'] == 10
    assert osp.isfile(work_dir / 'loss_curves.png')
