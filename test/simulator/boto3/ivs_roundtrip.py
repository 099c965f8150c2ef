"""IVS and IVS RealTime through plain boto3 clients, against a running ivs-store simulator.

Run by test/simulator/boto3.test.ts, which starts the simulator and passes its endpoint,
region and credentials in IVS_SIM_* variables. The clients are configured the way a user
would point them at any endpoint: endpoint_url, region_name and the two keys, nothing else.

Prints one line per case, "PASS <name>" or "FAIL <name>: <reason>", then
"SUMMARY passed=<n> failed=<n>"; exits 1 if any case failed.
"""

import datetime
import os
import re
import sys
import traceback

import boto3
from botocore.exceptions import ClientError

ENDPOINT = os.environ["IVS_SIM_ENDPOINT"]
REGION = os.environ["IVS_SIM_REGION"]
KEY_ID = os.environ["IVS_SIM_ACCESS_KEY_ID"]
SECRET = os.environ["IVS_SIM_SECRET_ACCESS_KEY"]


def client(service):
    return boto3.client(
        service,
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
    )


ivs = client("ivs")
realtime = client("ivs-realtime")


def arn_pattern(resource_type):
    return re.compile(r"^arn:aws:ivs:%s:\d{12}:%s/[a-zA-Z0-9-]+$" % (re.escape(REGION), resource_type))


CHANNEL_ARN = arn_pattern("channel")
STREAM_KEY_ARN = arn_pattern("stream-key")
STAGE_ARN = arn_pattern("stage")

CASES = []


class State(dict):
    """What earlier cases made; a missing entry names the case that did not make it."""

    def __missing__(self, key):
        raise AssertionError("needs %r, which an earlier case failed to make" % key)


state = State()


def case(fn):
    CASES.append(fn)
    return fn


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def expect_error(call, code, status):
    """Runs call, which must fail with a botocore ClientError carrying this code and status."""
    try:
        call()
    except ClientError as err:
        got = err.response["Error"]["Code"]
        got_status = err.response["ResponseMetadata"]["HTTPStatusCode"]
        check(got == code, "expected %s, got %s (%s)" % (code, got, err))
        check(got_status == status, "expected HTTP %d for %s, got %d" % (status, code, got_status))
        return err
    raise AssertionError("expected %s, but the call succeeded" % code)


def missing_arn(resource_type, like_arn):
    """A well-formed ARN, in the same account as like_arn, that names nothing."""
    account = like_arn.split(":")[4]
    return "arn:aws:ivs:%s:%s:%s/abcdEFGH1234" % (REGION, account, resource_type)


def new_channel(**kwargs):
    return ivs.create_channel(**kwargs)["channel"]


# IVS: channels


@case
def create_channel_with_defaults():
    out = ivs.create_channel()
    channel, key = out["channel"], out["streamKey"]
    check(CHANNEL_ARN.match(channel["arn"]), "channel ARN %r" % channel["arn"])
    check(channel["latencyMode"] == "LOW", "default latencyMode %r" % channel["latencyMode"])
    check(channel["type"] == "STANDARD", "default type %r" % channel["type"])
    check(channel["authorized"] is False, "default authorized")
    check(channel["ingestEndpoint"] and channel["playbackUrl"].startswith("https://"), "ingest and playback URLs")
    check(STREAM_KEY_ARN.match(key["arn"]) and key["channelArn"] == channel["arn"], "the channel's stream key")
    check(key["value"], "the stream key value")
    state["default_channel"] = channel


@case
def create_channel_with_name_latency_type_and_tags():
    channel = new_channel(name="boto-full", latencyMode="NORMAL", type="BASIC", tags={"team": "video", "env": "test"})
    check(channel["name"] == "boto-full", "name %r" % channel["name"])
    check(channel["latencyMode"] == "NORMAL" and channel["type"] == "BASIC", "latency and type")
    check(channel["tags"] == {"team": "video", "env": "test"}, "tags %r" % channel["tags"])
    state["full_channel"] = channel


@case
def list_channels():
    listed = ivs.list_channels()["channels"]
    arns = {c["arn"] for c in listed}
    check(state["default_channel"]["arn"] in arns and state["full_channel"]["arn"] in arns, "both channels listed")
    summary = next(c for c in listed if c["arn"] == state["full_channel"]["arn"])
    check(summary["name"] == "boto-full" and summary["latencyMode"] == "NORMAL", "summary fields")


@case
def list_channels_filter_by_name():
    new_channel(name="boto-filter-only")
    listed = ivs.list_channels(filterByName="boto-filter-only")["channels"]
    check([c["name"] for c in listed] == ["boto-filter-only"], "filtered %r" % [c["name"] for c in listed])


