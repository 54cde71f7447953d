"""Emulated Huawei IAM: the project look-up the SDKs make to find a region's project id."""
