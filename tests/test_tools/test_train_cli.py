"""The training command line (mmselfsup.engine.args and config_build,
behind tools/train.py and the fine-tuning scripts) turns into the right
config."""
import os.path as osp

import pytest
import torch

from mmselfsup.engine.args import parse_train_args as parse_args
from mmselfsup.engine.config_build import build_cfg
from tests.helpers import REPO

CONFIG = osp.join(REPO, 'configs/selfsup/GeRSP/GeRSP.py')


def cfg_for(*argv):
    return build_cfg(parse_args([CONFIG, *argv]))


def test_defaults_follow_the_config():
    cfg = cfg_for()
    assert cfg.work_dir == 'results/GeRSP'  # the release's work dir
    assert cfg.resume is False and cfg.launcher == 'none'
    assert cfg.randomness.seed == 0
    assert [b['type']
            for b in cfg.visualizer.vis_backends] == ['LocalVisBackend']


def test_resume_explicit_path(tmp_path):
    ckpt = tmp_path / 'epoch_3.pth'
    torch.save(dict(meta=dict(epoch=3), state_dict={}), ckpt)
    cfg = cfg_for('--resume', str(ckpt), '--work-dir', str(tmp_path))
    assert cfg.resume is True and cfg.load_from == str(ckpt)
    assert cfg.work_dir == str(tmp_path)
    with pytest.raises(FileNotFoundError, match='missing.pth'):
        cfg_for('--resume', str(tmp_path / 'missing.pth'))


def test_seed_options_and_tensorboard_backend():
    cfg = cfg_for('--seed', '7', '--cfg-options', 'model.queue_len=4096',
                  'visualizer.vis_backends.0.type=TensorboardVisBackend')
    assert cfg.randomness.seed == 7
    assert cfg.model.queue_len == 4096
    assert [b['type']
            for b in cfg.visualizer.vis_backends] == ['TensorboardVisBackend']


@pytest.mark.skipif(torch.cuda.is_available(), reason='CPU-only behaviour')
def test_amp_without_gpu_is_a_clear_error():
    with pytest.raises(RuntimeError, match='--amp needs a CUDA GPU'):
        cfg_for('--amp')


def test_missing_config_is_named():
    with pytest.raises(FileNotFoundError, match='nope.py'):
        build_cfg(parse_args([osp.join(REPO, 'configs/nope.py')]))


def test_resume_auto_survives_an_empty_last_checkpoint_pointer(tmp_path):
    for name in ('epoch_2.pth', 'epoch_10.pth', 'epoch_9.pth'):
        torch.save(
            dict(meta=dict(epoch=int(name[6:-4])), state_dict={}),
            tmp_path / name)
    (tmp_path / '.epoch_11.pth.abc.tmp').write_bytes(b'x')
    (tmp_path / 'last_checkpoint').write_text('')  # killed while writing it
    cfg = cfg_for('--resume', '--work-dir', str(tmp_path))
    assert cfg.load_from == str(tmp_path / 'epoch_10.pth')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_9.pth'))
    assert cfg_for('--resume', '--work-dir',
                   str(tmp_path)).load_from == str(tmp_path / 'epoch_9.pth')


def test_resume_auto_in_a_new_work_dir_starts_from_scratch(tmp_path):
    cfg = cfg_for('--resume', '--work-dir', str(tmp_path / 'new'))
    assert cfg.resume is True and cfg.load_from is None


def test_release_flags_map_onto_ours(tmp_path):
    ckpt = tmp_path / 'epoch_3.pth'
    torch.save(dict(meta=dict(epoch=3), state_dict={}), ckpt)
    cfg = cfg_for('--resume-from', str(ckpt), '--deterministic', '--options',
                  'model.queue_len=4096', '--gpus', '1', '--local_rank', '0')
    assert cfg.resume is True and cfg.load_from == str(ckpt)
    assert cfg.randomness.deterministic is True
    assert cfg.model.queue_len == 4096
    assert cfg_for('--gpu-ids', '0').launcher == 'none'


@pytest.mark.parametrize('argv, message', [
    (['--gpus', '2'], '2 GPUs were asked for'),
    (['--gpu-ids', '0', '1'], 'bash tools/dist_train.sh CONFIG 2'),
    (['--options', 'a=1', '--cfg-options', 'b=2'], 'cannot both be given'),
    (['--resume-from', 'x.pth', '--resume'], 'cannot both be given'),
])
def test_release_flags_refuse_contradictions(argv, message, capsys):
    with pytest.raises(SystemExit):
        parse_args([CONFIG, *argv])
    assert message in capsys.readouterr().err


def test_several_gpus_are_for_the_launcher_to_start():
    args = parse_args([CONFIG, '--gpus', '8', '--launcher', 'pytorch'])
    assert args.gpus == 8 and args.launcher == 'pytorch'
