"""Tencent Container Registry (TCR Enterprise, API 2019-09-24): state in `models`, wire in `responses`."""
