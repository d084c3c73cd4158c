"""Safe checkpoint loading, atomic writes and the import-time stack check."""
import os

import numpy as np
import pytest
import torch
from mmengine.logging.history_buffer import HistoryBuffer
from mmengine.runner.checkpoint import _load_checkpoint

import mmselfsup
from mmselfsup.engine import AtomicLocalBackend, atomic_write
from mmselfsup.utils import safe_torch_load


class NotAllowed:
    pass


def test_allow_listed_checkpoint_content_loads_with_weights_only(tmp_path):
    buf = HistoryBuffer()
    buf.update(1.5)
    ckpt = dict(
        state_dict={'w': torch.ones(2)},
        message_hub=dict(log_scalars={'train/loss': buf}),
        meta=dict(seed=np.int64(3), arr=np.arange(3, dtype=np.float32),
                  dtype=np.dtype('float64')))
    path = tmp_path / 'ok.pth'
    torch.save(ckpt, path)
    loaded = safe_torch_load(str(path))
    assert torch.equal(loaded['state_dict']['w'], torch.ones(2))
    assert loaded['message_hub']['log_scalars']['train/loss'].current() == 1.5
    assert loaded['meta']['seed'] == 3
    # mmengine's own loader goes through the same allow-list
    assert _load_checkpoint(str(path))['meta']['arr'].tolist() == [0, 1, 2]


def test_other_objects_are_refused_with_file_and_type(tmp_path):
    path = tmp_path / 'evil.pth'
    torch.save({'x': NotAllowed()}, path)
    with pytest.raises(RuntimeError) as info:
        safe_torch_load(str(path))
    message = str(info.value)
    assert str(path) in message and 'NotAllowed' in message


def test_missing_checkpoint_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match='nothere.pth'):
        _load_checkpoint(str(tmp_path / 'nothere.pth'))


def test_atomic_write_replaces_whole_file(tmp_path):
    path = tmp_path / 'sub' / 'epoch_1.pth'
    AtomicLocalBackend().put(b'first', path)
    AtomicLocalBackend().put_text('second', path)
    assert path.read_text() == 'second'
    assert os.listdir(path.parent) == ['epoch_1.pth']


def test_atomic_write_gives_the_usual_file_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write(b'weights', tmp_path / 'shared.pth')
    finally:
        os.umask(old)
    assert (tmp_path / 'shared.pth').stat().st_mode & 0o777 == 0o644


def test_interrupted_write_keeps_previous_file(tmp_path, monkeypatch):
    path = tmp_path / 'epoch_1.pth'
    atomic_write(b'complete checkpoint', path)

    def killed(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, 'replace', killed)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(b'trunc', path)
    assert path.read_bytes() == b'complete checkpoint'
    assert os.listdir(tmp_path) == ['epoch_1.pth']


@pytest.mark.parametrize('name,installed', [('mmcv', '2.2.0'),
                                            ('mmcv', '1.7.1')])
def test_version_check_names_versions_and_fix(name, installed):
    with pytest.raises(ImportError) as info:
        mmselfsup._check_version(name, installed, mmselfsup.MMCV_MIN,
                                 mmselfsup.MMCV_MAX)
    message = str(info.value)
    assert f'{name}=={installed}' in message
    assert mmselfsup.MMCV_MIN in message and mmselfsup.MMCV_MAX in message
    assert 'make install' in message


def test_installed_stack_passes_the_check():
    import mmcv
    import mmcv._ext  # noqa: F401
    mmselfsup._check_version('mmcv', mmcv.__version__, mmselfsup.MMCV_MIN,
                             mmselfsup.MMCV_MAX)