@case
def list_channels_filter_by_recording_configuration_arn():
    config = ivs.create_recording_configuration(
        name="boto-recording", destinationConfiguration={"s3": {"bucketName": "boto-recordings"}}
    )["recordingConfiguration"]
    check(arn_pattern("recording-configuration").match(config["arn"]), "recording configuration ARN %r" % config["arn"])
    recorded = new_channel(name="boto-recorded", recordingConfigurationArn=config["arn"])
    listed = ivs.list_channels(filterByRecordingConfigurationArn=config["arn"])["channels"]
    check([c["arn"] for c in listed] == [recorded["arn"]], "filtered %r" % [c["arn"] for c in listed])


@case
def list_channels_filters_together_conflict():
    expect_error(
        lambda: ivs.list_channels(filterByName="x", filterByRecordingConfigurationArn=missing_arn("recording-configuration", state["full_channel"]["arn"])),
        "ConflictException",
        409,
    )


@case
def list_channels_paginates_with_max_results_and_next_token():
    created = {new_channel(name="boto-page-%d" % i)["arn"] for i in range(5)}
    pages, token = [], None
    while True:
        kwargs = {"filterByName": "boto-page-", "maxResults": 2}
        if token:
            kwargs["nextToken"] = token
        out = ivs.list_channels(**kwargs)
        pages.append([c["arn"] for c in out["channels"]])
        token = out.get("nextToken")
        if not token:
            break
        check(len(pages) < 10, "pagination does not end")
    check([len(p) for p in pages] == [2, 2, 1], "page sizes %r" % [len(p) for p in pages])
    check(set(sum(pages, [])) == created, "pages hold every channel once")


@case
def get_channel():
    created = state["full_channel"]
    channel = ivs.get_channel(arn=created["arn"])["channel"]
    for field in ("arn", "name", "latencyMode", "type", "playbackUrl", "ingestEndpoint", "tags"):
        check(channel[field] == created[field], "%s: %r != %r" % (field, channel[field], created[field]))


@case
def get_channel_not_found():
    err = expect_error(lambda: ivs.get_channel(arn=missing_arn("channel", state["full_channel"]["arn"])), "ResourceNotFoundException", 404)
    check(err.response.get("exceptionMessage"), "the exceptionMessage member")


@case
def batch_get_channel_reports_a_missing_arn_in_errors():
    present = state["full_channel"]["arn"]
    missing = missing_arn("channel", present)
    out = ivs.batch_get_channel(arns=[present, missing])
    check([c["arn"] for c in out["channels"]] == [present], "channels %r" % out["channels"])
    check(len(out["errors"]) == 1, "errors %r" % out["errors"])
    check(out["errors"][0]["arn"] == missing and out["errors"][0]["code"] == "ResourceNotFoundException", "error %r" % out["errors"][0])


@case
def update_channel():
    arn = new_channel(name="boto-before")["arn"]
    updated = ivs.update_channel(arn=arn, name="boto-after", latencyMode="NORMAL", type="BASIC")["channel"]
    check((updated["name"], updated["latencyMode"], updated["type"]) == ("boto-after", "NORMAL", "BASIC"), "update output %r" % updated)
    got = ivs.get_channel(arn=arn)["channel"]
    check((got["name"], got["latencyMode"], got["type"]) == ("boto-after", "NORMAL", "BASIC"), "stored %r" % got)


@case
def delete_channel():
    arn = new_channel(name="boto-doomed")["arn"]
    out = ivs.delete_channel(arn=arn)
    check(out["ResponseMetadata"]["HTTPStatusCode"] == 204, "status %d" % out["ResponseMetadata"]["HTTPStatusCode"])
    expect_error(lambda: ivs.get_channel(arn=arn), "ResourceNotFoundException", 404)


@case
def get_stream_on_an_offline_channel_is_channel_not_broadcasting():
    expect_error(lambda: ivs.get_stream(channelArn=state["full_channel"]["arn"]), "ChannelNotBroadcasting", 404)


# IVS: stream keys


@case
def create_stream_key():
    channel = new_channel(name="boto-keys")
    keys = ivs.list_stream_keys(channelArn=channel["arn"])["streamKeys"]
    check(len(keys) == 1, "CreateChannel made one key: %r" % keys)
    expect_error(lambda: ivs.create_stream_key(channelArn=channel["arn"]), "ServiceQuotaExceededException", 402)
    ivs.delete_stream_key(arn=keys[0]["arn"])
    key = ivs.create_stream_key(channelArn=channel["arn"], tags={"rotated": "yes"})["streamKey"]
    check(STREAM_KEY_ARN.match(key["arn"]) and key["channelArn"] == channel["arn"], "key %r" % key)
    check(key["value"] and key["tags"] == {"rotated": "yes"}, "value and tags")
    state["key"] = key


