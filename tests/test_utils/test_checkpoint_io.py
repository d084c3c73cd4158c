"""Safe checkpoint loading, atomic writes and the stack check."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import torch
from mmengine.logging.history_buffer import HistoryBuffer
from mmengine.runner.checkpoint import _load_checkpoint

from mmselfsup.engine import AtomicLocalBackend
from mmselfsup.fileio import atomic_write
from mmselfsup.utils import (register_safe_checkpoint_loader, safe_torch_load,
                             setup_env)
from tests.helpers import REPO, subprocess_env


class NotAllowed:
    pass


# A stock mmengine Runner (what mmdet 3.3 / mmpretrain 1.2 training runs),
# in a process that never imports this project.
STOCK_RUNNER = textwrap.dedent('''
    import sys
    import torch
    from mmengine.model import BaseModel
    from mmengine.runner import Runner

    class Toy(BaseModel):
        def __init__(self):
            super().__init__()
            self.lin = torch.nn.Linear(2, 1)

        def forward(self, inputs, labels, mode='loss'):
            out = self.lin(torch.stack(inputs)).squeeze(-1)
            return {'loss': ((out - torch.stack(labels)) ** 2).mean()}

    data = [dict(inputs=torch.randn(2), labels=torch.tensor(1.0))] * 8
    Runner(model=Toy(), work_dir=sys.argv[1],
           train_dataloader=dict(dataset=data, batch_size=4,
                                 sampler=dict(type='DefaultSampler')),
           optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
           train_cfg=dict(by_epoch=True, max_epochs=1),
           randomness=dict(seed=0)).train()
    assert 'mmselfsup' not in sys.modules
''')


@pytest.mark.slow  # a subprocess training
def test_checkpoint_of_a_stock_runner_loads_through_our_loader(tmp_path):
    subprocess.run([sys.executable, '-c', STOCK_RUNNER,
                    str(tmp_path)],
                   cwd=str(tmp_path),
                   env=subprocess_env(),
                   check=True,
                   capture_output=True)
    path = str(tmp_path / 'epoch_1.pth')
    with pytest.raises(Exception, match='getattr|HistoryBuffer'):
        torch.load(path, weights_only=True)  # torch alone refuses it
    register_safe_checkpoint_loader()
    ckpt = _load_checkpoint(path)
    assert set(ckpt) >= {'meta', 'state_dict', 'message_hub', 'optimizer'}
    lr = ckpt['message_hub']['log_scalars']['train/lr']
    assert lr.mean() == pytest.approx(0.01)


def test_allow_listed_checkpoint_content_loads_with_weights_only(tmp_path):
    buf = HistoryBuffer()
    buf.update(1.5)
    ckpt = dict(
        state_dict={'w': torch.ones(2)},
        message_hub=dict(log_scalars={'train/loss': buf}),
        meta=dict(
            seed=np.int64(3),
            arr=np.arange(3, dtype=np.float32),
            dtype=np.dtype('float64')))
    path = tmp_path / 'ok.pth'
    torch.save(ckpt, path)
    loaded = safe_torch_load(str(path))
    assert torch.equal(loaded['state_dict']['w'], torch.ones(2))
    assert loaded['message_hub']['log_scalars']['train/loss'].current() == 1.5
    assert loaded['meta']['seed'] == 3
    register_safe_checkpoint_loader()
    # mmengine's own loader goes through the same allow-list
    assert _load_checkpoint(str(path))['meta']['arr'].tolist() == [0, 1, 2]


def test_refusal_names_the_global_and_how_to_allow_it(tmp_path, monkeypatch):
    path = tmp_path / 'other.pth'
    torch.save({'x': NotAllowed()}, path)
    name = f'{NotAllowed.__module__}.NotAllowed'
    with pytest.raises(RuntimeError) as info:
        safe_torch_load(str(path))
    message = str(info.value)
    assert str(path) in message and name in message
    assert f'GERSP_SAFE_GLOBALS={name}' in message
    monkeypatch.setenv('GERSP_SAFE_GLOBALS', f'numpy.dtype, {name}')
    assert isinstance(safe_torch_load(str(path))['x'], NotAllowed)


def test_only_history_buffer_statistics_may_be_looked_up(tmp_path):

    class Evil:

        def __reduce__(self):
            return getattr, (subprocess.Popen, 'communicate')

    class NotAStatistic:

        def __reduce__(self):
            return getattr, (HistoryBuffer, '__init__')

    for obj in (Evil(), NotAStatistic()):
        path = tmp_path / 'evil.pth'
        torch.save({'x': obj}, path)
        with pytest.raises(RuntimeError, match='refused to load'):
            safe_torch_load(str(path))


def test_unknown_name_in_the_environment_is_named(tmp_path, monkeypatch):
    path = tmp_path / 'w.pth'
    torch.save({'w': torch.ones(1)}, path)
    monkeypatch.setenv('GERSP_SAFE_GLOBALS', 'numpy.no_such_thing')
    with pytest.raises(ValueError, match="'numpy.no_such_thing'"):
        safe_torch_load(str(path))


def test_missing_checkpoint_names_the_path(tmp_path):
    register_safe_checkpoint_loader()
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


@pytest.mark.parametrize('installed', ['2.2.0', '1.7.1'])
def test_version_check_names_versions_and_fix(installed):
    with pytest.raises(ImportError) as info:
        setup_env.check_version('mmcv', installed, *setup_env.MMCV_RANGE)
    message = str(info.value)
    assert f'mmcv=={installed}' in message
    assert all(v in message for v in setup_env.MMCV_RANGE)
    assert 'make install' in message


def test_the_stack_check_reads_the_installed_versions_and_ops(monkeypatch):
    import mmcv
    import mmengine
    setup_env.check_stack()  # the installed stack passes

    monkeypatch.setattr(mmengine, '__version__', '0.9.1')
    with pytest.raises(ImportError, match=r'mmengine==0\.9\.1 is installed'):
        setup_env.check_stack()
    monkeypatch.undo()

    monkeypatch.setitem(sys.modules, 'mmcv._ext', None)  # ops not built
    with pytest.raises(ImportError) as info:
        setup_env.check_stack()
    assert f'mmcv=={mmcv.__version__} is installed without its compiled ' \
        'ops' in str(info.value)
    assert 'make install' in str(info.value)


def test_importing_the_package_is_cheap_and_changes_nothing():
    code = ('import sys; import mmselfsup; '
            'heavy = [m for m in ("torch", "mmengine", "mmcv", "mmdet", '
            '"mmpretrain") if m in sys.modules]; print(heavy)')
    out = subprocess.run([sys.executable, '-c', code],
                         cwd=REPO,
                         env=subprocess_env(),
                         capture_output=True,
                         text=True,
                         check=True).stdout
    assert out.strip() == '[]'


def test_cpu_only_ops_on_a_gpu_machine_are_refused(monkeypatch):
    import mmcv.ops
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)
    monkeypatch.setattr(mmcv.ops, 'get_compiling_cuda_version',
                        lambda: 'not available')
    with pytest.raises(ImportError, match='FORCE=1 FORCE_CUDA=1 make install'):
        setup_env.check_ops_match_device('2.1.0')
    monkeypatch.setattr(mmcv.ops, 'get_compiling_cuda_version', lambda: '12.1')
    setup_env.check_ops_match_device('2.1.0')
