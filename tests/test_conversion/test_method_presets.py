"""The presets for the weights of compared methods (convert_moco_v2.py,
convert_seco.py, convert_caco.py, convert_torchgeo.py, convert_tov.py):
each source is built from the layout of the method's own code, cited at its
builder, and converted through the preset's ``main``."""
import glob
import hashlib
import os
import os.path as osp
import shutil

import pytest
import torch
import torchvision
from torch import nn

from mmselfsup.model_converters.cli import main as converter_main
from mmselfsup.model_converters.presets import PRESETS
from tests.helpers import REPO

pytestmark = pytest.mark.slow  # ResNet-50 checkpoint conversion

NUM_TENSORS = 318  # ResNet-50 without fc, num_batches_tracked included
METHODS = ('moco_v2', 'seco', 'caco', 'torchgeo', 'tov')
FOUND = {
    'moco_v2': 'a MoCo checkpoint (its module.encoder_q.* taken)',
    'seco': 'a MoCo checkpoint (its encoder_q.* taken)',
    'caco': 'a MoCo checkpoint (its encoder_q.* taken)',
    'torchgeo': 'a plain ResNet-50 state dict (torchvision format)',
    'tov': 'a plain ResNet-50 state dict (torchvision format)',
}
# where each method's file holds conv1.weight and layer4.2.conv3.weight
STEM = {
    'moco_v2': 'module.encoder_q.conv1.weight',
    'seco': 'encoder_q.0.weight',
    'caco': 'encoder_q.0.weight',
    'torchgeo': 'conv1.weight',
    'tov': 'conv1.weight',
}
LAST = {
    'moco_v2': 'module.encoder_q.layer4.2.conv3.weight',
    'seco': 'encoder_q.7.2.conv3.weight',
    'caco': 'encoder_q.7.2.conv3.weight',
    'torchgeo': 'layer4.2.conv3.weight',
    'tov': 'layer4.2.conv3.weight',
}
PREFIX = {
    'moco_v2': "'module.encoder_q.'",
    'seco': "'encoder_q.'",
    'caco': "'encoder_q.'",
    'torchgeo': '(no prefix)',
    'tov': '(no prefix)',
}


# ---------------------------------------------------------------- test data
def resnet50_shapes():
    """Key -> shape of torchvision's ResNet-50, fc included."""
    with torch.device('meta'):
        return {
            k: v.shape
            for k, v in torchvision.models.resnet50().state_dict().items()
        }


def random_resnet50(seed):
    gen = torch.Generator().manual_seed(seed)
    return {
        k: (torch.randint(1000, shape, generator=gen)
            if k.endswith('num_batches_tracked') else torch.randn(
                shape, generator=gen))
        for k, shape in resnet50_shapes().items()
    }


def cheap_resnet50():
    """The same keys and shapes, each tensor a view of a single value (a
    few bytes on disk): for files that must be refused."""
    return {
        k:
        (torch.tensor(0) if k.endswith('num_batches_tracked') else torch.zeros(
            ()).expand(shape))
        for k, shape in resnet50_shapes().items()
    }


def mlp(prefix, *dims):
    layers = {}
    for i, (d_in, d_out) in enumerate(zip(dims, dims[1:])):
        layers[f'{prefix}.{2 * i}.weight'] = torch.randn(d_out, d_in)
        layers[f'{prefix}.{2 * i}.bias'] = torch.randn(d_out)
    return layers


def moco_v2_checkpoint(query, key):
    """facebookresearch/moco, main_moco.py: save_checkpoint({'epoch',
    'arch', 'state_dict': model.state_dict(), 'optimizer'}) of
    DistributedDataParallel(MoCo(...)); moco/builder.py: encoder_q and
    encoder_k are torchvision ResNet-50s whose fc, with --mlp, is
    Sequential(Linear(2048, 2048), ReLU, Linear(2048, 128)), and the
    buffers queue (128, K) and queue_ptr (1,)."""
    state_dict = {}
    for name, weights in (('encoder_q', query), ('encoder_k', key)):
        state_dict.update({
            f'module.{name}.{k}': v
            for k, v in weights.items() if not k.startswith('fc.')
        })
        state_dict.update(mlp(f'module.{name}.fc', 2048, 2048, 128))
    state_dict['module.queue'] = torch.randn(128, 16)
    state_dict['module.queue_ptr'] = torch.zeros(1, dtype=torch.long)
    return dict(
        epoch=800, arch='resnet50', state_dict=state_dict, optimizer={})


