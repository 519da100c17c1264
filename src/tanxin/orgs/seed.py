"""Deterministic demo directory: one city, the Nanshan bureau, enterprises, banks, a guarantor, verifiers,
experts and one demo login per role. Same seed, same data."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from tanxin.common.identifiers import ALPHABET, make_uscc
from tanxin.orgs.models import Industry, Membership, Organisation, User
from tanxin.orgs.reference import load_industries, load_jurisdictions

DEMO_PASSWORD = "Tanxin-demo-2026"
BUREAU_USCC = make_uscc("11", "440305", "MB2C0001")
SYLLABLES = {
    "绿": "Lv", "源": "Yuan", "科": "Ke", "创": "Chuang", "海": "Hai", "岸": "An", "新": "Xin", "恒": "Heng",
    "达": "Da", "明": "Ming", "瑞": "Rui", "丰": "Feng", "嘉": "Jia", "汇": "Hui", "宏": "Hong", "盛": "Sheng",
    "联": "Lian", "智": "Zhi", "光": "Guang", "泰": "Tai", "蓝": "Lan", "湾": "Wan", "澄": "Cheng", "启": "Qi",
}  # fmt: skip
# (suffix zh, suffix en, enterprise type, industry codes)
PROFILES = [
    ("电子", "Electronics", "production", ["C39", "C38"]),
    ("精密制造", "Precision Manufacturing", "production", ["C34", "C35", "C33"]),
    ("新材料", "New Materials", "production", ["C26", "C29", "C30"]),
    ("生物医药", "Biopharma", "rd", ["C27", "M73"]),
    ("信息技术", "Information Technology", "rd", ["I65", "I64", "M73"]),
    ("能源", "Energy", "production", ["D44", "D45"]),
    ("物流", "Logistics", "service", ["G54", "G59"]),
    ("酒店管理", "Hospitality", "service", ["H61", "H62"]),
    ("商贸", "Trading", "other", ["F51", "F52"]),
    ("建设", "Construction", "other", ["E47", "E50"]),
]
SIZES = ["large", "medium", "medium", "small", "small", "micro"]
STREETS = ["粤海街道", "南头街道", "蛇口街道", "招商街道", "沙河街道", "西丽街道", "桃源街道", "南山街道"]
PARTNERS = [
    # kind, name_zh, name_en
    ("bank", "南山绿色银行深圳分行", "Nanshan Green Bank, Shenzhen Branch"),
    ("bank", "湾区商业银行南山支行", "Bay Area Commercial Bank, Nanshan Sub-branch"),
    ("bank", "前海发展银行", "Qianhai Development Bank"),
    ("guarantor", "深圳市融信担保集团有限公司", "Shenzhen Rongxin Guarantee Group"),
    ("verifier", "南方碳核查技术服务有限公司", "Southern Carbon Verification Services"),
    ("verifier", "湾区低碳认证中心", "Bay Area Low-Carbon Certification Centre"),
]
EXPERTS = ["张敏", "李华", "王强", "陈静", "刘洋"]


@dataclass
class SeedContext:
    """What one module's seed hands to the next (they never reach into each other's tables)."""

    rng: random.Random
    bureau: Organisation
    enterprises: list[Organisation] = field(default_factory=list)
    banks: list[Organisation] = field(default_factory=list)
    guarantor: Organisation | None = None
    verifiers: list[Organisation] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)


def org_body(rng: random.Random) -> str:
    letters = [c for c in ALPHABET if c.isalpha()]
    return rng.choice(letters) + rng.choice(letters) + "".join(rng.choice(ALPHABET[:10]) for _ in range(6))


def enterprise_name(rng: random.Random, suffix_zh: str, suffix_en: str, used: set[str]) -> tuple[str, str]:
    while True:
        a, b = rng.sample(list(SYLLABLES), 2)
        if a + b not in used:
            used.add(a + b)
            return (
                f"深圳市{a}{b}{suffix_zh}有限公司",
                f"Shenzhen {SYLLABLES[a]}{SYLLABLES[b].lower()} {suffix_en} Co., Ltd.",
            )


def make_enterprises(rng: random.Random, count: int, jurisdiction, *, start: int = 0) -> list[Organisation]:
    industries = {i.code: i for i in Industry.objects.all()}
    used: set[str] = set()
    usccs: set[str] = set(Organisation.objects.values_list("uscc", flat=True))
    result = []
    for index in range(start, start + count):
        suffix_zh, suffix_en, etype, codes = PROFILES[index % len(PROFILES)]
        name_zh, name_en = enterprise_name(rng, suffix_zh, suffix_en, used) if count <= 200 else (
            f"深圳市演示企业{index:06d}有限公司", f"Shenzhen Demo Enterprise {index:06d} Co., Ltd.")  # fmt: skip
        uscc = make_uscc("91", jurisdiction.code, org_body(rng))
        while uscc in usccs:
            uscc = make_uscc("91", jurisdiction.code, org_body(rng))
        usccs.add(uscc)
        emitter = etype == "production" and rng.random() < 0.6
        result.append(
            Organisation(
                kind="enterprise", uscc=uscc, name_zh=name_zh, name_en=name_en, jurisdiction=jurisdiction,
                industry=industries[rng.choice(codes)], enterprise_type=etype, size=rng.choice(SIZES),
                address=f"深圳市南山区{rng.choice(STREETS)}{rng.randint(1, 300)}号",
                contact_name=rng.choice(EXPERTS[::-1]) + "经理",
                contact_phone=f"0755-{rng.randint(20000000, 89999999)}",
                key_emitter=emitter, ets=("shenzhen" if rng.random() < 0.7 else "national") if emitter else "none",
            )
        )  # fmt: skip
    return result


def _user(username: str, display: str, org: Organisation, role: str) -> User:
    user = User(username=username, display_name=display, email=f"{username}@demo.tanxin.invalid")
    user.set_password(DEMO_PASSWORD)
    user.save()
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@transaction.atomic
def seed(seed_value: int = 2023, enterprises: int = 60) -> SeedContext:
    rng = random.Random(seed_value)
    load_industries()
    jurisdictions = load_jurisdictions()
    nanshan = jurisdictions["440305"]
    bureau = Organisation.objects.create(
        kind="bureau", uscc=BUREAU_USCC, name_zh="深圳市生态环境局南山管理局",
        name_en="Nanshan Office, Shenzhen Municipal Ecology and Environment Bureau", jurisdiction=nanshan,
        address="深圳市南山区南头街道", contact_name="综合科",
    )  # fmt: skip
    ctx = SeedContext(rng=rng, bureau=bureau)
    ctx.enterprises = bulk_create_with_history(make_enterprises(rng, enterprises, nanshan), Organisation)
    for kind, name_zh, name_en in PARTNERS:
        uscc = make_uscc("91", "440300", org_body(rng))
        org = Organisation.objects.create(
            kind=kind, uscc=uscc, name_zh=name_zh, name_en=name_en, jurisdiction=jurisdictions["440300"]
        )
        {"bank": ctx.banks, "verifier": ctx.verifiers}.get(kind, []).append(org)
        if kind == "guarantor":
            ctx.guarantor = org
    first_a = next(e for e in ctx.enterprises if e.key_emitter)
    first_b = next(e for e in ctx.enterprises if e.enterprise_type == "rd")
    users = ctx.users
    users["platform_admin"] = User.objects.create_superuser(
        "platform_admin", "admin@demo.tanxin.invalid", DEMO_PASSWORD
    )
    users["bureau_admin"] = _user("bureau_admin", "南山局管理员", bureau, "admin")
    users["bureau_officer"] = _user("bureau_officer", "南山局经办人", bureau, "officer")
    for i, name in enumerate(EXPERTS, start=1):
        users[f"expert{i}"] = _user(f"expert{i}", f"{name}（专家）", bureau, "expert")
    users["enterprise_a"] = _user("enterprise_a", f"{first_a.name_zh}管理员", first_a, "admin")
    users["enterprise_a_staff"] = _user("enterprise_a_staff", f"{first_a.name_zh}填报员", first_a, "member")
    users["enterprise_b"] = _user("enterprise_b", f"{first_b.name_zh}管理员", first_b, "admin")
    for i, bank in enumerate(ctx.banks, start=1):
        users[f"bank{i}"] = _user(f"bank{i}", f"{bank.name_zh}客户经理", bank, "officer")
    users["guarantor"] = _user("guarantor", "担保集团业务员", ctx.guarantor, "officer")
    users["verifier_a"] = _user("verifier_a", "核查员甲", ctx.verifiers[0], "officer")
    users["verifier_b"] = _user("verifier_b", "核查员乙", ctx.verifiers[1], "officer")
    from tanxin.orgs.models import ConsentGrant

    ConsentGrant.objects.create(enterprise=first_a, grantee=ctx.banks[0], purpose="碳排放权质押贷款授信调查",
                                granted_by=users["enterprise_a"])  # fmt: skip
    return ctx


def already_seeded() -> bool:
    return Organisation.objects.filter(uscc=BUREAU_USCC).exists()
