"""Weighted kNN against hand-computed votes; each sample counted once when
gathered from two processes; bad labeled sets refused before training."""
import math

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from mmselfsup.evaluation import gather_once, weighted_knn
from mmselfsup.evaluation.class_folders import check_split
from tests.helpers import free_port


def unit(degrees):
    rad = math.radians(degrees)
    return [math.cos(rad), math.sin(rad)]


# class 0 at 0 deg, class 1 at 60 and 90 deg, class 2 at 180 deg
BANK = torch.tensor([unit(0), unit(60), unit(90), unit(180)])
BANK_LABELS = torch.tensor([0, 1, 1, 2])


def test_votes_of_the_nearest_neighbours():
    # query at 0 deg, k=2: neighbours 0 deg (sim 1, class 0) and 60 deg
    # (sim .5, class 1); e^(1/T) > e^(.5/T): class 0 first -> top-1 hit.
    # query at 80 deg (label 0), k=3: 90 deg (cos 10), 60 deg (cos 20) of
    # class 1, then 0 deg (cos 80) of class 0: class 1 wins, class 0 second
    # -> top-1 miss, top-2 hit.
    queries = torch.tensor([unit(0), unit(80)])
    labels = torch.tensor([0, 0])
    first = weighted_knn(
        queries[:1],
        labels[:1],
        BANK,
        BANK_LABELS,
        3,
        k=2,
        temperature=1.0,
        topk=(1, 2))
    assert first == {'top1': 100.0, 'top2': 100.0}
    second = weighted_knn(
        queries[1:],
        labels[1:],
        BANK,
        BANK_LABELS,
        3,
        k=3,
        temperature=1.0,
        topk=(1, 2))
    assert second == {'top1': 0.0, 'top2': 100.0}
    both = weighted_knn(
        queries,
        labels,
        BANK,
        BANK_LABELS,
        3,
        k=3,
        temperature=1.0,
        topk=(1, 2, 5))
    assert both == {'top1': 50.0, 'top2': 100.0}  # top5 > 3 classes: left out


def test_weights_exp_sim_over_temperature_beat_the_majority():
    # query at 30 deg, k=3: class 0 at 0 deg (sim cos 30 = .866), class 1 at
    # 60 and 90 deg (sims .866 and .5). Votes: class 0 e^(.866/T), class 1
    # e^(.866/T) + e^(.5/T) -> class 1 for any T; move class 0 to 20 deg
    # (sim .985): T=0.05 -> e^19.7 vs e^17.3 + e^10: class 0;
    # T=10 -> 1.103 vs 1.090 + 1.051: class 1 (the majority).
    bank = torch.tensor([unit(20), unit(60), unit(90)])
    bank_labels = torch.tensor([0, 1, 1])
    query, label = torch.tensor([unit(30)]), torch.tensor([0])
    sharp = weighted_knn(
        query, label, bank, bank_labels, 2, k=3, temperature=0.05, topk=(1, ))
    flat = weighted_knn(
        query, label, bank, bank_labels, 2, k=3, temperature=10.0, topk=(1, ))
    assert (sharp['top1'], flat['top1']) == (100.0, 0.0)
    assert math.exp(math.cos(math.radians(10)) / 0.05) > (
        math.exp(math.cos(math.radians(30)) / 0.05) +
        math.exp(math.cos(math.radians(60)) / 0.05))


def test_features_are_compared_by_cosine():
    scaled = weighted_knn(
        torch.tensor([[5.0, 0.1]]),
        torch.tensor([0]),
        BANK * 7,
        BANK_LABELS,
        3,
        k=1,
        topk=(1, ))
    assert scaled == {'top1': 100.0}


