"""LoveDA data: tools/generate_demo_data.py --kind loveda,
tools/dataset_converters/loveda2mmseg.py on zips laid out as LoveDA's, how
the configs read the result, and the one-line error without it."""
import os
import os.path as osp
import zipfile

import numpy as np
import pytest
from PIL import Image

from mmselfsup.dataset_converters.loveda2mmseg import convert
from mmselfsup.dataset_converters.loveda2mmseg import main as loveda2mmseg
from mmselfsup.demo.loveda import generate
from mmselfsup.errors import ConversionError
from tests.helpers import REPO, read_tree

CONFIG = osp.join(REPO, 'configs_mmseg/psanet_GeRSP_loveda.py')


def masks(root, split):
    folder = osp.join(root, 'ann_dir', split)
    return {
        name: np.asarray(Image.open(osp.join(folder, name)))
        for name in sorted(os.listdir(folder))
    }


# the generator


def test_generator_is_deterministic(tmp_path):
    for name, seed in (('a', 3), ('b', 3), ('c', 4)):
        generate(
            str(tmp_path / name), num_train=2, num_val=1, size=32, seed=seed)
    a, b, c = (read_tree(tmp_path / n) for n in 'abc')
    assert a == b
    assert a.keys() == c.keys() and a != c


def test_generated_pairs_are_loveda_coded(loveda_root):
    for split, names in (('train', ['0.png',
                                    '1.png']), ('val', ['2.png', '3.png'])):
        assert sorted(os.listdir(osp.join(loveda_root, 'img_dir',
                                          split))) == names
        found = set()
        for name, mask in masks(loveda_root, split).items():
            image = Image.open(osp.join(loveda_root, 'img_dir', split, name))
            assert image.mode == 'RGB' and image.size == (64, 64)
            assert mask.dtype == np.uint8 and mask.shape == (64, 64)
            assert mask.max() <= 7
            found |= set(np.unique(mask).tolist())
        assert set(range(1, 8)) <= found  # every class in every split


def test_no_data_is_black_and_classes_look_different(tmp_path):
    generate(str(tmp_path), num_train=12, num_val=1, size=32, seed=0)
    pixels = {k: [] for k in range(8)}
    for name, mask in masks(tmp_path, 'train').items():
        image = np.asarray(
            Image.open(tmp_path / 'img_dir' / 'train' / name), np.float32)
        for k in range(8):
            pixels[k].append(image[mask == k])
    assert len(np.concatenate(pixels[0])) > 0  # some no-data strips
    assert np.all(np.concatenate(pixels[0]) == 0)
    means = [np.concatenate(pixels[k]).mean(0) for k in range(1, 8)]
    for i in range(7):
        for j in range(i):
            assert np.abs(means[i] - means[j]).max() > 15, (i, j)


# how the configs read it


def test_loveda_dataset_reads_generated_data_ignoring_no_data(loveda_root):
    from mmengine.config import Config
    from mmseg.registry import DATASETS
    cfg = Config.fromfile(CONFIG)
    dataset = DATASETS.build(
        dict(cfg.val_dataloader.dataset, data_root=loveda_root))
    assert len(dataset) == 2
    assert dataset.metainfo['classes'][1] == 'building'
    sample = dataset[0]['data_samples']
    raw = np.asarray(Image.open(sample.seg_map_path)).astype(np.int64)
    gt = sample.gt_sem_seg.data[0].numpy()
    assert np.array_equal(gt, np.where(raw == 0, 255, raw - 1))


def test_missing_data_is_one_line_naming_the_command(tmp_path):
    from mmselfsup.cli.train import main
    with pytest.raises(SystemExit) as info:
        main([
            CONFIG, '--work-dir',
            str(tmp_path / 'work'), '--cfg-options',
            f'data_root={tmp_path}/loveda/'
        ])
    message = str(info.value)
    assert message.startswith(
        f'error: train data: {tmp_path}/loveda/ does not exist; prepare it '
        'with python tools/dataset_converters/loveda2mmseg.py')
    assert '\n' not in message and 'Train.zip' in message


# the converter


def write_zip(path, split, root, names, domain_of, drop=()):
    """A LoveDA-style zip of ``split`` from a generated ``root`` (files
    ``names`` of its train split), each under Rural or Urban."""
    with zipfile.ZipFile(path, 'w') as archive:
        for name in names:
            domain = domain_of(name)
            for kind, folder in (('images_png', 'img_dir'), ('masks_png',
                                                             'ann_dir')):
                member = f'{split}/{domain}/{kind}/{name}'
                if member not in drop:
                    archive.write(
                        osp.join(root, folder, 'train', name), member)


