# ResNet-50 GeRSP full fine-tuning on your own scene classes
# (docs/own_data.md): one folder of images per class under data_root, split
# by
#   python tools/dataset_converters/make_cls_splits.py DIR --dataset custom
# into DIR/meta/{train,val,test}.txt (labels 0..N-1: the folders in sorted
# order). The recipe of resnet50_GeRSP_eurosat.py (224 px, 100 epochs); only
# the data differ. Set, here or with --cfg-options:
#   data_root=DIR
#   train_dataloader.dataset.metainfo.classes="('farmland','forest')"
# (the folder names in sorted order). The val / test sets and the head's
# num_classes follow the training classes; a label outside [0, N) is
# refused before training.
_base_ = './resnet50_GeRSP_eurosat.py'

data_root = 'data/my_scenes/'
classes = ('class_a', 'class_b')
num_classes = len(classes)
metainfo = dict(classes=classes)

train_dataloader = dict(dataset=dict(data_root=data_root, metainfo=metainfo))
val_dataloader = dict(dataset=dict(data_root=data_root, metainfo=metainfo))
test_dataloader = dict(dataset=dict(data_root=data_root, metainfo=metainfo))

model = dict(head=dict(num_classes=num_classes))
