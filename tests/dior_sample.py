"""A handmade DIOR sample (four images, VOC-style XML) and the COCO json
dior2coco must make of it, for the converter tests."""

from PIL import Image

# id -> (image folder, (width, height), [(class, (xmin, ymin, xmax, ymax))])
SAMPLE = {
    '00001':
    ('JPEGImages-trainval', (40, 30), [('ship', (1, 2, 11, 8)),
                                       ('airplane', (20, 5, 35, 25))]),
    '00002': ('JPEGImages-trainval', (40, 30), []),
    '00003': ('JPEGImages-trainval', (50, 20), [('chimney', (0, 0, 50, 20)),
                                                ('Expressway-Service-area',
                                                 (10, 3, 14, 9))]),
    '00004': ('JPEGImages-test', (32, 32), [('storagetank', (4, 4, 8, 8))]),
}
LISTS = {'train': ['00001', '00002'], 'val': ['00003'], 'test': ['00004']}
HBB = 'Annotations/Horizontal Bounding Boxes'

CATEGORIES = [{
    'id': 1,
    'name': 'ship'
}, {
    'id': 2,
    'name': 'overpass'
}, {
    'id': 3,
    'name': 'tenniscourt'
}, {
    'id': 4,
    'name': 'stadium'
}, {
    'id': 5,
    'name': 'vehicle'
}, {
    'id': 6,
    'name': 'airplane'
}, {
    'id': 7,
    'name': 'storagetank'
}, {
    'id': 8,
    'name': 'dam'
}, {
    'id': 9,
    'name': 'golffield'
}, {
    'id': 10,
    'name': 'trainstation'
}, {
    'id': 11,
    'name': 'Expressway-Service-area'
}, {
    'id': 12,
    'name': 'groundtrackfield'
}, {
    'id': 13,
    'name': 'Expressway-toll-station'
}, {
    'id': 14,
    'name': 'windmill'
}, {
    'id': 15,
    'name': 'airport'
}, {
    'id': 16,
    'name': 'harbor'
}, {
    'id': 17,
    'name': 'baseballfield'
}, {
    'id': 18,
    'name': 'basketballcourt'
}, {
    'id': 19,
    'name': 'bridge'
}, {
    'id': 20,
    'name': 'chimney'
}]
EXPECTED_TRAIN_VAL = {
    'images': [
        {
            'id': 1,
            'file_name': '00001.jpg',
            'width': 40,
            'height': 30
        },
        {
            'id': 2,
            'file_name': '00002.jpg',
            'width': 40,
            'height': 30
        },
        {
            'id': 3,
            'file_name': '00003.jpg',
            'width': 50,
            'height': 20
        },
    ],
    'annotations': [
        {
            'id': 1,
            'image_id': 1,
            'category_id': 1,
            'bbox': [1, 2, 10, 6],
            'area': 60,
            'iscrowd': 0,
            'segmentation': []
        },
        {
            'id': 2,
            'image_id': 1,
            'category_id': 6,
            'bbox': [20, 5, 15, 20],
            'area': 300,
            'iscrowd': 0,
            'segmentation': []
        },
        {
            'id': 3,
            'image_id': 3,
            'category_id': 20,
            'bbox': [0, 0, 50, 20],
            'area': 1000,
            'iscrowd': 0,
            'segmentation': []
        },
        {
            'id': 4,
            'image_id': 3,
            'category_id': 11,
            'bbox': [10, 3, 4, 6],
            'area': 24,
            'iscrowd': 0,
            'segmentation': []
        },
    ],
    'categories':
    CATEGORIES,
}
EXPECTED_TEST = {
    'images': [
        {
            'id': 4,
            'file_name': '00004.jpg',
            'width': 32,
            'height': 32
        },
    ],
    'annotations': [
        {
            'id': 1,
            'image_id': 4,
            'category_id': 7,
            'bbox': [4, 4, 4, 4],
            'area': 16,
            'iscrowd': 0,
            'segmentation': []
        },
    ],
    'categories':
    CATEGORIES,
}

XML = """<annotation>
\t<filename>{stem}.jpg</filename>
\t<source>
\t\t<database>DIOR</database>
\t</source>
\t<size>
\t\t<width>{width}</width>
\t\t<height>{height}</height>
\t\t<depth>3</depth>
\t</size>
\t<segmented>0</segmented>
{objects}</annotation>
"""
OBJECT = """\t<object>
\t\t<name>{name}</name>
\t\t<pose>Unspecified</pose>
\t\t<bndbox>
\t\t\t<xmin>{}</xmin>
\t\t\t<ymin>{}</ymin>
\t\t\t<xmax>{}</xmax>
\t\t\t<ymax>{}</ymax>
\t\t</bndbox>
\t</object>
"""


def write_dior(root, sample=SAMPLE, lists=LISTS, ann_dir='Annotations'):
    """Write ``sample`` in DIOR's raw layout; returns the annotation dir."""
    for stem, (folder, (w, h), objects) in sample.items():
        (root / folder).mkdir(parents=True, exist_ok=True)
        Image.new('RGB', (w, h),
                  (90, 120, 60)).save(root / folder / f'{stem}.jpg')
        xml = XML.format(
            stem=stem,
            width=w,
            height=h,
            objects=''.join(
                OBJECT.format(*box, name=name) for name, box in objects))
        (root / ann_dir).mkdir(parents=True, exist_ok=True)
        (root / ann_dir / f'{stem}.xml').write_text(xml)
    (root / 'ImageSets/Main').mkdir(parents=True, exist_ok=True)
    for subset, stems in lists.items():
        (root / f'ImageSets/Main/{subset}.txt').write_text(''.join(
            f'{s}\n' for s in stems))
    return root / ann_dir
