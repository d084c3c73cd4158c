from .data_guard_hook import DataGuardHook
from .knn_monitor_hook import KNNMonitorHook
from .nonfinite_guard_hook import NonFiniteGuardHook

__all__ = ['DataGuardHook', 'KNNMonitorHook', 'NonFiniteGuardHook']
