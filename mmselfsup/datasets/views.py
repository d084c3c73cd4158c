"""The view spec: one dict that describes the augmentation of a branch.

A spec holds the numbers of the released view augmentation, under one name
each::

    dict(crop_size=224,             # output side (or (h, w)) of a view
         crop_scale=(0.2, 1.0),     # area fraction of the random crop
         grayscale_prob=0.2,        # probability of a grayscale view
         jitter=dict(brightness=0.4, contrast=0.4, saturation=0.4,
                     hue=0.4),      # colour jitter strengths
         flip_prob=0.5)             # probability of a horizontal flip

:func:`view_pipeline` turns a spec into the pipeline of a source, for one
of three ways of decoding (``decode``):

- ``'full'``: ``LoadImageFromFile`` and the released transforms, in the
  released order: ``RandomResizedCrop(crop_size, crop_scale,
  backend='pillow')``, ``RandomGrayscale(grayscale_prob)`` with the BGR
  luma weights, ``GeRSPColorJitter(**jitter)``, ``RandomFlip(flip_prob)``;
  several views go through ``MultiView``;
- ``'reduced'``: the same with ``LoadImageReduced`` as the loader;
- ``'crop'``: :class:`DecodeCropViews`, which draws the same views from one
  reduced decode.

The sources (:class:`LabeledImageSource`, :class:`UnlabeledImageFolder`)
take ``view`` and ``decode`` and build their pipeline from them, so one
override such as ``train_dataloader.dataset.unlabeled.view.crop_scale=
"(0.5,1.0)"`` changes every decode mode alike.
"""
import copy
from typing import List, Optional, Sequence

from mmselfsup.errors import ToolboxError

# The release's view augmentation (GeRSP.py of the original code base).
RELEASED_VIEW = dict(
    crop_size=224,
    crop_scale=(0.2, 1.0),
    grayscale_prob=0.2,
    jitter=dict(brightness=0.4, contrast=0.4, saturation=0.4, hue=0.4),
    flip_prob=0.5)
VIEW_KEYS = tuple(RELEASED_VIEW)
JITTER_KEYS = tuple(RELEASED_VIEW['jitter'])
DECODE_MODES = ('full', 'reduced', 'crop')
# RandomGrayscale weights its channels in channel order: BGR luma.
BGR_LUMA_WEIGHTS = (0.114, 0.587, 0.299)


class ViewSpecError(ToolboxError, KeyError, ValueError):
    """A view spec (or a source's view arguments) that cannot be built; the
    training scripts report it in one line."""

    def __str__(self) -> str:
        return str(self.args[0])  # KeyError's own quotes the message


def check_view(view: dict) -> dict:
    """A complete copy of the spec ``view``: keys it leaves out (and
    ``jitter`` keys it leaves out) take the released values.

    Raises:
        ViewSpecError: for a key that is not a spec key, naming the
            accepted ones.
    """
    view = dict(view)
    _check_keys(view, VIEW_KEYS, 'view spec')
    jitter = dict(view.get('jitter') or {})
    _check_keys(jitter, JITTER_KEYS, 'view spec jitter')
    spec = copy.deepcopy(RELEASED_VIEW)
    spec.update(view)
    spec['jitter'] = {**RELEASED_VIEW['jitter'], **jitter}
    for key in ('crop_size', 'crop_scale'):
        if isinstance(spec[key], list):
            spec[key] = tuple(spec[key])
    return spec


def _check_keys(given: dict, accepted: Sequence[str], what: str) -> None:
    unknown = [key for key in given if key not in accepted]
    if unknown:
        raise ViewSpecError(
            f'Unknown {what} key(s) {", ".join(map(str, unknown))}'
            f'; the accepted keys are {", ".join(accepted)}.')


def view_transforms(view: dict) -> List[dict]:
    """The released transforms of one view, in order, for the spec
    ``view`` (no loading, no packing)."""
    spec = check_view(view)
    return [
        dict(
            type='RandomResizedCrop',
            scale=spec['crop_size'],
            crop_ratio_range=spec['crop_scale'],
            backend='pillow'),
        dict(
            type='RandomGrayscale',
            prob=spec['grayscale_prob'],
            keep_channels=True,
            channel_weights=BGR_LUMA_WEIGHTS),
        dict(type='mmselfsup.GeRSPColorJitter', **spec['jitter']),
        dict(
            type='RandomFlip', prob=spec['flip_prob'], direction='horizontal'),
    ]


def view_pipeline(view: dict,
                  num_views: int = 1,
                  decode: str = 'full',
                  decode_args: Optional[dict] = None) -> List[dict]:
    """The pipeline of a source whose items are ``num_views`` views drawn
    as ``view`` says, decoded the ``decode`` way (see the module doc).

    Args:
        view (dict): The view spec.
        num_views (int): Views per image; 1 packs a single view, more pack
            a list of them.
        decode (str): ``'full'``, ``'reduced'`` or ``'crop'``.
        decode_args (dict, optional): Further arguments of the loader:
            ``LoadImageFromFile``, ``LoadImageReduced`` (``min_side``) or
            ``DecodeCropViews`` (``max_dct_scale``, ...).
    """
    if decode not in DECODE_MODES:
        raise ViewSpecError(f'decode must be one of {DECODE_MODES}, got '
                            f'{decode!r}.')
    if num_views < 1:
        raise ViewSpecError(f'num_views must be positive, got {num_views}')
    decode_args = dict(decode_args or {})
    if decode == 'crop':
        return [
            dict(
                type='mmselfsup.DecodeCropViews',
                num_views=num_views,
                **check_view(view),
                **decode_args),
            dict(type='PackInputs'),
        ]
    load = dict(
        type='LoadImageFromFile'
        if decode == 'full' else 'mmselfsup.LoadImageReduced',
        **decode_args)
    steps = view_transforms(view)
    if num_views > 1:
        steps = [
            dict(type='MultiView', num_views=num_views, transforms=[steps])
        ]
    return [load, *steps, dict(type='PackInputs')]


def source_pipeline(source: str, pipeline, view: Optional[dict],
                    num_views: int, decode: str,
                    decode_args: Optional[dict]) -> list:
    """The pipeline a source composes: its explicit ``pipeline``, or the
    one :func:`view_pipeline` builds from ``view``; not both."""
    if view is None:
        return pipeline
    if pipeline:
        raise ViewSpecError(
            f'{source} got both a pipeline and a view spec. To change the '
            'augmentation, override a key of the spec (e.g. '
            'view.crop_size=32; keys: ' + ', '.join(VIEW_KEYS) + '); to use '
            'an explicit pipeline instead, set view=None.')
    return view_pipeline(view, num_views, decode, decode_args)
