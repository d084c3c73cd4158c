"""DALIViewLoader on DALI's CPU backend: the batches mmengine's loop gets,
the sampler's images and labels, seeds per epoch and rank, and refusals."""
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config

from mmselfsup.datasets.dali_loader import (DALILoaderError, DALIViewLoader,
                                            EncodedBatches)
from tests.helpers import DEMO_CONFIG, write_tiny_dataset

pytest.importorskip('nvidia.dali')

CROP = 32


@pytest.fixture(scope='module')
def data_root(tmp_path_factory):
    # 12 labeled images of 3 classes + 12 unlabeled
    return write_tiny_dataset(str(tmp_path_factory.mktemp('data')))


def loader_cfg(root, **changes):
    cfg = Config.fromfile(DEMO_CONFIG).train_dataloader
    dataset = cfg.dataset.to_dict()
    dataset['labeled'].update(
        data_root=osp.join(root, 'ImageNet'),
        view=dict(dataset['labeled']['view'], crop_size=CROP))
    dataset['unlabeled'].update(
        data_root=osp.join(root, 'million_aid'),
        view=dict(dataset['unlabeled']['view'], crop_size=CROP))
    cfg = dict(cfg.to_dict(), dataset=dataset, batch_size=4)
    cfg.update(changes)
    return cfg


def build(root, **changes):
    return DALIViewLoader(
        **loader_cfg(root, **changes), seed=0, device='cpu', num_threads=1)


def epoch(loader, number):
    loader.sampler.set_epoch(number)
    return list(loader)


def test_batches_are_what_the_worker_pipeline_yields(data_root,
                                                     mmselfsup_scope):
    loader = build(data_root)
    assert len(loader) == 3  # 12 samples, 4 per batch
    batches = epoch(loader, 0)
    assert len(batches) == 3
    indices = list(loader.sampler)
    for k, batch in enumerate(batches):
        assert sorted(batch) == ['data_samples', 'inputs']
        assert [(v.dtype, tuple(v.shape)) for v in batch['inputs']] == \
            [(torch.uint8, (4, 3, CROP, CROP))] * 3
        labels = [int(s.gt_label) for s in batch['data_samples']]
        expected = [
            loader.dataset.labeled.get_data_info(i)['gt_label']
            for i in indices[4 * k:4 * k + 4]
        ]
        assert labels == expected
    # query and key are two different views of the same images
    assert not torch.equal(batches[0]['inputs'][1], batches[0]['inputs'][2])


def test_an_epoch_draws_the_same_views_again_and_others_differ(
        data_root, mmselfsup_scope):
    """A resumed run rebuilds the loader: its epoch must draw what the
    uninterrupted run drew."""
    first = epoch(build(data_root), 1)
    again = epoch(build(data_root), 1)
    other = epoch(build(data_root), 2)
    for a, b in zip(first, again):
        assert all(torch.equal(x, y) for x, y in zip(a['inputs'], b['inputs']))
    assert not torch.equal(first[0]['inputs'][0], other[0]['inputs'][0])


def test_each_process_and_epoch_has_its_own_seed(data_root, mmselfsup_scope):
    loader = build(data_root)
    seeds = {loader.epoch_seed(e) for e in range(4)}
    loader.rank = 1
    seeds |= {loader.epoch_seed(e) for e in range(4)}
    assert len(seeds) == 8


def test_the_external_source_stops_after_the_last_whole_batch(
        data_root, mmselfsup_scope):
    loader = build(data_root)
    source = EncodedBatches(loader.dataset, list(range(10)), 4, readers=2)
    assert len(source) == 2

    class Info:
        iteration = 1

    labeled, unlabeled, labels = source(Info)
    assert len(labeled) == len(unlabeled) == len(labels) == 4
    for branch, read in ((loader.dataset.labeled, labeled),
                         (loader.dataset.unlabeled, unlabeled)):
        for k in range(4):  # batch 1 holds indices 4-7
            path = branch.get_data_info(4 + k)['img_path']
            assert np.array_equal(read[k], np.fromfile(path, np.uint8))
    assert [int(x) for x in labels] == [
        loader.dataset.labeled.get_data_info(4 + k)['gt_label']
        for k in range(4)
    ]
    Info.iteration = 2
    with pytest.raises(StopIteration):
        source(Info)


@pytest.mark.parametrize('change,message', [
    (dict(drop_last=False), 'drop_last=True'),
    (dict(timeout=5), 'timeout'),
])
def test_configs_it_cannot_run_are_refused(data_root, mmselfsup_scope, change,
                                           message):
    with pytest.raises(DALILoaderError, match=message):
        build(data_root, **change)


def test_skip_mode_and_explicit_pipelines_are_refused(data_root,
                                                      mmselfsup_scope):
    cfg = loader_cfg(data_root)
    cfg['dataset']['on_bad_image'] = 'skip'
    with pytest.raises(DALILoaderError, match="on_bad_image='skip'"):
        DALIViewLoader(**cfg, device='cpu')
    cfg = loader_cfg(data_root)
    cfg['dataset']['unlabeled']['view'] = None
    with pytest.raises(
            DALILoaderError, match='train_dataloader.dataset.unlabeled.view'):
        DALIViewLoader(**cfg, device='cpu')
    with pytest.raises(DALILoaderError, match="one of \\('gpu', 'cpu'\\)"):
        DALIViewLoader(**loader_cfg(data_root), device='tpu')


def test_gpu_device_without_a_gpu_says_what_to_set(data_root, mmselfsup_scope,
                                                   monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    with pytest.raises(DALILoaderError, match='train_cfg.dali.device=cpu'):
        DALIViewLoader(**loader_cfg(data_root), device='gpu')


def test_missing_dali_names_the_package(data_root, mmselfsup_scope,
                                        monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, 'mmselfsup.datasets.dali_views', None)
    with pytest.raises(DALILoaderError, match='pip install nvidia-dali'):
        build(data_root)


def test_the_dali_config_is_the_released_one_but_for_the_loop():
    from tests.helpers import RELEASED_CONFIG, REPO
    dali = Config.fromfile(
        osp.join(REPO, 'configs/selfsup/GeRSP/GeRSP_dali.py')).to_dict()
    released = Config.fromfile(RELEASED_CONFIG).to_dict()
    loop = dali.pop('train_cfg')
    assert loop == dict(
        released.pop('train_cfg'),
        type='DALIEpochBasedTrainLoop',
        dali=dict(device='gpu', num_threads=4, prefetch_queue_depth=2))
    assert 'mmselfsup.engine.dali_loop' in dali.pop(
        'custom_imports')['imports']
    released.pop('custom_imports')
    assert dali == released
