"""Class lists of the downstream datasets, in the release's order (the
order of the category ids the converters write and of the configs'
``metainfo.classes``; configs cannot import code, so a test checks that
they carry these same lists)."""

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
