"""GeRSP's supervised head and contrastive loss as replaceable parts."""
import math

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.config import Config

from mmselfsup.models import GeRSP, GeRSPSupervisedHead
from mmselfsup.registry import MODELS
from tests.helpers import REPO
from tests.small_gersp import FEAT, batch, small_model

pytestmark = pytest.mark.usefixtures('mmselfsup_scope')


def known_head(alpha=1.0, **kwargs):
    """6 classes on 2 features: scores (x0, x1, x0 + x1, 0, -x0, -x1)."""
    head = GeRSPSupervisedHead(
        in_channels=2, num_classes=6, alpha=alpha, **kwargs)
    with torch.no_grad():
        head[0].weight.copy_(
            torch.tensor([[1., 0.], [0., 1.], [1., 1.], [0., 0.], [-1., 0.],
                          [0., -1.]]))
        head[0].bias.zero_()
    return head


FEATS = torch.tensor([[2., 1.], [0., 3.], [-1., -2.]])
LABELS = torch.tensor([2, 0, 5])


def hand_cross_entropy(scores, labels):
    return sum(
        math.log(sum(math.exp(s) for s in row)) - row[y]
        for row, y in zip(scores, labels)) / len(labels)


def test_default_head_reproduces_the_released_computation():
    head = known_head(alpha=0.5)
    out = head.loss(FEATS, LABELS)
    assert list(out) == ['sup_loss', 'sup_acc1', 'sup_acc5', 'sup_alpha']
    scores = [[2, 1, 3, 0, -2, -1], [0, 3, 3, 0, 0, -3], [-1, -2, -3, 0, 1, 2]]
    assert torch.equal(head(FEATS), torch.tensor(scores, dtype=torch.float))
    expected = 0.5 * hand_cross_entropy(scores, LABELS.tolist())
    assert float(out['sup_loss']) == pytest.approx(expected, rel=1e-6)
    # bit for bit the release's expression
    assert torch.equal(out['sup_loss'],
                       0.5 * F.cross_entropy(head(FEATS), LABELS))
    # sample 0 is right at top-1; sample 1 (class 0, tied 4th) only in the
    # top 5; sample 2 (class 5) right at top-1
    assert float(out['sup_acc1']) == pytest.approx(200 / 3)
    assert float(out['sup_acc5']) == pytest.approx(100.0)
    assert float(out['sup_alpha']) == 0.5
    assert out['sup_acc1'].shape == out['sup_alpha'].shape == ()
    assert out['sup_loss'].requires_grad
    assert not out['sup_acc1'].requires_grad


def test_top5_is_capped_at_the_number_of_classes():
    head = GeRSPSupervisedHead(in_channels=2, num_classes=3)
    out = head.loss(FEATS, torch.tensor([0, 1, 2]))
    assert float(out['sup_acc5']) == 100.0


def test_default_model_state_dict_keys_are_the_released_ones():
    torch.manual_seed(0)
    model = small_model()
    torch.manual_seed(0)
    explicit = small_model(sup_head=dict(type='mmselfsup.GeRSPSupervisedHead'))
    keys = list(model.state_dict())
    assert keys == list(explicit.state_dict())
    assert [k for k in keys if k.startswith('pred_q.')
            ] == ['pred_q.0.weight', 'pred_q.0.bias']
    assert all(
        torch.equal(v,
                    explicit.state_dict()[k])
        for k, v in model.state_dict().items())
    assert isinstance(model.pred_q, GeRSPSupervisedHead)
    assert isinstance(model.pred_q[0], nn.Linear)
    assert (model.num_classes, model.alpha) == (6, 1.0)


def test_released_config_builds_the_released_classifier():
    cfg = Config.fromfile(f'{REPO}/configs/selfsup/GeRSP/GeRSP.py')
    model = MODELS.build(cfg.model)
    shapes = {
        k: tuple(v.shape)
        for k, v in model.state_dict().items() if k.startswith('pred_q.')
    }
    assert shapes == {
        'pred_q.0.weight': (1000, 2048),
        'pred_q.0.bias': (1000, )
    }
    assert (model.num_classes, model.alpha) == (1000, 1.0)


def test_alpha_and_num_classes_are_the_heads():
    model = small_model(alpha=0.5)
    assert model.pred_q.alpha == model.alpha == 0.5
    model.alpha = 0.25
    assert model.pred_q.alpha == 0.25
    views, labels = batch()
    assert float(
        model.forward_train(views[0], labels, views[1:])['sup_alpha']) == 0.25
    assert model.num_classes == model.pred_q.num_classes == 6


