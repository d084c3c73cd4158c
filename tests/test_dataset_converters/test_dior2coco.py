"""dior2coco (tools/dataset_converters/dior2coco.py) on a handmade DIOR
sample (tests/dior_sample.py)."""
import copy
import json
import subprocess
import sys

import pytest
from PIL import Image

from mmselfsup.dataset_converters.dior2coco import (coco_image_ids, convert,
                                                    main)
from tests.dior_sample import (CATEGORIES, EXPECTED_TEST, EXPECTED_TRAIN_VAL,
                               HBB, LISTS, SAMPLE, write_dior)
from tests.helpers import REPO


def load(path):
    with open(path) as f:
        return json.load(f)


def edited(stem, objects=None, size=None):
    """A copy of SAMPLE with the objects or XML size of ``stem`` replaced."""
    sample = copy.deepcopy(SAMPLE)
    folder, old_size, old_objects = sample[stem]
    sample[stem] = (folder, size
                    or old_size, old_objects if objects is None else objects)
    return sample


@pytest.mark.parametrize('ann_dir', ['Annotations', HBB])
def test_both_layouts_give_the_expected_json(tmp_path, ann_dir, capsys):
    write_dior(tmp_path, ann_dir=ann_dir)
    assert main([str(tmp_path)]) == 0
    out_dir = tmp_path / 'coco_annotations'
    assert sorted(p.name for p in out_dir.iterdir()) == [
        'test_coco_ann.json', 'train_val_coco_ann.json'
    ]
    assert load(out_dir / 'train_val_coco_ann.json') == EXPECTED_TRAIN_VAL
    assert load(out_dir / 'test_coco_ann.json') == EXPECTED_TEST
    out = capsys.readouterr().out
    assert (f'{out_dir}/train_val_coco_ann.json: 3 images, 4 boxes, '
            '0 clipped') in out
    assert f'{out_dir}/test_coco_ann.json: 1 images, 1 boxes, 0 clipped' in out
    summary = out[out.index('train_val_coco_ann.json:'):]
    assert summary.splitlines()[1:4] == [
        '  ship                    1', '  overpass                0',
        '  tenniscourt             0'
    ]


def test_out_dir_and_returned_counts(tmp_path):
    write_dior(tmp_path / 'DIOR')
    stats = convert(str(tmp_path / 'DIOR'), str(tmp_path / 'out'))
    assert load(tmp_path / 'out/test_coco_ann.json') == EXPECTED_TEST
    assert stats['train_val_coco_ann.json']['images'] == 3
    assert stats['train_val_coco_ann.json']['boxes'] == 4
    per_class = stats['train_val_coco_ann.json']['per_class']
    assert list(per_class) == [c['name'] for c in CATEGORIES]
    assert {
        k: v
        for k, v in per_class.items() if v
    } == {
        'ship': 1,
        'airplane': 1,
        'Expressway-Service-area': 1,
        'chimney': 1
    }


def test_box_outside_the_image_is_clipped_and_counted(tmp_path, capsys):
    write_dior(
        tmp_path,
        edited('00001', [('ship', (-3, 2, 45, 8)),
                         ('airplane', (20, 5, 35, 31))]))
    assert main([str(tmp_path)]) == 0
    coco = load(tmp_path / 'coco_annotations/train_val_coco_ann.json')
    assert [a['bbox'] for a in coco['annotations'][:2]] == [[0, 2, 40, 6],
                                                            [20, 5, 15, 25]]
    assert [a['area'] for a in coco['annotations'][:2]] == [240, 375]
    assert 'train_val_coco_ann.json: 3 images, 4 boxes, 2 clipped' in (
        capsys.readouterr().out)


