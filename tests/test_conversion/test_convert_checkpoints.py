"""The checkpoint converter (tools/model_converters, M_Convert_Checkpoints):
backbone extraction, output formats, the command
line and the refusal of files that are not (ResNet-50) checkpoints."""
import os
import os.path as osp
import shutil
import subprocess
import sys

import numpy as np
import pytest
import torch
import torchvision
from mmdet.models.backbones import ResNet as MMDetResNet
from mmpretrain.models import ResNet as MMPretrainResNet

from mmselfsup.errors import ConversionError
from mmselfsup.model_converters.checkpoint import FORMATS, extract_backbone
from mmselfsup.model_converters.cli import main as converter_main
from mmselfsup.utils import safe_torch_load
from tests.helpers import REPO

pytestmark = pytest.mark.slow  # ResNet-50 checkpoint conversion

NUM_TENSORS = 318  # ResNet-50 without fc, num_batches_tracked included
GERSP_HINT = 'pre-train first (bash tools/dist_train_GeRSP.sh), or pass --src'
FOUND = {
    'release': 'a full pre-training checkpoint (the student backbone.* '
    'taken; teacher, projectors and queue left out)',
    'cmid': 'a plain ResNet-50 state dict (torchvision format)',
    'torchvision': 'a plain ResNet-50 state dict (torchvision format)',
    'geo_aware': 'a MoCo checkpoint (its module.encoder_q.* taken)',
    'mmdet': 'an already converted file (mmdet format)',
}


class NotAllowed:
    pass


# ---------------------------------------------------------------- test data
def random_resnet50(seed):
    """A ResNet-50 state dict with random values, key names taken from
    mmpretrain (not from the converter's torchvision reference)."""
    gen = torch.Generator().manual_seed(seed)
    return {
        k: (torch.randn(v.shape, generator=gen) if v.is_floating_point() else
            torch.randint(1000, v.shape, generator=gen))
        for k, v in MMPretrainResNet(depth=50).state_dict().items()
    }


def mlp(prefix, *dims):
    """Linear layers ``prefix.{0,2,..}`` of an MLP head."""
    layers = {}
    for i, (d_in, d_out) in enumerate(zip(dims, dims[1:])):
        layers[f'{prefix}.{2 * i}.weight'] = torch.randn(d_out, d_in)
        layers[f'{prefix}.{2 * i}.bias'] = torch.randn(d_out)
    return layers


def release_checkpoint(student, teacher):
    """The layout of the authors' and this project's training checkpoints."""
    state_dict = {
        'queue': torch.randn(128, 16),
        'queue_ptr': torch.zeros(1, dtype=torch.long)
    }
    for k, v in student.items():  # one module under two names
        state_dict['backbone.' + k] = v
        state_dict['encoder_q.' + k] = v
    state_dict.update({'encoder_k.' + k: v for k, v in teacher.items()})
    for head in ('neck.projector', 'proj_q.projector', 'proj_k.projector'):
        state_dict.update(mlp(head, 2048, 64, 16))
    state_dict.update(mlp('pred_q', 16, 16))
    return dict(
        meta=dict(epoch=100, seed=np.int64(0)),
        state_dict=state_dict,
        optimizer=dict(state={}, param_groups=[dict(lr=0.03)]))


def cmid_checkpoint(student):
    return {
        **student, 'fc.weight': torch.randn(1000, 2048),
        'fc.bias': torch.randn(1000)
    }


def geo_aware_checkpoint(student, teacher):
    """A MoCo-v2 checkpoint saved from DistributedDataParallel."""
    state_dict = {}
    for name, weights in (('encoder_q', student), ('encoder_k', teacher)):
        state_dict.update({
            f'module.{name}.{k}': v
            for k, v in weights.items()
        })
        state_dict.update(mlp(f'module.{name}.fc', 2048, 2048, 128))
    state_dict['module.queue'] = torch.randn(128, 16)
    state_dict['module.queue_ptr'] = torch.zeros(1, dtype=torch.long)
    return dict(
        epoch=200, arch='resnet50', state_dict=state_dict, optimizer={})


