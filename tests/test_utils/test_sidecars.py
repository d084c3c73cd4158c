"""SHA-256 sidecars: written with every checkpoint (sha256sum format),
checked on every load, removed with the checkpoint."""
import hashlib
import warnings

import pytest
import torch

from mmselfsup.engine.atomic_backend import AtomicLocalBackend
from mmselfsup.fileio import (CorruptedFileError, UncheckedFileWarning,
                              atomic_write, sidecar_path, verify_digest)
from mmselfsup.utils import safe_torch_load
from mmselfsup.utils.checkpoint_loading import NotACheckpointError


def test_the_sidecar_is_sha256sum_s_line(tmp_path):
    path = tmp_path / 'epoch_1.pth'
    atomic_write(b'weights', path, with_digest=True)
    digest = hashlib.sha256(b'weights').hexdigest()
    assert open(sidecar_path(path)).read() == f'{digest}  epoch_1.pth\n'
    assert verify_digest(path) is True


def test_a_changed_file_is_refused_with_both_digests(tmp_path):
    path = tmp_path / 'a.pth'
    atomic_write(b'weights', path, with_digest=True)
    path.write_bytes(b'weightz')
    with pytest.raises(CorruptedFileError) as info:
        verify_digest(path)
    assert str(info.value) == (
        f'{path} is damaged: its SHA-256 is '
        f'{hashlib.sha256(b"weightz").hexdigest()}, its sidecar a.pth.sha256 '
        f'records {hashlib.sha256(b"weights").hexdigest()} (written with the '
        'file). Use another copy or an earlier checkpoint; do not resume or '
        'convert this one')


def test_a_file_rewritten_after_a_check_is_checked_again(tmp_path):
    path = tmp_path / 'a.pth'
    atomic_write(b'one', path, with_digest=True)
    assert verify_digest(path)
    atomic_write(b'two!', path, with_digest=True)
    assert verify_digest(path)
    path.write_bytes(b'ten!')  # same size, new mtime
    with pytest.raises(CorruptedFileError):
        verify_digest(path)


def test_a_missing_sidecar_is_one_notice_per_file(tmp_path):
    path = tmp_path / 'released.pth'
    torch.save({'w': torch.ones(1)}, path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('default')
        for _ in range(3):
            assert safe_torch_load(str(path))['w'].item() == 1
    assert [
        str(w.message) for w in caught if w.category is UncheckedFileWarning
    ] == [
        f'{path} has no SHA-256 sidecar (released.pth.sha256); '
        'loaded without an integrity check'
    ]


def test_a_sidecar_that_is_not_one_is_named(tmp_path):
    path = tmp_path / 'a.pth'
    atomic_write(b'weights', path, with_digest=True)
    open(sidecar_path(path), 'w').write('hello\n')
    with pytest.raises(CorruptedFileError, match='is not a SHA-256 sidecar'):
        verify_digest(path)


def test_the_backend_writes_and_removes_sidecars_of_checkpoints_only(tmp_path):
    backend = AtomicLocalBackend()
    backend.put(b'state', tmp_path / 'epoch_3.pth')
    backend.put(b'{}', tmp_path / 'scalars.json')
    backend.put_text('epoch_3.pth', tmp_path / 'last_checkpoint')
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        'epoch_3.pth', 'epoch_3.pth.sha256', 'last_checkpoint', 'scalars.json'
    ]
    backend.remove(tmp_path / 'epoch_3.pth')
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        'last_checkpoint', 'scalars.json'
    ]


@pytest.mark.parametrize('content, shown', [
    (b'Unsupported operand\n', "'Unsupported operand\\n'"),
    (b'\x00\x01\xfe\xff', "'0001feff'"),
])
def test_a_file_torch_did_not_write_is_not_a_checkpoint(
        tmp_path, content, shown):
    path = tmp_path / 'x.pth'
    path.write_bytes(content)
    with pytest.raises(NotACheckpointError) as info:
        safe_torch_load(str(path))
    assert str(info.value).endswith(f'it starts with {shown}')
    assert 'GERSP_SAFE_GLOBALS' not in str(info.value)
