"""Evaluation of pre-trained representations (torch only)."""
from .knn import gather_once, weighted_knn

__all__ = ['gather_once', 'weighted_knn']
