"""zuoye (作业): homework question answering on Baidu ERNIE."""

__version__ = "0.1.0"
