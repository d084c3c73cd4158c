"""Named models and weights: ``list_models``, ``weights_info``, ``get_model``
with a local file and with a download from a local HTTP server (resume,
cache folder, corrupted files, no network)."""
import dataclasses
import http.server
import io
import os
import os.path as osp
import socket
import subprocess
import sys
import threading

import pytest
import torch
import yaml

from mmselfsup.apis import (cache_dir, cached_path, get_model, list_models,
                            model_zoo, weights_info)
from mmselfsup.errors import ConversionError, ToolboxError
from tests.helpers import REPO, subprocess_env

NAME = 'gersp_resnet50_100e'
DRIVE_100E = ('https://drive.google.com/file/d/'
              '1IQ6wHL5MiPZt9_cecRd8gkFNsf-0snIH/view?usp=sharing')
BAIDU_100E = 'https://pan.baidu.com/s/1E7CQUmt0bhWFKT76wrbQ-Q?pwd=wtyd'


def metafile_names(metafile):
    with open(osp.join(REPO, metafile)) as f:
        return [m['Name'] for m in yaml.safe_load(f)['Models']]


# ---------------------------------------------------------------- test data
@pytest.fixture(scope='module')
def student(gersp_weights):
    """The 318 backbone tensors of the ``gersp_weights`` file."""
    state = torch.load(gersp_weights, weights_only=True)['state_dict']
    return {k[len('backbone.'):]: v for k, v in state.items()}


def to_bytes(obj):
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def release_checkpoint(student):
    """The layout of the released training checkpoints: the student under
    ``backbone.`` and ``encoder_q.`` (one module), a teacher, the queue."""
    state_dict = {'queue': torch.randn(128, 16)}
    for k, v in student.items():
        state_dict['backbone.' + k] = v
        state_dict['encoder_q.' + k] = v
    state_dict['encoder_k.conv1.weight'] = torch.randn(64, 3, 7, 7)
    state_dict['neck.projector.0.weight'] = torch.randn(16, 2048)
    return dict(meta=dict(epoch=100), state_dict=state_dict)


@pytest.fixture(scope='module')
def release_bytes(student):
    return to_bytes(release_checkpoint(student))


def assert_backbone_is(model, student):
    state = model.state_dict()
    assert set(state) == set(student)  # fc is nn.Identity: no fc.*
    for k, v in student.items():
        assert torch.equal(state[k], v), k


class Server(http.server.ThreadingHTTPServer):
    """Serves ``files`` (path -> bytes) with byte ranges; records the
    ``Range`` header of every request."""
    daemon_threads = True

    def __init__(self):
        super().__init__(('127.0.0.1', 0), Handler)
        self.files = {}
        self.requests = []

    def url(self, path):
        return f'http://127.0.0.1:{self.server_address[1]}{path}'


class Handler(http.server.BaseHTTPRequestHandler):

    def do_GET(self):
        files, requests = self.server.files, self.server.requests
        requests.append((self.path, self.headers.get('Range')))
        if self.path not in files:
            self.send_error(404)
            return
        data = files[self.path]
        start, status = 0, 200
        if self.headers.get('Range'):
            start = int(self.headers['Range'].split('=')[1].split('-')[0])
            status = 206
        self.send_response(status)
        self.send_header('Content-Type', 'application/octet-stream')
        self.send_header('Content-Length', str(len(data) - start))
        if status == 206:
            self.send_header('Content-Range',
                             f'bytes {start}-{len(data) - 1}/{len(data)}')
        self.end_headers()
        try:
            self.wfile.write(data[start:])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client closed a response it does not read

    def log_message(self, *args):
        pass