@pytest.fixture(scope='module')
def zips(tmp_path_factory):
    """Train.zip (3 images), Val.zip (2) and Test.zip (1, no masks) made
    from a generated set; returns (zip dir, generated root)."""
    root = str(tmp_path_factory.mktemp('generated'))
    generate(root, num_train=6, num_val=1, size=32, seed=5)
    zip_dir = tmp_path_factory.mktemp('zips')
    urban = {'1.png', '4.png'}

    def domain(name):
        return 'Urban' if name in urban else 'Rural'

    write_zip(zip_dir / 'Train.zip', 'Train', root,
              ['0.png', '1.png', '2.png'], domain)
    write_zip(zip_dir / 'Val.zip', 'Val', root, ['3.png', '4.png'], domain)
    write_zip(
        zip_dir / 'Test.zip',
        'Test',
        root, ['5.png'],
        domain,
        drop={'Test/Rural/masks_png/5.png'})
    return str(zip_dir), root


def test_converter_writes_mmseg_layout(zips, tmp_path, capsys):
    zip_dir, root = zips
    out = tmp_path / 'loveda'
    assert loveda2mmseg([zip_dir, '-o', str(out)]) == 0
    source = read_tree(root)
    expected = {
        'train': ['0.png', '1.png', '2.png'],
        'val': ['3.png', '4.png'],
    }
    got = read_tree(out)
    assert sorted(got) == sorted([
        f'{kind}/{split}/{n}' for split, names in expected.items()
        for kind in ('img_dir', 'ann_dir') for n in names
    ] + ['img_dir/test/5.png'])
    for path, data in got.items():
        kind, _, name = path.split('/')
        assert data == source[f'{kind}/train/{name}'], path
    printed = capsys.readouterr().out
    assert 'train: 3 images + masks (2 Rural, 1 Urban)' in printed
    assert 'test: 1 images (1 Rural)' in printed
    # nothing temporary is left behind
    assert sorted(os.listdir(out / 'img_dir')) == ['test', 'train', 'val']


def test_converter_output_is_what_the_configs_read(zips, tmp_path):
    from mmengine.config import Config
    from mmseg.registry import DATASETS
    zip_dir, _ = zips
    convert(zip_dir, str(tmp_path))
    cfg = Config.fromfile(CONFIG)
    for loader, size in (('train', 3), ('val', 2)):
        dataset = DATASETS.build(
            dict(cfg[f'{loader}_dataloader'].dataset, data_root=str(tmp_path)))
        assert len(dataset) == size


def test_existing_output_needs_overwrite(zips, tmp_path):
    zip_dir, _ = zips
    convert(zip_dir, str(tmp_path))
    stale = tmp_path / 'ann_dir' / 'val' / 'stale.png'
    stale.write_bytes(b'x')
    with pytest.raises(ConversionError, match='--overwrite'):
        convert(zip_dir, str(tmp_path))
    convert(zip_dir, str(tmp_path), overwrite=True)
    assert not stale.exists()
    assert sorted(os.listdir(tmp_path / 'ann_dir' /
                             'val')) == ['3.png', '4.png']


def test_missing_zip_is_named(zips, tmp_path, capsys):
    zip_dir, _ = zips
    (tmp_path / 'zips').mkdir()
    os.symlink(osp.join(zip_dir, 'Train.zip'), tmp_path / 'zips' / 'Train.zip')
    assert loveda2mmseg([str(tmp_path / 'zips'), '-o',
                         str(tmp_path / 'out')]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f'error: missing {tmp_path}/zips/Val.zip: download')
    assert not (tmp_path / 'out').exists()


def test_image_without_mask_is_an_error_and_writes_nothing(zips, tmp_path):
    zip_dir, root = zips
    bad = tmp_path / 'bad'
    bad.mkdir()
    os.symlink(osp.join(zip_dir, 'Train.zip'), bad / 'Train.zip')
    write_zip(
        bad / 'Val.zip',
        'Val',
        root, ['3.png', '4.png'],
        lambda name: 'Urban',
        drop={'Val/Urban/masks_png/4.png'})
    with pytest.raises(
            ConversionError,
            match=r'Val.zip: 1 file\(s\) with no mask: Val/Urban/images_png/'
            r'4.png'):
        convert(str(bad), str(tmp_path / 'out'))
    assert not (tmp_path / 'out').exists()


def test_same_id_in_rural_and_urban_is_an_error(zips, tmp_path):
    zip_dir, root = zips
    bad = tmp_path / 'bad'
    bad.mkdir()
    os.symlink(osp.join(zip_dir, 'Val.zip'), bad / 'Val.zip')
    with zipfile.ZipFile(bad / 'Train.zip', 'w') as archive:
        for domain in ('Rural', 'Urban'):
            archive.write(
                osp.join(root, 'img_dir', 'train', '0.png'),
                f'Train/{domain}/images_png/0.png')
    with pytest.raises(ConversionError, match='0.png is there twice'):
        convert(str(bad), str(tmp_path / 'out'))
