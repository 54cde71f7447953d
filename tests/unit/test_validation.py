"""The offline checks' messages: what is wrong, in words, with the characters a reader cannot see named."""

from __future__ import annotations

from typing import Any

from pulumi_imagesync.provider.fields import Schema, common_fields, describe_value, show
from pulumi_imagesync.provider.validation import PATH_COMPONENT_RE, Checks, character_hint, describe_character
from pulumi_imagesync.tencentcloud.regions import REGIONS as TENCENT_REGIONS

REGIONS = {"ap-guangzhou", "ap-beijing"}


def failures(inputs: dict[str, Any], run: Any) -> dict[str, str]:
    checks = Checks(inputs)
    run(checks)
    return {f.property: f.reason for f in checks}


def test_a_long_value_is_shortened_in_a_message() -> None:
    assert show("a" * 10) == "'aaaaaaaaaa'"
    long = show("x" * 10_000)
    assert len(long) < 70 and long.startswith("'xxx") and "..." in long
    reason = failures(
        {"ns": "a" * 10_000}, lambda c: c.pattern("ns", PATH_COMPONENT_RE, "lower-case", maximum=64)
    )
    assert (
        reason["ns"].startswith("must be 1 to 64 characters long, got 10000: 'aaa")
        and len(reason["ns"]) < 130
    )


def test_characters_a_reader_cannot_see_or_tell_apart_are_named() -> None:
    assert describe_character("\u0430") == "U+0430 CYRILLIC SMALL LETTER A"
    assert describe_character("\n") == "U+000A LINE FEED"
    assert describe_character("\u200b") == "U+200B ZERO WIDTH SPACE"
    assert character_hint("pr\u043ed") == "; character 3 is U+043E CYRILLIC SMALL LETTER O"
    assert character_hint("prod x") == ""  # a space shows in the quoted value
    reason = failures({"ns": "pr\u043ed"}, lambda c: c.pattern("ns", PATH_COMPONENT_RE, "lower-case letters"))
    assert (
        reason["ns"]
        == "'pr\u043ed' is not valid: lower-case letters; character 3 is U+043E CYRILLIC SMALL LETTER O"
    )


def test_a_region_message_names_the_cloud_with_the_right_article_and_a_look_alike() -> None:
    reason = failures({"r": "\u0430p-beijing"}, lambda c: c.region("r", REGIONS, "Alibaba Cloud ACR"))["r"]
    assert reason == (
        "'\u0430p-beijing' is not an Alibaba Cloud ACR region; "
        "character 1 is U+0430 CYRILLIC SMALL LETTER A; did you mean ap-beijing?"
    )
    reason = failures({"r": "guangzhou"}, lambda c: c.region("r", REGIONS, "Tencent Cloud"))["r"]
    assert reason == "'guangzhou' is not a Tencent Cloud region; did you mean ap-guangzhou?"


def test_a_mistyped_region_suggests_the_nearest_names() -> None:
    def reason(value: str) -> str:
        return failures({"r": value}, lambda c: c.region("r", TENCENT_REGIONS, "Tencent Cloud"))["r"]

    assert reason("ap-guangzou") == (
        "'ap-guangzou' is not a Tencent Cloud region; did you mean ap-guangzhou, ap-guangzhou-open?"
    )
    assert reason("ap-singapre").endswith("did you mean ap-singapore?")
    assert reason("AP-SINGAPORE").endswith("did you mean ap-singapore?")
    assert reason("xx-atlantis-1") == "'xx-atlantis-1' is not a Tencent Cloud region"
    assert reason("ap") == "'ap' is not a Tencent Cloud region"  # too short to guess from


def test_a_region_list_says_which_item_is_not_a_region_name() -> None:
    assert failures({"r": ["ap-beijing", 7.0]}, lambda c: c.regions("r", REGIONS, "Tencent Cloud")) == {
        "r": "must be a list of region names, got the number 7 in it"
    }
    assert failures({"r": [None]}, lambda c: c.regions("r", REGIONS, "Tencent Cloud")) == {
        "r": "must be a list of region names, got null in it"
    }


def test_free_text_takes_any_script_but_no_invisible_character() -> None:
    assert failures({"name": "\u91d1\u8272\u955c\u50cf golden"}, lambda c: c.printable("name")) == {}
    assert failures({"name": "golden\u202e"}, lambda c: c.printable("name")) == {
        "name": "must not contain invisible or control characters; character 7 is U+202E RIGHT-TO-LEFT OVERRIDE"
    }


def test_an_opaque_token_is_visible_ascii_and_a_secret_is_never_quoted() -> None:
    assert failures({"key": "kms-1_a.b~c=="}, lambda c: c.opaque("key", "a KMS key id")) == {}
    assert failures({"key": "kms-1\n"}, lambda c: c.opaque("key", "a KMS key id")) == {
        "key": "'kms-1\\n' is not a KMS key id: only visible ASCII characters, without spaces; "
        "character 6 is U+000A LINE FEED"
    }
    reason = failures({"token": "s3cr3t value"}, lambda c: c.opaque("token", "an access token", secret=True))
    assert reason == {
        "token": "it is not an access token: only visible ASCII characters, without spaces; character 7 is U+0020 SPACE"
    }


def test_timeout_seconds_is_a_positive_number_of_seconds_up_to_a_day() -> None:
    schema = Schema(common_fields(timeout_seconds=600))

    def reason(value: Any) -> str | None:
        return dict((f.property, f.reason) for f in schema.check({"timeout_seconds": value})[1]).get(
            "timeout_seconds"
        )

    assert reason(0.6) is None and reason(86_400.0) is None and reason(None) is None
    assert reason(0.0) == "must be greater than 0 and at most 86400, got 0"
    assert reason(600_000.0) == "must be greater than 0 and at most 86400, got 600000"
    assert reason(float("nan")) == "must be a finite number, got nan"
    assert reason(float("-inf")) == "must be a finite number, got -inf"
    assert reason("600") == "must be a number, got the string '600'"


def test_numbers_are_described_as_the_program_wrote_them() -> None:
    assert describe_value(100002.0) == "the number 100002"
    assert describe_value(7.5) == "the number 7.5"
    assert describe_value(None) == "null"
