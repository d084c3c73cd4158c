"""One command-line layer: tools/train.py and tools/test.py serve every
config family, picking the toolbox from the config's default_scope; the
root scripts are the same mains."""
import os.path as osp
import subprocess
import sys

import pytest

from mmselfsup.cli.families import family_of
from mmselfsup.cli.test import main as evaluate
from mmselfsup.cli.train import main as train
from mmselfsup.engine.config_build import read_config
from tests.helpers import REPO, subprocess_env

CONFIGS = {
    'pretraining': 'configs/selfsup/GeRSP/GeRSP.py',
    'detection': 'configs_mmdet/faster_rcnn_GeRSP.py',
    'segmentation': 'configs_mmseg/psanet_GeRSP_loveda.py',
    'classification': 'configs_mmpretrain/resnet50_GeRSP_eurosat.py',
}


@pytest.mark.parametrize('family', sorted(CONFIGS))
def test_the_family_follows_the_default_scope(family):
    path = osp.join(REPO, CONFIGS[family])
    assert family_of(read_config(path), path).__name__.endswith(family)


def test_a_scope_of_no_toolbox_is_named(tmp_path):
    config = tmp_path / 'other.py'
    config.write_text("default_scope = 'mmocr'\n")
    with pytest.raises(SystemExit) as info:
        train([str(config)])
    assert str(info.value) == (
        f"error: {config}: default_scope 'mmocr' is none of the toolboxes "
        'this project trains (mmdet, mmpretrain, mmseg, mmselfsup: '
        'pre-training, MMDetection, MMSegmentation, MMPretrain)')


@pytest.mark.parametrize('config, total', [
    ('configs/selfsup/GeRSP/GeRSP.py', 'total batch 256 = 8 process(es) x '
     '32 images'),
    ('configs_mmdet/faster_rcnn_GeRSP.py', 'total batch 32 = 8 process(es) '
     'x 4 images'),
    ('configs_mmpretrain/resnet50_GeRSP_eurosat.py', 'total batch 512 = 8 '
     'process(es) x 64 images'),
])
def test_one_train_command_for_every_family(config, total, capsys):
    train([osp.join(REPO, config), '--describe-batch', '8'])
    assert capsys.readouterr().out.startswith(total)


@pytest.mark.parametrize('family, option', [('detection', '--show-dir'),
                                            ('segmentation', '--tta'),
                                            ('classification', '--out')])
def test_the_test_command_takes_the_family_s_options(family, option, capsys):
    with pytest.raises(SystemExit) as info:
        evaluate([osp.join(REPO, CONFIGS[family]), 'ckpt.pth', '--help'])
    assert info.value.code == 0
    assert option in capsys.readouterr().out


def test_a_pretraining_config_has_nothing_to_test():
    with pytest.raises(SystemExit) as info:
        evaluate([osp.join(REPO, CONFIGS['pretraining']), 'epoch_1.pth'])
    assert 'a pre-training config has no test split' in str(info.value)
    assert 'knn_eval.py' in str(info.value)


@pytest.mark.parametrize('script', [
    'tools/train.py', 'train_mmdet.py', 'train_mmseg.py', 'train_mmpretrain.py'
])
def test_the_root_scripts_are_the_same_command(script):
    """Each script, given a detection config, describes the same batch."""
    out = subprocess.run([
        sys.executable, script,
        osp.join(REPO, CONFIGS['detection']), '--describe-batch', '2'
    ],
                         cwd=REPO,
                         env=subprocess_env(),
                         capture_output=True,
                         text=True,
                         check=True).stdout
    assert out.startswith('total batch 8 = 2 process(es) x 4 images')
