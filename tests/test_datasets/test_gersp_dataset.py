"""The joint dataset: length, indexing, views, bad images, batching."""
import logging
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import default_collate
from mmengine.logging import MMLogger
from mmpretrain.models.utils import SelfSupDataPreprocessor
from torch.utils.data import DataLoader

from mmselfsup.datasets import GeRSPDataset
from mmselfsup.datasets.views import view_transforms
from mmselfsup.registry import DATASETS

CONFIG = osp.join(
    osp.dirname(__file__), '..', '..',
    'configs/selfsup/_base_/datasets/gersp_imagenet_millionaid.py')
S = 8  # side of the views of the deterministic pipelines
MEAN = torch.tensor([123.675, 116.28, 103.53]).view(3, 1, 1)
STD = torch.tensor([58.395, 57.12, 57.375]).view(3, 1, 1)

LABELED_PIPELINE = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(S, S)),
    dict(type='PackInputs'),
]
UNLABELED_PIPELINE = [
    dict(type='LoadImageFromFile'),
    dict(
        type='MultiView',
        num_views=2,
        transforms=[[dict(type='Resize', scale=(S, S))]]),
    dict(type='PackInputs'),
]


def unlabeled_value(i):
    """Grey level of unlabeled image ``i``: its pixels tell which was read."""
    return 10 * i + 5


@pytest.fixture
def make_dataset(tmp_path, write_image):
    """Labeled: classes c0..c{k-1}, 2 PNGs each, pixel (label*40, 0, 0) RGB.
    Unlabeled: n flat grey PNGs, u0000..., value ``unlabeled_value(i)``."""

    def make(num_classes=2, num_unlabeled=3, **kwargs):
        lines = []
        for c in range(num_classes):
            for i in range(2):
                rel = f'c{c}/{i}.png'
                write_image(
                    str(tmp_path / 'lab' / 'train' / rel), rgb=(40 * c, 0, 0))
                lines.append(f'{rel} {c}')
        (tmp_path / 'lab' / 'ann.txt').write_text('\n'.join(lines) + '\n')
        for i in range(num_unlabeled):
            write_image(
                str(tmp_path / 'unl' / f'u{i:04d}.png'),
                size=(30 + i, 12),
                rgb=(unlabeled_value(i), ) * 3)
        return GeRSPDataset(
            labeled=dict(
                type='LabeledImageSource',
                data_root=str(tmp_path / 'lab'),
                ann_file='ann.txt',
                data_prefix='train',
                pipeline=LABELED_PIPELINE),
            unlabeled=dict(
                type='UnlabeledImageFolder',
                data_root=str(tmp_path / 'unl'),
                pipeline=UNLABELED_PIPELINE),
            **kwargs)

    return make


def _read(item):
    """(labeled file, label, unlabeled index) an item was made from."""
    sample = item['data_samples']
    labeled = '/'.join(sample.img_path.split('/')[-2:])
    grey = int(item['inputs'][1][0, 0, 0])
    assert grey == int(item['inputs'][2][0, 0, 0])
    return labeled, int(sample.gt_label), (grey - 5) // 10


@pytest.mark.parametrize('num_classes,num_unlabeled,length', [(2, 3, 4),
                                                              (1, 5, 5)])
def test_length_is_the_larger_source(make_dataset, num_classes, num_unlabeled,
                                     length):
    dataset = make_dataset(num_classes, num_unlabeled)
    assert len(dataset.labeled) == 2 * num_classes
    assert len(dataset.unlabeled) == num_unlabeled
    assert len(dataset) == length


@pytest.mark.parametrize('num_classes,num_unlabeled,expected', [
    (1, 5, [('c0/0.png', 0, 0), ('c0/1.png', 0, 1), ('c0/0.png', 0, 2),
            ('c0/1.png', 0, 3), ('c0/0.png', 0, 4)]),
    (2, 3, [('c0/0.png', 0, 0), ('c0/1.png', 0, 1), ('c1/0.png', 1, 2),
            ('c1/1.png', 1, 0)]),
])
def test_modulo_indexing(make_dataset, num_classes, num_unlabeled, expected):
    dataset = make_dataset(num_classes, num_unlabeled)
    assert [_read(dataset[i]) for i in range(len(dataset))] == expected


def test_item_layout(make_dataset):
    dataset = make_dataset()
    item = dataset[2]
    assert set(item) == {'inputs', 'data_samples'}
    assert len(item['inputs']) == 3
    for view in item['inputs']:
        assert view.dtype == torch.uint8 and view.shape == (3, S, S)
    # Loaded as BGR: the labeled image is pure red (40, 0, 0) in RGB.
    assert item['inputs'][0][:, 0, 0].tolist() == [0, 0, 40]
    assert item['data_samples'].gt_label.tolist() == [1]
    assert dataset.metainfo == {'classes': ('c0', 'c1')}


def _corrupt(path):
    with open(path, 'wb') as f:
        f.write(b'this is not an image')


def test_bad_image_error_mode(make_dataset, tmp_path):
    dataset = make_dataset()
    bad = str(tmp_path / 'unl' / 'u0001.png')
    _corrupt(bad)
    assert _read(dataset[0])[2] == 0
    with pytest.raises(RuntimeError, match=f'Failed to load image {bad}'):
        dataset[1]
    _corrupt(str(tmp_path / 'lab' / 'train' / 'c1' / '0.png'))
    with pytest.raises(RuntimeError, match='c1/0.png'):
        dataset[2]


