"""Summarise a pre-training run against its chance levels; plot its curves.

Reads the JSON scalars of every run in a work dir
(``<work_dir>/<timestamp>/vis_data/scalars.json``, joined in time order, so
a resumed run is summarised whole) and the latest run's config, then prints
and writes ``<work_dir>/summary.json``:

- ``infonce_last`` (the mean over the last 10 % of iterations) against
  ``infonce_chance`` = log(queue_len + 1), what InfoNCE is when the positive
  key is no closer than the negatives;
- ``sup_acc1_last`` against ``sup_acc1_chance`` = 100 / number of classes;
- with the kNN monitor on (``KNNMonitorHook``): ``knn_top1_pretrained``
  (the last measurement) against ``knn_top1_random`` (the same network
  before its first step, ``eval_at_start=True``), on ``knn_data``.

The plot (``loss_curves.png``) shows the losses with their chance levels
dashed and, on a second axis, kNN top-1.

Example:
    python tools/summarize_training.py results/GeRSP_demo
"""
import argparse
import glob
import json
import math
import os.path as osp
from typing import List, Optional

from mmselfsup.fileio import atomic_write
from mmselfsup.utils import epoch_of, find_latest_checkpoint

LAST_FRACTION = 0.1  # "last" values average the last 10 % of iterations