@pytest.fixture(scope='module')
def student():
    return random_resnet50(seed=0)


@pytest.fixture(scope='module')
def sources(tmp_path_factory, student):
    """Source checkpoints of every layout, written once (~700 MB)."""
    teacher = random_resnet50(seed=1)
    assert not torch.equal(student['conv1.weight'], teacher['conv1.weight'])
    folder = tmp_path_factory.mktemp('sources')
    checkpoints = dict(
        release=release_checkpoint(student, teacher),
        cmid=cmid_checkpoint(student),
        geo_aware=geo_aware_checkpoint(student, teacher),
        mmdet={'state_dict': {
            'backbone.' + k: v
            for k, v in student.items()
        }},
        torchvision=student)
    paths = {}
    for name, ckpt in checkpoints.items():
        paths[name] = str(folder / f'{name}.pth')
        torch.save(ckpt, paths[name])
    yield paths
    shutil.rmtree(folder)


@pytest.fixture
def tmp(tmp_path):
    """``tmp_path``, emptied afterwards: pytest keeps the last runs' temp
    folders, and these checkpoints are 100 MB each."""
    yield tmp_path
    shutil.rmtree(tmp_path, ignore_errors=True)


@pytest.fixture(scope='module')
def torchvision_resnet50():
    with torch.device('meta'):
        model = torchvision.models.resnet50()
    return model.to_empty(device='cpu')


@pytest.fixture(scope='module')
def mmdet_resnet50():
    with torch.device('meta'):
        model = MMDetResNet(depth=50)
    return model.to_empty(device='cpu')


