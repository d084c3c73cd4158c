"""benchmark_dali.py: the DALI path's figures against the worker pipeline,
on DALI's CPU backend."""
import pytest

pytest.importorskip('nvidia.dali')

from mmselfsup.analysis import benchmark_dali  # noqa: E402


@pytest.mark.slow  # builds DALI pipelines and reads generated JPEGs
def test_benchmark_prints_every_figure(capsys):
    figures = benchmark_dali.main([
        '--device', 'cpu', '--images', '12', '--batch', '2', '--repeats', '2'
    ])
    assert set(figures) == {
        'dali_samples_per_s', 'worker_samples_per_s_per_core',
        'cores_per_dali_device'
    }
    assert all(value > 0 for value in figures.values())
    out = capsys.readouterr().out
    for name, value in figures.items():
        assert f'{name}: {value:.4g}' in out
        assert f'  {name}: ' in out and '(range ' in out


def test_the_step_needs_a_gpu():
    with pytest.raises(SystemExit):
        benchmark_dali.parse_args(['--device', 'cpu', '--step'])
