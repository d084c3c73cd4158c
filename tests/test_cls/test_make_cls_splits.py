"""tools/dataset_converters/make_cls_splits.py: seeded, stratified,
disjoint splits that cover every image once, in mmpretrain's format."""
import json
import os
import os.path as osp
import subprocess
import sys
from fractions import Fraction

import pytest

from mmselfsup.classes import (EUROSAT_CLASSES, NWPU_RESISC45_CLASSES,
                               SCENE_DATASETS, UC_MERCED_CLASSES)
from mmselfsup.dataset_converters.make_cls_splits import (main, parse_args,
                                                          split_counts)
from tests.helpers import REPO, subprocess_env

SCRIPT = osp.join(REPO, 'tools/dataset_converters/make_cls_splits.py')


def write_class_folders(root, classes, per_class, ext='.jpg'):
    """Class folders of empty stand-in images (the tool only lists them):
    class i holds ``per_class + i`` images, so classes differ in size."""
    for i, name in enumerate(classes):
        os.makedirs(osp.join(root, name), exist_ok=True)
        for j in range(per_class + i):
            open(osp.join(root, name, f'{name}_{j}{ext}'), 'wb').close()
    return root


def empty(folder):
    for name in os.listdir(folder):
        os.remove(osp.join(folder, name))


def read_split(path):
    with open(path) as f:
        return [line.rsplit(' ', 1) for line in f.read().splitlines()]


def all_images(root, ext='.jpg'):
    return sorted(
        osp.relpath(osp.join(d, n), root).replace(os.sep, '/')
        for d, _, names in os.walk(root) for n in names if n.endswith(ext))


@pytest.fixture
def eurosat(tmp_path):
    """EuroSAT as its RGB zip unpacks: EuroSAT_RGB/<Class>/*.jpg."""
    root = tmp_path / 'EuroSAT'
    write_class_folders(root / 'EuroSAT_RGB', EUROSAT_CLASSES, 10)
    return str(root)


def test_rounding_of_the_cuts_is_hand_computed():
    r = [Fraction('0.6'), Fraction('0.2'), Fraction('0.2')]
    assert split_counts(10, r) == [6, 2, 2]
    # cuts 4.2 -> 4, 5.6 -> 6, 7
    assert split_counts(7, r) == [4, 2, 1]
    # 2.5 rounds half up; 20 % of NWPU's 700 images per class is 140
    assert split_counts(5, [Fraction(1, 2)] * 2) == [3, 2]
    assert split_counts(700, [Fraction('0.2'), Fraction('0.8')]) == [140, 560]


def test_eurosat_default_splits_are_stratified_disjoint_and_complete(
        eurosat, capsys):
    assert main([eurosat]) == 0
    assert 'eurosat: 10 classes, train 87, val 29, test 29' in (
        capsys.readouterr().out)
    meta = osp.join(eurosat, 'meta')
    splits = {
        s: read_split(osp.join(meta, f'{s}.txt'))
        for s in ('train', 'val', 'test')
    }
    paths = [p for lines in splits.values() for p, _ in lines]
    assert sorted(paths) == all_images(eurosat)  # each image exactly once
    for split, lines in splits.items():
        for path, label in lines:
            folder, cls = path.split('/')[:2]
            assert folder == 'EuroSAT_RGB'
            assert int(label) == EUROSAT_CLASSES.index(cls)
    summary = json.load(open(osp.join(meta, 'splits.json')))
    for i, cls in enumerate(EUROSAT_CLASSES):
        counts = split_counts(
            10 + i, [Fraction(3, 5), Fraction(1, 5)] + [Fraction(1, 5)])
        assert summary['per_class'][cls] == dict(
            zip(('train', 'val', 'test'), counts))
        assert [
            sum(p.split('/')[1] == cls for p, _ in splits[s])
            for s in ('train', 'val', 'test')
        ] == counts


def test_same_seed_same_bytes_other_seed_other_split(eurosat, tmp_path):
    outs = [str(tmp_path / name) for name in ('a', 'b', 'c')]
    assert main([eurosat, '-o', outs[0]]) == 0
    assert main([eurosat, '-o', outs[1], '--seed', '0']) == 0
    assert main([eurosat, '-o', outs[2], '--seed', '1']) == 0
    for name in ('train.txt', 'val.txt', 'test.txt', 'splits.json'):
        a, b = (open(osp.join(o, name), 'rb').read() for o in outs[:2])
        assert a == b
    assert (open(osp.join(outs[0], 'train.txt')).read()
            != open(osp.join(outs[2], 'train.txt')).read())


