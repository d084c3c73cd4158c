"""How the installer builds mmcv's ops: CPU or CUDA, and its cache tag."""
import pytest

from mmselfsup.mmcv_build_plan import plan


def test_cpu_without_gpu():
    tag, message = plan(
        gpu=False,
        toolkit=True,
        cuda_version='13.0',
        force_cuda=False,
        arch_list='')
    assert tag == 'cpu' and 'CPU ops' in message


def test_cuda_with_gpu_and_toolkit_and_arch_in_the_key():
    assert plan(True, True, '12.1', False, '')[0] == 'cu121'
    assert plan(True, True, '12.1', False, '8.0;9.0')[0] == 'cu121-8.0_9.0'


def test_force_cuda_builds_for_cuda_without_a_gpu():
    tag, message = plan(False, True, '12.1', True, '9.0')
    assert tag == 'cu121-9.0' and 'FORCE_CUDA=1' in message
    with pytest.raises(SystemExit, match='needs the CUDA toolkit'):
        plan(False, False, None, True, '')


def test_gpu_without_toolkit_says_so_loudly():
    tag, message = plan(True, False, '12.1', False, '')
    assert tag == 'cpu' and message.startswith('WARNING')
    assert 'FORCE_CUDA=1 make install' in message
