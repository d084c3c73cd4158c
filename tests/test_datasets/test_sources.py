"""The labeled and unlabeled image sources: what they list, their errors."""
import os.path as osp

import pytest

from mmselfsup.datasets import LabeledImageSource, UnlabeledImageFolder


def _labeled(root, ann_file='meta/train.txt'):
    return LabeledImageSource(
        data_root=str(root), ann_file=ann_file, data_prefix='train')


def _samples(dataset):
    return [
        (osp.relpath(dataset.get_data_info(i)['img_path'],
                     dataset.img_prefix), dataset.get_data_info(i)['gt_label'])
        for i in range(len(dataset))
    ]


def test_ann_file_mode(labeled_tree):
    dataset = _labeled(labeled_tree)
    assert len(dataset) == 6
    assert _samples(dataset) == [('n00/n00_0.png', 0), ('n00/n00_1.png', 0),
                                 ('n01/n01_0.png', 1), ('n01/n01_1.png', 1),
                                 ('n02/n02_0.png', 2), ('n02/n02_1.png', 2)]
    assert dataset.metainfo['classes'] == ('n00', 'n01', 'n02')
    assert dataset.get_data_info(0)['img_path'] == str(labeled_tree / 'train' /
                                                       'n00' / 'n00_0.png')


def test_ann_file_and_folder_modes_agree(labeled_tree):
    from_ann = _labeled(labeled_tree)
    from_folders = _labeled(labeled_tree, ann_file='')
    assert _samples(from_folders) == _samples(from_ann)
    assert from_folders.metainfo['classes'] == ('n00', 'n01', 'n02')
    assert from_folders.metainfo == from_ann.metainfo


def test_ann_file_class_names_fall_back_to_label(tmp_path, write_image):
    for name in ('a.png', 'x/c.png', 'y/d.png', 'z/e.png'):
        write_image(str(tmp_path / 'train' / name))
    # Label 0: flat file; 1: one folder; 2: no image; 3: two folders.
    (tmp_path /
     'ann.txt').write_text('a.png 0\n\nz/e.png   1\nx/c.png 3\ny/d.png 3\n')
    dataset = LabeledImageSource(
        data_root=str(tmp_path), ann_file='ann.txt', data_prefix='train')
    assert [dataset.get_data_info(i)['gt_label']
            for i in range(len(dataset))] == [0, 1, 3, 3]
    assert dataset.metainfo['classes'] == ('0', 'z', '2', '3')


def test_labeled_missing_folder(tmp_path):
    for ann_file in ('', 'meta/train.txt'):
        with pytest.raises(FileNotFoundError) as err:
            _labeled(tmp_path, ann_file)
        assert str(tmp_path / 'train') in str(err.value)
        assert 'does not exist' in str(err.value)


def test_labeled_folder_without_class_folders(tmp_path, write_image):
    write_image(str(tmp_path / 'train' / 'loose.png'))
    with pytest.raises(FileNotFoundError, match='no class sub-folders') as e:
        _labeled(tmp_path, ann_file='')
    assert str(tmp_path / 'train') in str(e.value)


def test_labeled_class_folders_without_images(tmp_path):
    (tmp_path / 'train' / 'n00').mkdir(parents=True)
    (tmp_path / 'train' / 'n00' / 'notes.txt').write_text('not an image')
    with pytest.raises(RuntimeError, match='Found 0 files') as err:
        _labeled(tmp_path, ann_file='')
    assert str(tmp_path / 'train') in str(err.value)


def test_missing_annotated_file(labeled_tree):
    ann = labeled_tree / 'meta' / 'train.txt'
    lines = ann.read_text().splitlines()
    lines.insert(2, 'n01/gone.png 1')
    ann.write_text('\n'.join(lines) + '\n')
    with pytest.raises(FileNotFoundError) as err:
        _labeled(labeled_tree)
    msg = str(err.value)
    assert str(ann) in msg and 'line 3' in msg and 'n01/gone.png' in msg


def test_missing_annotated_folder(labeled_tree):
    ann = labeled_tree / 'meta' / 'train.txt'
    ann.write_text(ann.read_text() + 'n99/x.png 0\n')
    with pytest.raises(FileNotFoundError, match='line 7: image n99/x.png'):
        _labeled(labeled_tree)


@pytest.mark.parametrize('bad', [
    'n00/n00_0.png', 'n00/n00_0.png x', 'n00/n00_0.png -1', 'n00/n00_0.png 1.5'
])
def test_malformed_line(labeled_tree, bad):
    ann = labeled_tree / 'meta' / 'train.txt'
    ann.write_text(f'n00/n00_1.png 0\n{bad}\n')
    with pytest.raises(ValueError) as err:
        _labeled(labeled_tree)
    msg = str(err.value)
    assert str(ann) in msg and 'line 2' in msg and repr(bad) in msg


def test_missing_and_empty_ann_file(labeled_tree):
    with pytest.raises(FileNotFoundError, match='meta/nothing.txt'):
        _labeled(labeled_tree, 'meta/nothing.txt')
    (labeled_tree / 'meta' / 'empty.txt').write_text('\n')
    with pytest.raises(ValueError, match='empty.txt is empty'):
        _labeled(labeled_tree, 'meta/empty.txt')


def test_labels_beyond_given_classes(labeled_tree):
    with pytest.raises(ValueError, match='labels up to 2 .* only 2 classes'):
        LabeledImageSource(
            data_root=str(labeled_tree),
            ann_file='meta/train.txt',
            data_prefix='train',
            metainfo=dict(classes=('a', 'b')))


def test_unlabeled_recursive_scan(tmp_path, write_image):
    root = tmp_path / 'million_aid' / 'test'
    images = [
        'b.JPG', 'a.png', 'sub/c.jpeg', 'sub/deeper/d.TIF', 'e.tiff', 'f.Bmp',
        'sub/g.jpg'
    ]
    for name in images:
        write_image(str(root / name))
    (root / 'readme.txt').write_text('x')
    (root / 'sub' / 'h.gif').write_bytes(b'GIF89a')
    dataset = UnlabeledImageFolder(
        data_root=str(tmp_path / 'million_aid'), data_prefix='test')
    paths = [dataset.get_data_info(i)['img_path'] for i in range(len(dataset))]
    assert paths == [str(root / p) for p in sorted(images)]
    assert 'gt_label' not in dataset.get_data_info(0)


def test_unlabeled_missing_and_empty_folder(tmp_path):
    folder = tmp_path / 'million_aid' / 'test'
    with pytest.raises(FileNotFoundError, match='does not exist') as err:
        UnlabeledImageFolder(
            data_root=str(tmp_path / 'million_aid'), data_prefix='test')
    assert str(folder) in str(err.value)
    (folder / 'sub').mkdir(parents=True)
    (folder / 'sub' / 'notes.txt').write_text('x')
    with pytest.raises(FileNotFoundError, match='holds no image') as err:
        UnlabeledImageFolder(
            data_root=str(tmp_path / 'million_aid'), data_prefix='test')
    assert str(folder) in str(err.value) and '.tiff' in str(err.value)
