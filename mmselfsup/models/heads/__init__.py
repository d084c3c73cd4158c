from .gersp_supervised_head import GeRSPSupervisedHead

__all__ = ['GeRSPSupervisedHead']
