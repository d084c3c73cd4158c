"""tools/dataset_converters/dota2coco.py: patch arithmetic and a synthetic
2000 x 1500 scene."""
import json

import numpy as np
import pytest
from PIL import Image
from pycocotools.coco import COCO

from mmselfsup.dataset_converters.dota2coco import (box_in_patch,
                                                    clip_box_to_patch, convert,
                                                    main, parse_args,
                                                    patch_origins,
                                                    polygon_to_box)

LABELS = """imagesource:GoogleEarth
gsd:0.146343590398
100 100 200 100 200 150 100 150 plane 0
720 300 780 260 840 300 780 340 ship 0
770 400 810 400 810 420 770 420 small-vehicle 1
1900 1400 1990 1400 1990 1480 1900 1480 harbor 1
650 650 750 650 750 750 650 750 storage-tank 0
"""
# Windows: x at 0, 640, 1200 and y at 0, 640, 700 (patch 800, stride 640).
# ship: 80 of its 120 px width in the first column (0.67 < 0.7): dropped
# there, whole in the second; small-vehicle: 30 of 40 px (0.75) in the first
# column, clipped; storage-tank: whole in the four patches at 0/640 x 0/640,
# half in the y=700 row (dropped); harbor: half in the y=640 row, whole at
# y=700.
PATCHES = [(left, top) for top in (0, 640, 700) for left in (0, 640, 1200)]
EXPECTED_ANNOTATIONS = [  # (image_id, category_id, bbox, difficult)
    (1, 1, [100, 100, 100, 50], 0),  # plane in (0, 0)
    (1, 5, [770, 400, 30, 20], 1),  # small-vehicle clipped at x = 800
    (1, 10, [650, 650, 100, 100], 0),  # storage-tank
    (2, 7, [80, 260, 120, 80], 0),  # ship in (640, 0)
    (2, 5, [130, 400, 40, 20], 1),
    (2, 10, [10, 650, 100, 100], 0),
    (4, 10, [650, 10, 100, 100], 0),  # (0, 640)
    (5, 10, [10, 10, 100, 100], 0),  # (640, 640)
    (9, 13, [700, 700, 90, 80], 1),  # harbor in (1200, 700)
]


