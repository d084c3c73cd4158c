from .gersp import GeRSP

__all__ = ['GeRSP']