def test_nwpu_defaults_to_20_80_without_val(tmp_path):
    root = tmp_path / 'nwpu'
    write_class_folders(root / 'NWPU-RESISC45', NWPU_RESISC45_CLASSES, 5)
    assert main([str(root)]) == 0
    assert sorted(os.listdir(
        root / 'meta')) == ['splits.json', 'test.txt', 'train.txt']
    train = read_split(root / 'meta' / 'train.txt')
    test = read_split(root / 'meta' / 'test.txt')
    assert len(train) + len(test) == len(all_images(root))
    assert not {p for p, _ in train} & {p for p, _ in test}
    # class 0 has 5 images: 1 train, 4 test
    assert [p for p, label in train
            if label == '0'] == [p for p, _ in train if '/airplane/' in p]
    assert sum(label == '0' for _, label in train) == 1
    assert {label for _, label in test} == {str(i) for i in range(45)}


@pytest.mark.parametrize('name', sorted(SCENE_DATASETS))
@pytest.mark.parametrize('layout', ['download', 'flat'])
def test_every_dataset_is_detected_and_split_by_its_defaults(
        tmp_path, name, layout):
    """Each registered dataset, unpacked as downloaded (or its class
    folders directly in ROOT): its classes, default ratios and extension."""
    dataset = SCENE_DATASETS[name]
    root = tmp_path / name
    folder = dataset.folders[0] if layout == 'download' else '.'
    write_class_folders(root / folder, dataset.classes, 5, dataset.image_ext)
    assert main([str(root)]) == 0
    summary = json.load(open(root / 'meta' / 'splits.json'))
    names = ('train', 'val', 'test') if len(dataset.ratios) == 3 else ('train',
                                                                       'test')
    assert summary['dataset'] == name
    assert summary['classes'] == list(dataset.classes)
    assert list(summary['ratios'].values()) == [
        str(Fraction(r)) for r in dataset.ratios
    ]
    assert sorted(os.listdir(
        root / 'meta')) == sorted([f'{s}.txt'
                                   for s in names] + ['splits.json'])
    splits = {s: read_split(root / 'meta' / f'{s}.txt') for s in names}
    paths = [p for lines in splits.values() for p, _ in lines]
    assert sorted(paths) == all_images(root, dataset.image_ext)
    prefix = '' if folder == '.' else f'{folder}/'
    for label, cls in enumerate(dataset.classes):
        counts = split_counts(5 + label, [Fraction(r) for r in dataset.ratios])
        assert summary['per_class'][cls] == dict(zip(names, counts))
        for split, count in zip(names, counts):
            mine = [p for p, lab in splits[split] if lab == str(label)]
            assert len(mine) == count
            assert all(p.startswith(f'{prefix}{cls}/') for p in mine)


def test_uc_merced_defaults_to_80_20_of_its_tif_images(tmp_path, capsys):
    """UC-Merced as its zip unpacks (UCMerced_LandUse/Images/<class>/*.tif),
    5 images per class: 4 train, 1 test, no val; the real 100 per class
    give 80 / 20."""
    root = tmp_path / 'UC-Merced'
    images = root / 'UCMerced_LandUse' / 'Images'
    for name in UC_MERCED_CLASSES:
        os.makedirs(images / name)
        for j in range(5):
            open(images / name / f'{name}{j:02d}.tif', 'wb').close()
    assert main([str(root)]) == 0
    assert 'uc-merced: 21 classes, train 84, test 21 images' in (
        capsys.readouterr().out)
    assert sorted(os.listdir(
        root / 'meta')) == ['splits.json', 'test.txt', 'train.txt']
    train = read_split(root / 'meta' / 'train.txt')
    test = read_split(root / 'meta' / 'test.txt')
    assert sorted(p for p, _ in train + test) == all_images(root, '.tif')
    assert not {p for p, _ in train} & {p for p, _ in test}
    for label, name in enumerate(UC_MERCED_CLASSES):
        assert sum(lab == str(label) for _, lab in train) == 4
        assert [p for p, lab in test if lab == str(label)
                ] == [p for p, _ in test if f'/Images/{name}/' in p]
    assert train[0][0].startswith('UCMerced_LandUse/Images/agricultural/')
    assert split_counts(100, [Fraction('0.8'), Fraction('0.2')]) == [80, 20]


