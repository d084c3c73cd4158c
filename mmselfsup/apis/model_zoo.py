"""The model zoo's names and metadata, read from the metafiles (PyYAML only,
nothing is downloaded).

Every model of ``configs/selfsup/GeRSP/metafile.yml`` and of the downstream
metafiles (``configs_mmdet/``, ``configs_mmseg/``, ``configs_mmpretrain/``)
is listed by its metafile ``Name``; the two released pre-trained models also
have the short names ``gersp_resnet50_100e`` and ``gersp_resnet50_200e``.
A :class:`Weights` entry carries what a named weight needs: the download
links, the preprocessing the backbone was pre-trained with, the paper's
figures and the file name in the cache.
"""
import fnmatch
import functools
import os.path as osp
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Tuple

from mmselfsup.errors import ToolboxError

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
# metafile -> the registry scope its configs build in
METAFILES = {
    'configs/selfsup/GeRSP/metafile.yml': 'mmselfsup',
    'configs_mmdet/metafile.yml': 'mmdet',
    'configs_mmseg/metafile.yml': 'mmseg',
    'configs_mmpretrain/metafile.yml': 'mmpretrain',
}
PRETRAINING_METAFILE = 'configs/selfsup/GeRSP/metafile.yml'
# metafile Name -> short name of the released pre-trained models
SHORT_NAMES = {
    'GeRSP_resnet50_8xb32-coslr-restart-100e_in1k-millionaid':
    'gersp_resnet50_100e',
    'GeRSP200_resnet50_8xb32-coslr-restart-200e_in1k-millionaid':
    'gersp_resnet50_200e',
}
# ImageNet's RGB statistics in 0-255 units, those of the pre-training
# pipeline (divide by 255 for tensors in [0, 1], as torchvision's are)
IMAGENET_MEAN = (123.675, 116.28, 103.53)
IMAGENET_STD = (58.395, 57.12, 57.375)
RESNET50_TENSORS = 318  # the backbone's state dict without fc
GOOGLE_DRIVE = 'Google Drive'
BAIDU_PREFIX = 'Weights (Baidu Cloud'


@dataclass(frozen=True)
class Weights:
    """A named model of the zoo; for the released pre-trained models, the
    weights: where to get them and how to feed them.

    ``url`` is None for downstream configs (no fine-tuned weights are
    released); their preprocessing is their config's ``data_preprocessor``,
    so ``mean`` / ``std`` / ``input_size`` are None there too.
    """
    name: str  # the short name, else the metafile Name
    metafile_name: str
    aliases: Tuple[str, ...]
    task: str  # 'Pre-training', 'Object Detection', ...
    collection: str
    config: str  # relative to the repository root
    scope: str  # the registry scope the config builds in
    metadata: Mapping = field(default_factory=dict)
    results: Tuple[Mapping, ...] = ()  # the paper's figures (Source: paper)
    url: Optional[str] = None  # the released file (Google Drive)
    links: Mapping[str, str] = field(default_factory=dict)
    paper: Optional[str] = None
    paper_url: Optional[str] = None
    code_url: Optional[str] = None
    epochs: Optional[int] = None
    file_name: Optional[str] = None  # the released file in the cache
    architecture: str = 'ResNet-50'
    num_tensors: Optional[int] = None  # backbone tensors the file must hold
    mean: Optional[Tuple[float, float, float]] = None  # RGB, 0-255
    std: Optional[Tuple[float, float, float]] = None
    channel_order: Optional[str] = None
    input_size: Optional[int] = None

    @property
    def pretrained(self) -> bool:
        """Whether released weights exist for this name."""
        return self.url is not None

    def transforms(self):
        """Torchvision preprocessing of a PIL image for this backbone:
        resize the short side to ``input_size``, centre crop, scale to
        [0, 1], normalise with ``mean / 255`` and ``std / 255`` (RGB)."""
        if self.mean is None:
            raise ToolboxError(
                f'{self.name} has no preprocessing of its own: it is a '
                f'downstream config, see the data_preprocessor of '
                f'{self.config}')
        from torchvision import transforms as T
        return T.Compose([
            T.Resize(self.input_size),
            T.CenterCrop(self.input_size),
            T.ToTensor(),
            T.Normalize([m / 255 for m in self.mean],
                        [s / 255 for s in self.std]),
        ])


def _read_metafile(metafile: str) -> dict:
    import yaml
    path = osp.join(REPO, metafile)
    if not osp.isfile(path):
        raise ToolboxError(
            f'the model-zoo metafile {path} is missing; the model zoo reads '
            'the metafiles of the repository (install with pip install -e .)')
    with open(path) as f:
        return yaml.safe_load(f)


