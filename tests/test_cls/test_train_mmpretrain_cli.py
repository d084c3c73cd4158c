"""train_mmpretrain.py and test_mmpretrain.py on generated images: one
training iteration, a validation and a test, with top-1 checked against the
saved predictions."""
import os
import os.path as osp
import pickle
import shutil
import subprocess
import sys

import pytest
import torch

from mmselfsup.classes import SCENE_DATASETS
from mmselfsup.dataset_converters.make_cls_splits import main as make_splits
from mmselfsup.demo.classification import generate
from mmselfsup.demo.scenes import SCENES
from mmselfsup.evaluation.records import find_records, load_record
from mmselfsup.utils import safe_torch_load
from tests.helpers import REPO, cls_options, run, scalars, subprocess_env

pytestmark = pytest.mark.slow  # subprocess trainings

CONFIG_DIR = osp.join(REPO, 'configs_mmpretrain')


@pytest.fixture(scope='module')
def scenes(tmp_path_factory):
    """The 6 generated scene kinds, 5 images each, split 3 / 1 / 1."""
    root = str(tmp_path_factory.mktemp('demo_cls'))
    generate(root, per_class=5, size=32)
    assert make_splits([root, '--dataset', 'custom']) == 0
    return root


@pytest.fixture(scope='module')
def finetuned(scenes, gersp_weights, tmp_path_factory):
    work_dir = str(tmp_path_factory.mktemp('resnet50_GeRSP_demo'))
    run([
        sys.executable, 'train_mmpretrain.py',
        osp.join(CONFIG_DIR,
                 'resnet50_GeRSP_demo-scenes.py'), '--work-dir', work_dir,
        '--seed', '1', '--cfg-options', *cls_options(scenes, gersp_weights)
    ])
    return work_dir


def test_one_iteration_then_validation_with_top1(finetuned):
    records = scalars(finetuned)
    assert [r['iter'] for r in records if 'loss' in r] == [1]
    top1 = [r['accuracy/top1'] for r in records if 'accuracy/top1' in r]
    assert len(top1) == 1 and 0 <= top1[0] <= 100
    assert osp.isfile(osp.join(finetuned, 'epoch_1.pth'))


def test_test_script_saves_top1_of_its_predictions(finetuned, scenes,
                                                   tmp_path):
    out = str(tmp_path / 'preds.pkl')
    proc = run([
        sys.executable, 'test_mmpretrain.py',
        osp.join(CONFIG_DIR,
                 'resnet50_GeRSP_demo-scenes.py'), finetuned, '--work-dir',
        str(tmp_path), '--out', out, '--cfg-options',
        *cls_options(scenes, 'unused.pth')
    ])
    assert 'accuracy/top1' in proc.stdout + proc.stderr
    with open(out, 'rb') as f:
        preds = pickle.load(f)
    assert len(preds) == 6  # one test image per class
    right = sum(
        int(p['pred_label'][0]) == int(p['gt_label'][0]) for p in preds)
    folder, = find_records(str(tmp_path))
    record = load_record(folder)
    assert (record['scope'], record['mode'], record['epoch']) == ('mmpretrain',
                                                                  'test', 1)
    assert record['checkpoint'] == osp.join(finetuned, 'epoch_1.pth')
    assert record['metrics']['accuracy/top1'] == pytest.approx(
        100 * right / 6, abs=1e-4)
    assert record['headline'] == dict(
        name='accuracy/top1', value=record['metrics']['accuracy/top1'])


def fake_dataset(root, name):
    """A registered dataset's download layout (its first download folder,
    its class folders, its image format) filled with generated scenes
    (class i: the i-th scene kind, cycling), 5 per class, split by the
    dataset's default ratios."""
    from PIL import Image
    dataset = SCENE_DATASETS[name]
    generate(osp.join(root, 'scenes'), per_class=5, size=32)
    for i, cls in enumerate(dataset.classes):
        source = osp.join(root, 'scenes', SCENES[i % len(SCENES)])
        target = osp.join(root, dataset.folders[0], cls)
        if dataset.image_ext == '.jpg':
            shutil.copytree(source, target)
            continue
        os.makedirs(target)
        for image in sorted(os.listdir(source)):
            stem = osp.splitext(image)[0]
            Image.open(osp.join(source, image)).save(
                osp.join(target, stem + dataset.image_ext))
    shutil.rmtree(osp.join(root, 'scenes'))
    assert make_splits([root]) == 0
    return root


@pytest.fixture(scope='module')
def fake_eurosat(tmp_path_factory):
    """EuroSAT's layout (EuroSAT_RGB/<Class>/*.jpg), split 60 / 20 / 20."""
    return fake_dataset(str(tmp_path_factory.mktemp('EuroSAT')), 'eurosat')


def test_linear_probe_trains_only_the_head(fake_eurosat, imagenet_weights,
                                           tmp_path):
    """The real EuroSAT linear-probe baseline config: after a training
    iteration the backbone, BN statistics included, is still the file's."""
    run([
        sys.executable, 'train_mmpretrain.py',
        osp.join(CONFIG_DIR,
                 'resnet50-linear_baseline_eurosat.py'), '--work-dir',
        str(tmp_path), '--cfg-options',
        *cls_options(fake_eurosat, imagenet_weights)
    ])
    saved = safe_torch_load(tmp_path / 'epoch_1.pth')['state_dict']
    original = torch.load(imagenet_weights, weights_only=True)
    for key, value in original.items():
        if not key.startswith('fc.'):
            assert torch.equal(saved[f'backbone.{key}'], value), key
    assert saved['head.fc.weight'].shape == (10, 2048)


def test_uc_merced_fine_tunes_on_its_tif_images(gersp_weights, tmp_path):
    """The UC-Merced GeRSP config on UC-Merced's layout
    (UCMerced_LandUse/Images/<class>/*.tif, 80 / 20): one training
    iteration and a validation on the test split, a 21-class head."""
    root = fake_dataset(str(tmp_path / 'UC-Merced'), 'uc-merced')
    with open(osp.join(root, 'meta', 'train.txt')) as f:
        first = f.readline().split()[0]
    assert first.startswith('UCMerced_LandUse/Images/agricultural/')
    assert first.endswith('.tif')
    work_dir = str(tmp_path / 'work')
    run([
        sys.executable, 'train_mmpretrain.py',
        osp.join(CONFIG_DIR, 'resnet50_GeRSP_uc-merced.py'), '--work-dir',
        work_dir, '--cfg-options', *cls_options(root, gersp_weights)
    ])
    records = scalars(work_dir)
    assert [r['iter'] for r in records if 'loss' in r] == [1]
    assert len([r for r in records if 'accuracy/top1' in r]) == 1
    saved = safe_torch_load(osp.join(work_dir, 'epoch_1.pth'))['state_dict']
    assert saved['head.fc.weight'].shape == (21, 2048)


def test_a_missing_dataset_is_one_line_naming_the_split_tool(tmp_path):
    proc = subprocess.run([
        sys.executable, 'train_mmpretrain.py',
        osp.join(CONFIG_DIR, 'resnet50_GeRSP_nwpu-resisc45.py'), '--work-dir',
        str(tmp_path), '--cfg-options', f'data_root={tmp_path}/nowhere/'
    ],
                          cwd=REPO,
                          env=subprocess_env(),
                          capture_output=True,
                          text=True,
                          timeout=300)
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(f'error: train data: {tmp_path}/nowhere/')
    assert 'make_cls_splits.py' in last
