"""TCR's documented naming rules, each with where it is written (docs/cloud-assumptions.md, T-NAME-*).

- Namespace: `CreateNamespaceRequest.NamespaceName` in `tencentcloud/tcr/v20190924/models.py`:
  "长度2-30个字符, 只能包含小写字母、数字及分隔符, 且不能以分隔符开头、结尾或连续" (quoted with ASCII
  punctuation) — 2-30 characters, lower-case letters, digits and the separators `.`, `_`, `-`;
  no separator first, last, or next to another.
- Repository: `CreateRepositoryRequest.RepositoryName`: "长度需大于2且小于245个字符; 仅允许小写字母、
  数字及符号 . _ -" — more than 2 and fewer than 245 characters. A repository pushed with
  `docker push` may have several path components (`team/web/app`), so the Docker grammar of a
  repository path (github.com/distribution/reference) is the shape, within TCR's lengths.
- Rule names: documented nowhere (`ReplicationRule.Name`: "同步规则名称", the rule's name): the
  provider's own rule, loose enough for any name seen in TCR's console (T-NAME-3).
"""

from __future__ import annotations

import re

from ..provider.validation import REPOSITORY_RE

NAMESPACE_RE = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$")
NAMESPACE_LENGTH = (2, 30)
NAMESPACE_RULE = (
    "2-30 lower-case letters and digits, separated by single '.', '_' or '-' "
    "(TCR CreateNamespace: no separator first, last or next to another)"
)
REPOSITORY = REPOSITORY_RE
REPOSITORY_LENGTH = (3, 244)
REPOSITORY_RULE = (
    "3-244 characters: lower-case letters and digits separated by single '.', '_', '__' or runs "
    "of '-', path segments separated by '/'"
)
RULE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
