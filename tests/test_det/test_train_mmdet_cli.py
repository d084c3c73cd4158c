"""train_mmdet.py and test_mmdet.py on two generated images."""
import glob
import json
import os.path as osp
import pickle
import shutil
import sys

import pytest

from mmselfsup.evaluation.records import find_records, load_record, load_table
from tests.helpers import REPO, det_data_options, run, scalars

pytestmark = pytest.mark.slow  # subprocess trainings

DEMO_CONFIG = osp.join(REPO, 'configs_mmdet/faster_rcnn_GeRSP_demo.py')
EPOCHS = 20


@pytest.fixture(scope='module')
def finetuned(dior_root, initialised_gersp_weights, tmp_path_factory):
    """A short fine-tuning: 20 epochs of one batch of both images."""
    work_dir = str(tmp_path_factory.mktemp('frcnn'))
    run([
        sys.executable,
        'train_mmdet.py',
        DEMO_CONFIG,
        '--work-dir',
        work_dir,
        '--cfg-options',
        *det_data_options(dior_root),
        f'model.backbone.init_cfg.checkpoint={initialised_gersp_weights}',
        f'train_cfg.max_epochs={EPOCHS}',
        f'train_cfg.val_interval={EPOCHS}',
        f'default_hooks.checkpoint.interval={EPOCHS}',
        'default_hooks.logger.interval=1',
        'log_processor.window_size=1',
        'param_scheduler.0.end=4',
        'optim_wrapper.optimizer.lr=0.02',
        # every box is evaluated: the tables must not depend on how well
        # 20 iterations from random weights learn
        'model.test_cfg.rcnn.score_thr=0.0'
    ])
    return work_dir


def test_fine_tuning_halves_the_loss(finetuned):
    losses = [s['loss'] for s in scalars(finetuned) if 'loss' in s]
    assert len(losses) == EPOCHS
    end = sum(losses[-3:]) / 3
    assert end < 0.5 * losses[0], losses


def test_training_evaluates_and_records_it_with_its_provenance(finetuned):
    checkpoint = osp.join(finetuned, f'epoch_{EPOCHS}.pth')
    assert osp.isfile(checkpoint)
    folder, = find_records(finetuned)
    assert folder.endswith(f'evaluations/val_epoch_{EPOCHS}')
    record = load_record(folder)
    assert (record['mode'], record['epoch'],
            record['checkpoint']) == ('val', EPOCHS, checkpoint)
    assert record['config'].endswith('faster_rcnn_GeRSP_demo.py')
    assert record['date'][:4].isdigit()
    assert set(
        record['tables']) == {'ap50_per_class', 'voc_area_ap50_per_class'}
    table = load_table(folder)
    assert [c['class'] for c in table['classes']
            ][:3] == ['ship', 'overpass', 'tenniscourt']
    assert [c['gts'] for c in table['classes'] if c['gts']] == [2, 2, 2]
    assert table['mAP50'] == pytest.approx(
        sum(c['AP50'] for c in table['classes'] if c['gts']) / 3, abs=0.01)
    voc = load_table(folder, 'voc_area_ap50_per_class')
    assert [c['gts'] for c in voc['classes'] if c['gts']] == [2, 2, 2]
    evals = [s for s in scalars(finetuned) if 'coco/bbox_mAP_50' in s]
    assert len(evals) == 1 and 'voc_area_ap50/mAP' in evals[0]
    assert table['mAP50'] == pytest.approx(
        100 * evals[0]['coco/bbox_mAP_50'], abs=0.05)
    assert record['metrics']['coco/bbox_mAP_50'] == evals[0][
        'coco/bbox_mAP_50']