@pytest.fixture(scope='module')
def server():
    httpd = Server()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An empty cache: ``GERSP_HOME`` set to a temporary folder."""
    monkeypatch.setenv('GERSP_HOME', str(tmp_path / 'home'))
    return tmp_path / 'home'


def serve_as(monkeypatch, server, name, data, path='/weights.pth'):
    """Point the registry entry of ``name`` at ``data`` on ``server``."""
    server.files[path] = data
    entries = model_zoo._registry()
    monkeypatch.setitem(
        entries, name,
        dataclasses.replace(entries[name], url=server.url(path)))
    return server.url(path)


def closed_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------- names
def test_names_and_metadata_need_no_torch():
    code = ('import sys; from mmselfsup.apis import list_models, '
            'weights_info; list_models("gersp_*"); '
            'weights_info("gersp_resnet50_100e"); '
            'print([m for m in ("torch", "mmengine", "gdown") '
            'if m in sys.modules])')
    out = subprocess.run([sys.executable, '-c', code],
                         cwd=REPO,
                         env=subprocess_env(),
                         capture_output=True,
                         text=True,
                         check=True).stdout
    assert out.strip() == '[]'


def test_list_models_lists_every_metafile_model():
    names = list_models()
    assert names == sorted(names)
    expected = set()
    for metafile in model_zoo.METAFILES:
        for name in metafile_names(metafile):
            expected.add(model_zoo.SHORT_NAMES.get(name, name))
    assert set(names) == expected
    assert {
        'gersp_resnet50_100e', 'gersp_resnet50_200e', 'faster_rcnn_GeRSP',
        'psanet_GeRSP_loveda', 'resnet50_GeRSP_eurosat'
    } <= set(names)
    assert list_models(pretrained=True) == [
        'gersp_resnet50_100e', 'gersp_resnet50_200e'
    ]


def test_list_models_with_a_pattern():
    assert list_models('gersp_*') == [
        'gersp_resnet50_100e', 'gersp_resnet50_200e'
    ]
    assert list_models('GERSP_*_200E') == ['gersp_resnet50_200e']
    # a metafile Name matches as an alias of its short name
    assert list_models('GeRSP200_*') == ['gersp_resnet50_200e']
    assert list_models('*_loveda') == sorted(
        n for n in metafile_names('configs_mmseg/metafile.yml')
        if n.endswith('_loveda'))
    assert list_models('retinanet_*_dota') == [
        'retinanet_GeRSP_dota', 'retinanet_baseline_dota',
        'retinanet_scratch_dota'
    ]
    assert list_models('no_such_model*') == []


def test_weights_metadata_without_download(home):
    info = weights_info(NAME)
    assert info.name == NAME
    assert info.metafile_name == (
        'GeRSP_resnet50_8xb32-coslr-restart-100e_in1k-millionaid')
    assert weights_info(info.metafile_name) is info  # the alias
    assert info.mean == (123.675, 116.28, 103.53)
    assert info.std == (58.395, 57.12, 57.375)
    assert info.channel_order == 'RGB'
    assert info.input_size == 224
    assert info.epochs == 100 and weights_info('gersp_resnet50_200e').epochs \
        == 200
    assert info.url == DRIVE_100E
    assert info.links['Google Drive'] == DRIVE_100E
    assert info.links['Baidu Cloud, code wtyd'] == BAIDU_100E
    assert info.paper_url == 'https://arxiv.org/abs/2401.04614'
    assert info.code_url == 'https://github.com/floatingstarZ/GeRSP'
    assert info.file_name == 'gersp_resnet50_100e.pth'
    assert info.num_tensors == 318
    dior = [r for r in info.results if r['Dataset'] == 'DIOR'][0]
    assert dior['Source'] == 'paper'
    assert dior['Metrics']['Faster R-CNN AP50'] == 67.1
    assert cached_path(NAME) == str(home / 'checkpoints' / info.file_name)
    assert not home.exists()  # nothing downloaded, no folder made


def test_downstream_metadata():
    info = weights_info('faster_rcnn_GeRSP')
    assert (info.task, info.scope) == ('Object Detection', 'mmdet')
    assert info.config == 'configs_mmdet/faster_rcnn_GeRSP.py'
    assert info.results[0]['Metrics'] == {'AP50': 67.1}
    assert not info.pretrained and info.url is None
    assert weights_info('psanet_GeRSP_loveda').scope == 'mmseg'
    assert weights_info('resnet50_GeRSP_eurosat').epochs == 100


def test_unknown_name_is_refused():
    with pytest.raises(ToolboxError, match="no model named 'gersp_r50'"):
        weights_info('gersp_r50')
    with pytest.raises(ToolboxError, match='gersp_resnet50_100e'):
        get_model('resnet50_100e')


def test_transforms_normalise_with_the_imagenet_statistics():
    from PIL import Image
    img = Image.new('RGB', (300, 250), (124, 116, 104))
    x = weights_info(NAME).transforms()(img)
    assert x.shape == (3, 224, 224)
    mean = torch.tensor([123.675, 116.28, 103.53])
    std = torch.tensor([58.395, 57.12, 57.375])
    expected = (torch.tensor([124., 116., 104.]) - mean) / std
    assert torch.allclose(x[:, 0, 0], expected, atol=1e-5)


def test_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv('GERSP_HOME', raising=False)
    monkeypatch.setenv('TORCH_HOME', str(tmp_path / 'torch'))
    assert cache_dir() == str(tmp_path / 'torch' / 'hub' / 'checkpoints')
    assert cache_dir() == osp.join(torch.hub.get_dir(), 'checkpoints')
    monkeypatch.setenv('GERSP_HOME', str(tmp_path / 'gersp'))
    assert cache_dir() == str(tmp_path / 'gersp' / 'checkpoints')


# ------------------------------------------------------- local weight files
def test_random_model_is_a_feature_extractor():
    model = get_model(NAME)
    assert isinstance(model.fc, torch.nn.Identity) and not model.training
    with torch.no_grad():
        assert model(torch.rand(2, 3, 64, 64)).shape == (2, 2048)


def test_pretrained_path_of_a_converted_file(gersp_weights, student):
    model = get_model(NAME, pretrained=gersp_weights)
    assert_backbone_is(model, student)
    assert model.weights_info is weights_info(NAME)
    with torch.no_grad():
        assert model(torch.rand(1, 3, 64, 64)).shape == (1, 2048)


def test_pretrained_path_of_a_release_checkpoint(tmp_path, student,
                                                 release_bytes):
    path = tmp_path / 'GeRSP.pth'
    path.write_bytes(release_bytes)
    assert_backbone_is(get_model(NAME, pretrained=str(path)), student)


def test_pretrained_path_of_a_safetensors_file(tmp_path, student):
    from safetensors.torch import save_file
    timm_state = {
        k: v.contiguous()
        for k, v in student.items() if not k.endswith('num_batches_tracked')
    }
    save_file(timm_state, str(tmp_path / 'model.safetensors'))
    for path in (tmp_path / 'model.safetensors', tmp_path):  # file, folder
        state = get_model(NAME, pretrained=str(path)).state_dict()
        assert all(torch.equal(state[k], v) for k, v in timm_state.items())
    (tmp_path / 'bad.safetensors').write_bytes(b'garbage')
    with pytest.raises(ConversionError, match='not a safetensors file'):
        get_model(NAME, pretrained=str(tmp_path / 'bad.safetensors'))


def test_pretrained_path_of_another_file_is_refused(tmp_path):
    path = tmp_path / 'resnet18.pth'
    torch.save({'state_dict': {'backbone.conv1.weight': torch.ones(8)}}, path)
    with pytest.raises(ConversionError, match='gersp_resnet50_100e') as info:
        get_model(NAME, pretrained=str(path))
    assert 'does not hold a ResNet-50' in str(info.value)
    with pytest.raises(ConversionError, match='does not exist'):
        get_model(NAME, pretrained=str(tmp_path / 'missing.pth'))


# ---------------------------------------------------------------- download
def test_download_into_the_cache(server, home, monkeypatch, student,
                                 release_bytes, capsys):
    serve_as(monkeypatch, server, NAME, release_bytes)
    before = len(server.requests)
    model = get_model(NAME, pretrained=True)
    assert_backbone_is(model, student)
    path = home / 'checkpoints' / 'gersp_resnet50_100e.pth'
    assert path.read_bytes() == release_bytes
    assert os.listdir(path.parent) == [path.name]  # no partial file left
    assert len(server.requests) > before
    assert 'gersp_resnet50_100e.pth' in capsys.readouterr().err  # progress
    # the second call reads the cache
    before = len(server.requests)
    assert_backbone_is(
        get_model(weights_info(NAME).metafile_name, True), student)
    assert len(server.requests) == before


def test_partial_download_is_resumed(server, home, monkeypatch, student,
                                     release_bytes):
    serve_as(monkeypatch, server, NAME, release_bytes, '/resume.pth')
    folder = home / 'checkpoints'
    folder.mkdir(parents=True)
    half = len(release_bytes) // 2
    # gdown's partial file: <file name> + 8 characters + .part
    (folder / 'gersp_resnet50_100e.pthabcd1234.part').write_bytes(
        release_bytes[:half])
    assert_backbone_is(get_model(NAME, pretrained=True), student)
    assert (folder / 'gersp_resnet50_100e.pth').read_bytes() == release_bytes
    assert ('/resume.pth', f'bytes={half}-') in server.requests
    assert os.listdir(folder) == ['gersp_resnet50_100e.pth']


@pytest.mark.parametrize('damage', ['nan', 'layout'])
def test_corrupted_download_is_refused_and_removed(server, home, monkeypatch,
                                                   student, damage):
    broken = dict(student)
    if damage == 'nan':
        broken['layer4.2.bn3.weight'] = torch.full((2048, ), float('nan'))
        expected = 'non-finite'
    else:
        broken['conv1.weight'] = torch.ones(64, 3, 3, 3)
        expected = 'does not hold a ResNet-50'
    serve_as(
        monkeypatch, server, NAME,
        to_bytes(
            {'state_dict': {
                f'backbone.{k}': v
                for k, v in broken.items()
            }}), f'/{damage}.pth')
    with pytest.raises(ConversionError) as info:
        get_model(NAME, pretrained=True)
    message = str(info.value)
    assert expected in message
    assert 'not the released gersp_resnet50_100e file' in message
    path = str(home / 'checkpoints' / 'gersp_resnet50_100e.pth')
    assert f'the download was removed from {path}' in message
    assert not osp.exists(path)  # the next call downloads it again


def test_corrupted_cache_file_is_refused_and_kept(home):
    path = home / 'checkpoints' / 'gersp_resnet50_100e.pth'
    path.parent.mkdir(parents=True)
    path.write_bytes(b'not a checkpoint')
    with pytest.raises(ConversionError, match=f'delete {path}'):
        get_model(NAME, pretrained=True)
    assert path.exists()


def test_no_network_says_where_to_put_the_file(home, monkeypatch):
    entries = model_zoo._registry()
    url = f'http://127.0.0.1:{closed_port()}/gersp.pth'
    monkeypatch.setitem(entries, NAME,
                        dataclasses.replace(entries[NAME], url=url))
    with pytest.raises(ToolboxError) as info:
        get_model(NAME, pretrained=True)
    message = str(info.value)
    path = str(home / 'checkpoints' / 'gersp_resnet50_100e.pth')
    assert f'cannot download the {NAME} weights from {url}' in message
    assert f'save it as {path}' in message
    assert 'file name gersp_resnet50_100e.pth' in message
    assert DRIVE_100E in message and BAIDU_100E in message
    assert not isinstance(info.value, ConversionError)


# -------------------------------------------------------------- downstream
def test_downstream_model_from_its_config(tmp_path):
    from mmpretrain.models import ImageClassifier
    name = 'resnet50-linear_GeRSP_eurosat'
    model = get_model(name)
    assert type(model) is ImageClassifier and not model.training
    assert model.cfg.filename.endswith(weights_info(name).config)
    state = {
        k: torch.rand_like(v) if v.is_floating_point() else v
        for k, v in model.state_dict().items()
    }
    path = tmp_path / 'epoch_100.pth'
    torch.save({'state_dict': state}, path)
    loaded = get_model(name, pretrained=str(path)).state_dict()
    assert all(torch.equal(loaded[k], v) for k, v in state.items())
    with pytest.raises(ToolboxError, match='has no released weights'):
        get_model(name, pretrained=True)
