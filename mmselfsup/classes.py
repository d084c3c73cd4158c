"""Class lists of the downstream datasets: detection in the release's order
(the order of the category ids the converters write and of the configs'
``metainfo.classes``), segmentation in mmseg's, classification in the
datasets' folder order. Configs cannot import code, so tests check that
they carry these same lists."""

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
