from .gersp_projector import GeRSPProjector

__all__ = ['GeRSPProjector']
