# GeRSP pre-training on your own data (docs/own_data.md): the release's
# recipe (GeRSP.py) with the two sources moved. Set, here or with
# --cfg-options:
#   train_dataloader.dataset.unlabeled.data_root / .data_prefix
#       a folder of unlabeled images (found recursively under
#       data_root/data_prefix);
#   train_dataloader.dataset.labeled.data_root / .ann_file / .data_prefix
#       labeled images: ann_file lists `relative/path.jpg <label>` lines
#       (paths relative to data_root/data_prefix), or ann_file='' to take the
#       class sub-folders of data_root/data_prefix, sorted by name;
#   model.num_classes
#       the number of labeled classes.
_base_ = './GeRSP.py'

model = dict(num_classes=1000)

train_dataloader = dict(
    dataset=dict(
        labeled=dict(
            data_root='data/my_labeled',
            ann_file='meta/train.txt',
            data_prefix='train'),
        unlabeled=dict(data_root='data/my_unlabeled', data_prefix='')))
