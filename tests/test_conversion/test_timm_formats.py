"""The converter's timm, safetensors and Hugging Face (hf) formats, loaded
by the real timm: every tensor of the source backbone arrives, with no
missing or unexpected key, and timm's model computes what torchvision's
does; the default mmdet file, given to timm, loads nothing."""
import json
import logging
import os
import warnings

import pytest
import torch
import torchvision

from mmselfsup.fileio import sidecar_path, verify_digest
from mmselfsup.model_converters.checkpoint import (ALL_FORMATS, CODE_URL,
                                                   PAPER_URL, resnet50_layout)
from mmselfsup.model_converters.cli import main as converter_main
from mmselfsup.utils import safe_torch_load

timm = pytest.importorskip('timm')

pytestmark = pytest.mark.slow  # ResNet-50 conversions loaded by timm

NUM_TENSORS = 318


def convert(capsys, *args):
    code = converter_main('gersp', [str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def source_backbone(path):
    return {
        k[len('backbone.'):]: v
        for k, v in safe_torch_load(path)['state_dict'].items()
    }


def assert_same_tensors(state_dict, expected):
    assert list(state_dict) == list(expected)
    assert len(state_dict) == NUM_TENSORS
    for k, v in expected.items():
        assert state_dict[k].dtype == v.dtype, k
        assert torch.equal(state_dict[k], v), k


def load_with_timm(name, caplog, **kwargs):
    """``timm.create_model``, with everything timm logs or warns."""
    caplog.clear()
    with caplog.at_level(
            logging.INFO), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        model = timm.create_model(name, pretrained=True, **kwargs)
    return model.eval(), [r.getMessage() for r in caplog.records], caught


def assert_clean_load(messages, caught):
    bad = [m for m in messages if 'Missing keys' in m or 'Unexpected' in m]
    assert not bad, bad
    assert not [str(w.message) for w in caught]


def torchvision_model(path):
    model = torchvision.models.resnet50()
    model.fc = torch.nn.Identity()
    model.load_state_dict(torch.load(path, weights_only=True))
    return model.eval()


def assert_same_features(timm_model, torchvision_file):
    reference = torchvision_model(torchvision_file)
    images = torch.rand(
        2, 3, 224, 224, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        expected = reference(images)
        got = timm_model(images)
    assert got.shape == (2, 2048)
    assert torch.isfinite(expected).all()
    assert torch.allclose(got, expected, rtol=1e-4, atol=1e-5)


@pytest.fixture(scope='module')
def torchvision_file(initialised_gersp_weights, tmp_path_factory):
    """The torchvision-format file of weights whose activations stay in
    range (for comparing outputs)."""
    dst = tmp_path_factory.mktemp('torchvision') / 'resnet50.pth'
    assert converter_main('gersp', [
        '--src', initialised_gersp_weights, '--dst',
        str(dst), '--format', 'torchvision'
    ]) == 0
    return str(dst)


def test_formats():
    assert ALL_FORMATS == ('mmdet', 'torchvision', 'timm', 'safetensors', 'hf')


def test_timm_resnet50_has_the_layout():
    model = timm.create_model('resnet50', pretrained=False, num_classes=0)
    state_dict = model.state_dict()
    assert {k: v.shape for k, v in state_dict.items()} == resnet50_layout()
    assert list(state_dict) == list(resnet50_layout())


def test_mmdet_file_loads_nothing_into_timm(gersp_weights, caplog):
    """The trap: timm takes the file's 'state_dict', finds only backbone.*
    keys, and with num_classes=0 (not strict) merely warns."""
    model, messages, _ = load_with_timm(
        'resnet50',
        caplog,
        pretrained_cfg_overlay=dict(file=gersp_weights),
        num_classes=0)
    assert any('Unexpected keys (backbone.conv1.weight' in m
               for m in messages), messages
    source = source_backbone(gersp_weights)
    loaded = model.state_dict()
    assert not any(
        torch.equal(loaded[k], v)
        for k, v in source.items() if v.is_floating_point())


@pytest.mark.parametrize('fmt,name', [('timm', 'out.pth'),
                                      ('safetensors', 'out.safetensors')])
def test_file_formats_load_into_timm(fmt, name, gersp_weights, tmp_path,
                                     capsys, caplog):
    dst = tmp_path / name
    code, out, err = convert(capsys, '--src', gersp_weights, '--dst', dst,
                             '--format', fmt)
    assert (code, err) == (0, '')
    assert f'-> {dst} ({NUM_TENSORS} tensors, {fmt} format)' in out
    assert verify_digest(dst)
    model, messages, caught = load_with_timm(
        'resnet50',
        caplog,
        pretrained_cfg_overlay=dict(file=str(dst)),
        num_classes=0)
    assert_clean_load(messages, caught)
    assert_same_tensors(model.state_dict(), source_backbone(gersp_weights))


def test_safetensors_file_is_the_plain_state_dict(gersp_weights, tmp_path,
                                                  capsys):
    from safetensors import safe_open
    from safetensors.torch import load_file
    dst = tmp_path / 'out.safetensors'
    assert convert(capsys, '--src', gersp_weights, '--dst', dst, '--format',
                   'safetensors')[0] == 0
    source = source_backbone(gersp_weights)
    loaded = load_file(dst)
    assert loaded.keys() == source.keys()
    assert_same_tensors({k: loaded[k] for k in source}, source)
    with safe_open(str(dst), 'pt') as f:
        assert f.metadata() == {'format': 'pt'}


@pytest.mark.parametrize('fmt,name', [('timm', 'out.pth'),
                                      ('safetensors', 'out.safetensors')])
def test_timm_computes_what_torchvision_does(fmt, name, torchvision_file,
                                             initialised_gersp_weights,
                                             tmp_path, capsys, caplog):
    dst = tmp_path / name
    assert convert(capsys, '--src', initialised_gersp_weights, '--dst', dst,
                   '--format', fmt)[0] == 0
    model, messages, caught = load_with_timm(
        'resnet50',
        caplog,
        pretrained_cfg_overlay=dict(file=str(dst)),
        num_classes=0)
    assert_clean_load(messages, caught)
    assert_same_features(model, torchvision_file)


def test_hf_folder_loads_as_local_dir(gersp_weights, tmp_path, capsys, caplog):
    dst = tmp_path / 'GeRSP-resnet50'
    code, out, err = convert(capsys, '--src', gersp_weights, '--dst', dst,
                             '--format', 'hf')
    assert (code, err) == (0, '')
    assert f'-> {dst} ({NUM_TENSORS} tensors, hf format)' in out
    assert sorted(os.listdir(dst)) == [
        'README.md', 'config.json', 'model.safetensors',
        'model.safetensors.sha256'
    ]
    assert verify_digest(dst / 'model.safetensors')
    source = source_backbone(gersp_weights)
    for kwargs in ({}, dict(num_classes=0)):
        model, messages, caught = load_with_timm(f'local-dir:{dst}', caplog,
                                                 **kwargs)
        assert_clean_load(messages, caught)
        assert_same_tensors(model.state_dict(), source)
        assert model.num_classes == 0
    data = timm.data.resolve_data_config(model=model)
    assert tuple(data['input_size']) == (3, 224, 224)  # JSON: a list
    assert data['mean'] == pytest.approx((0.485, 0.456, 0.406))
    assert data['std'] == pytest.approx((0.229, 0.224, 0.225))
    assert data['interpolation'] == 'bilinear'
    assert data['crop_pct'] == 0.875
    config = json.loads((dst / 'config.json').read_text())
    assert config['architecture'] == 'resnet50'
    assert config['num_classes'] == 0
    card = (dst / 'README.md').read_text()
    for fragment in (PAPER_URL, CODE_URL, 'see the original release',
                     "timm.create_model('local-dir:"):
        assert fragment in card


def test_hf_folder_with_a_new_classifier(gersp_weights, tmp_path, capsys,
                                         caplog):
    dst = tmp_path / 'hf'
    assert convert(capsys, '--src', gersp_weights, '--dst', dst, '--format',
                   'hf')[0] == 0
    model, messages, _ = load_with_timm(
        f'local-dir:{dst}', caplog, num_classes=10)
    assert model.fc.out_features == 10
    assert not [m for m in messages if 'Unexpected' in m]
    state_dict = model.state_dict()
    assert_same_tensors({k: state_dict[k]
                         for k in resnet50_layout()},
                        source_backbone(gersp_weights))


def test_hf_folder_computes_what_torchvision_does(torchvision_file,
                                                  initialised_gersp_weights,
                                                  tmp_path, capsys, caplog):
    dst = tmp_path / 'hf'
    assert convert(capsys, '--src', initialised_gersp_weights, '--dst', dst,
                   '--format', 'hf')[0] == 0
    model, messages, caught = load_with_timm(f'local-dir:{dst}', caplog)
    assert_clean_load(messages, caught)
    assert_same_features(model, torchvision_file)


def test_hf_refuses_a_folder_that_is_not_empty(gersp_weights, tmp_path,
                                               capsys):
    dst = tmp_path / 'hf'
    dst.mkdir()
    assert convert(capsys, '--src', gersp_weights, '--dst', dst, '--format',
                   'hf')[0] == 0  # an empty folder is fine
    code, out, err = convert(capsys, '--src', gersp_weights, '--dst', dst,
                             '--format', 'hf')
    assert (code, out) == (1, '')
    assert err.startswith('error: ') and 'not empty' in err
    assert '--force' in err
    (dst / 'config.json').write_text('{}')
    assert convert(capsys, '--src', gersp_weights, '--dst', dst, '--format',
                   'hf', '--force')[0] == 0
    assert json.loads((dst / 'config.json').read_text())['num_classes'] == 0
    a_file = tmp_path / 'file'
    a_file.write_text('')
    code, _, err = convert(capsys, '--src', gersp_weights, '--dst', a_file,
                           '--format', 'hf')
    assert code == 1 and 'is a file' in err


@pytest.mark.parametrize('fmt,name,fragment',
                         [('safetensors', 'out.pth', 'must end with'),
                          ('timm', 'out.safetensors', 'torch.save'),
                          ('mmdet', 'out.safetensors', 'torch.save')])
def test_names_the_loaders_would_misread_are_refused(fmt, name, fragment,
                                                     gersp_weights, tmp_path,
                                                     capsys):
    dst = tmp_path / name
    code, out, err = convert(capsys, '--src', gersp_weights, '--dst', dst,
                             '--format', fmt)
    assert (code, out) == (1, '')
    assert err.startswith('error: ') and fragment in err, err
    assert not dst.exists()


@pytest.mark.parametrize('fmt,name',
                         [('timm', 'CVT_epoch_100.pth'),
                          ('safetensors', 'CVT_epoch_100.safetensors'),
                          ('hf', 'CVT_epoch_100')])
def test_default_output_names(fmt, name, gersp_weights, tmp_path, capsys):
    src = tmp_path / 'epoch_100.pth'
    os.symlink(gersp_weights, src)
    assert convert(capsys, '--src', src, '--format', fmt)[0] == 0
    assert (tmp_path / name).exists()
    assert (tmp_path / name).is_dir() == (fmt == 'hf')


def test_hf_folders_of_several_sources(gersp_weights, tmp_path, capsys):
    for epoch in (1, 2):
        os.symlink(gersp_weights, tmp_path / f'epoch_{epoch}.pth')
    out_dir = tmp_path / 'out'
    assert convert(capsys, '--src', tmp_path, '--dst', out_dir, '--format',
                   'hf')[0] == 0
    assert sorted(os.listdir(out_dir)) == ['CVT_epoch_1', 'CVT_epoch_2']
    assert os.path.isfile(out_dir / 'CVT_epoch_2' / 'model.safetensors')
    assert os.path.isfile(
        sidecar_path(out_dir / 'CVT_epoch_2' / 'model.safetensors'))


def test_help_names_the_formats_and_the_trap(capsys):
    with pytest.raises(SystemExit):
        converter_main('gersp', ['--help'])
    text = ' '.join(capsys.readouterr().out.split())
    assert 'timm loads NOTHING' in text
    assert "pretrained_cfg_overlay=dict(file=PATH)" in text
    assert "timm.create_model('local-dir:DIR', pretrained=True)" in text