class _Records(logging.Handler):

    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_bad_image_skip_mode(make_dataset, tmp_path):
    dataset = make_dataset(num_classes=2, num_unlabeled=3, on_bad_image='skip')
    bad_unlabeled = str(tmp_path / 'unl' / 'u0001.png')
    bad_labeled = str(tmp_path / 'lab' / 'train' / 'c1' / '0.png')
    _corrupt(bad_unlabeled)
    _corrupt(bad_labeled)
    logger = MMLogger.get_instance('test_gersp_skip')
    records = _Records()
    logger.addHandler(records)
    try:
        # Index 1 reads unlabeled 1 (bad) -> 2; index 2 labeled c1/0 (bad)
        # -> c1/1 and unlabeled 2; index 3 reads unlabeled 0.
        assert [_read(dataset[i]) for i in range(4)] == [('c0/0.png', 0, 0),
                                                         ('c0/1.png', 0, 2),
                                                         ('c1/1.png', 1, 2),
                                                         ('c1/1.png', 1, 0)]
    finally:
        logger.removeHandler(records)
    assert dataset.num_skipped == 2
    assert len(records.messages) == 2
    assert bad_unlabeled in records.messages[0]
    assert 'index 2 of UnlabeledImageFolder' in records.messages[0]
    assert bad_labeled in records.messages[1]


def test_skip_mode_gives_up_on_a_broken_source(make_dataset, tmp_path):
    dataset = make_dataset(
        num_unlabeled=3, on_bad_image='skip', max_consecutive_skips=2)
    for i in range(3):
        _corrupt(str(tmp_path / 'unl' / f'u{i:04d}.png'))
    with pytest.raises(RuntimeError, match='3 images in a row failed'):
        dataset[0]
    assert dataset.num_skipped == 3


def test_bad_arguments(make_dataset):
    with pytest.raises(ValueError, match='on_bad_image'):
        make_dataset(on_bad_image='ignore')
    dataset = make_dataset()
    dataset.unlabeled.pipeline.transforms[1].transforms.pop()
    with pytest.raises(TypeError, match='two views .* got a list of 1'):
        dataset[0]


def test_dataloader_and_preprocessor(make_dataset):
    dataset = make_dataset(num_classes=2, num_unlabeled=6)
    loader = DataLoader(
        dataset, batch_size=3, shuffle=False, collate_fn=default_collate)
    batches = list(loader)
    assert len(batches) == 2
    preprocessor = SelfSupDataPreprocessor(
        mean=MEAN.flatten().tolist(), std=STD.flatten().tolist(), to_rgb=True)
    out = preprocessor(batches[1])
    inputs = out['inputs']
    assert isinstance(inputs, list) and len(inputs) == 3
    for view in inputs:
        assert view.dtype == torch.float32 and view.shape == (3, 3, S, S)
    # Batch 1 holds items 3, 4, 5: labeled c1/1, c0/0, c0/1 (red 40, 0, 0)
    # and unlabeled greys 3, 4, 5.
    red = torch.tensor([40., 0., 0.]).view(3, 1, 1)
    zero = torch.zeros(3, 1, 1)
    expected = torch.stack([red, zero, zero])
    torch.testing.assert_close(inputs[0],
                               ((expected - MEAN) / STD).expand(3, 3, S, S))
    grey = torch.tensor([unlabeled_value(i) for i in (3, 4, 5)],
                        dtype=torch.float32).view(3, 1, 1, 1)
    for view in inputs[1:]:
        torch.testing.assert_close(view,
                                   ((grey - MEAN) / STD).expand(3, 3, S, S))
    assert [s.gt_label.item() for s in out['data_samples']] == [1, 0, 0]


def test_config_fragment_builds_three_224_views(tmp_path):
    from mmselfsup.demo.pretraining import generate
    generate(
        str(tmp_path / 'demo'),
        seed=0,
        num_classes=2,
        per_class=2,
        num_unlabeled=3)
    cfg = Config.fromfile(CONFIG)
    assert cfg.data_preprocessor.to_rgb is True
    loader = cfg.train_dataloader
    assert (loader.batch_size, loader.num_workers, loader.drop_last) == (32, 4,
                                                                         True)
    assert loader.collate_fn.type == 'default_collate'
    data = loader.dataset
    assert [t['type'] for t in view_transforms(data.labeled.view)] == [
        'RandomResizedCrop', 'RandomGrayscale', 'mmselfsup.GeRSPColorJitter',
        'RandomFlip'
    ]
    data.labeled.data_root = str(tmp_path / 'demo' / 'ImageNet')
    data.unlabeled.data_root = str(tmp_path / 'demo' / 'million_aid')
    dataset = DATASETS.build(data)
    assert [
        type(t).__name__ for t in dataset.labeled.pipeline.transforms[1:5]
    ] == [
        'RandomResizedCrop', 'RandomGrayscale', 'GeRSPColorJitter',
        'RandomFlip'
    ]
    assert len(dataset) == 4
    assert dataset.metainfo['classes'] == ('n00000000', 'n00000001')
    item = dataset[3]
    assert [(v.dtype, tuple(v.shape))
            for v in item['inputs']] == [(torch.uint8, (3, 224, 224))] * 3
    assert not torch.equal(item['inputs'][1], item['inputs'][2])
    assert item['data_samples'].gt_label.tolist() == [1]
