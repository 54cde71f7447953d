"""The OCI distribution client of `registry.ImageCopy` (httpx, the `registry` extra).

`media` (manifests, platforms; no httpx), `auth` (challenges and tokens), `client` (one registry,
logged in, paced, retried), `transfer` (blobs: skip, mount, stream), `copy` (one image: plan,
content, referrers, tag). Imported only when a copy runs: `check` and `diff` never need it.
"""
