"""Weighted k-nearest-neighbour classification of features.

The monitor of self-supervised pre-training used in the instance
discrimination literature (Wu et al., CVPR 2018; MoCo, DINO): every query
feature votes with its ``k`` most similar memory-bank features (cosine
similarity), each vote weighted by ``exp(similarity / T)``; the predicted
classes are ranked by their summed votes.
"""
from typing import Dict, Sequence

import torch
import torch.nn.functional as F


def weighted_knn(queries: torch.Tensor,
                 query_labels: torch.Tensor,
                 bank: torch.Tensor,
                 bank_labels: torch.Tensor,
                 num_classes: int,
                 k: int = 20,
                 temperature: float = 0.07,
                 topk: Sequence[int] = (1, 5),
                 chunk: int = 1024) -> Dict[str, float]:
    """Top-n accuracies (percent) of weighted kNN, ``{'top1': ..., ...}``.

    Args:
        queries (Tensor): (Q, D) features to classify.
        query_labels (Tensor): (Q,) their classes.
        bank (Tensor): (N, D) features of the labeled memory bank.
        bank_labels (Tensor): (N,) their classes.
        num_classes (int): Number of classes; a ``topk`` entry above it is
            left out (it would be 100 by construction).
        k (int): Neighbours that vote (at most N).
        temperature (float): T in the vote weight ``exp(sim / T)``.
        chunk (int): Queries per similarity block, to bound memory.
    """
    bank = F.normalize(bank.float(), dim=1)
    bank_labels = bank_labels.long()
    k = min(k, bank.size(0))
    ranked = []
    for start in range(0, queries.size(0), chunk):
        q = F.normalize(queries[start:start + chunk].float(), dim=1)
        sims, idx = (q @ bank.t()).topk(k, dim=1)
        votes = torch.zeros(q.size(0), num_classes, device=q.device)
        votes.scatter_add_(1, bank_labels[idx], (sims / temperature).exp())
        ranked.append(votes.argsort(dim=1, descending=True))
    ranked = torch.cat(ranked)
    hits = ranked == query_labels.long().view(-1, 1)
    return {
        f'top{n}': 100.0 * hits[:, :n].any(dim=1).float().mean().item()
        for n in topk if n <= num_classes
    }


def gather_once(indices: torch.Tensor, *values: torch.Tensor):
    """Gather per-sample tensors from every rank, each sample once.

    A distributed sampler pads the ranks' shares to the same length by
    repeating samples; after gathering, the rows are sorted by dataset
    index and repeated indices are dropped, so every sample counts once.

    Returns:
        tuple: ``(indices, *values)``, sorted by index, duplicates removed.
    """
    from mmengine.dist import all_gather, get_world_size
    if get_world_size() > 1:
        indices = torch.cat(all_gather(indices))
        values = tuple(torch.cat(all_gather(v)) for v in values)
    order = torch.argsort(indices, stable=True)
    indices = indices[order]
    keep = torch.ones_like(indices, dtype=torch.bool)
    keep[1:] = indices[1:] != indices[:-1]
    return (indices[keep], *(v[order][keep] for v in values))