@case
def get_stream_key():
    key = ivs.get_stream_key(arn=state["key"]["arn"])["streamKey"]
    check(key == state["key"], "%r != %r" % (key, state["key"]))


@case
def list_stream_keys():
    keys = ivs.list_stream_keys(channelArn=state["key"]["channelArn"])["streamKeys"]
    check([k["arn"] for k in keys] == [state["key"]["arn"]], "keys %r" % keys)
    check("value" not in keys[0], "summaries leave out the secret value")


@case
def delete_stream_key():
    arn = state["key"]["arn"]
    out = ivs.delete_stream_key(arn=arn)
    check(out["ResponseMetadata"]["HTTPStatusCode"] == 204, "status %d" % out["ResponseMetadata"]["HTTPStatusCode"])
    expect_error(lambda: ivs.get_stream_key(arn=arn), "ResourceNotFoundException", 404)
    check(ivs.list_stream_keys(channelArn=state["key"]["channelArn"])["streamKeys"] == [], "no keys left")


# IVS: tags (ARN percent-encoded in the path, keys in the query)


@case
def tag_untag_and_list_tags():
    arn = state["full_channel"]["arn"]
    ivs.tag_resource(resourceArn=arn, tags={"stage": "prod", "owner": "a+b@example.com"})
    tags = ivs.list_tags_for_resource(resourceArn=arn)["tags"]
    check(tags == {"team": "video", "env": "test", "stage": "prod", "owner": "a+b@example.com"}, "after tagging %r" % tags)
    ivs.untag_resource(resourceArn=arn, tagKeys=["env", "owner"])
    tags = ivs.list_tags_for_resource(resourceArn=arn)["tags"]
    check(tags == {"team": "video", "stage": "prod"}, "after untagging %r" % tags)


# IVS RealTime: stages and participant tokens


@case
def create_stage():
    stage = realtime.create_stage(name="boto-stage", tags={"room": "1"})["stage"]
    check(STAGE_ARN.match(stage["arn"]), "stage ARN %r" % stage["arn"])
    check(stage["name"] == "boto-stage" and stage["tags"] == {"room": "1"}, "name and tags")
    state["stage"] = stage


@case
def get_stage():
    stage = realtime.get_stage(arn=state["stage"]["arn"])["stage"]
    check(stage["arn"] == state["stage"]["arn"] and stage["name"] == "boto-stage", "stage %r" % stage)


@case
def list_stages():
    realtime.create_stage(name="boto-stage-2")
    first = realtime.list_stages(maxResults=1)
    check(len(first["stages"]) == 1 and first.get("nextToken"), "a first page of one with a token")
    arns = {s["arn"] for s in realtime.list_stages()["stages"]}
    check(state["stage"]["arn"] in arns, "the stage is listed")


@case
def update_stage():
    stage = realtime.update_stage(arn=state["stage"]["arn"], name="boto-stage-renamed")["stage"]
    check(stage["name"] == "boto-stage-renamed", "update output %r" % stage["name"])
    check(realtime.get_stage(arn=state["stage"]["arn"])["stage"]["name"] == "boto-stage-renamed", "stored name")


@case
def create_participant_token():
    token = realtime.create_participant_token(
        stageArn=state["stage"]["arn"],
        userId="boto-user",
        duration=60,
        capabilities=["PUBLISH", "SUBSCRIBE"],
        attributes={"displayName": "Boto"},
    )["participantToken"]
    check(token["token"].count(".") == 2, "a JWT-shaped token")
    check(token["participantId"] and token["userId"] == "boto-user", "participant id and user id")
    check(sorted(token["capabilities"]) == ["PUBLISH", "SUBSCRIBE"], "capabilities %r" % token["capabilities"])
    expires = token["expirationTime"]
    check(isinstance(expires, datetime.datetime), "expirationTime parsed as a datetime")
    left = expires - datetime.datetime.now(datetime.timezone.utc)
    check(datetime.timedelta(minutes=55) < left <= datetime.timedelta(minutes=61), "expires in about 60 minutes: %s" % left)


@case
def delete_stage():
    arn = state["stage"]["arn"]
    realtime.delete_stage(arn=arn)
    expect_error(lambda: realtime.get_stage(arn=arn), "ResourceNotFoundException", 404)


def main():
    failed = 0
    for fn in CASES:
        try:
            fn()
            print("PASS %s" % fn.__name__, flush=True)
        except Exception as err:  # a case's failure is reported, and the next case still runs
            failed += 1
            reason = "%s: %s" % (type(err).__name__, err)
            print("FAIL %s: %s" % (fn.__name__, reason.replace("\n", " ")), flush=True)
            traceback.print_exc(file=sys.stderr)
    print("SUMMARY passed=%d failed=%d" % (len(CASES) - failed, failed), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
