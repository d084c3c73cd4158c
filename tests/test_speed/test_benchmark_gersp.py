"""tools/analysis_tools/benchmark_gersp.py and the training speed switches.

Nothing here is timed: the figures are checked by reading the benchmark's
output, these tests check that it measures the right things."""
import copy
import os
import os.path as osp
import subprocess

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmpretrain.structures import DataSample

from mmselfsup.analysis import benchmark_gersp as bench
from mmselfsup.engine import args as cli_args
from mmselfsup.engine import config_build
from mmselfsup.registry import MODELS
from tests.helpers import REPO

pytestmark = pytest.mark.usefixtures('mmselfsup_scope')

CONFIGS = osp.join(REPO, 'configs/selfsup/GeRSP')


def small_cfg(**model):
    cfg = Config.fromfile(osp.join(CONFIGS, 'GeRSP.py'))
    cfg.model.backbone.depth = 18
    cfg.model.update(
        feat_in_channels=512, feat_dim=16, queue_len=8, num_classes=3, **model)
    cfg.model.neck.update(in_channels=512, hid_channels=64, out_channels=16)
    return cfg


def build(cfg):
    model_cfg = copy.deepcopy(cfg.model)
    model_cfg.data_preprocessor = cfg.data_preprocessor
    model = MODELS.build(model_cfg)
    model.init_weights()
    return model.train()


def batch(size=32, n=2, seed=0):
    g = torch.Generator().manual_seed(seed)
    views = [
        torch.randint(
            0, 256, (n, 3, size, size), dtype=torch.uint8, generator=g)
        for _ in range(3)
    ]
    return views, torch.arange(n) % 3


def test_floor_computes_the_models_step():
    """Same loss, same updated student, teacher and queue as train_step."""
    cfg = small_cfg()
    torch.manual_seed(0)
    ours = build(cfg)
    bare = copy.deepcopy(ours)
    floor = bench.Floor(bare, cfg, torch.device('cpu'), None)
    floor.queue = bare.queue.clone()
    optim_wrapper = build_optim_wrapper(ours, cfg.optim_wrapper)
    for step in range(2):
        views, labels = batch(seed=step)
        samples = [DataSample().set_gt_label(int(i)) for i in labels]
        log_vars = ours.train_step(
            dict(inputs=views, data_samples=samples), optim_wrapper)
        loss = floor.step(views, labels)
        torch.testing.assert_close(loss, log_vars['loss'])
    for name in ('encoder_q.conv1.weight', 'encoder_k.layer4.1.conv2.weight',
                 'pred_q.0.weight', 'proj_q.projector.0.weight'):
        torch.testing.assert_close(
            bare.state_dict()[name], ours.state_dict()[name], msg=name)
    torch.testing.assert_close(floor.queue, ours.queue)


def test_channels_last_changes_the_layout_not_the_loss():
    views, labels = batch()
    samples = [DataSample().set_gt_label(int(i)) for i in labels]
    models = [build(small_cfg(channels_last=cl)) for cl in (False, True)]
    # init_weights() fills channels-last tensors in another element order
    models[1].load_state_dict(models[0].state_dict())
    losses = []
    for model in models:
        conv = model.encoder_k.layer1[0].conv1.weight
        assert conv.is_contiguous(
            memory_format=torch.channels_last) == model.channels_last
        log_vars = model.train_step(
            dict(inputs=views, data_samples=samples),
            build_optim_wrapper(model,
                                small_cfg().optim_wrapper))
        losses.append(log_vars['loss'])
    torch.testing.assert_close(*losses)


@pytest.mark.slow  # compiles a ResNet-18 forward and backward on the CPU
def test_compiled_encoders_keep_the_state_dict_and_the_loss():
    views, labels = batch()
    samples = [DataSample().set_gt_label(int(i)) for i in labels]
    models = [build(small_cfg(compile_encoders=c)) for c in (False, True)]
    assert list(models[1].state_dict()) == list(models[0].state_dict())
    models[1].load_state_dict(models[0].state_dict())
    losses = [
        model.train_step(
            dict(inputs=views, data_samples=samples),
            build_optim_wrapper(model,
                                small_cfg().optim_wrapper))['loss']
        for model in models
    ]
    torch.testing.assert_close(*losses, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize('bf16,expected', [
    (True, dict(dtype='bfloat16', loss_scale=1.0)),
    (False, dict(dtype='float16', loss_scale='dynamic')),
])
def test_amp_uses_bf16_where_supported(monkeypatch, bf16, expected):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)
    monkeypatch.setattr(torch.cuda, 'is_bf16_supported', lambda: bf16)
    assert config_build.amp_settings() == expected
    args = cli_args.parse_train_args(
        [osp.join(CONFIGS, 'GeRSP.py'), '--amp', '--work-dir', 'unused'])
    optim_wrapper = config_build.build_cfg(args).optim_wrapper
    assert optim_wrapper.type == 'AmpOptimWrapper'
    assert {k: optim_wrapper[k] for k in expected} == expected


