"""Provider settings: credentials, regions and endpoints from stack config or the environment.

The keys are those of the clouds' official Pulumi providers, so an existing stack's settings work
unchanged. Settings are read in the provider process (`configure()` and the inherited environment)
and never stored on the serialized provider object, so nothing secret reaches Pulumi state.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .errors import ConfigurationError

# `imagesync:*` keys of the stack config.
PROFILES_KEY = "imagesync:profiles"
ENDPOINTS_KEY = "imagesync:endpoints"
EMULATOR_KEY = "imagesync:emulator"
EMULATOR_ENV = "IMAGESYNC_EMULATOR"
REQUEST_TIMEOUT_KEY = "imagesync:requestTimeoutSeconds"
JOURNAL_DIR_KEY = "imagesync:journalDir"
MAX_CONCURRENT_CALLS_KEY = "imagesync:maxConcurrentCalls"


@dataclass(frozen=True)
class Setting:
    """One setting: its key in a cloud's config namespace and its environment variables."""

    key: str
    env: tuple[str, ...]


@dataclass(frozen=True)
class CloudKeys:
    """Where one cloud's settings live."""

    label: str
    namespace: str
    access_key: Setting
    secret_key: Setting
    security_token: Setting
    region: Setting
    extra: Mapping[str, Setting] = field(default_factory=dict)

    def config_key(self, setting: Setting) -> str:
        return f"{self.namespace}:{setting.key}"


CLOUDS: dict[str, CloudKeys] = {
    "tencentcloud": CloudKeys(
        label="Tencent Cloud",
        namespace="tencentcloud",
        access_key=Setting("secretId", ("TENCENTCLOUD_SECRET_ID",)),
        secret_key=Setting("secretKey", ("TENCENTCLOUD_SECRET_KEY",)),
        security_token=Setting("securityToken", ("TENCENTCLOUD_SECURITY_TOKEN",)),
        region=Setting("region", ("TENCENTCLOUD_REGION",)),
    ),
    "huaweicloud": CloudKeys(
        label="Huawei Cloud",
        namespace="huaweicloud",
        access_key=Setting("accessKey", ("HW_ACCESS_KEY",)),
        secret_key=Setting("secretKey", ("HW_SECRET_KEY",)),
        security_token=Setting("securityToken", ("HW_SECURITY_TOKEN",)),
        region=Setting("region", ("HW_REGION_NAME",)),
        extra={"projectId": Setting("projectId", ("HW_PROJECT_ID",))},
    ),
    "alibabacloud": CloudKeys(
        label="Alibaba Cloud",
        namespace="alicloud",
        access_key=Setting("accessKey", ("ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID")),
        secret_key=Setting("secretKey", ("ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET")),
        security_token=Setting("securityToken", ("ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN")),
        region=Setting("region", ("ALICLOUD_REGION", "ALIBABA_CLOUD_REGION_ID")),
    ),
}


class ConfigSource(Protocol):
    """What `pulumi.dynamic.Config` offers: namespaced look-ups."""

    def get(self, key: str) -> Any: ...


@dataclass(frozen=True, repr=False)
class Credentials:
    """An access key pair, with the security token of temporary credentials."""

    access_key_id: str
    access_key_secret: str
    security_token: str | None = None

    def __repr__(self) -> str:  # never print a secret, not even in a traceback
        return f"Credentials(access_key_id={self.access_key_id!r}, access_key_secret=***)"


def _all_keys() -> list[str]:
    """Every stack config key the provider reads (`configure()` only asks for these)."""
    keys = [
        PROFILES_KEY,
        ENDPOINTS_KEY,
        EMULATOR_KEY,
        REQUEST_TIMEOUT_KEY,
        JOURNAL_DIR_KEY,
        MAX_CONCURRENT_CALLS_KEY,
    ]
    for cloud in CLOUDS.values():
        for setting in (cloud.access_key, cloud.secret_key, cloud.security_token, cloud.region):
            keys.append(cloud.config_key(setting))
        keys.extend(cloud.config_key(s) for s in cloud.extra.values())
    return keys


