"""Summarise a pre-training run and plot its loss curves.

Reads the JSON scalars mmengine writes (``<work_dir>/<timestamp>/vis_data/
scalars.json``, the latest run) and names the latest checkpoint.

Example:
    python tools/summarize_training.py results/GeRSP_demo
"""
import argparse
import glob
import json
import os.path as osp

from mmselfsup.utils import find_latest_checkpoint

CURVES = ('loss', 'infonce', 'sup_loss')  # loss = infonce + sup_loss
KEYS = (*CURVES, 'sup_acc1')
WINDOW = 5  # first / last values are averaged over this many log records


def latest_scalars(work_dir: str) -> str:
    files = sorted(
        glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')))
    if not files:
        raise FileNotFoundError(
            f'no */vis_data/scalars.json under {work_dir}: is it the '
            'work dir of a training run?')
    return files[-1]


def read_scalars(path: str) -> list:
    with open(path, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def summarize(work_dir: str) -> dict:
    records = [
        r for r in read_scalars(latest_scalars(work_dir)) if 'loss' in r
    ]
    if not records:
        raise ValueError(f'no training losses logged in {work_dir}')
    return dict(
        iterations=records[-1]['step'],
        first=_mean(records[:WINDOW]),
        last=_mean(records[-WINDOW:]),
        checkpoint=find_latest_checkpoint(work_dir),
        records=records)


def _mean(records: list) -> dict:
    return {
        k: sum(r[k] for r in records) / len(records)
        for k in KEYS if all(k in r for r in records)
    }


def plot(records: list, out: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 4))
    steps = [r['step'] for r in records]
    for key in CURVES:
        if key in records[0]:
            ax.plot(steps, [r[key] for r in records], label=key)
    ax.set_xlabel('iteration')
    ax.set_ylabel('loss')
    ax.set_title('GeRSP pre-training')
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('work_dir')
    parser.add_argument(
        '--plot', help='PNG path (default: <work_dir>/loss_curves.png)')
    args = parser.parse_args(argv)
    info = summarize(args.work_dir)
    out = args.plot or osp.join(args.work_dir, 'loss_curves.png')
    plot(info['records'], out)

    def fmt(d):
        return ', '.join(f'{k}={v:.4f}' for k, v in d.items())

    print('=' * 60)
    print(f'GeRSP pre-training summary ({args.work_dir})')
    print(f'  iterations  : {info["iterations"]}')
    print(f'  first {WINDOW} logs: {fmt(info["first"])}')
    print(f'  last {WINDOW} logs : {fmt(info["last"])}')
    print(f'  checkpoint  : {info["checkpoint"]}')
    print(f'  loss plot   : {out}')
    print('=' * 60)


if __name__ == '__main__':
    main()
