"""Alibaba Cloud Container Registry Enterprise (API cr 2018-12-01): state in `models`, wire in `responses`."""