def coordinate_image(width, height):
    """Pixel (x, y) encodes its position, so patches can be located."""
    y, x = np.mgrid[0:height, 0:width]
    return np.stack([x % 256, y % 256, x // 256 * 8 + y // 256],
                    axis=2).astype(np.uint8)


def write_dota(root, split, stem, img, labels):
    (root / split / 'images').mkdir(parents=True, exist_ok=True)
    (root / split / 'labelTxt').mkdir(parents=True, exist_ok=True)
    Image.fromarray(img).save(root / split / 'images' / f'{stem}.png')
    (root / split / 'labelTxt' / f'{stem}.txt').write_text(labels)


@pytest.mark.parametrize(
    'length, expected',
    [
        (500, [0]),  # shorter than a patch: one (padded) patch
        (800, [0]),
        (1440, [0, 640]),  # the second window ends exactly at the edge
        (1441, [0, 640, 641]),  # as DOTA_devkit: a last window flush with it
        (1500, [0, 640, 700]),
        (2000, [0, 640, 1200]),
        (3000, [0, 640, 1280, 1920, 2200]),
    ])
def test_patch_origins(length, expected):
    assert patch_origins(length, 800, 640) == expected


def test_box_arithmetic():
    assert polygon_to_box([10, 0, 20, 5, 10, 10, 0, 5]) == (0, 0, 20, 10)
    window = (640, 0, 1440, 800)
    assert clip_box_to_patch((600, 10, 700, 20), window) == (640, 10, 700, 20)
    assert clip_box_to_patch((500, 10, 640, 20), window) is None  # touching
    # kept at exactly min_keep (70 of 100 px inside), not below it
    assert box_in_patch((570, 10, 670, 20), window, 0.7) is None
    assert box_in_patch((610, 10, 710, 20), window, 0.7) == (0, 10, 70, 20)
    assert box_in_patch((611, 10, 711, 20), window, 0.7) == (0, 10, 71, 20)
    assert box_in_patch((609, 10, 709, 20), window, 0.7) is None


@pytest.mark.slow  # a 2000 x 1500 image
def test_synthetic_scene(tmp_path, capsys):
    img = coordinate_image(2000, 1500)
    write_dota(tmp_path / 'DOTA', 'train', 'P0001', img, LABELS)
    out = tmp_path / 'out'
    stats = convert(str(tmp_path / 'DOTA'), str(out), splits=['train'])

    coco = json.loads((out / 'train' / 'train_coco_ann.json').read_text())
    assert coco['images'] == [
        dict(
            id=i, file_name=f'P0001__{left}__{top}.png', width=800, height=800)
        for i, (left, top) in enumerate(PATCHES, 1)
    ]
    got = [(a['image_id'], a['category_id'], a['bbox'], a['difficult'])
           for a in coco['annotations']]
    assert got == EXPECTED_ANNOTATIONS
    assert [a['id'] for a in coco['annotations']] == list(range(1, 10))
    assert all(a['area'] == a['bbox'][2] *
               a['bbox'][3] and a['iscrowd'] == 0 and a['segmentation'] == []
               for a in coco['annotations'])
    assert [c['name'] for c in coco['categories'][:3]
            ] == ['plane', 'baseball-diamond', 'bridge']
    assert coco['categories'][-1] == dict(id=15, name='helicopter')

    for left, top in PATCHES:
        patch = np.asarray(
            Image.open(out / f'train/images/P0001__{left}__{top}.png'))
        np.testing.assert_array_equal(patch, img[top:top + 800,
                                                 left:left + 800])
    assert sorted(p.name for p in (out / 'train/images').iterdir()) == sorted(
        f'P0001__{left}__{top}.png' for left, top in PATCHES)

    assert stats['train']['patches'] == 9
    assert stats['train']['boxes'] == 9
    assert stats['train']['patches_without_objects'] == 4
    summary = capsys.readouterr().out
    assert 'patch 800, stride 640, overlap 160 px, min-keep 0.7' in summary
    assert (f'{out}/train/train_coco_ann.json: 9 images, 9 boxes, 1 source '
            'images, 4 patches without objects, 0 degenerate boxes '
            'skipped') in summary
    assert '  storage-tank       4' in summary

    api = COCO(str(out / 'train' / 'train_coco_ann.json'))
    assert len(api.getImgIds()) == 9
    assert api.loadAnns(
        api.getAnnIds(imgIds=[9]))[0]['bbox'] == [700, 700, 90, 80]
    assert sorted(api.getImgIds(catIds=[10])) == [1, 2, 4, 5]


def test_small_image_gives_one_padded_patch(tmp_path):
    img = coordinate_image(500, 300)
    # box 460..510 x 270..300 reaches past the right edge: clipped to the
    # image (40 of 50 px wide), kept; a zero-height box is skipped
    write_dota(
        tmp_path / 'DOTA', 'val', 'P0002', img,
        '460 270 510 270 510 300 460 300 tennis-court\n'
        '10 10 20 10 20 10 10 10 plane 0\n')
    stats = convert(
        str(tmp_path / 'DOTA'), str(tmp_path / 'out'), splits=['val'])
    coco = json.loads((tmp_path / 'out/val/val_coco_ann.json').read_text())
    assert coco['images'] == [
        dict(id=1, file_name='P0002__0__0.png', width=800, height=800)
    ]
    assert [(a['category_id'], a['bbox'], a['difficult'])
            for a in coco['annotations']] == [(8, [460, 270, 40, 30], 0)]
    assert stats['val']['degenerate_boxes_skipped'] == 1
    patch = np.asarray(Image.open(tmp_path / 'out/val/images/P0002__0__0.png'))
    assert patch.shape == (800, 800, 3)
    np.testing.assert_array_equal(patch[:300, :500], img)
    assert not patch[300:].any() and not patch[:, 500:].any()


@pytest.mark.parametrize('line, message', [
    ('1 2 3 4 5 6 7 plane', 'expected "x1 y1 x2 y2 x3 y3 x4 y4 class '
     '[difficult]", got 8 fields'),
    ('1 2 3 4 5 6 7 x8 plane 0', "could not convert string to float: 'x8'"),
    ('1 2 3 4 5 6 7 8 plane hard', "invalid literal for int() with base 10: "
     "'hard'"),
])
def test_malformed_label_lines(tmp_path, capsys, line, message):
    write_dota(tmp_path / 'DOTA', 'train', 'P0003', coordinate_image(50, 40),
               f'gsd:null\n0 0 9 0 9 9 0 9 ship 0\n{line}\n')
    assert main([
        str(tmp_path / 'DOTA'), '--out-dir',
        str(tmp_path / 'out'), '--splits', 'train'
    ]) == 1
    err = capsys.readouterr().err
    path = tmp_path / 'DOTA/train/labelTxt/P0003.txt'
    assert err == f'error: malformed label line {path}:3: {message}\n'
    assert not (tmp_path / 'out').exists()  # labels are checked first


def test_unknown_class_and_missing_label_file(tmp_path, capsys):
    root = tmp_path / 'DOTA'
    write_dota(root, 'train', 'P0004', coordinate_image(50, 40),
               '0 0 9 0 9 9 0 9 container-crane 0\n')
    assert main([str(root), '--splits', 'train']) == 1
    err = capsys.readouterr().err
    assert (f"unknown class 'container-crane' at "
            f'{root}/train/labelTxt/P0004.txt:1; known classes: plane, '
            'baseball-diamond') in err
    (root / 'train/labelTxt/P0004.txt').unlink()
    assert main([str(root), '--splits', 'train']) == 1
    assert (f'missing label file {root}/train/labelTxt/P0004.txt'
            in capsys.readouterr().err)
    assert main([str(root), '--splits', 'val']) == 1
    assert f'missing image folder {root}/val/images' in (
        capsys.readouterr().err)


def test_argument_checks():
    args = parse_args(['data/DOTA'])
    assert (args.out_dir, args.patch_size, args.stride, args.splits,
            args.min_keep) == ('data/dota_1_800_640', 800, 640,
                               ['train', 'val'], 0.7)
    for bad in (['--stride', '900'], ['--stride', '0'], ['--min-keep', '0']):
        with pytest.raises(SystemExit):
            parse_args(['data/DOTA', *bad])