def test_generated_sizes_spread_like_million_aid():
    sizes = bench.image_sizes(32, seed=0)
    longer = sorted(max(s) for s in sizes)
    assert len(sizes) == 32
    assert all(6000 <= side <= 8000 for side in longer[-2:])
    assert 300 <= longer[0] and longer[-3] <= 4000
    assert np.median(longer) == pytest.approx(np.sqrt(300 * 4000), rel=0.2)
    assert all(0.74 <= w / h <= 1.34 for w, h in sizes)


def test_crop_decode_config_changes_only_the_loading(mmselfsup_scope):
    from mmselfsup.datasets import DecodeCropViews
    from mmselfsup.registry import DATASETS
    base = Config.fromfile(osp.join(CONFIGS, 'GeRSP.py'))
    fast = Config.fromfile(osp.join(CONFIGS, 'GeRSP_crop-decode.py'))
    data, base_data = fast.train_dataloader, base.train_dataloader

    def built(data, name):
        """The transforms the source builds from its view spec."""
        source = dict(data.dataset[name], lazy_init=True)
        return DATASETS.build(source).pipeline.transforms

    for name, views in (('labeled', 1), ('unlabeled', 2)):
        steps = built(base_data, name)
        crop, gray, jitter, flip = (
            steps[1].pipelines[0].transforms if views > 1 else steps[1:5])
        load, pack = built(data, name)
        assert isinstance(load, DecodeCropViews)
        assert (load.num_views, load.crop_size, load.crop_scale,
                load.aspect_ratio_range, load.grayscale_prob, load.brightness,
                load.contrast, load.saturation, load.hue,
                load.flip_prob) == (views, crop.scale, crop.crop_ratio_range,
                                    crop.aspect_ratio_range, gray.prob,
                                    jitter.brightness, jitter.contrast,
                                    jitter.saturation, jitter.hue, flip.prob)
        assert gray.channel_weights == (0.114, 0.587, 0.299)
        assert crop.backend == 'pillow'
        assert type(pack).__name__ == 'PackInputs'
    assert data.prefetch_factor == 4 and data.pin_memory is True
    for key in ('batch_size', 'num_workers', 'persistent_workers'):
        assert data[key] == base_data[key], key
    assert fast.get('compile') is None
    for key in ('model', 'optim_wrapper', 'param_scheduler', 'train_cfg'):
        assert fast[key] == base[key], key


@pytest.mark.slow  # a few steps of ResNet-50 and a few JPEGs
def test_benchmark_prints_every_figure(capsys):
    figures = bench.main([
        '--config',
        osp.join(CONFIGS, 'GeRSP_crop-decode.py'), '--batch', '2', '--warmup',
        '1', '--steps', '1', '--images', '4', '--passes', '1', '--repeats', '2'
    ])
    names = ('step_s', 'floor_s', 'step_overhead_ratio', 'step_images_per_s',
             'floor_images_per_s', 'pipeline_samples_per_s',
             'torchvision_samples_per_s', 'pipeline_speedup_vs_torchvision',
             'decode_floor_samples_per_s', 'pipeline_vs_decode_floor',
             'release_samples_per_s', 'release_speedup_vs_torchvision',
             'peak_rss_mb')
    assert set(figures) == set(names)
    lines = capsys.readouterr().out.splitlines()[-len(names):]
    assert [line.split(': ')[0] for line in lines] == list(names)
    assert all(float(line.split(': ')[1]) > 0 for line in lines)
    # the decode alone is faster than the pipeline that decodes and augments
    assert 0 < figures['pipeline_vs_decode_floor'] < 1
    assert figures['decode_floor_samples_per_s'] > figures[
        'pipeline_samples_per_s']
    # each pipeline figure is the median of its two measurements
    for name, (low, high) in bench.SPREAD.items():
        assert low <= figures[name] <= high, name


@pytest.mark.slow  # generates and reads JPEGs of up to 8000 px
def test_gpu_script_runs_its_cpu_parts_without_a_gpu(tmp_path):
    env = dict(os.environ, IMAGES='4', PASSES='1', CUDA_VISIBLE_DEVICES='')
    out = subprocess.run(['bash', 'tools/analysis_tools/gpu_benchmark.sh'],
                         cwd=REPO,
                         env=env,
                         capture_output=True,
                         text=True,
                         check=True).stdout
    assert out.count('skipped (no CUDA GPU)') == 3
    assert 'data pipeline: ' in out and 'samples/s per CPU core' in out
    assert 'DALI: skipped (needs a CUDA GPU' in out
