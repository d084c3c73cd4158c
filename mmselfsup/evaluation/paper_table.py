"""The paper's comparison table (the release's README tables): every
compared pre-training, the downstream tasks, and the figures in percent
(detection COCO bbox_mAP_50, segmentation mIoU, classification top-1 with
its ± over runs)."""
from typing import Dict, NamedTuple, Optional, Tuple


class PaperMethod(NamedTuple):
    name: str  # the name the benchmark grid knows it by
    label: str  # as the paper's tables print it
    data: str  # its pre-training data, as the paper gives it


class PaperFigure(NamedTuple):
    mean: float
    std: Optional[float] = None  # the paper's ± where it gives one


METHODS = (
    PaperMethod('scratch', 'From Scratch', 'none'),
    PaperMethod('imp', 'IMP', 'ImageNet, supervised'),
    PaperMethod('moco-in', 'MoCo-IN', 'ImageNet'),
    PaperMethod('moco-maid', 'MoCo-MAID', 'Million-AID'),
    PaperMethod('moco-in-maid', 'MoCo-IN-MAID', 'ImageNet + Million-AID'),
    PaperMethod('moco_v2', 'MoCov2', 'Million-AID'),
    PaperMethod('seco', 'SeCo', '1M Sentinel-2'),
    PaperMethod('geo_aware', 'Geo-Aware', 'GeoImageNet'),
    PaperMethod('caco', 'CACO', 'CACO 1M'),
    PaperMethod('tov', 'TOV', 'TOV-NI + TOV-RS'),
    PaperMethod('gersp', 'GeRSP', 'ImageNet + Million-AID'),
    PaperMethod('gersp200', 'GeRSP-200', 'ImageNet + Million-AID'),
)
METHOD_NAMES = tuple(m.name for m in METHODS)

# (task, metric label) in the paper's column order
TASKS = (
    ('dior-faster_rcnn', 'AP50'),
    ('dior-retinanet', 'AP50'),
    ('dior-dyhead', 'AP50'),
    ('dota-faster_rcnn', 'AP50'),
    ('dota-retinanet', 'AP50'),
    ('dota-dyhead', 'AP50'),
    ('loveda-psanet', 'mIoU'),
    ('loveda-deeplabv3plus', 'mIoU'),
    ('eurosat-finetune', 'top-1'),
    ('nwpu-resisc45-finetune', 'top-1'),
)


def _row(values: str, methods=METHOD_NAMES) -> Dict[str, PaperFigure]:
    """``'a / b±s / ...'`` in the order of ``methods``."""
    figures = [v.strip().split('±') for v in values.split('/')]
    assert len(figures) == len(methods), (values, methods)
    return {
        m: PaperFigure(float(f[0]),
                       float(f[1]) if len(f) > 1 else None)
        for m, f in zip(methods, figures)
    }


# segmentation and classification have no Scratch row
_NO_SCRATCH = METHOD_NAMES[1:]
FIGURES: Dict[str, Dict[str, PaperFigure]] = {
    'dior-faster_rcnn':
    _row('45.8 / 65.1 / 65.9 / 66.1 / 65.8 / 65.5 / 59.7 / 63.1 / 61.6 / '
         '66.7 / 67.1 / 67.8'),
    'dior-retinanet':
    _row('49.5 / 66.5 / 63.5 / 64.2 / 63.1 / 63.4 / 61.3 / 62.4 / 62.6 / '
         '66.3 / 67.5 / 68.7'),
    'dior-dyhead':
    _row('58.5 / 70.6 / 69.8 / 68.5 / 68.7 / 69.3 / 66.0 / 68.4 / 67.0 / '
         '70.2 / 71.2 / 72.2'),
    'dota-faster_rcnn':
    _row('47.6 / 65.1 / 63.9 / 63.6 / 63.0 / 64.2 / 59.5 / 64.2 / 61.6 / '
         '65.6 / 65.9 / 66.1'),
    'dota-retinanet':
    _row('42.7 / 60.2 / 58.9 / 59.9 / 59.2 / 60.0 / 54.4 / 57.7 / 56.2 / '
         '60.6 / 62.4 / 63.0'),
    'dota-dyhead':
    _row('51.8 / 64.8 / 63.2 / 63.5 / 62.9 / 62.9 / 58.0 / 62.4 / 60.5 / '
         '64.9 / 66.1 / 67.4'),
    'loveda-psanet':
    _row(
        '49.24 / 48.54 / 47.15 / 48.34 / 44.79 / 44.64 / 49.37 / 48.81 / '
        '49.33 / 49.53 / 49.56', _NO_SCRATCH),
    'loveda-deeplabv3plus':
    _row(
        '48.39 / 46.64 / 47.20 / 48.26 / 48.57 / 43.63 / 48.76 / 48.89 / '
        '49.7 / 49.06 / 50.56', _NO_SCRATCH),
    'eurosat-finetune':
    _row(
        '97.84±0.04 / 97.55±0.29 / 97.52±0.10 / 97.47±0.10 / 97.52±0.07 / '
        '97.74±0.25 / 97.87±0.11 / 97.67±0.09 / 97.80±0.06 / 97.87±0.15 / '
        '97.87±0.10', _NO_SCRATCH),
    'nwpu-resisc45-finetune':
    _row(
        '92.48±0.13 / 90.77±0.19 / 91.19±0.15 / 91.15±0.20 / 91.28±0.04 / '
        '90.40±0.15 / 92.37±0.19 / 90.81±0.18 / 92.59±0.21 / 92.67±0.16 / '
        '92.74±0.09', _NO_SCRATCH),
}


def paper_figure(method: str, task: str) -> Optional[PaperFigure]:
    return FIGURES.get(task, {}).get(method)


def label_of(method: str) -> str:
    return {m.name: m.label for m in METHODS}.get(method, method)


def metric_of(task: str) -> Optional[str]:
    return dict(TASKS).get(task)


def paper_cells() -> Tuple[Tuple[str, str], ...]:
    """Every (method, task) the paper reports."""
    return tuple(
        (m, t) for t, _ in TASKS for m in METHOD_NAMES if m in FIGURES[t])
