from qihub.measurement.views.spc import spc_download, spc_page

__all__ = ["spc_download", "spc_page"]