def test_head_arguments_come_from_the_model_and_must_agree():
    model = small_model(sup_head=dict(type='mmselfsup.GeRSPSupervisedHead'))
    assert (model.pred_q.in_channels, model.pred_q.num_classes) == (FEAT, 6)
    small_model(
        sup_head=dict(
            type='mmselfsup.GeRSPSupervisedHead', num_classes=6, alpha=1.0))
    with pytest.raises(
            ValueError,
            match=r'sup_head.num_classes \(7\).*'
            r'model.num_classes \(6\)'):
        small_model(
            sup_head=dict(type='mmselfsup.GeRSPSupervisedHead', num_classes=7))
    with pytest.raises(ValueError, match='model.feat_in_channels'):
        small_model(
            sup_head=dict(type='mmselfsup.GeRSPSupervisedHead', in_channels=8))


def twin_losses(**sup_head):
    """forward_train of the default model and of a variant with the same
    weights (and state-dict keys), on the same batch."""
    views, labels = batch(n=4, seed=7)
    out, keys = [], []
    for cfg in (None, sup_head):
        torch.manual_seed(0)
        model = small_model(sup_head=cfg)
        keys.append(list(model.state_dict()))
        out.append(model.forward_train(views[0], labels, views[1:]))
    assert keys[0] == keys[1]
    return out


def test_label_smoothing_from_config_changes_only_sup_loss():
    eps = 0.1
    base, smooth = twin_losses(
        type='mmselfsup.GeRSPSupervisedHead',
        alpha=1.0,
        loss=dict(type='LabelSmoothLoss', label_smooth_val=eps))
    # both supervised losses by hand from the class scores
    torch.manual_seed(0)
    model = small_model()
    views, labels = batch(n=4, seed=7)
    with torch.no_grad():
        feats = F.adaptive_avg_pool2d(
            model.encoder_q(torch.cat([views[1], views[0]]))[-1], 1).flatten(1)
        scores = model.pred_q(feats[4:])
    logp = F.log_softmax(scores, dim=1)
    target = F.one_hot(labels, 6) * (1 - eps) + eps / 6
    expected = -(target * logp).sum(1).mean()
    torch.testing.assert_close(base['sup_loss'].detach(),
                               -logp[torch.arange(4), labels].mean())
    torch.testing.assert_close(smooth['sup_loss'].detach(), expected)
    assert not torch.equal(smooth['sup_loss'], base['sup_loss'])
    assert torch.equal(smooth['loss'], base['loss'])
    for key in ('sup_acc1', 'sup_acc5', 'sup_alpha'):
        assert torch.equal(smooth[key], base[key])


class SummedHead(GeRSPSupervisedHead):
    """A variant: the batch sum of the cross-entropy."""

    def classification_loss(self, cls_score, labels):
        return F.cross_entropy(cls_score, labels, reduction='sum')


def test_head_subclass_changes_only_sup_loss():
    base, summed = twin_losses(type=SummedHead)
    torch.testing.assert_close(summed['sup_loss'], 4 * base['sup_loss'])
    assert torch.equal(summed['loss'], base['loss'])


class MLPHead(GeRSPSupervisedHead):
    """A variant classifier: Linear -> ReLU -> Linear."""

    def layers(self, in_channels, num_classes):
        return [
            nn.Linear(in_channels, 8),
            nn.ReLU(),
            nn.Linear(8, num_classes)
        ]


def test_head_subclass_with_other_layers():
    model = small_model(sup_head=dict(type=MLPHead))
    assert [k for k in model.state_dict() if k.startswith('pred_q.')] == [
        'pred_q.0.weight', 'pred_q.0.bias', 'pred_q.2.weight', 'pred_q.2.bias'
    ]
    views, labels = batch()
    losses = model.forward_train(views[0], labels, views[1:])
    losses['sup_loss'].backward()
    assert model.pred_q[2].weight.grad is not None


class ScaledInfoNCE(GeRSP):
    """A variant: the contrastive loss doubled."""

    def contrastive_loss(self, q, k):
        return 2 * super().contrastive_loss(q, k)


def test_contrastive_loss_is_one_method_to_override():
    views, labels = batch(n=4, seed=2)
    out = []
    for type_ in ('GeRSP', ScaledInfoNCE):
        torch.manual_seed(0)
        model = small_model(type=type_)
        out.append(model.forward_train(views[0], labels, views[1:]))
        assert int(model.queue_ptr) == 4
    base, scaled = out
    torch.testing.assert_close(scaled['loss'], 2 * base['loss'])
    assert torch.equal(scaled['sup_loss'], base['sup_loss'])
