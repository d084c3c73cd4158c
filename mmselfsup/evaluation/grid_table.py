"""The benchmark grid's report in the paper's layout: one row per method,
one column per task; each cell ours (mean ± sample std over the seeds),
the paper's figure beside it where the paper has one, and the difference.
Markdown, CSV and a bar chart."""
import csv
import io
import statistics
from typing import Dict, List, NamedTuple, Optional, Sequence

from mmselfsup.evaluation.paper_table import (PaperFigure, label_of, metric_of,
                                              paper_figure)


class CellResult(NamedTuple):
    method: str
    task: str
    values: Dict[int, float]  # seed -> figure in percent
    paper: Optional[PaperFigure]

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def mean(self) -> Optional[float]:
        return statistics.fmean(self.values.values()) if self.values else None

    @property
    def std(self) -> Optional[float]:
        """The sample standard deviation (n - 1); None below two runs."""
        return statistics.stdev(self.values.values()) if self.n > 1 else None

    @property
    def diff(self) -> Optional[float]:
        if self.mean is None or self.paper is None:
            return None
        return self.mean - self.paper.mean


def collect(methods: Sequence[str], tasks: Sequence[str],
            values: Dict[tuple, Dict[int, float]]) -> List[CellResult]:
    """The cells in row order; ``values[(method, task)]`` maps each seed
    that has a result to its figure."""
    return [
        CellResult(m, t, dict(sorted(values.get((m, t), {}).items())),
                   paper_figure(m, t)) for m in methods for t in tasks
    ]


def _figure(mean: float, std: Optional[float]) -> str:
    return f'{mean:.2f}' if std is None else f'{mean:.2f} ± {std:.2f}'


def cell_text(cell: CellResult) -> str:
    """``ours (paper P, +d)``; ``—`` where nothing was evaluated."""
    ours = '—' if cell.mean is None else _figure(cell.mean, cell.std)
    if cell.paper is None:
        return ours
    paper = _figure(*cell.paper)
    if cell.diff is None:
        return f'{ours} (paper {paper})'
    return f'{ours} (paper {paper}, {cell.diff:+.2f})'


def column_name(task: str) -> str:
    metric = metric_of(task)
    return f'{task} {metric}' if metric else task


def markdown(cells: Sequence[CellResult], methods: Sequence[str],
             tasks: Sequence[str], seeds: Sequence[int]) -> str:
    by_key = {(c.method, c.task): c for c in cells}
    lines = [
        '| method | ' + ' | '.join(column_name(t) for t in tasks) + ' |',
        '|---|' + '---|' * len(tasks)
    ]
    for method in methods:
        row = [cell_text(by_key[method, t]) for t in tasks]
        lines.append(f'| {label_of(method)} | ' + ' | '.join(row) + ' |')
    lines.append('')
    lines.append(
        f'Ours: mean ± sample std (n - 1) over seeds {list(seeds)} where more '
        'than one was evaluated, in percent (detection COCO bbox_mAP_50, '
        'segmentation mIoU, classification top-1); beside it the paper\'s '
        'figure and ours minus the paper\'s. — : not evaluated.')
    return '\n'.join(lines) + '\n'


CSV_FIELDS = ('method', 'task', 'metric', 'n', 'mean', 'std', 'paper',
              'paper_std', 'diff', 'per_seed')


def _number(value: Optional[float]) -> str:
    return '' if value is None else f'{value:.4f}'


def csv_text(cells: Sequence[CellResult]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator='\n')
    writer.writerow(CSV_FIELDS)
    for c in cells:
        writer.writerow([
            c.method, c.task,
            metric_of(c.task) or '', c.n,
            _number(c.mean),
            _number(c.std),
            _number(c.paper.mean if c.paper else None),
            _number(c.paper.std if c.paper else None),
            _number(c.diff),
            ';'.join(f'{s}:{v:.4f}' for s, v in c.values.items())
        ])
    return out.getvalue()


def bar_chart(cells: Sequence[CellResult], methods: Sequence[str],
              tasks: Sequence[str]) -> bytes:
    """A PNG: one panel per task, a bar per method (ours, with the sample
    std as error bar), the paper's figure as a black mark."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    by_key = {(c.method, c.task): c for c in cells}
    cols = min(3, len(tasks))
    rows = -(-len(tasks) // cols)
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(4.5 * cols, 0.35 * len(methods) + 3 * rows),
        squeeze=False)
    for ax, task in zip(axes.flat, tasks):
        xs = range(len(methods))
        ours = [by_key[m, task] for m in methods]
        ax.bar(
            xs, [c.mean or 0 for c in ours],
            yerr=[c.std or 0 for c in ours],
            color=['C0' if c.mean is not None else 'none' for c in ours],
            capsize=3,
            label='ours')
        paper = [(x, c.paper.mean) for x, c in zip(xs, ours) if c.paper]
        if paper:
            ax.plot(*zip(*paper), 'k_', markersize=14, label='paper')
        ax.set_title(column_name(task), fontsize=9)
        ax.set_xticks(list(xs))
        ax.set_xticklabels([label_of(m) for m in methods],
                           rotation=60,
                           ha='right',
                           fontsize=7)
        known = [c.mean for c in ours if c.mean is not None]
        known += [p for _, p in paper]
        if known:
            ax.set_ylim(max(0, min(known) - 5), min(100, max(known) + 3))
        ax.legend(fontsize=7, loc='lower right')
    for ax in list(axes.flat)[len(tasks):]:
        ax.axis('off')
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format='png', dpi=110)
    plt.close(fig)
    return out.getvalue()
