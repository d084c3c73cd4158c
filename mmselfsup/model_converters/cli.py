"""The one checkpoint converter behind the scripts in
``tools/model_converters`` and the release's ``M_Convert_Checkpoints``:
each script names a preset (:mod:`.presets`)."""
import argparse
import glob
import os
import os.path as osp
import re
import sys
from typing import List, Optional, Sequence, Tuple

from mmselfsup.errors import ConversionError
from .checkpoint import ALL_FORMATS, SAFETENSORS_SUFFIX, convert_checkpoint
from .presets import PRESETS, Preset

OUTPUT_PREFIX = 'CVT_'
FOLDER_PATTERN = 'epoch_*.pth'
FORMAT_HELP = (
    "mmdet: {'state_dict': {'backbone.*': ...}} for the mmdet / mmseg / "
    'mmpretrain configs (default). timm loads NOTHING from this format: '
    'all its keys are unexpected and timm only warns, leaving random '
    'weights. torchvision: a plain ResNet-50 state dict without fc. timm: '
    "the same state dict, for timm.create_model('resnet50', "
    'pretrained=True, pretrained_cfg_overlay=dict(file=PATH), '
    'num_classes=0) (and torchgeo.models.resnet50). safetensors: that state '
    f'dict as a {SAFETENSORS_SUFFIX} file, loaded the same way. hf: a '
    'folder (--dst DIR) of config.json, model.safetensors and a model card '
    "README.md, for timm.create_model('local-dir:DIR', pretrained=True) "
    'and huggingface_hub.upload_folder')


def build_parser(description: str, preset: Preset) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        '--src',
        nargs='+',
        help=f'checkpoint files, or folders whose {FOLDER_PATTERN} are all '
        f'converted (default: {_default_text(preset)})')
    parser.add_argument(
        '--dst',
        help='output file for a single source file (with --format hf: the '
        'model folder); output folder for several sources or a folder '
        f'(default: {OUTPUT_PREFIX}<source name> next to each source; '
        f'{OUTPUT_PREFIX}<name>{SAFETENSORS_SUFFIX} for safetensors, the '
        f'folder {OUTPUT_PREFIX}<name> for hf)')
    parser.add_argument(
        '--format', choices=ALL_FORMATS, default='mmdet', help=FORMAT_HELP)
    parser.add_argument(
        '--force', action='store_true', help='overwrite existing outputs')
    return parser


def _default_text(preset: Preset) -> str:
    if not preset.release_name:
        return preset.default_src
    return (f'{preset.default_src}/{preset.release_name}, else the newest '
            f'{preset.default_src}/epoch_N.pth')


def default_source(preset: Preset) -> str:
    """The preset's default file; for a folder, its ``release_name`` file
    (the release's epoch_100.pth) if present, else its newest
    ``epoch_N.pth``."""
    path = preset.default_src
    if not osp.isdir(path):
        if not osp.isfile(path):
            raise ConversionError(
                f'{path} does not exist: {preset.missing_hint}')
        return path
    release = osp.join(path, preset.release_name or '')
    if preset.release_name and osp.isfile(release):
        return release
    found = glob.glob(osp.join(glob.escape(path), FOLDER_PATTERN))
    if not found:
        raise ConversionError(f'{path} holds no {FOLDER_PATTERN}: '
                              f'{preset.missing_hint}')
    return max(found, key=_epoch_order)


def expand_sources(sources: Sequence[str]) -> List[str]:
    """Files as given; each folder replaced by its ``epoch_*.pth`` in epoch
    order."""
    files = []
    for src in sources:
        if not osp.isdir(src):
            files.append(src)
            continue
        found = glob.glob(osp.join(glob.escape(src), FOLDER_PATTERN))
        if not found:
            raise ConversionError(f'{src} holds no {FOLDER_PATTERN} files')
        files += sorted(found, key=_epoch_order)
    return files


def output_name(src: str, fmt: str = 'mmdet') -> str:
    """``CVT_<source name>``; for safetensors with the ``.safetensors``
    extension instead of the source's, for hf (a folder) without one."""
    name = OUTPUT_PREFIX + osp.basename(src)
    if fmt == 'safetensors':
        return osp.splitext(name)[0] + SAFETENSORS_SUFFIX
    if fmt == 'hf':
        return osp.splitext(name)[0]
    return name


def plan_outputs(sources: Sequence[str],
                 dst: Optional[str],
                 fmt: str = 'mmdet') -> List[Tuple[str, str]]:
    """Pair every source file with its output path.

    ``dst`` is the output file of a single source file, unless it is an
    existing folder or ends with a separator; for several sources or a
    source folder it is the output folder. With ``fmt='hf'`` the output is
    a folder, and ``dst`` of a single source file is that folder.
    """
    single = len(sources) == 1 and not osp.isdir(sources[0])
    if fmt == 'hf':
        dst_is_file = single and dst is not None
    else:
        dst_is_file = single and dst is not None and not (osp.isdir(dst) or
                                                          dst.endswith(os.sep))
    pairs = []
    for src in expand_sources(sources):
        name = output_name(src, fmt)
        if dst is None:
            out = osp.join(osp.dirname(src), name)
        elif dst_is_file:
            out = dst
        else:
            out = osp.join(dst, name)
        pairs.append((src, out))
    outputs = [osp.abspath(out) for _, out in pairs]
    clashes = sorted({out for out in outputs if outputs.count(out) > 1})
    if clashes:
        raise ConversionError(
            f'several sources would be written to {", ".join(clashes)}; '
            'convert them into different --dst folders')
    return pairs


def main(preset: str, argv: Optional[Sequence[str]] = None) -> int:
    """Convert every source with the settings of ``PRESETS[preset]``; print
    one line per output, ``error: ...`` on stderr per refused file. Returns
    the exit code (1 if any was refused)."""
    settings = PRESETS[preset]
    args = build_parser(settings.description, settings).parse_args(argv)
    try:
        if args.src:
            sources = args.src
        else:
            sources = [default_source(settings)]
            print(f'no --src: using {sources[0]}')
        pairs = plan_outputs(sources, args.dst, args.format)
    except ConversionError as e:
        _report(e)
        return 1
    failed = False
    for src, dst in pairs:
        try:
            count, found = convert_checkpoint(src, dst, settings.prefixes,
                                              args.format, args.force,
                                              settings.key_map)
        except ConversionError as e:
            _report(e)
            failed = True
        else:
            print(f'{src} -> {dst} ({count} tensors, {args.format} format); '
                  f'found {found}')
    return int(failed)


def _epoch_order(path: str) -> Tuple[int, str]:
    match = re.search(r'(\d+)', osp.basename(path))
    return (int(match.group(1)) if match else -1, path)


def _report(error: ConversionError) -> None:
    print(f'error: {error}', file=sys.stderr)