def runs_of(work_dir: str) -> List[str]:
    """The ``<timestamp>/vis_data`` folders of ``work_dir``, oldest first."""
    runs = sorted(
        glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')))
    if not runs:
        raise FileNotFoundError(
            f'no */vis_data/scalars.json under {work_dir}: is it the '
            'work dir of a training run?')
    return [osp.dirname(r) for r in runs]


def read_scalars(path: str) -> List[dict]:
    with open(path, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def joined_scalars(runs: List[str]) -> List[dict]:
    """The records of all runs in step order; where a resumed run logs a
    step again, its record replaces the earlier one."""
    by_key = {}
    for run in runs:
        for record in read_scalars(osp.join(run, 'scalars.json')):
            kind = ('knn' if 'knn/top1' in record else
                    'train' if 'loss' in record else 'other')
            by_key[(record.get('step', 0), kind)] = record
    return [by_key[k] for k in sorted(by_key)]


def last_mean(records: List[dict], key: str) -> Optional[float]:
    """Mean of ``key`` over the records of the last 10 % of iterations."""
    records = [r for r in records if key in r]
    if not records:
        return None
    start = records[-1]['step'] * (1 - LAST_FRACTION)
    window = [r[key]
              for r in records if r['step'] > start] or [records[-1][key]]
    return sum(window) / len(window)


def _knn_hook(cfg) -> Optional[dict]:
    return next((h for h in cfg.get('custom_hooks', [])
                 if h.get('type', '').endswith('KNNMonitorHook')), None)


def summarize(work_dir: str) -> dict:
    from mmengine.config import Config
    runs = runs_of(work_dir)
    records = joined_scalars(runs)
    train = [r for r in records if 'loss' in r]
    if not train:
        raise ValueError(f'no training losses logged in {work_dir}')
    cfg = Config.fromfile(osp.join(runs[-1], 'config.py'))
    checkpoint = find_latest_checkpoint(work_dir)
    summary = dict(
        work_dir=work_dir,
        runs=len(runs),
        iterations=train[-1]['step'],
        last_fraction=LAST_FRACTION,
        loss_last=last_mean(train, 'loss'),
        sup_loss_last=last_mean(train, 'sup_loss'),
        infonce_last=last_mean(train, 'infonce'),
        infonce_chance=math.log(cfg.model.queue_len + 1),
        sup_acc1_last=last_mean(train, 'sup_acc1'),
        sup_acc1_chance=100.0 / cfg.model.num_classes,
        sup_loss_chance=cfg.model.get('alpha', 1.0) *
        math.log(cfg.model.num_classes),
        checkpoint=checkpoint,
        checkpoint_epoch=epoch_of(checkpoint))
    hook = _knn_hook(cfg)
    knn = [r for r in records if 'knn/top1' in r]
    if hook is not None and knn:
        summary.update(
            knn_data=hook['data_root'],
            knn_top1_pretrained=knn[-1]['knn/top1'],
            knn_top5_pretrained=knn[-1].get('knn/top5'),
            knn_step_pretrained=knn[-1]['step'],
            knn_top1_random=knn[0]['knn/top1']
            if knn[0]['step'] == 0 else None,
            knn_top1_chance=100.0 /
            len(glob.glob(osp.join(hook['data_root'], 'train', '*'))))
    summary['records'] = records
    return summary


def plot(summary: dict, out: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    records = summary['records']
    train = [r for r in records if 'loss' in r]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    steps = [r['step'] for r in train]
    for key, colour in (('loss', 'C0'), ('infonce', 'C1'), ('sup_loss', 'C2')):
        if key in train[0]:
            ax.plot(steps, [r[key] for r in train], colour, label=key, lw=0.8)
    ax.axhline(
        summary['infonce_chance'],
        color='C1',
        ls='--',
        lw=1,
        label=f'InfoNCE chance log(K+1) = '
        f'{summary["infonce_chance"]:.2f}')
    ax.axhline(
        summary['sup_loss_chance'],
        color='C2',
        ls='--',
        lw=1,
        label=f'sup_loss chance = {summary["sup_loss_chance"]:.2f}')
    ax.set_xlabel('iteration')
    ax.set_ylabel('loss')
    lines, labels = ax.get_legend_handles_labels()
    knn = [r for r in records if 'knn/top1' in r]
    if knn:
        ax2 = ax.twinx()
        ax2.plot([r['step'] for r in knn], [r['knn/top1'] for r in knn],
                 'C3o-',
                 label='kNN top-1 (%)')
        ax2.axhline(
            summary['knn_top1_chance'],
            color='C3',
            ls=':',
            lw=1,
            label=f'kNN chance = {summary["knn_top1_chance"]:.1f} %')
        ax2.set_ylabel('kNN top-1 (%)')
        ax2.set_ylim(0, 100)
        more = ax2.get_legend_handles_labels()
        lines, labels = lines + more[0], labels + more[1]
    ax.legend(lines, labels, fontsize=7, loc='upper right')
    ax.set_title('GeRSP pre-training')
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def report(s: dict) -> str:
    lines = [
        f'GeRSP pre-training summary ({s["work_dir"]}, '
        f'{s["iterations"]} iterations; "last" = mean of the last '
        f'{s["last_fraction"]:.0%} of iterations)',
        f'  InfoNCE  last {s["infonce_last"]:.3f}  vs chance log(K+1) '
        f'{s["infonce_chance"]:.3f}  '
        f'({s["infonce_last"] - s["infonce_chance"]:+.3f})',
        f'  sup_acc1 last {s["sup_acc1_last"]:.1f} %  vs chance '
        f'{s["sup_acc1_chance"]:.1f} %',
    ]
    if s.get('knn_top1_pretrained') is not None:
        random = s['knn_top1_random']
        lines.append(
            f'  kNN top-1 on {s["knn_data"]}: '
            f'{s["knn_top1_pretrained"]:.1f} % pre-trained (checkpoint '
            f'epoch {s["checkpoint_epoch"]}) vs ' +
            (f'{random:.1f} % at random initialisation'
             if random is not None else 'no random-init measurement') +
            f' (chance {s["knn_top1_chance"]:.1f} %)')
    lines.append(f'  checkpoint: {s["checkpoint"]}')
    return '\n'.join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('work_dir')
    parser.add_argument(
        '--plot', help='PNG path (default: <work_dir>/loss_curves.png)')
    args = parser.parse_args(argv)
    summary = summarize(args.work_dir)
    out = args.plot or osp.join(args.work_dir, 'loss_curves.png')
    plot(summary, out)
    records = summary.pop('records')
    summary['plot'] = out
    atomic_write(
        json.dumps(summary, indent=2), osp.join(args.work_dir, 'summary.json'))
    print('=' * 72)
    print(report(summary))
    print(f'  loss plot : {out}')
    print(f'  summary   : {osp.join(args.work_dir, "summary.json")} '
          f'({len(records)} log records)')
    print('=' * 72)