def test_test_mmdet_reports_dumps_and_draws(finetuned, dior_root, tmp_path):
    out = tmp_path / 'preds.pkl'
    run([
        sys.executable, 'test_mmdet.py', DEMO_CONFIG,
        osp.join(finetuned, f'epoch_{EPOCHS}.pth'), '--work-dir',
        str(tmp_path), '--out',
        str(out), '--show-dir', 'vis', '--cfg-options',
        *det_data_options(dior_root)
    ])
    with open(out, 'rb') as f:
        preds = pickle.load(f)
    assert len(preds) == 2 and 'pred_instances' in preds[0]
    # the README's confusion matrix from the dumped predictions
    run([
        sys.executable, 'tools/analysis_tools/stock_tool.py', 'mmdet',
        'analysis_tools/confusion_matrix.py', DEMO_CONFIG,
        str(out),
        str(tmp_path / 'cm'), '--cfg-options', *det_data_options(dior_root)
    ])
    assert (tmp_path / 'cm' / 'confusion_matrix.png').stat().st_size > 1000
    assert len(glob.glob(str(tmp_path / '*' / 'vis' / '*.png'))) == 2
    folder, = find_records(str(tmp_path))
    record = load_record(folder)
    assert (record['mode'], record['epoch']) == ('test', EPOCHS)
    assert record['checkpoint'] == osp.join(finetuned, f'epoch_{EPOCHS}.pth')
    assert len(load_table(folder)['classes']) == 20
    # a second evaluation gets its own record; the first stays as it was
    first = open(osp.join(folder, 'record.json')).read()
    run([
        sys.executable, 'test_mmdet.py', DEMO_CONFIG,
        osp.join(finetuned, f'epoch_{EPOCHS}.pth'), '--work-dir',
        str(tmp_path), '--cfg-options', *det_data_options(dior_root)
    ])
    records = find_records(str(tmp_path))
    assert len(records) == 2 and records[0] == folder
    assert open(osp.join(folder, 'record.json')).read() == first


def test_resume_continues_from_the_last_checkpoint(finetuned, dior_root,
                                                   initialised_gersp_weights,
                                                   tmp_path):
    work_dir = str(tmp_path / 'resumed')
    shutil.copytree(finetuned, work_dir)  # the module's run stays as it is
    with open(osp.join(work_dir, 'last_checkpoint'), 'w') as f:
        f.write(osp.join(work_dir, f'epoch_{EPOCHS}.pth'))
    run([
        sys.executable, 'train_mmdet.py', DEMO_CONFIG, '--work-dir', work_dir,
        '--resume', '--cfg-options', *det_data_options(dior_root),
        f'model.backbone.init_cfg.checkpoint={initialised_gersp_weights}',
        f'train_cfg.max_epochs={EPOCHS + 1}',
        f'train_cfg.val_interval={EPOCHS + 1}'
    ])
    assert osp.isfile(osp.join(work_dir, f'epoch_{EPOCHS + 1}.pth'))
    assert not osp.exists(osp.join(finetuned, f'epoch_{EPOCHS + 1}.pth'))
    logs = sorted(glob.glob(osp.join(work_dir, '*', '*.log')))
    assert f'resumed epoch: {EPOCHS}' in open(logs[-1]).read()


def test_draw_detections_on_an_image_and_a_folder(finetuned, dior_root,
                                                  tmp_path):
    from PIL import Image
    folder = osp.join(dior_root, 'JPEGImages-test')
    image = osp.join(folder, '00000.png')
    for inputs, count in ((image, 1), (folder, 2)):
        out = tmp_path / osp.basename(inputs)
        proc = run([
            sys.executable, 'tools/draw_detections.py', DEMO_CONFIG,
            osp.join(finetuned, f'epoch_{EPOCHS}.pth'), inputs, '--out-dir',
            str(out), '--score-thr', '0.0', '--device', 'cpu', '--cfg-options',
            'model.test_cfg.rcnn.score_thr=0.0'
        ])
        assert sorted(p.name for p in (out / 'vis').iterdir()) == [
            f'{i:05d}.png' for i in range(count)
        ]
        assert Image.open(out / 'vis' /
                          '00000.png').size == Image.open(image).size
        pred = json.load(open(out / 'preds' / '00000.json'))
        assert len(pred['labels']) == len(pred['scores']) == len(
            pred['bboxes']) > 0
        assert f'drawn to {out}/vis' in proc.stdout


def test_show_ap50_table_lists_classes_with_ground_truth(finetuned):
    proc = run([sys.executable, 'tools/show_ap50_table.py', finetuned])
    rows = [
        line.split('|')[1].strip() for line in proc.stdout.splitlines()
        if line.startswith('| ')
    ]
    assert rows == ['class', 'ship', 'airplane', 'storagetank', 'mean']
    assert proc.stdout.startswith(f'val of {DEMO_CONFIG}, epoch {EPOCHS}, ')