# ----------------------------------------------------------------- checks
def convert(script, capsys, *argv):
    """Run a preset's ``main`` in-process: (exit code, stdout, stderr)."""
    code = converter_main(script, [str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_same_tensors(actual, expected):
    assert list(actual) == list(expected)
    for k, v in expected.items():
        assert actual[k].dtype == v.dtype and torch.equal(actual[k], v), k


def check_torchvision_output(path, student, model):
    state_dict = torch.load(path, weights_only=True)
    assert len(state_dict) == NUM_TENSORS
    result = model.load_state_dict(state_dict, strict=False)
    assert result.missing_keys == ['fc.weight', 'fc.bias']
    assert result.unexpected_keys == []
    loaded = {
        k: v
        for k, v in model.state_dict().items() if not k.startswith('fc.')
    }
    assert_same_tensors(loaded, student)
    assert_same_tensors(state_dict, student)


def check_mmdet_output(path, student, model):
    ckpt = torch.load(path, weights_only=True)
    assert list(ckpt) == ['state_dict']
    assert len(ckpt['state_dict']) == NUM_TENSORS
    assert all(k.startswith('backbone.') for k in ckpt['state_dict'])
    model.load_state_dict(
        {
            k[len('backbone.'):]: v
            for k, v in ckpt['state_dict'].items()
        },
        strict=True)
    assert_same_tensors(model.state_dict(), student)


@pytest.fixture
def check_output(student, torchvision_resnet50, mmdet_resnet50):

    def check(path, fmt):
        if fmt == 'mmdet':
            check_mmdet_output(path, student, mmdet_resnet50)
        else:
            check_torchvision_output(path, student, torchvision_resnet50)

    return check


def no_traceback_error(err, *fragments):
    assert err.startswith('error: ') and 'Traceback' not in err, err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


# ------------------------------------------------------------ conversions
@pytest.mark.parametrize('fmt', FORMATS)
@pytest.mark.parametrize('script,source', [('gersp', 'release'),
                                           ('cmid', 'cmid'),
                                           ('geo_aware', 'geo_aware')])
def test_source_layouts_give_the_student_backbone(script, source, fmt, sources,
                                                  tmp, capsys, check_output):
    dst = tmp / 'out.pth'
    code, out, err = convert(script, capsys, '--src', sources[source], '--dst',
                             dst, '--format', fmt)
    assert (code, err) == (0, '')
    assert out == (f'{sources[source]} -> {dst} ({NUM_TENSORS} tensors, '
                   f'{fmt} format); found {FOUND[source]}\n')
    check_output(dst, fmt)


@pytest.mark.parametrize('script,converted,fmt',
                         [('gersp', 'mmdet', 'mmdet'),
                          ('gersp', 'mmdet', 'torchvision'),
                          ('gersp', 'torchvision', 'mmdet'),
                          ('gersp', 'torchvision', 'torchvision'),
                          ('cmid', 'mmdet', 'torchvision'),
                          ('geo_aware', 'torchvision', 'mmdet')])
def test_converted_files_convert_again_unchanged(script, converted, fmt,
                                                 sources, tmp, capsys,
                                                 check_output):
    dst = tmp / 'again.pth'
    code, _, err = convert(script, capsys, '--src', sources[converted],
                           '--dst', dst, '--format', fmt)
    assert (code, err) == (0, '')
    check_output(dst, fmt)


@pytest.mark.parametrize('script',
                         ['M_Convert_Checkpoints', 'tools/model_converters'])
def test_no_arguments_do_what_the_authors_script_does(script, sources, tmp):
    """Run as the README says (the release's command, and ours), from a
    folder holding results/GeRSP, without PYTHONPATH (the package is
    installed)."""
    os.makedirs(tmp / 'results' / 'GeRSP')
    os.symlink(sources['release'], tmp / 'results/GeRSP/epoch_100.pth')
    env = {k: v for k, v in os.environ.items() if k != 'PYTHONPATH'}
    proc = subprocess.run(
        [sys.executable,
         osp.join(REPO, script, 'convert_gersp.py')],
        cwd=tmp,
        env=dict(env, OMP_NUM_THREADS='1', CUDA_VISIBLE_DEVICES=''),
        capture_output=True,
        text=True,
        timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        'no --src: using results/GeRSP/epoch_100.pth\n'
        'results/GeRSP/epoch_100.pth -> results/GeRSP/CVT_epoch_100.pth '
        f'({NUM_TENSORS} tensors, mmdet format); found {FOUND["release"]}\n')
    # the authors' script keeps the keys containing 'backbone'
    release = safe_torch_load(sources['release'])
    expected = {
        k: v
        for k, v in release['state_dict'].items() if 'backbone' in k
    }
    converted = torch.load(
        tmp / 'results/GeRSP/CVT_epoch_100.pth', weights_only=True)
    assert list(converted) == ['state_dict']
    assert_same_tensors(converted['state_dict'], expected)


@pytest.mark.parametrize('script,default,hint', [
    ('gersp', 'results/GeRSP', GERSP_HINT),
    ('cmid', 'pretrained/cmid_resnet50.pth',
     'download the CMID ResNet-50 weights'),
    ('geo_aware', 'pretrained/geo_aware_resnet50.pth',
     'download a Geography-Aware SSL ResNet-50 checkpoint'),
])
def test_missing_default_input_says_what_to_do(script, default, hint, tmp,
                                               capsys, monkeypatch):
    monkeypatch.chdir(tmp)
    code, out, err = convert(script, capsys)
    assert (code, out) == (1, '')
    no_traceback_error(err, f'error: {default} does not exist: ', hint,
                       'pass --src')


@pytest.mark.parametrize('script,source,default', [
    ('cmid', 'cmid', 'pretrained/cmid_resnet50.pth'),
    ('geo_aware', 'geo_aware', 'pretrained/geo_aware_resnet50.pth'),
])
def test_third_party_defaults(script, source, default, sources, tmp, capsys,
                              monkeypatch, check_output):
    monkeypatch.chdir(tmp)
    os.makedirs('pretrained')
    os.symlink(sources[source], default)
    code, out, err = convert(script, capsys)
    dst = f'pretrained/CVT_{osp.basename(default)}'
    assert (code, err) == (0, '')
    assert out == (f'no --src: using {default}\n{default} -> {dst} '
                   f'({NUM_TENSORS} tensors, mmdet format); '
                   f'found {FOUND[source]}\n')
    check_output(tmp / dst, 'mmdet')


def link(target, path):
    os.makedirs(path.parent, exist_ok=True)
    os.symlink(target, path)
    return path


def test_several_sources(sources, tmp, capsys, check_output):
    a = link(sources['torchvision'], tmp / 'a' / 'epoch_1.pth')
    b = link(sources['mmdet'], tmp / 'b' / 'last.pth')
    code, out, _ = convert('gersp', capsys, '--src', a, b, '--dst',
                           tmp / 'out')
    assert code == 0
    assert out.splitlines() == [
        f'{a} -> {tmp}/out/CVT_epoch_1.pth ({NUM_TENSORS} tensors, mmdet '
        f'format); found {FOUND["torchvision"]}',
        f'{b} -> {tmp}/out/CVT_last.pth ({NUM_TENSORS} tensors, mmdet '
        f'format); found {FOUND["mmdet"]}'
    ]
    check_output(tmp / 'out' / 'CVT_last.pth', 'mmdet')
    # without --dst, each output goes next to its source
    code, out, _ = convert('gersp', capsys, '--src', a, b, '--format',
                           'torchvision')
    assert code == 0 and len(out.splitlines()) == 2
    check_output(tmp / 'a' / 'CVT_epoch_1.pth', 'torchvision')
    assert osp.isfile(tmp / 'b' / 'CVT_last.pth')


@pytest.mark.parametrize('folder', ['existing', 'new/'])
def test_dst_folder_for_one_source(folder, sources, tmp, capsys):
    os.makedirs(tmp / 'existing')
    code, out, _ = convert('gersp', capsys, '--src', sources['mmdet'], '--dst',
                           f'{tmp}/{folder}')
    assert code == 0
    assert osp.isfile(tmp / folder / 'CVT_mmdet.pth'), out


def test_folder_converts_its_epoch_checkpoints_in_order(
        sources, tmp, capsys, check_output):
    folder = tmp / 'work_dir'
    for name in ('epoch_10.pth', 'epoch_2.pth', 'latest.pth'):
        link(sources['release'], folder / name)
    (folder / 'notes.txt').write_text('not a checkpoint')
    code, out, _ = convert('gersp', capsys, '--src', folder)
    assert code == 0
    assert [line.split(' -> ')[1].split()[0] for line in out.splitlines()
            ] == [f'{folder}/CVT_epoch_2.pth', f'{folder}/CVT_epoch_10.pth']
    assert sorted(os.listdir(folder)) == [
        'CVT_epoch_10.pth', 'CVT_epoch_10.pth.sha256', 'CVT_epoch_2.pth',
        'CVT_epoch_2.pth.sha256', 'epoch_10.pth', 'epoch_2.pth', 'latest.pth',
        'notes.txt'
    ]
    check_output(folder / 'CVT_epoch_10.pth', 'mmdet')


def test_folder_without_epoch_checkpoints_is_refused(tmp, capsys):
    (tmp / 'work_dir').mkdir()
    code, _, err = convert('gersp', capsys, '--src', tmp / 'work_dir')
    assert code == 1
    no_traceback_error(err, f'{tmp}/work_dir holds no epoch_*.pth files')


def test_sources_with_the_same_output_are_refused(tmp, capsys):
    a = tmp / 'a' / 'epoch_1.pth'
    b = tmp / 'b' / 'epoch_1.pth'
    code, _, err = convert('gersp', capsys, '--src', a, b, '--dst', tmp)
    assert code == 1
    no_traceback_error(
        err, f'several sources would be written to '
        f'{tmp}/CVT_epoch_1.pth')
    assert os.listdir(tmp) == []


def test_existing_output_is_kept_without_force(sources, tmp, capsys,
                                               check_output):
    dst = tmp / 'CVT.pth'
    dst.write_bytes(b'keep me')
    code, out, err = convert('gersp', capsys, '--src', sources['mmdet'],
                             '--dst', dst)
    assert (code, out) == (1, '')
    no_traceback_error(err, f'{dst} already exists', '--force')
    assert dst.read_bytes() == b'keep me'
    assert os.listdir(tmp) == ['CVT.pth']  # no temp file left
    code, _, err = convert('gersp', capsys, '--src', sources['mmdet'], '--dst',
                           dst, '--force')
    assert (code, err) == (0, '')
    check_output(dst, 'mmdet')


# ----------------------------------------------------------------- refusals
def truncated_zip(path):
    torch.save({'state_dict': {'backbone.conv1.weight': torch.ones(8)}}, path)
    path.write_bytes(path.read_bytes()[:200])


BAD_FILES = {
    'text': (lambda p: p.write_text('epoch: 100\nloss: 0.1\n'),
             ['is not a PyTorch checkpoint', 'written by torch.save']),
    'empty': (lambda p: p.write_bytes(b''),
              ['is not a PyTorch checkpoint', 'EOFError']),
    'corrupted zip':
    (truncated_zip, ['is not a PyTorch checkpoint', 'zip archive']),
    'not a dict':
    (lambda p: torch.save([torch.ones(2)], p),
     ['holds a list, not a checkpoint', "dict with a 'state_dict' entry"]),
    'unsafe object':
    (lambda p: torch.save({
        'state_dict': {},
        'meta': NotAllowed()
    }, p), ['refused to load', 'NotAllowed', 'weights_only=True']),
    'no backbone': (lambda p: torch.save(
        {'state_dict': {
            'queue': torch.ones(2),
            'head.weight': torch.ones(2)
        }}, p), [
            "holds no ResNet-50 backbone: found 'queue', 'head.weight'",
            "'conv1.weight'", "'backbone.', (no prefix)"
        ]),
}


@pytest.mark.parametrize('case', list(BAD_FILES))
def test_bad_files_are_refused(case, tmp, capsys):
    write, fragments = BAD_FILES[case]
    src = tmp / 'bad.pth'
    write(src)
    code, out, err = convert('gersp', capsys, '--src', src)
    assert (code, out) == (1, '')
    no_traceback_error(err, str(src), *fragments)
    assert os.listdir(tmp) == ['bad.pth']


def test_geo_aware_checkpoint_is_not_a_gersp_one(tmp, capsys):
    src = tmp / 'moco.pth'
    torch.save(
        {
            'state_dict': {
                'module.encoder_q.conv1.weight': torch.ones(1),
                'module.queue': torch.ones(1)
            }
        }, src)
    code, _, err = convert('gersp', capsys, '--src', src)
    assert code == 1
    no_traceback_error(
        err, f'{src} holds no ResNet-50 backbone',
        "found 'module.encoder_q.conv1.weight', 'module.queue'")


def test_resnet18_is_refused_with_the_differing_shapes(tmp, capsys):
    with torch.device('meta'):
        resnet18 = torchvision.models.resnet18().to_empty(device='cpu')
    src = tmp / 'r18.pth'
    torch.save(
        {
            'state_dict': {
                'backbone.' + k: v
                for k, v in resnet18.state_dict().items()
            }
        }, src)
    code, _, err = convert('gersp', capsys, '--src', src, '--dst',
                           tmp / 'out.pth')
    assert code == 1
    no_traceback_error(
        err, f"{src} does not hold a ResNet-50 backbone under 'backbone.'",
        "missing 'backbone.layer1.0.conv3.weight'",
        'backbone.layer1.0.conv1.weight: found shape (64, 64, 3, 3), '
        'expected shape (64, 64, 1, 1)')
    assert not osp.exists(tmp / 'out.pth')


@pytest.fixture
def meta_resnet50():
    """A ResNet-50 state dict of meta tensors: shapes only, no memory."""
    with torch.device('meta'):
        return dict(torchvision.models.resnet50().state_dict())


def refusal(state_dict):
    with pytest.raises(ConversionError) as info:
        extract_backbone(state_dict, ('backbone.', ''), 'ckpt.pth')
    return str(info.value)


def test_missing_layer_is_refused(meta_resnet50):
    del meta_resnet50['layer4.2.conv3.weight']
    message = refusal(meta_resnet50)
    assert message == ('ckpt.pth does not hold a ResNet-50 backbone under '
                       "(no prefix): missing 'layer4.2.conv3.weight'")


def test_old_files_without_bn_counters_get_them_as_zero(meta_resnet50):
    old = {
        k: v
        for k, v in meta_resnet50.items()
        if not k.endswith('num_batches_tracked')
    }
    backbone = extract_backbone(old, ('', ), 'ckpt.pth')
    assert len(backbone) == NUM_TENSORS
    assert backbone['layer4.2.bn3.num_batches_tracked'].item() == 0
    assert backbone['conv1.weight'] is old['conv1.weight']


def test_one_missing_bn_counter_is_still_refused(meta_resnet50):
    del meta_resnet50['layer2.0.bn1.num_batches_tracked']
    assert refusal(meta_resnet50).endswith(
        "missing 'layer2.0.bn1.num_batches_tracked'")


def test_extra_layer_is_refused(meta_resnet50):
    for k in ('layer4.3.conv1.weight', 'layer4.3.bn1.weight'):
        meta_resnet50[k] = torch.empty(512, device='meta')
    assert refusal(meta_resnet50).endswith(
        "unexpected 'layer4.3.conv1.weight', 'layer4.3.bn1.weight'")


def test_wrong_shape_and_non_tensor_are_refused(meta_resnet50):
    state_dict = {'backbone.' + k: v for k, v in meta_resnet50.items()}
    state_dict['backbone.conv1.weight'] = torch.empty(64, 3, 3, 3)
    state_dict['backbone.bn1.num_batches_tracked'] = 0
    assert refusal(state_dict).endswith(
        'backbone.conv1.weight: found shape (64, 3, 3, 3), expected shape '
        '(64, 3, 7, 7); backbone.bn1.num_batches_tracked: found int (not a '
        'tensor), expected shape ()')


def test_classifier_is_dropped_and_order_follows_resnet50(meta_resnet50):
    shuffled = dict(reversed(list(meta_resnet50.items())))
    backbone = extract_backbone(shuffled, ('', ), 'ckpt.pth')
    assert list(backbone) == [
        k for k in meta_resnet50 if not k.startswith('fc.')
    ]
    assert len(backbone) == NUM_TENSORS


def test_without_src_the_newest_epoch_is_taken_unless_the_release_one(
        sources, tmp, capsys, monkeypatch, check_output):
    monkeypatch.chdir(tmp)
    for epoch in (2, 10, 9):
        link(sources['release'],
             tmp / 'results' / 'GeRSP' / f'epoch_{epoch}.pth')
    code, out, _ = convert('gersp', capsys)
    assert code == 0
    assert out.splitlines()[0] == 'no --src: using results/GeRSP/epoch_10.pth'
    check_output(tmp / 'results/GeRSP/CVT_epoch_10.pth', 'mmdet')
    link(sources['mmdet'], tmp / 'results/GeRSP/epoch_100.pth')
    code, out, _ = convert('gersp', capsys)
    assert out.splitlines() == [
        'no --src: using results/GeRSP/epoch_100.pth',
        'results/GeRSP/epoch_100.pth -> results/GeRSP/CVT_epoch_100.pth '
        f'({NUM_TENSORS} tensors, mmdet format); found {FOUND["mmdet"]}'
    ]


def test_empty_default_folder_says_what_to_do(tmp, capsys, monkeypatch):
    monkeypatch.chdir(tmp)
    os.makedirs('results/GeRSP')
    code, out, err = convert('gersp', capsys)
    assert (code, out) == (1, '')
    no_traceback_error(err, 'results/GeRSP holds no epoch_*.pth', GERSP_HINT)
