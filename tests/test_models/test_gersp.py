"""GeRSP algorithm checked against independent hand computation."""
import copy

import pytest
import torch
import torch.nn.functional as F
import torchvision
from mmengine.config import Config
from mmpretrain.structures import DataSample

from mmselfsup.registry import MODELS
from tests.helpers import REPO
from tests.small_gersp import batch, small_model

pytestmark = pytest.mark.usefixtures('mmselfsup_scope')


def params(module):
    return [p.detach().clone() for p in module.parameters()]


def pooled(encoder, x):
    return F.adaptive_avg_pool2d(encoder(x)[-1], 1).flatten(1)


def expected_keys(model, im_k):
    """Teacher keys computed by hand from a copy of the model."""
    ref = copy.deepcopy(model)
    m = ref.momentum
    with torch.no_grad():
        for pk, pq in zip(ref.encoder_k.parameters(),
                          ref.encoder_q.parameters()):
            pk.copy_(m * pk + (1 - m) * pq)
        if ref.ema_projector:
            for pk, pq in zip(ref.proj_k.parameters(),
                              ref.proj_q.parameters()):
                pk.copy_(m * pk + (1 - m) * pq)
        return F.normalize(ref.proj_k(pooled(ref.encoder_k, im_k)), dim=1)


def test_teacher_is_a_copy_after_init_weights():
    model = small_model()
    for pq, pk in zip(model.encoder_q.parameters(),
                      model.encoder_k.parameters()):
        assert torch.equal(pq, pk)
        assert pq.data_ptr() != pk.data_ptr()
        assert not pk.requires_grad
    for pq, pk in zip(model.proj_q.parameters(), model.proj_k.parameters()):
        assert torch.equal(pq, pk)
        assert not pk.requires_grad


def test_momentum_update_arithmetic():
    model = small_model(momentum=0.75)
    with torch.no_grad():
        for p in model.encoder_k.parameters():
            p.normal_()
    q0, k0 = params(model.encoder_q), params(model.encoder_k)
    model.momentum_update()
    for q, k, new in zip(q0, k0, model.encoder_k.parameters()):
        torch.testing.assert_close(new, 0.75 * k + 0.25 * q)
    # the student is untouched
    for q, now in zip(q0, model.encoder_q.parameters()):
        assert torch.equal(q, now)


@pytest.mark.parametrize('ema_projector', [False, True])
def test_teacher_projector_frozen_or_ema(ema_projector):
    model = small_model(ema_projector=ema_projector)
    with torch.no_grad():  # make student and teacher projectors differ
        for p in model.proj_q.parameters():
            p.add_(1.0)
    pq0, pk0 = params(model.proj_q), params(model.proj_k)
    views, labels = batch()
    for _ in range(2):
        model.forward_train(views[0], labels, views[1:])
    for q, k, now in zip(pq0, pk0, model.proj_k.parameters()):
        if ema_projector:
            m = model.momentum
            torch.testing.assert_close(now,
                                       m * (m * k + (1 - m) * q) + (1 - m) * q)
        else:
            assert torch.equal(now, k)


