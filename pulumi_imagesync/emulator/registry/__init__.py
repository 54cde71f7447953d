"""Every emulated registry also speaks the OCI distribution API, with real content.

Layout (one job per module): ``digests`` (what a digest is), ``blobs`` (bytes by digest, on disk,
streamed), ``generated`` (big deterministic layers), ``manifests`` (what a manifest references),
``content`` (what one registry holds: manifests and blob links per repository), ``seeded`` (the
images seeded tags become), ``hosts`` (a registry as its cloud sees it: tags, namespaces,
owners), ``keys``, ``credentials`` (logins the cloud APIs issue, bearer tokens), ``auth`` (the
token flow and Basic), ``routes`` (endpoints and action names), ``api`` (one function per
endpoint), ``uploads``, ``wire`` (streamed requests and responses), ``dispatch`` (faults, call
log), ``listeners`` (one port per registry), ``hub`` (what a world's registries share), ``plain``
(the plain registries of cloud ``oci``). Each cloud's own registry (its namespaces, login API and
token realm) is in its service package: ``tcr/registry.py``, ``swr/registry.py``, ``acr/registry.py``.
"""
