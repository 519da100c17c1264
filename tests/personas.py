"""The personas every permission test uses, and the permission-matrix helper later modules reuse.

A world has one city (Shenzhen) with two districts; the Nanshan bureau, two enterprises A and B in Nanshan,
one enterprise in Futian (outside the bureau's jurisdiction), a bank that enterprise A consented to, a bank
without consent, two verifiers, an expert, and a superuser.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.test import Client

from tanxin.common.identifiers import make_uscc
from tanxin.orgs.models import ConsentGrant, Industry, Jurisdiction, Membership, Organisation, User
from tanxin.orgs.reference import load_industries, load_jurisdictions
from tests import matrix_coverage

PERSONAS = (
    "bureau_admin",
    "bureau_officer",
    "enterprise_a",
    "enterprise_b",
    "bank_with_consent",
    "bank_without_consent",
    "verifier_assigned",
    "verifier_other",
    "expert",
    "enterprise_a_member",
    "superuser",
    "anonymous",
)
# Every persona that signs in and holds a seat (not the anonymous visitor, not the platform superuser).
SIGNED_IN = frozenset(PERSONAS) - {"superuser", "anonymous"}
# A plain member of enterprise A reads what enterprise A reads (unless a matrix names it in ``allowed`` or
# ``refused``) and is refused writes it is not named for. The superuser is the platform's operator: it has no
# seat, so the product's rules do not say what it may do; unless a matrix names it, it is only held to "no
# error and no login redirect" (it is signed in).
MEMBER, SUPERUSER = "enterprise_a_member", "superuser"
READS = ("get", "head")
PASSWORD = "Persona-pass-2026"


class RecordingClient(Client):
    """A test client that tells ``matrix_coverage`` which route each request reached (inside a matrix)."""

    def generic(self, method, path, *args, **kwargs):
        matrix_coverage.record(method, str(path))
        return super().generic(method, path, *args, **kwargs)


@dataclass
class World:
    jurisdictions: dict[str, Jurisdiction]
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        client = RecordingClient()
        if persona != "anonymous":
            client.force_login(self.users[persona])
        return client


def _org(kind: str, name: str, jurisdiction: Jurisdiction, body: str, **extra) -> Organisation:
    return Organisation.objects.create(
        kind=kind, name_zh=name, name_en=extra.pop("name_en", ""), jurisdiction=jurisdiction,
        uscc=make_uscc("91", jurisdiction.code, body), **extra,
    )  # fmt: skip


def _user(username: str, org: Organisation | None, role: str) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, display_name=username)
    if org is not None:
        Membership.objects.create(user=user, organisation=org, role=role)
    return user


def build_world() -> World:
    load_industries()
    world = World(jurisdictions=load_jurisdictions())
    nanshan, futian, city = (world.jurisdictions[c] for c in ("440305", "440304", "440300"))
    c39 = Industry.objects.get(code="C39")
    m73 = Industry.objects.get(code="M73")
    o = world.orgs
    o["bureau"] = _org("bureau", "南山管理局", nanshan, "MB2C0001", name_en="Nanshan bureau")
    o["enterprise_a"] = _org(
        "enterprise",
        "甲企业（机密名称A）",
        nanshan,
        "MA5A0001",
        name_en="Alpha Secret Co",
        industry=c39,
        enterprise_type="production",
        key_emitter=True,
        ets="shenzhen",
    )
    o["enterprise_b"] = _org(
        "enterprise",
        "乙企业（机密名称B）",
        nanshan,
        "MA5B0002",
        name_en="Beta Secret Co",
        industry=m73,
        enterprise_type="rd",
    )
    o["enterprise_futian"] = _org(
        "enterprise", "福田企业（辖区外）", futian, "MA5F0003", industry=c39, enterprise_type="service"
    )
    o["bank_with_consent"] = _org("bank", "有授权银行", city, "MB1K0004")
    o["bank_without_consent"] = _org("bank", "无授权银行", city, "MB1K0005")
    o["verifier_assigned"] = _org("verifier", "核查机构甲", city, "MH1A0006")
    o["verifier_other"] = _org("verifier", "核查机构乙", city, "MH1B0007")
    u = world.users
    u["bureau_admin"] = _user("bureau_admin", o["bureau"], "admin")
    u["bureau_officer"] = _user("bureau_officer", o["bureau"], "officer")
    u["expert"] = _user("expert", o["bureau"], "expert")
    u["enterprise_a"] = _user("enterprise_a", o["enterprise_a"], "admin")
    u["enterprise_a_member"] = _user("enterprise_a_member", o["enterprise_a"], "member")
    u["enterprise_b"] = _user("enterprise_b", o["enterprise_b"], "admin")
    u["bank_with_consent"] = _user("bank_with_consent", o["bank_with_consent"], "officer")
    u["bank_without_consent"] = _user("bank_without_consent", o["bank_without_consent"], "officer")
    u["verifier_assigned"] = _user("verifier_assigned", o["verifier_assigned"], "officer")
    u["verifier_other"] = _user("verifier_other", o["verifier_other"], "officer")
    u["superuser"] = User.objects.create_superuser("root", "root@example.invalid", PASSWORD)
    ConsentGrant.objects.create(enterprise=o["enterprise_a"], grantee=o["bank_with_consent"], purpose="授信调查")
    return world


ALLOWED = "allowed"
DENIED = "denied"


def check_matrix(
    world: World,
    url: str,
    allowed: Iterable[str],
    *,
    method: str = "get",
    data: dict | None = None,
    secret: str | None = None,
    api: bool = False,
    ok_status: tuple[int, ...] = (200,),
    make_request: Callable[[Client], object] | None = None,
    refused: Iterable[str] = (),
) -> dict[str, int]:
    """Request ``url`` as every persona. Allowed personas get ``ok_status``; the rest are refused and never
    see ``secret``: a signed-in persona with 403/404 (a redirect to the login page would mean the page does not
    know who is signed in), the anonymous visitor with 302-to-login, 401, 403 or 404. Nobody ever gets a 500.
    Personas in ``DERIVED`` not named in ``allowed`` or ``refused`` follow the persona they derive from."""
    with matrix_coverage.recording():
        return _check_matrix(world, url, allowed, method=method, data=data, secret=secret, api=api, ok_status=ok_status,
                             make_request=make_request, refused=refused)  # fmt: skip


def _check_matrix(world: World, url: str, allowed: Iterable[str], *, method: str, data: dict | None, secret: str | None,
                  api: bool, ok_status: tuple[int, ...], make_request: Callable[[Client], object] | None,
                  refused: Iterable[str]) -> dict[str, int]:  # fmt: skip
    allowed, refused = set(allowed), set(refused)
    unknown = (allowed | refused) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    assert not allowed & refused, f"both allowed and refused: {allowed & refused}"
    named = allowed | refused
    if MEMBER not in named and "enterprise_a" in allowed and make_request is None and method in READS:
        allowed.add(MEMBER)
    statuses: dict[str, int] = {}
    for persona in PERSONAS:
        client = world.client(persona)
        if make_request is not None:
            response = make_request(client)
        elif api:
            response = getattr(client, method)(url, data=data, content_type="application/json")
        else:
            response = getattr(client, method)(url, data=data or {})
        status = response.status_code
        statuses[persona] = status
        assert status < 500, f"{persona} {method.upper()} {url} -> {status}"
        if persona == SUPERUSER and persona not in named:
            assert status not in (302, 401), f"{persona} is signed in, yet {url} -> {status}"
        elif persona in allowed:
            assert status in ok_status, f"{persona} should be allowed {url}, got {status}"
        else:
            refusals = {403, 404} | (({401} if api else {302}) if persona == "anonymous" else set())
            assert status in refusals, f"{persona} should be refused {url}, got {status}"
            if status == 302:
                assert "/accounts/login/" in response["Location"], response["Location"]
            if secret:
                assert secret not in readable(response.content), f"{persona} saw {secret!r} at {url}"
    return statuses


def readable(body: bytes) -> str:
    """A response body as the text a reader sees: JSON with its ``\\uXXXX`` escapes undone (a Chinese name in a
    JSON body is escaped, so a byte search for it could never fail), anything else decoded as UTF-8."""
    text = body.decode("utf-8", errors="replace")
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return text


OTHER_BUREAU = "bureau_other_district"


def add_other_district_bureau(world: World) -> User:
    """The Futian bureau and its officer: staff of a neighbouring district, who must never see (or count) a
    Nanshan row on an aggregate page or export. Kept out of ``PERSONAS`` so existing matrices are unchanged;
    ``check_aggregate_for_outsider`` uses it."""
    futian = world.jurisdictions["440304"]
    world.orgs["bureau_futian"] = _org("bureau", "福田管理局", futian, "MB2F0008", name_en="Futian bureau")
    world.users[OTHER_BUREAU] = _user(OTHER_BUREAU, world.orgs["bureau_futian"], "admin")
    return world.users[OTHER_BUREAU]


def check_aggregate_for_outsider(world: World, url: str, secrets: Iterable[str], *, ok_status: tuple[int, ...] = (200,),
                                 api: bool = False) -> bytes:  # fmt: skip
    """The other district's bureau gets ``url`` (an aggregate page or export) without an error and without any
    of ``secrets`` (names, figures, labels that only exist because of Nanshan's rows). Returns the body."""
    if OTHER_BUREAU not in world.users:
        add_other_district_bureau(world)
    client = world.client(OTHER_BUREAU)
    response = client.get(url, HTTP_ACCEPT="application/json") if api else client.get(url)
    assert response.status_code in ok_status, f"{OTHER_BUREAU} GET {url} -> {response.status_code}"
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    text = readable(body)
    for secret in secrets:
        assert str(secret) not in text, f"{OTHER_BUREAU} saw {secret!r} at {url}"
    return body


def check_write_matrix(
    world: World,
    allowed: Iterable[str],
    prepare: Callable[[], object],
    send: Callable[[Client, object], object],
    observe: Callable[[object], object],
    expected_after: object,
    *,
    ok_status: tuple[int, ...] = (200,),
    api: bool = True,
) -> None:
    """A write (or workflow step) as every persona. ``prepare()`` builds a fresh target; ``send`` writes to it;
    ``observe`` reads what the write changes. Every refused persona gets 403/404 (the anonymous visitor 401 or
    a login redirect too) and ``observe`` shows nothing changed; each allowed persona, on its own fresh target,
    gets exactly one of ``ok_status`` and ``observe`` shows ``expected_after``. The superuser, unless named,
    is held only to "no error, no login redirect" on a target of its own."""
    with matrix_coverage.recording():
        _check_write_matrix(world, allowed, prepare, send, observe, expected_after, ok_status=ok_status, api=api)


def _check_write_matrix(world: World, allowed: Iterable[str], prepare: Callable[[], object],
                        send: Callable[[Client, object], object], observe: Callable[[object], object],
                        expected_after: object, *, ok_status: tuple[int, ...], api: bool) -> None:  # fmt: skip
    allowed = set(allowed)
    assert not allowed - set(PERSONAS), f"unknown personas {allowed - set(PERSONAS)}"
    target = prepare()
    before = observe(target)
    assert before != expected_after, "the target already shows the effect; the matrix could not see a write"
    for persona in [p for p in PERSONAS if p not in allowed and p != SUPERUSER]:
        status = send(world.client(persona), target).status_code
        anonymous = ({401} if api else {302}) if persona == "anonymous" else set()
        assert status in {403, 404} | anonymous, f"{persona} should be refused, got {status}"
        assert observe(target) == before, f"{persona} was refused ({status}) but the write happened"
    for persona in sorted(allowed):
        target = prepare()
        status = send(world.client(persona), target).status_code
        assert status in ok_status, f"{persona} should be allowed, got {status}"
        assert observe(target) == expected_after, f"{persona} got {status} but the write did not happen"
    if SUPERUSER not in allowed:
        response = send(world.client(SUPERUSER), prepare())
        status = response.status_code
        to_login = status == 302 and "/accounts/login/" in response["Location"]
        assert status < 500 and status != 401 and not to_login, f"{SUPERUSER} -> {status}"