def sequential_resnet50_keys():
    """ServiceNow/seasonal-contrast, models/moco2_module.py: the encoders
    are nn.Sequential(*list(resnet50().children())[:-1], nn.Flatten()).
    Returns {key of that Sequential: key of torchvision's ResNet-50}, the
    pairing taken from the modules themselves, in their order."""
    with torch.device('meta'):
        resnet = torchvision.models.resnet50()
        encoder = nn.Sequential(*list(resnet.children())[:-1], nn.Flatten())
    ours = encoder.state_dict()
    theirs = {
        k: v
        for k, v in resnet.state_dict().items() if not k.startswith('fc.')
    }
    assert len(ours) == len(theirs) == NUM_TENSORS
    pairs = dict(zip(ours, theirs))
    assert all(ours[a].shape == theirs[b].shape for a, b in pairs.items())
    return pairs


def seco_checkpoint(query, key):
    """ServiceNow/seasonal-contrast, models/moco2_module.py (MocoV2, a
    LightningModule saved by pytorch_lightning's ModelCheckpoint in
    main_pretrain.py): encoder_q / encoder_k the positional ResNet-50
    trunks, heads_q / heads_k ModuleLists of Sequential(Linear(2048, 2048),
    ReLU, Linear(2048, 128)), one per embedding space (3 for SeCo), and the
    buffers queue (emb_spaces, 128, K) and queue_ptr (emb_spaces, 1)."""
    state_dict = {}
    for name, weights in (('encoder_q', query), ('encoder_k', key)):
        state_dict.update({
            f'{name}.{ours}': weights[theirs]
            for ours, theirs in sequential_resnet50_keys().items()
            if theirs in weights  # (tests drop some)
        })
    for name in ('heads_q', 'heads_k'):
        for space in range(3):
            state_dict.update(mlp(f'{name}.{space}', 2048, 2048, 128))
    state_dict['queue'] = torch.randn(3, 128, 16)
    state_dict['queue_ptr'] = torch.zeros(3, 1, dtype=torch.long)
    return {
        'epoch': 199,
        'global_step': 1000,
        'pytorch-lightning_version': '1.1.0',
        'state_dict': state_dict,
        'callbacks': {},
        'optimizer_states': [],
        'lr_schedulers': [],
        'hyper_parameters': {
            'base_encoder': 'resnet50',
            'emb_dim': 128,
            'emb_spaces': 3
        },
    }


def caco_checkpoint(query, key):
    """utkarshmall13/CACo, src/models/moco2_module.py: SeCo's MocoV2 with
    the same encoders, heads and queues, saved by ModelCheckpoint in
    src/main_pretrain.py with emb_spaces=datamodule.num_keys (3 for
    --data_mode caco, src/datasets/seco_datamodule.py) and Lightning 1.1.8
    (README.md)."""
    checkpoint = seco_checkpoint(query, key)
    checkpoint['pytorch-lightning_version'] = '1.1.8'
    checkpoint['hyper_parameters'].update(
        num_negatives=16384, data_mode='caco')
    return checkpoint


def caco_state_dict(weights):
    """utkarshmall13/CACo, notebooks/eurosat_eval_pytorch.ipynb: the
    released .pth files (src/utils/pretrained_checkpoints.py,
    saved_torch_ckpts) load with load_state_dict into
    nn.Sequential(*list(resnet50().children())[:-1], nn.Flatten()): that
    Sequential's keys, without a prefix."""
    return {
        ours: weights[theirs]
        for ours, theirs in sequential_resnet50_keys().items()
    }