def _gather_on_rank(rank, port, out):
    from mmengine.dataset import DefaultSampler
    dist.init_process_group(
        'gloo', init_method=f'tcp://127.0.0.1:{port}', rank=rank, world_size=2)
    try:
        # 5 samples on 2 ranks: the sampler pads rank 1 with sample 0
        indices = torch.tensor(
            list(DefaultSampler(list(range(5)), shuffle=False)))
        feats = torch.nn.functional.one_hot(indices, 5).float()
        gathered = gather_once(indices, feats, indices * 10)
        torch.save(gathered, f'{out}/rank{rank}.pth')
    finally:
        dist.destroy_process_group()


@pytest.mark.slow  # two processes
def test_gather_counts_every_sample_once(tmp_path):
    mp.spawn(
        _gather_on_rank,
        args=(free_port(), str(tmp_path)),
        nprocs=2,
        join=True)
    for rank in range(2):
        indices, feats, tens = torch.load(tmp_path / f'rank{rank}.pth')
        assert indices.tolist() == [0, 1, 2, 3, 4]
        assert torch.equal(feats, torch.eye(5))
        assert tens.tolist() == [0, 10, 20, 30, 40]


def test_gather_in_one_process_sorts_and_drops_repeats():
    indices, values = gather_once(
        torch.tensor([2, 0, 1, 0]), torch.tensor([20, 0, 10, 0]))
    assert indices.tolist() == [0, 1, 2] and values.tolist() == [0, 10, 20]


def make_split(root, classes, images=1):
    for name in classes:
        folder = root / name
        folder.mkdir(parents=True)
        for i in range(images):
            (folder / f'{i}.jpg').write_bytes(b'jpeg')


def test_class_folders_are_checked(tmp_path):
    with pytest.raises(FileNotFoundError, match=f'{tmp_path}/train does not'):
        check_split(str(tmp_path), 'train')
    (tmp_path / 'train').mkdir()
    with pytest.raises(ValueError, match='holds no class folders'):
        check_split(str(tmp_path), 'train')
    make_split(tmp_path / 'train', ['a', 'b'])
    (tmp_path / 'train' / 'c').mkdir()
    (tmp_path / 'train' / 'c' / 'notes.txt').write_text('')
    with pytest.raises(ValueError, match="class 'c' has no images"):
        check_split(str(tmp_path), 'train')
    (tmp_path / 'train' / 'c' / 'x.png').write_bytes(b'png')
    assert check_split(str(tmp_path), 'train') == ['a', 'b', 'c']
    make_split(tmp_path / 'val', ['a', 'b'])
    with pytest.raises(ValueError, match='same class folders'):
        check_split(str(tmp_path), 'val', classes=['a', 'b', 'c'])
    with pytest.raises(FileNotFoundError, match='meta/val.txt'):
        check_split(str(tmp_path), 'val', 'meta/val.txt')


def test_the_hook_refuses_bad_data_when_built(tmp_path, mmselfsup_scope):
    from mmselfsup.registry import HOOKS
    make_split(tmp_path / 'train', ['a', 'b'])
    with pytest.raises(FileNotFoundError, match=f'{tmp_path}/val'):
        HOOKS.build(dict(type='KNNMonitorHook', data_root=str(tmp_path)))


@pytest.mark.slow  # ResNet-50 features of 36 images
def test_knn_eval_tool_on_generated_scenes(tmp_path):
    from mmselfsup.analysis.knn_eval import knn_eval
    from mmselfsup.demo.pretraining import generate
    from tests.helpers import REPO
    generate(
        str(tmp_path),
        seed=0,
        num_classes=1,
        per_class=1,
        num_unlabeled=1,
        scenes_per_class=4)
    result = knn_eval(
        f'{REPO}/configs/selfsup/GeRSP/GeRSP_demo.py',
        str(tmp_path / 'scenes'),
        image_size=32,
        num_workers=0)
    assert (result['bank'], result['queries']) == (24, 12)
    assert 0 <= result['top1'] <= result['top5'] <= 100
    assert result['checkpoint'] == 'random init (seed 0)'
