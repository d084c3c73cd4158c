"""The joint labeled + unlabeled dataset that feeds one GeRSP step."""
import copy
from typing import Union

from mmengine.dataset import BaseDataset
from mmengine.logging import MMLogger
from torch.utils.data import Dataset

from mmselfsup.registry import DATASETS

ON_BAD_IMAGE = ('error', 'skip')


@DATASETS.register_module()
class GeRSPDataset(Dataset):
    """Pairs a labeled natural image with two views of an unlabeled one.

    The length is ``max(len(labeled), len(unlabeled))`` and item ``i`` reads
    ``labeled[i % len(labeled)]`` and ``unlabeled[i % len(unlabeled)]``, so
    an epoch covers the larger source once and cycles through the smaller.

    The labeled pipeline must pack one view, the unlabeled pipeline two
    (query, key), e.g. with ``MultiView(num_views=2)``. An item is
    ``dict(inputs=[labeled_view, query_view, key_view],
    data_samples=<labeled DataSample with gt_label>)``, which
    ``default_collate`` turns into a list of three (B, 3, H, W) tensors.

    Args:
        labeled (dict | BaseDataset): The labeled source or its config.
        unlabeled (dict | BaseDataset): The unlabeled source or its config.
        on_bad_image (str): What to do with an image the pipeline fails on
            (an undecodable file). ``'error'`` raises an error naming it;
            ``'skip'`` logs a warning naming it, adds one to
            :attr:`num_skipped` and reads the next index of the same source
            (wrapping around), so the replacement is deterministic; each
            item then carries ``num_skipped`` (the images skipped to make
            it) in its data sample's metainfo, which ``DataGuardHook``
            totals per epoch.
        max_consecutive_skips (int): In ``'skip'`` mode, how many images in
            a row may fail before giving up; a pipeline that fails on every
            image is a bug, not bad data.

    Attributes:
        num_skipped (int): Images skipped so far by this copy of the dataset
            (each dataloader worker holds its own copy).
    """

    def __init__(self,
                 labeled: Union[dict, BaseDataset],
                 unlabeled: Union[dict, BaseDataset],
                 on_bad_image: str = 'error',
                 max_consecutive_skips: int = 32):
        if on_bad_image not in ON_BAD_IMAGE:
            raise ValueError(f'on_bad_image must be one of {ON_BAD_IMAGE}, '
                             f'got {on_bad_image!r}.')
        self.labeled = _build(labeled)
        self.unlabeled = _build(unlabeled)
        self.on_bad_image = on_bad_image
        self.max_consecutive_skips = max_consecutive_skips
        self.num_skipped = 0

    @property
    def metainfo(self) -> dict:
        """The labeled source's meta information (its ``classes``)."""
        return copy.deepcopy(self.labeled.metainfo)

    def __len__(self) -> int:
        return max(len(self.labeled), len(self.unlabeled))

    def __getitem__(self, idx: int) -> dict:
        skipped_before = self.num_skipped
        labeled = self._read(self.labeled, idx % len(self.labeled))
        unlabeled = self._read(self.unlabeled, idx % len(self.unlabeled))
        views = unlabeled['inputs']
        if not isinstance(views, list) or len(views) != 2:
            raise TypeError(
                'The unlabeled pipeline must pack two views (query, key), '
                'e.g. with MultiView(num_views=2); got '
                f'{_describe(views)}.')
        if isinstance(labeled['inputs'], list):
            raise TypeError(
                'The labeled pipeline must pack a single view; got '
                f'{_describe(labeled["inputs"])}.')
        if self.on_bad_image == 'skip':
            # carried by the data sample (the batch itself may hold only
            # inputs and data_samples), where DataGuardHook sums it over
            # workers and processes
            labeled['data_samples'].set_metainfo(
                dict(num_skipped=self.num_skipped - skipped_before))
        return dict(
            inputs=[labeled['inputs'], *views],
            data_samples=labeled['data_samples'])

    def _read(self, source: BaseDataset, idx: int) -> dict:
        """Run ``source``'s pipeline on item ``idx``, handling bad images.

        ``prepare_data`` is called instead of ``source[idx]`` because the
        latter replaces a failed item with a *random* one.
        """
        for attempt in range(self.max_consecutive_skips + 1):
            j = (idx + attempt) % len(source)
            try:
                data = source.prepare_data(j)
            except Exception as e:
                cause, reason = e, f'{type(e).__name__}: {e}'
            else:
                if data is not None:
                    return data
                cause, reason = None, 'the pipeline returned None'
            path = source.get_data_info(j).get('img_path')
            if self.on_bad_image == 'error':
                raise RuntimeError(
                    f'Failed to load image {path}: {reason}. To skip such '
                    'images instead (each one logged, the number per epoch '
                    'reported), set --cfg-options '
                    "train_dataloader.dataset.on_bad_image='skip'") from cause
            self.num_skipped += 1
            # the running count also keeps mmengine's filter of repeated
            # warnings from hiding an image that fails again in a later epoch
            MMLogger.get_current_instance().warning(
                f'Skipping image {path} ({reason}); using index '
                f'{(j + 1) % len(source)} of {type(source).__name__} '
                f'instead ({self.num_skipped} skipped by this process).')
        raise RuntimeError(
            f'{self.max_consecutive_skips + 1} images in a row failed to '
            f'load, starting at index {idx} of {type(source).__name__}; the '
            'pipeline is probably broken (see the warnings above).')


def _build(source: Union[dict, BaseDataset]) -> BaseDataset:
    return DATASETS.build(source) if isinstance(source, dict) else source


def _describe(inputs) -> str:
    if isinstance(inputs, list):
        return f'a list of {len(inputs)}'
    return type(inputs).__name__