def _structured(key: str, value: Any) -> dict[str, Any]:
    """Structured stack config arrives as a JSON string or as an object, depending on the engine."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ConfigurationError(f"stack config {key} is not valid JSON: {exc.msg}") from None
    if not isinstance(value, dict):
        raise ConfigurationError(f"stack config {key} must be an object, got {type(value).__name__}")
    return value


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


@dataclass(frozen=True, repr=False)
class Settings:
    """The settings the provider process runs with.

    ``config`` holds the stack config values under their namespaced keys; ``environ`` the
    environment variables. Stack config wins over the environment.
    """

    config: Mapping[str, Any] = field(default_factory=dict)
    environ: Mapping[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Settings(keys={sorted(k for k, v in self.config.items() if v is not None)})"

    @classmethod
    def load(cls, source: ConfigSource | None, environ: Mapping[str, str] | None = None) -> Settings:
        values = {}
        if source is not None:
            values = {key: source.get(key) for key in _all_keys()}
        return cls(
            {k: v for k, v in values.items() if v is not None},
            dict(os.environ if environ is None else environ),
        )

    # -- plain look-ups ------------------------------------------------------------------------

    def _lookup(self, cloud: CloudKeys, setting: Setting) -> str | None:
        value = _clean(self.config.get(cloud.config_key(setting)))
        if value is not None:
            return value
        for name in setting.env:
            value = _clean(self.environ.get(name))
            if value is not None:
                return value
        return None

    @property
    def emulator_url(self) -> str | None:
        url = _clean(self.config.get(EMULATOR_KEY)) or _clean(self.environ.get(EMULATOR_ENV))
        return url.rstrip("/") if url else None

    def profile(self, name: str) -> dict[str, Any]:
        profiles = _structured(PROFILES_KEY, self.config.get(PROFILES_KEY))
        if name not in profiles:
            known = ", ".join(sorted(profiles)) or "none"
            raise ConfigurationError(
                f"profile {name!r} is not defined in the stack config {PROFILES_KEY} (defined: {known}); "
                f"add it with `pulumi config set --secret --path '{PROFILES_KEY}.{name}.<cloud>.<key>' ...`"
            )
        profile = profiles[name]
        if not isinstance(profile, dict):
            raise ConfigurationError(f"{PROFILES_KEY}.{name} must be an object")
        return profile

    def _profile_section(self, cloud: CloudKeys, profile: str) -> dict[str, Any]:
        section = self.profile(profile).get(cloud.namespace) or {}
        if not isinstance(section, dict):
            raise ConfigurationError(f"{PROFILES_KEY}.{profile}.{cloud.namespace} must be an object")
        return section

    # -- what resources ask for ----------------------------------------------------------------

    def credentials(self, cloud_name: str, profile: str | None = None) -> Credentials:
        """The key pair for a cloud, from a named profile or from the stack config / environment."""
        cloud = CLOUDS[cloud_name]
        if profile:
            section = self._profile_section(cloud, profile)
            access = _clean(section.get(cloud.access_key.key))
            secret = _clean(section.get(cloud.secret_key.key))
            missing = [
                s.key for s, v in ((cloud.access_key, access), (cloud.secret_key, secret)) if v is None
            ]
            if missing:
                commands = " and ".join(
                    f"`pulumi config set --secret --path '{PROFILES_KEY}.{profile}.{cloud.namespace}.{key}' ...`"
                    for key in missing
                )
                raise ConfigurationError(
                    f"profile {profile!r} has no {cloud.label} {' and no '.join(missing)}: set "
                    f"{'them' if len(missing) > 1 else 'it'} with {commands}"
                )
            token = _clean(section.get(cloud.security_token.key))
            return Credentials(str(access), str(secret), token)

        access = self._lookup(cloud, cloud.access_key)
        secret = self._lookup(cloud, cloud.secret_key)
        for setting, value in ((cloud.access_key, access), (cloud.secret_key, secret)):
            if value is None:
                raise ConfigurationError(
                    f"{cloud.label} credentials are missing: set the stack config {cloud.config_key(setting)} "
                    f"(pulumi config set --secret {cloud.config_key(setting)} ...) "
                    f"or the environment variable {' / '.join(setting.env)}"
                )
        return Credentials(str(access), str(secret), self._lookup(cloud, cloud.security_token))

    def region(self, cloud_name: str, profile: str | None = None) -> str | None:
        """The default region of a cloud: the profile's, else the stack config's, else the environment's."""
        cloud = CLOUDS[cloud_name]
        if profile:
            region = _clean(self._profile_section(cloud, profile).get(cloud.region.key))
            if region:
                return region
        return self._lookup(cloud, cloud.region)

    def region_hint(self, cloud_name: str) -> str:
        """How to set a cloud's default region, for error messages."""
        cloud = CLOUDS[cloud_name]
        return f"the stack config {cloud.config_key(cloud.region)} or the environment variable {cloud.region.env[0]}"

    def extra(self, cloud_name: str, key: str, profile: str | None = None) -> str | None:
        """A cloud-specific setting (e.g. Huawei's `projectId`)."""
        cloud = CLOUDS[cloud_name]
        if profile:
            value = _clean(self._profile_section(cloud, profile).get(key))
            if value:
                return value
        return self._lookup(cloud, cloud.extra[key])

    def endpoint(self, service: str, region: str) -> str | None:
        """The URL to call for a service in a region, or None for the cloud's public endpoint.

        The emulator, when configured, takes every service of every region; otherwise
        `imagesync:endpoints` maps service -> region (or "*") -> URL.
        """
        if self.emulator_url:
            return self.emulator_url
        return self.configured_endpoint(service, region)

    def configured_endpoint(self, service: str, key: str) -> str | None:
        """What `imagesync:endpoints` says for a service and key (a region, or a registry), the
        emulator aside: registries answer on endpoints of their own, also in the emulator."""
        table = _structured(ENDPOINTS_KEY, self.config.get(ENDPOINTS_KEY))
        per_key = table.get(service) or {}
        if isinstance(per_key, str):
            return per_key.rstrip("/")
        url = per_key.get(key) or per_key.get("*")
        return str(url).rstrip("/") if url else None
