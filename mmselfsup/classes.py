"""Class lists of the downstream datasets: detection in the release's order
(the order of the category ids the converters write and of the configs'
``metainfo.classes``), segmentation in mmseg's, classification in the
datasets' folder order. Configs cannot import code, so tests check that
they carry these same lists.

``SCENE_DATASETS`` is the one registry of the scene-classification
datasets: their class lists, download layout and default split, read by the
split tool (``mmselfsup.dataset_converters.make_cls_splits``), the
launchers' data hint and the tests, which check every config of
``configs_mmpretrain/`` against it. Standard library only."""
from typing import NamedTuple, Tuple

# configs_mmdet/base_settings.py of the release
DIOR_CLASSES = ('ship', 'overpass', 'tenniscourt', 'stadium', 'vehicle',
                'airplane', 'storagetank', 'dam', 'golffield', 'trainstation',
                'Expressway-Service-area', 'groundtrackfield',
                'Expressway-toll-station', 'windmill', 'airport', 'harbor',
                'baseballfield', 'basketballcourt', 'bridge', 'chimney')

# configs_mmdet/base_settings_DOTA.py of the release (DOTA v1.0)
DOTA_CLASSES = ('plane', 'baseball-diamond', 'bridge', 'ground-track-field',
                'small-vehicle', 'large-vehicle', 'ship', 'tennis-court',
                'basketball-court', 'storage-tank', 'soccer-ball-field',
                'roundabout', 'harbor', 'swimming-pool', 'helicopter')

# mmseg's LoveDADataset (the 7 classes of LoVEDA; label 0 is background)
LOVEDA_CLASSES = ('background', 'building', 'road', 'water', 'barren',
                  'forest', 'agricultural')

# EuroSAT (RGB), its class folders in alphabetical order
EUROSAT_CLASSES = ('AnnualCrop', 'Forest', 'HerbaceousVegetation', 'Highway',
                   'Industrial', 'Pasture', 'PermanentCrop', 'Residential',
                   'River', 'SeaLake')

# NWPU-RESISC45, its class folders in alphabetical order
NWPU_RESISC45_CLASSES = (
    'airplane', 'airport', 'baseball_diamond', 'basketball_court', 'beach',
    'bridge', 'chaparral', 'church', 'circular_farmland', 'cloud',
    'commercial_area', 'dense_residential', 'desert', 'forest', 'freeway',
    'golf_course', 'ground_track_field', 'harbor', 'industrial_area',
    'intersection', 'island', 'lake', 'meadow', 'medium_residential',
    'mobile_home_park', 'mountain', 'overpass', 'palace', 'parking_lot',
    'railway', 'railway_station', 'rectangular_farmland', 'river',
    'roundabout', 'runway', 'sea_ice', 'ship', 'snowberg',
    'sparse_residential', 'stadium', 'storage_tank', 'tennis_court', 'terrace',
    'thermal_power_station', 'wetland')

# UC Merced Land Use, its class folders in alphabetical order
UC_MERCED_CLASSES = ('agricultural', 'airplane', 'baseballdiamond', 'beach',
                     'buildings', 'chaparral', 'denseresidential', 'forest',
                     'freeway', 'golfcourse', 'harbor', 'intersection',
                     'mediumresidential', 'mobilehomepark', 'overpass',
                     'parkinglot', 'river', 'runway', 'sparseresidential',
                     'storagetanks', 'tenniscourt')


class SceneDataset(NamedTuple):
    """A scene-classification dataset in class folders.

    Its configs are ``configs_mmpretrain/_base_/datasets/<key>.py`` and the
    leaf configs ``<recipe>_<GeRSP|baseline>_<key>.py``, ``<key>`` being its
    key in ``SCENE_DATASETS``.
    """
    title: str  # its name in the tables and the metafile
    data_root: str  # the configs' data_root
    classes: Tuple[str, ...]  # sorted folder order = label order
    folders: Tuple[str, ...]  # below data_root, where downloads unpack to
    ratios: Tuple[str, ...]  # default train [val] test split per class
    image_ext: str  # the images' file extension

    @property
    def val_split(self) -> str:
        """The split the configs validate on: ``test`` where the default
        split has no val part."""
        return 'val' if len(self.ratios) == 3 else 'test'


SCENE_DATASETS = {
    'eurosat':
    SceneDataset('EuroSAT', 'data/EuroSAT/', EUROSAT_CLASSES,
                 ('EuroSAT_RGB', '2750'), ('0.6', '0.2', '0.2'), '.jpg'),
    'nwpu-resisc45':
    SceneDataset('NWPU-RESISC45', 'data/NWPU-RESISC45/', NWPU_RESISC45_CLASSES,
                 ('NWPU-RESISC45', ), ('0.2', '0.8'), '.jpg'),
    'uc-merced':
    SceneDataset('UC-Merced', 'data/UC-Merced/', UC_MERCED_CLASSES,
                 ('UCMerced_LandUse/Images', ), ('0.8', '0.2'), '.tif'),
}
