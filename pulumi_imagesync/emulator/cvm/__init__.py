"""Tencent Cloud CVM images (API 2017-03-12): state in `models`, wire in `responses`."""