def _pretrained_entry(model: dict, collection: dict) -> Weights:
    meta = dict(model.get('Metadata', {}))
    name = SHORT_NAMES.get(model['Name'], model['Name'])
    links = {GOOGLE_DRIVE: model['Weights']}
    for key, value in model.items():
        if key.startswith(BAIDU_PREFIX):  # 'Weights (Baidu Cloud, code x)'
            links[key[len('Weights ('):-1]] = value
    paper = collection.get('Paper', {})
    code = collection.get('Code', {}).get('URL')
    links.update({'Paper': paper.get('URL'), 'Code': code})
    return Weights(
        name=name,
        metafile_name=model['Name'],
        aliases=(model['Name'], ),
        task='Pre-training',
        collection=model['In Collection'],
        config=model['Config'],
        scope=METAFILES[PRETRAINING_METAFILE],
        metadata=meta,
        results=tuple(model.get('Results', ())),
        url=model['Weights'],
        links={
            k: v
            for k, v in links.items() if v
        },
        paper=paper.get('Title'),
        paper_url=paper.get('URL'),
        code_url=code,
        epochs=meta.get('Epochs'),
        file_name=f'{name}.pth',
        num_tensors=RESNET50_TENSORS,
        mean=IMAGENET_MEAN,
        std=IMAGENET_STD,
        channel_order='RGB',
        input_size=224)


def _downstream_entry(model: dict, collection: dict, scope: str) -> Weights:
    meta = dict(model.get('Metadata', {}))
    results = tuple(model.get('Results', ()))
    paper = collection.get('Paper', {})
    tasks = {r['Task'] for r in results}
    task = tasks.pop() if len(tasks) == 1 else {
        'mmdet': 'Object Detection',
        'mmseg': 'Semantic Segmentation',
        'mmpretrain': 'Image Classification'
    }[scope]
    return Weights(
        name=model['Name'],
        metafile_name=model['Name'],
        aliases=(),
        task=task,
        collection=model['In Collection'],
        config=model['Config'],
        scope=scope,
        metadata=meta,
        results=results,
        links={'Paper': paper['URL']} if paper.get('URL') else {},
        paper=paper.get('Title'),
        paper_url=paper.get('URL'),
        epochs=meta.get('Epochs'),
        architecture=meta.get('Architecture', 'ResNet-50'))


@functools.lru_cache(maxsize=None)
def _registry() -> Dict[str, Weights]:
    """name -> entry, in the metafiles' order (pre-trained models first)."""
    entries = {}
    for metafile, scope in METAFILES.items():
        data = _read_metafile(metafile)
        collections = {c['Name']: c for c in data.get('Collections', [])}
        for model in data['Models']:
            collection = collections.get(model.get('In Collection'), {})
            if metafile == PRETRAINING_METAFILE:
                entry = _pretrained_entry(model, collection)
            else:
                entry = _downstream_entry(model, collection, scope)
            entries[entry.name] = entry
    return entries


def registry() -> Dict[str, Weights]:
    """The entries by name (a copy: changing it changes nothing)."""
    return dict(_registry())


def _aliases() -> Dict[str, str]:
    return {
        alias: entry.name
        for entry in _registry().values()
        for alias in entry.aliases
    }


def list_models(pattern: Optional[str] = None,
                pretrained: bool = False) -> List[str]:
    """The model names, optionally those matching ``pattern``.

    Args:
        pattern (str, optional): An fnmatch pattern (``*``, ``?``,
            ``[seq]``), matched case-insensitively as mmpretrain does;
            metafile Names that are aliases of a short name count as
            matches of that name. Defaults to None (all names).
        pretrained (bool): Only the names with released weights.

    Returns:
        list[str]: sorted names (short names for the released models).
    """
    names = []
    for entry in _registry().values():
        if pretrained and not entry.pretrained:
            continue
        keys = (entry.name, ) + entry.aliases
        if pattern is None or any(
                fnmatch.fnmatch(k.lower(), pattern.lower()) for k in keys):
            names.append(entry.name)
    return sorted(names)


def weights_info(name: str) -> Weights:
    """The entry of ``name`` (a short name or a metafile Name); reads only
    the metafiles."""
    entries = _registry()
    key = _aliases().get(name, name)
    if key not in entries:
        close = [
            n for n in entries
            if name.lower() in n.lower() or n.lower() in name.lower()
        ]
        hint = (f'; did you mean {", ".join(close[:5])}?'
                if close else '; mmselfsup.apis.list_models() lists them')
        raise ToolboxError(f'no model named {name!r} in the model zoo' + hint)
    return entries[key]