def torchgeo_checkpoint(weights):
    """microsoft/torchgeo, torchgeo/models/resnet.py: ResNet50_Weights'
    files are state dicts of timm.create_model('resnet50', in_chans=3),
    whose key names are torchvision's; loaded with strict=False, the fc
    may be there or not (here: there)."""
    return dict(weights)


def tov_checkpoint(weights):
    """GeoX-Lab/G-RSIM, TOV_v1/classification/utils/tools.py: load_ckpt
    takes the entry 'state_dict' when present and, with main_cls.py's
    default map_keys {'': 'features.'}, loads 'features.' + key into the
    named children of a torchvision ResNet-50 (models/cls_net.py, ClsNet),
    dropping the 'fc' / 'classifier' keys: torchvision's names without a
    prefix, here under 'state_dict' and with the fc."""
    return {'state_dict': dict(weights)}


BUILDERS = {
    'moco_v2': lambda q, k: moco_v2_checkpoint(q, k),
    'seco': lambda q, k: seco_checkpoint(q, k),
    'caco': lambda q, k: caco_checkpoint(q, k),
    'torchgeo': lambda q, k: torchgeo_checkpoint(q),
    'tov': lambda q, k: tov_checkpoint(q),
}


@pytest.fixture(scope='module')
def query():
    return random_resnet50(seed=0)


@pytest.fixture
def tmp(tmp_path):
    yield tmp_path
    shutil.rmtree(tmp_path, ignore_errors=True)


