"""The standard criteria tree the bureau starts from (drawn from the practices named in the seed, RULES §7).

Points are M (to be confirmed by the bureau each year); the structure follows the seed: four categories,
different standards per enterprise type, automatic items from platform data (carbon disclosure is among
the most important), self-declared items with evidence, and expert-scored items.
Full marks 100: production 100, R&D 95, service/other 85 attainable.
"""

# ruff: noqa: E501  (a data table reads better one item per line)
from __future__ import annotations

P, RD, SV, OT = "production", "rd", "service", "other"

STANDARD_CRITERIA: list[dict] = [
    {"code": "ENT-1", "category": "enterprise_and_products", "name_zh": "碳排放信息披露（已发布并经核查）",
     "name_en": "Carbon disclosure published and verified", "max_points": "15", "method": "automatic",
     "auto_rule": "disclosure"},
    {"code": "ENT-2", "category": "enterprise_and_products", "name_zh": "绿色产品设计",
     "name_en": "Green product design", "max_points": "10", "method": "self_declared",
     "enterprise_types": [P, RD], "evidence_required": ["绿色产品认证或设计说明 / Green product certificate or design note"]},
    {"code": "ENT-3", "category": "enterprise_and_products", "name_zh": "绿色低碳企业综合评价",
     "name_en": "Overall green and low-carbon performance", "max_points": "5", "method": "expert"},
    {"code": "PRJ-1", "category": "projects", "name_zh": "节能降碳改造项目", "name_en": "Energy-saving retrofits",
     "max_points": "15", "method": "self_declared", "enterprise_types": [P, SV, OT],
     "evidence_required": ["项目验收报告 / Project acceptance report", "节能量审核报告 / Energy-saving audit report"]},
    {"code": "PRJ-2", "category": "projects", "name_zh": "低碳技术研发项目", "name_en": "Low-carbon R&D projects",
     "max_points": "15", "method": "expert", "enterprise_types": [RD]},
    {"code": "MGT-1", "category": "management", "name_zh": "碳排放强度较上年下降",
     "name_en": "Carbon-intensity reduction vs previous year", "max_points": "10", "method": "automatic",
     "auto_rule": "intensity_reduction"},
    {"code": "MGT-2", "category": "management", "name_zh": "按时完成碳排放权交易履约",
     "name_en": "ETS compliance on time", "max_points": "5", "method": "automatic", "auto_rule": "compliance_on_time"},
    {"code": "MGT-3", "category": "management", "name_zh": "履约后盈余配额", "name_en": "Surplus allowances after compliance",
     "max_points": "10", "method": "automatic", "auto_rule": "surplus_allowances"},
    {"code": "MGT-4", "category": "management", "name_zh": "低碳供应链管理", "name_en": "Low-carbon supply-chain management",
     "max_points": "15", "method": "expert"},
    {"code": "MGT-5", "category": "management", "name_zh": "废弃物回收利用", "name_en": "Waste recycling",
     "max_points": "5", "method": "self_declared", "enterprise_types": [P], "evidence_required": ["回收处置合同或台账 / Recycling contract or ledger"]},
    {"code": "ACT-1", "category": "activities", "name_zh": "绿色金融工具使用", "name_en": "Use of green finance",
     "max_points": "5", "method": "self_declared", "evidence_required": ["绿色贷款或债券合同 / Green loan or bond contract"]},
    {"code": "ACT-2", "category": "activities", "name_zh": "低碳宣传与公益活动", "name_en": "Low-carbon outreach and activities",
     "max_points": "5", "method": "expert"},
]  # fmt: skip

STANDARD_AUTO_SCORING = {"disclosure_published_points": "8", "disclosure_verified_points": "15"}

STANDARD_ELIGIBILITY: list[dict] = [
    {"code": "registered_in_district", "kind": "is_true", "fact": "registered_in_district"},
    {"code": "active", "kind": "is_true", "fact": "active"},
    {"code": "enterprise_type", "kind": "in", "fact": "enterprise_type", "values": [P, RD, SV, OT]},
]
