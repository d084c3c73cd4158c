"""Weighted kNN accuracy of a model's features on a labeled image set."""
from typing import Dict, List, Optional, Sequence

import torch
import torch.nn.functional as F
from mmengine.runner import Runner

from .class_folders import check_split
from .knn import gather_once, weighted_knn


class KNNEvaluator:
    """Weighted kNN of a model's pooled backbone features: memory bank = the
    train split of a labeled set, queries = its val split.

    The data are checked when the evaluator is made (a missing folder or an
    empty class is an error naming it); the loaders are built by
    :meth:`build`, distributed like training when a process group runs.

    Args:
        data_root (str): The labeled set, e.g. ``data/NWPU-RESISC45``.
        train_prefix, val_prefix (str): Its splits, class folders
            (``<data_root>/train/<class>/*``) unless an annotation file is
            given. Defaults to 'train' and 'val'.
        train_ann_file, val_ann_file (str): mmpretrain annotation files
            (``<path> <label>`` lines, relative to the prefix). Optional.
        k (int): Voting neighbours. Defaults to 20.
        temperature (float): T of the vote weight ``exp(sim / T)``.
            Defaults to 0.07.
        image_size (int): Side of the centre crop fed to the backbone;
            images are first resized to ``image_size * 8 / 7`` (short side).
        batch_size (int): Images per process and step.
        num_workers (int): Loader workers per process.
    """

    def __init__(self,
                 data_root: str,
                 train_prefix: str = 'train',
                 val_prefix: str = 'val',
                 train_ann_file: str = '',
                 val_ann_file: str = '',
                 k: int = 20,
                 temperature: float = 0.07,
                 image_size: int = 224,
                 batch_size: int = 64,
                 num_workers: int = 2) -> None:
        classes = check_split(data_root, train_prefix, train_ann_file)
        check_split(data_root, val_prefix, val_ann_file, classes or None)
        self.data_root = data_root
        self.k = k
        self.temperature = temperature
        pipeline = [
            dict(type='LoadImageFromFile'),
            dict(type='ResizeEdge', scale=image_size * 8 // 7, edge='short'),
            dict(type='CenterCrop', crop_size=image_size),
            dict(type='PackInputs'),
        ]
        self.loader_cfgs = {
            split:
            dict(
                batch_size=batch_size,
                num_workers=num_workers,
                sampler=dict(type='DefaultSampler', shuffle=False),
                collate_fn=dict(type='default_collate'),
                dataset=dict(
                    type='CustomDataset',
                    data_root=data_root,
                    data_prefix=prefix,
                    ann_file=ann_file,
                    pipeline=pipeline))
            for split, prefix, ann_file in (('train', train_prefix,
                                             train_ann_file),
                                            ('val', val_prefix, val_ann_file))
        }
        self.loaders: Dict[str, torch.utils.data.DataLoader] = {}

    def build(self, seed: Optional[int] = None) -> None:
        """Build the two loaders (in the current registry scope)."""
        self.loaders = {
            split: Runner.build_dataloader(cfg, seed=seed)
            for split, cfg in self.loader_cfgs.items()
        }

    def evaluate(self, model: torch.nn.Module) -> Dict[str, float]:
        """``{'top1': ..., 'top5': ...}`` in percent, plus the number of
        bank and query images."""
        if not self.loaders:
            self.build()
        bank, bank_labels = extract_features(model, self.loaders['train'])
        queries, labels = extract_features(model, self.loaders['val'])
        classes = self.loaders['train'].dataset.metainfo['classes']
        result = weighted_knn(queries, labels, bank, bank_labels, len(classes),
                              self.k, self.temperature)
        return dict(result, bank=len(bank), queries=len(queries))

    def describe(self) -> str:
        return f'kNN (k={self.k}, T={self.temperature}) on {self.data_root}'


@torch.no_grad()
def extract_features(model: torch.nn.Module, loader) -> Sequence[torch.Tensor]:
    """L2-normalised pooled backbone features and labels of every image of
    ``loader``'s dataset (each once, gathered from every rank), in dataset
    order, normalised by the model's own data preprocessor."""
    was_training = model.training
    model.eval()
    indices: List[torch.Tensor] = []
    feats: List[torch.Tensor] = []
    labels: List[torch.Tensor] = []
    for batch in loader:
        data = model.data_preprocessor(
            dict(inputs=[batch['inputs']], data_samples=batch['data_samples']))
        out = model.backbone(data['inputs'][0])[-1]
        feats.append(F.normalize(out.mean(dim=(2, 3)), dim=1))
        samples = batch['data_samples']
        indices.append(torch.tensor([s.sample_idx for s in samples]))
        labels.append(torch.cat([s.gt_label for s in samples]))
    model.train(was_training)
    device = feats[0].device
    _, feats, labels = gather_once(
        torch.cat(indices).to(device), torch.cat(feats),
        torch.cat(labels).to(device))
    return feats, labels