def test_help_lists_every_dataset_and_its_default_ratios(capsys):
    with pytest.raises(SystemExit):
        parse_args(['--help'])
    out = ' '.join(capsys.readouterr().out.split())
    for name, dataset in SCENE_DATASETS.items():
        assert f'{name} {" ".join(dataset.ratios)}' in out


def test_ratios_and_seed_are_arguments(eurosat):
    assert main([eurosat, '--ratios', '0.5', '0.5', '--seed', '3']) == 0
    summary = json.load(open(osp.join(eurosat, 'meta', 'splits.json')))
    assert summary['seed'] == 3
    assert summary['ratios'] == {'train': '1/2', 'test': '1/2'}
    assert summary['per_class']['AnnualCrop'] == {'train': 5, 'test': 5}


@pytest.mark.parametrize('layout', ['2750', '.'])
def test_other_layouts_keep_paths_relative_to_root(tmp_path, layout):
    root = tmp_path / 'EuroSAT'
    write_class_folders(root / layout, EUROSAT_CLASSES, 5)
    assert main([str(root)]) == 0
    # a rerun does not take the written meta/ folder for a class
    assert main([str(root)]) == 0
    train = read_split(root / 'meta' / 'train.txt')
    prefix = '' if layout == '.' else f'{layout}/'
    assert train[0][0] == f'{prefix}AnnualCrop/' + train[0][0].split('/')[-1]
    assert osp.isfile(root / train[0][0])


def test_custom_datasets_take_the_sorted_folders(tmp_path):
    write_class_folders(tmp_path / 'd', ('zebra', 'Apple', 'mango'), 5)
    assert main([str(tmp_path / 'd'), '--dataset', 'custom']) == 0
    summary = json.load(open(tmp_path / 'd' / 'meta' / 'splits.json'))
    assert summary['classes'] == ['Apple', 'mango', 'zebra']


@pytest.mark.parametrize('setup, args, message', [
    (lambda r: None, [], 'dataset folder {root} does not exist'),
    (lambda r: os.makedirs(r / 'EuroSAT_RGB'), [],
     'no class folders in {root}/EuroSAT_RGB'),
    (lambda r: write_class_folders(r / 'EuroSAT_RGB', EUROSAT_CLASSES[:-1] +
                                   ('Sea', ), 3), [],
     "unknown ['Sea'], missing ['SeaLake']"),
    (lambda r: os.makedirs(r / 'EuroSAT_RGB' / 'Forest'), [],
     'unknown [], missing'),
    (lambda r:
     (write_class_folders(r, EUROSAT_CLASSES, 3), empty(r / 'Forest')),
     ['--dataset', 'eurosat'], 'class folder {root}/Forest holds no image'),
    (lambda r: write_class_folders(r, ('a', 'b'), 2), [],
     'cannot tell which dataset'),
    (lambda r: write_class_folders(r, ('a', 'b'), 2), ['--dataset', 'custom'],
     'class a has 2 images, too few'),
    (lambda r: write_class_folders(r, ('a', 'b'), 9), [
        '--dataset', 'custom', '--ratios', '0.6', '0.2', '0.1'
    ], 'ratios that sum to 1'),
])
def test_bad_input_is_one_clear_line(tmp_path, capsys, setup, args, message):
    root = tmp_path / 'data'
    setup(root)
    assert main([str(root), *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith('error: ') and err.count('\n') == 1
    assert message.format(root=root) in err
    assert not osp.exists(root / 'meta')


def test_runs_without_the_openmmlab_stack(eurosat, tmp_path):
    """Only the standard library (and mmselfsup's pure helpers)."""
    shadow = tmp_path / 'shadow'
    shadow.mkdir()
    for name in ('mmcv', 'mmdet', 'mmpretrain', 'mmengine', 'torch'):
        (shadow / f'{name}.py'
         ).write_text(f"raise ImportError('{name} is blocked in this test')\n")
    env = subprocess_env(PYTHONPATH=f'{shadow}:{REPO}')
    proc = subprocess.run([sys.executable, SCRIPT, eurosat],
                          env=env,
                          capture_output=True,
                          text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert osp.isfile(osp.join(eurosat, 'meta', 'test.txt'))