def test_losses_match_hand_computation():
    model = small_model()
    views, labels = batch(n=4, seed=3)
    img_l, im_q, im_k = views
    ref = copy.deepcopy(model)
    queue0 = model.queue.clone()

    losses = model.forward_train([img_l], [labels], [im_q, im_k])

    with torch.no_grad():
        feats = pooled(ref.encoder_q, torch.cat([im_q, img_l]))
        q = F.normalize(ref.proj_q(feats[:4]), dim=1)
        k = expected_keys(ref, im_k)
        logits = torch.cat([(q * k).sum(1, keepdim=True), q @ queue0],
                           dim=1) / 0.07
        infonce = F.cross_entropy(logits, torch.zeros(4, dtype=torch.long))
        cls_score = feats[4:] @ ref.pred_q[0].weight.t() + ref.pred_q[0].bias
        sup = F.cross_entropy(cls_score, labels)
        top1 = (cls_score.argmax(1) == labels).float().mean() * 100
        top5 = (cls_score.topk(5, dim=1).indices
                == labels[:, None]).any(1).float().mean() * 100

    assert set(losses) == {
        'loss', 'sup_loss', 'sup_acc1', 'sup_acc5', 'sup_alpha'
    }
    torch.testing.assert_close(losses['loss'], infonce, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(losses['sup_loss'], sup, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(losses['sup_acc1'], top1)
    torch.testing.assert_close(losses['sup_acc5'], top5)
    assert float(losses['sup_alpha']) == 1.0
    assert losses['loss'].requires_grad and losses['sup_loss'].requires_grad


def test_alpha_weights_supervised_loss():
    views, labels = batch()
    torch.manual_seed(0)
    base = small_model()
    weighted = copy.deepcopy(base)
    weighted.alpha = 0.25
    l1 = base.forward_train(views[0], labels, views[1:])
    l2 = weighted.forward_train(views[0], labels, views[1:])
    torch.testing.assert_close(l2['sup_loss'], 0.25 * l1['sup_loss'])
    torch.testing.assert_close(l2['loss'], l1['loss'])
    assert float(l2['sup_alpha']) == 0.25


def test_queue_contents_and_pointer_after_several_steps():
    model = small_model(queue_len=12)  # batch 4 -> wraps after 3 steps
    initial = model.queue.clone()
    written = []
    for step in range(4):
        views, labels = batch(n=4, size=64, seed=step)
        written.append(expected_keys(model, views[2]))
        model.forward_train(views[0], labels, views[1:])
        assert int(model.queue_ptr) == (4 * (step + 1)) % 12
        if step == 1:
            torch.testing.assert_close(
                model.queue[:, :8],
                torch.cat(written).t(),
                rtol=1e-4,
                atol=1e-5)
            assert torch.equal(model.queue[:, 8:], initial[:, 8:])
    # step 3 overwrote columns 0-3 (FIFO), columns 4-11 hold steps 1-2
    expected = torch.cat([written[3], *written[1:3]]).t()
    torch.testing.assert_close(model.queue, expected, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(model.queue.norm(dim=0), torch.ones(12))


def test_queue_length_must_divide_global_batch():
    model = small_model(queue_len=7)
    views, labels = batch(n=2)
    with pytest.raises(ValueError, match=r'queue_len \(7\).*global batch'):
        model.forward_train(views[0], labels, views[1:])


def test_loss_entry_equals_forward_train():
    model = small_model()
    twin = copy.deepcopy(model)
    views, labels = batch(n=2, seed=5)
    samples = [DataSample().set_gt_label(int(y)) for y in labels]
    a = model.loss(views, samples)
    b = twin.forward_train([views[0]], [labels], views[1:])
    for key in a:
        torch.testing.assert_close(a[key], b[key])
    assert torch.equal(model.queue, twin.queue)


def test_parse_losses_logs_the_total_as_loss_and_infonce_apart():
    """The release's loss parser overwrites the logged ``loss`` with the
    total (mmselfsup 0.x BaseModel._parse_losses); InfoNCE is logged as
    ``infonce``."""
    model = small_model()
    views, labels = batch()
    losses = model.forward_train(views[0], labels, views[1:])
    total, log_vars = model.parse_losses(losses)
    torch.testing.assert_close(total, losses['loss'] + losses['sup_loss'])
    assert total.requires_grad
    assert list(log_vars) == [
        'loss', 'infonce', 'sup_loss', 'sup_acc1', 'sup_acc5', 'sup_alpha'
    ]
    torch.testing.assert_close(log_vars['loss'], total.detach())
    torch.testing.assert_close(log_vars['infonce'], losses['loss'].detach())
    torch.testing.assert_close(log_vars['sup_loss'],
                               losses['sup_loss'].detach())
    assert not any(v.requires_grad for v in log_vars.values())


def test_state_dict_names_and_aliases():
    model = small_model()
    assert model.backbone is model.encoder_q
    assert model.neck is model.proj_q
    keys = set(model.state_dict())
    prefixes = {k.split('.')[0] for k in keys}
    assert prefixes == {
        'encoder_q', 'backbone', 'encoder_k', 'proj_q', 'neck', 'proj_k',
        'pred_q', 'queue', 'queue_ptr'
    }
    for name in ('proj_q', 'proj_k', 'neck'):
        assert {k
                for k in keys if k.startswith(name + '.')} == {
                    f'{name}.projector.{i}.{p}'
                    for i in (0, 2)
                    for p in ('weight', 'bias')
                }
    assert {k
            for k in keys if k.startswith('pred_q.')
            } == {'pred_q.0.weight', 'pred_q.0.bias'}
    q_keys = {
        k[len('encoder_q.'):]
        for k in keys if k.startswith('encoder_q.')
    }
    assert q_keys == {
        k[len('backbone.'):]
        for k in keys if k.startswith('backbone.')
    }
    assert q_keys == {
        k[len('encoder_k.'):]
        for k in keys if k.startswith('encoder_k.')
    }
    assert model.state_dict()['queue_ptr'].dtype == torch.long


def released_state_dict():
    """A state dict laid out like the original release's full checkpoint."""
    torch.manual_seed(0)
    resnet = {
        k: v
        for k, v in torchvision.models.resnet50().state_dict().items()
        if not k.startswith('fc.')
    }
    teacher = {
        k: v + 1 if v.is_floating_point() else v
        for k, v in resnet.items()
    }
    proj = {
        'projector.0.weight': torch.randn(2048, 2048),
        'projector.0.bias': torch.randn(2048),
        'projector.2.weight': torch.randn(128, 2048),
        'projector.2.bias': torch.randn(128)
    }
    sd = {}
    for prefix, part in (('encoder_q', resnet), ('backbone', resnet),
                         ('encoder_k', teacher), ('proj_q', proj),
                         ('neck', proj), ('proj_k', proj)):
        sd.update({f'{prefix}.{k}': v for k, v in part.items()})
    sd['pred_q.0.weight'] = torch.randn(1000, 2048)
    sd['pred_q.0.bias'] = torch.randn(1000)
    sd['queue'] = F.normalize(torch.randn(128, 65536), dim=0)
    sd['queue_ptr'] = torch.tensor([256])
    return sd


def test_released_checkpoint_loads_strictly():
    cfg = Config.fromfile(f'{REPO}/configs/selfsup/GeRSP/GeRSP.py')
    model = MODELS.build(cfg.model)
    assert type(model).__name__ == 'GeRSP'
    sd = released_state_dict()
    result = model.load_state_dict(sd, strict=True)
    assert not result.missing_keys and not result.unexpected_keys
    own = model.state_dict()
    for key in ('encoder_q.layer4.2.conv3.weight', 'backbone.bn1.running_var',
                'encoder_k.layer1.0.downsample.1.weight',
                'proj_k.projector.2.bias', 'pred_q.0.weight', 'queue'):
        assert torch.equal(own[key], sd[key])
    assert int(model.queue_ptr) == 256