def convert(method, capsys, *argv):
    code = converter_main(method, [str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def no_traceback_error(err, *fragments):
    assert err.startswith('error: ') and 'Traceback' not in err, err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


# ------------------------------------------------------------ conversions
@pytest.mark.parametrize('method', METHODS)
def test_the_backbone_is_the_query_encoder(method, query, tmp, capsys):
    key = random_resnet50(seed=1)
    src, dst = tmp / 'release.pth', tmp / 'out.pth'
    torch.save(BUILDERS[method](query, key), src)
    code, out, err = convert(method, capsys, '--src', src, '--dst', dst)
    assert (code, err) == (0, '')
    assert out == (f'{src} -> {dst} ({NUM_TENSORS} tensors, mmdet format); '
                   f'found {FOUND[method]}\n')
    converted = torch.load(dst, weights_only=True)
    assert list(converted) == ['state_dict']
    expected = {k: v for k, v in query.items() if not k.startswith('fc.')}
    assert list(converted['state_dict']) == ['backbone.' + k for k in expected]
    for k, v in expected.items():
        actual = converted['state_dict']['backbone.' + k]
        assert actual.dtype == v.dtype and torch.equal(actual, v), k
    digest = hashlib.sha256(dst.read_bytes()).hexdigest()
    assert (tmp / 'out.pth.sha256').read_text() == f'{digest}  out.pth\n'
    # and the output loads into torchvision's ResNet-50 as it is
    with torch.device('meta'):
        model = torchvision.models.resnet50()
    model = model.to_empty(device='cpu')
    result = model.load_state_dict(
        {
            k[len('backbone.'):]: v
            for k, v in converted['state_dict'].items()
        },
        strict=False)
    assert result.missing_keys == ['fc.weight', 'fc.bias']
    assert result.unexpected_keys == []


def refuse(method, source, tmp, capsys, *fragments):
    src, dst = tmp / 'bad.pth', tmp / 'out.pth'
    torch.save(source, src)
    code, out, err = convert(method, capsys, '--src', src, '--dst', dst)
    assert (code, out) == (1, '')
    no_traceback_error(err, str(src), *fragments)
    assert sorted(os.listdir(tmp)) == ['bad.pth']  # nothing partial


def cheap_source(method, edit):
    weights = cheap_resnet50()
    edit(weights)
    return BUILDERS[method](weights, cheap_resnet50())


@pytest.mark.parametrize('method', METHODS)
def test_multispectral_stem_is_refused(method, tmp, capsys):
    """Extra input channels: e.g. torchgeo's SENTINEL2_ALL_MOCO, 13 bands."""

    def thirteen_bands(weights):
        weights['conv1.weight'] = torch.zeros(()).expand(64, 13, 7, 7)

    refuse(
        method, cheap_source(method, thirteen_bands), tmp, capsys,
        f'does not hold a ResNet-50 backbone under {PREFIX[method]}',
        f'{STEM[method]}: found shape (64, 13, 7, 7), expected shape '
        '(64, 3, 7, 7)',
        f'the stem ({STEM[method]}) takes 13 input channels, not 3')


@pytest.mark.parametrize('method', METHODS)
def test_missing_tensor_is_refused(method, tmp, capsys):

    def drop_last_conv(weights):
        del weights['layer4.2.conv3.weight']

    refuse(method, cheap_source(method, drop_last_conv), tmp, capsys,
           f'missing {LAST[method]!r}')


def deep_stem(weights):
    """A ResNet-50-D / -C stem (timm resnet50d): three 3 x 3 convolutions
    conv1.0, conv1.3, conv1.6 with BNs conv1.1, conv1.4 instead of
    conv1."""
    del weights['conv1.weight']
    for i, shape in ((0, (32, 3, 3, 3)), (3, (32, 32, 3, 3)), (6, (64, 32, 3,
                                                                   3))):
        weights[f'conv1.{i}.weight'] = torch.zeros(()).expand(shape)
    for i in (1, 4):
        weights[f'conv1.{i}.weight'] = torch.zeros(32)


@pytest.mark.parametrize('method', ['moco_v2', 'torchgeo', 'tov'])
def test_a_different_stem_is_refused(method, tmp, capsys):
    prefix = 'module.encoder_q.' if method == 'moco_v2' else ''
    refuse(method, cheap_source(method, deep_stem), tmp, capsys,
           f"missing '{prefix}conv1.weight'",
           f"unexpected '{prefix}conv1.0.weight'")


def check_converted(dst, query):
    """``dst`` holds ``query``'s backbone (without fc) in the mmdet
    format."""
    converted = torch.load(dst, weights_only=True)['state_dict']
    expected = {k: v for k, v in query.items() if not k.startswith('fc.')}
    assert list(converted) == ['backbone.' + k for k in expected]
    assert all(
        torch.equal(converted['backbone.' + k], v)
        for k, v in expected.items())


def test_caco_plain_release_is_renamed(query, tmp, capsys):
    """CACo's .pth release (the default source): positional keys without
    a prefix."""
    src, dst = tmp / 'resnet50_caco_geo_1m_200.pth', tmp / 'out.pth'
    torch.save(caco_state_dict(query), src)
    code, out, err = convert('caco', capsys, '--src', src, '--dst', dst)
    assert (code, err) == (0, '')
    assert out.endswith('found a plain state dict of a ResNet-50 '
                        'nn.Sequential (its numbered children renamed to '
                        "torchvision's names)\n")
    check_converted(dst, query)


def test_tov_legacy_serialization_is_read(query, tmp, capsys):
    """G-RSIM's checkpoint tools (TOV_v1/classification/utils/tools.py)
    write their .pth.tar files with _use_new_zipfile_serialization=False,
    torch's legacy format."""
    src, dst = tmp / 'tov.pth.tar', tmp / 'out.pth'
    torch.save(
        tov_checkpoint(query), src, _use_new_zipfile_serialization=False)
    code, _, err = convert('tov', capsys, '--src', src, '--dst', dst)
    assert (code, err) == (0, '')
    check_converted(dst, query)


@pytest.mark.parametrize('method, prefix', [('seco', 'encoder_q.'),
                                            ('caco', 'encoder_q.'),
                                            ('caco', '')])
def test_sequential_resnet18_is_refused_with_its_own_key_names(
        method, prefix, tmp, capsys):
    """A SeCo or CACo ResNet-18 (the repos' default --base_encoder; CACo
    releases them too): positional keys, basic blocks."""
    with torch.device('meta'):
        resnet = torchvision.models.resnet18()
    encoder = nn.Sequential(*list(resnet.children())[:-1], nn.Flatten())
    state_dict = {
        prefix + k: torch.zeros(()).expand(v.shape)
        for k, v in encoder.state_dict().items()
    }
    source = {'state_dict': state_dict} if prefix else state_dict
    refuse(
        method, source, tmp, capsys, f"missing '{prefix}4.0.conv3.weight'",
        f'{prefix}4.0.conv1.weight: found shape (64, 64, 3, 3), '
        'expected shape (64, 64, 1, 1)')


class ModelCheckpoint:
    """Stands in for a Lightning callback class."""


def test_lightning_objects_are_refused_by_the_safe_load(tmp, capsys):
    """Lightning 1.x keys a checkpoint's 'callbacks' by the callback class,
    a global that weights_only=True loading refuses."""
    source = {
        'state_dict': {
            'encoder_q.0.weight': torch.zeros(1)
        },
        'callbacks': {
            ModelCheckpoint: {
                'best_model_score': torch.tensor(0.5)
            }
        }
    }
    refuse('seco', source, tmp, capsys, 'refused to load', 'ModelCheckpoint',
           'GERSP_SAFE_GLOBALS')


class ChangeAwareContrastMultiAugDataModule:
    """Stands in for CACo's datamodule class."""


def test_caco_datamodule_is_refused_by_the_safe_load(tmp, capsys):
    """CACo's MocoV2 takes the datamodule as an argument and calls
    save_hyperparameters() (src/models/moco2_module.py,
    src/main_pretrain.py), so its .ckpt files hold that object in
    'hyper_parameters'."""
    source = caco_checkpoint(cheap_resnet50(), cheap_resnet50())
    source['hyper_parameters']['datamodule'] = (
        ChangeAwareContrastMultiAugDataModule())
    refuse('caco', source, tmp, capsys, 'refused to load',
           'ChangeAwareContrastMultiAugDataModule', 'GERSP_SAFE_GLOBALS')


@pytest.mark.parametrize('method', ['seco', 'caco', 'torchgeo', 'tov'])
def test_converted_files_are_accepted(method, query, tmp, capsys):
    """--format torchvision output of another preset, converted again."""
    plain = {k: v for k, v in query.items() if not k.startswith('fc.')}
    src, dst = tmp / 'plain.pth', tmp / 'out.pth'
    torch.save(plain, src)
    code, out, err = convert(method, capsys, '--src', src, '--dst', dst,
                             '--format', 'torchvision')
    assert (code, err) == (0, '')
    converted = torch.load(dst, weights_only=True)
    assert list(converted) == list(plain)
    assert all(torch.equal(converted[k], v) for k, v in plain.items())


@pytest.mark.parametrize('method', METHODS)
def test_missing_default_input_says_what_to_do(method, tmp, capsys,
                                               monkeypatch):
    monkeypatch.chdir(tmp)
    code, out, err = convert(method, capsys)
    assert (code, out) == (1, '')
    no_traceback_error(err,
                       f'error: {PRESETS[method].default_src} does not exist',
                       PRESETS[method].missing_hint)


SCRIPT_FOLDERS = ('tools/model_converters', 'M_Convert_Checkpoints')


@pytest.mark.parametrize('method', sorted(PRESETS))
def test_scripts_name_their_preset(method):
    for folder in SCRIPT_FOLDERS:
        with open(osp.join(REPO, folder, f'convert_{method}.py')) as f:
            assert f"sys.exit(main('{method}'))" in f.read()


@pytest.mark.parametrize('folder', SCRIPT_FOLDERS)
def test_every_script_has_a_preset(folder):
    scripts = glob.glob(osp.join(REPO, folder, 'convert_*.py'))
    assert {osp.basename(p)[len('convert_'):-len('.py')]
            for p in scripts} == set(PRESETS)
