"""Emulated Huawei SWR v2 (shared edition): namespaces, repositories, tags, image sync rules and jobs."""