def error_of(root, capsys, *args):
    """Run the CLI expecting failure; check nothing was written."""
    assert main([str(root), *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith('error: ') and 'Traceback' not in err
    assert not (root / 'coco_annotations').exists()
    return err


def test_box_outside_is_an_error_on_request(tmp_path, capsys):
    write_dior(tmp_path, edited('00001', [('ship', (-3, 2, 45, 8))]))
    err = error_of(tmp_path, capsys, '--on-outside', 'error')
    assert 'box [-3.0, 2.0, 45.0, 8.0] lies outside the 40x30 image' in err
    assert str(tmp_path / 'Annotations/00001.xml') in err


def test_degenerate_box_is_an_error(tmp_path, capsys):
    write_dior(tmp_path, edited('00003', [('chimney', (5, 5, 5, 9))]))
    err = error_of(tmp_path, capsys)
    assert 'degenerate box [5.0, 5.0, 5.0, 9.0]' in err
    assert str(tmp_path / 'Annotations/00003.xml') in err


def test_box_entirely_outside_is_degenerate_once_clipped(tmp_path, capsys):
    write_dior(tmp_path, edited('00004', [('storagetank', (40, 4, 48, 8))]))
    err = error_of(tmp_path, capsys)
    assert ('degenerate box [40.0, 4.0, 48.0, 8.0] (clipped to '
            '[32.0, 4.0, 32.0, 8.0])') in err
    assert str(tmp_path / 'Annotations/00004.xml') in err


def test_malformed_xml_names_file_and_parser_message(tmp_path, capsys):
    write_dior(tmp_path)
    (tmp_path /
     'Annotations/00002.xml').write_text('<annotation><size></annotation>')
    err = error_of(tmp_path, capsys)
    assert f'malformed XML {tmp_path}/Annotations/00002.xml: ' in err
    assert 'mismatched tag: line 1, column 20' in err


def test_missing_field_is_malformed(tmp_path, capsys):
    write_dior(tmp_path)
    xml = tmp_path / 'Annotations/00001.xml'
    xml.write_text(xml.read_text().replace('<xmax>11</xmax>', ''))
    err = error_of(tmp_path, capsys)
    assert (f'malformed annotation {xml}: <bndbox/xmax> is missing, '
            'expected a number') in err


def test_unknown_class_lists_the_known_ones(tmp_path, capsys):
    write_dior(tmp_path, edited('00003', [('helicopter', (1, 1, 5, 5))]))
    err = error_of(tmp_path, capsys)
    assert (f"unknown class 'helicopter' in {tmp_path}/Annotations/00003.xml"
            '; known classes: ship, overpass, tenniscourt') in err
    assert err.rstrip().endswith('bridge, chimney')


def test_missing_image_and_missing_xml_are_named(tmp_path, capsys):
    write_dior(tmp_path)
    (tmp_path / 'JPEGImages-test/00004.jpg').unlink()
    err = error_of(tmp_path, capsys)
    assert f'missing image {tmp_path}/JPEGImages-test/00004.jpg' in err
    (tmp_path / 'Annotations/00002.xml').unlink()
    err = error_of(tmp_path, capsys)
    assert f'missing annotation {tmp_path}/Annotations/00002.xml' in err


def test_size_mismatch_names_the_image(tmp_path, capsys):
    write_dior(tmp_path)
    Image.new('RGB', (41, 30)).save(tmp_path / 'JPEGImages-trainval/00002.jpg')
    err = error_of(tmp_path, capsys)
    assert (f'size mismatch for {tmp_path}/JPEGImages-trainval/00002.jpg: '
            'the annotation says 40x30, the image is 41x30') in err


def test_missing_layout_list_and_duplicate_ids(tmp_path, capsys):
    write_dior(tmp_path, ann_dir='labels')
    err = error_of(tmp_path, capsys)
    assert (f'no DIOR annotations found: expected {tmp_path}/Annotations/'
            f'*.xml or {tmp_path}/{HBB}/*.xml') in err

    write_dior(tmp_path)
    (tmp_path / 'ImageSets/Main/val.txt').unlink()
    err = error_of(tmp_path, capsys)
    assert f'missing image list {tmp_path}/ImageSets/Main/val.txt' in err

    write_dior(tmp_path, lists=dict(LISTS, val=['00003', '00001']))
    err = error_of(tmp_path, capsys)
    assert 'image id 00001 is listed twice (in train.txt and val.txt)' in err


def test_image_ids_from_numeric_stems_else_sequential():
    assert coco_image_ids(['00007', '00003', '11726']) == [7, 3, 11726]
    assert coco_image_ids(['P01', '00002']) == [1, 2]
    assert coco_image_ids(['1', '001']) == [1, 2]  # not distinct as numbers


def test_script_reports_errors_without_traceback(tmp_path):
    proc = subprocess.run([
        sys.executable, 'tools/dataset_converters/dior2coco.py',
        str(tmp_path)
    ],
                          cwd=REPO,
                          capture_output=True,
                          text=True,
                          timeout=120)
    assert proc.returncode == 1
    assert proc.stderr == (
        f'error: no DIOR annotations found: expected {tmp_path}/Annotations/'
        f'*.xml or {tmp_path}/{HBB}/*.xml\n')
