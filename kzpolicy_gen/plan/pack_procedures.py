"""The compliance pack's procedural documents: the internal rules, the breach procedure, the third parties'
undertakings, the staff undertaking and the journals (issue 20, documents 4, 5, 7 and 8).

Why apart from plan/structure.py: these are internal acts the operator signs, not texts it publishes; they
read the same profile and facts, and each clause cites its articles the same way. The conditions that only
these documents use are defined here, each naming the fields it reads.
"""

from __future__ import annotations

from kzpolicy_gen.plan import conditions as c
from kzpolicy_gen.plan.conditions import Condition
from kzpolicy_gen.plan.facts import facts
from kzpolicy_gen.plan.structure import ClauseSpec, DocumentSpec, section

HAS_ACCESS_ROLES = Condition("positions with access listed", ("access_roles",), lambda p: bool(p.access_roles))
HAS_PAPER = Condition("place of paper records stated", ("storage.paper",), lambda p: p.storage.paper is not None)
HAS_BACKUPS = Condition("backups described", ("storage.backups",), lambda p: p.storage.backups is not None)
BACKUPS_DECLARED = Condition("backups declared as a measure, not described", ("security_measures", "storage.backups"),
                             lambda p: p.storage.backups is None and "backups" in p.security_measures)
HAS_COPIES_ABROAD = Condition("database copies kept abroad", ("storage.copies_abroad",),
                              lambda p: bool(p.storage.copies_abroad))
HAS_CONTROL_FREQUENCY = Condition("frequency of internal control stated", ("internal_control.frequency",),
                                  lambda p: p.internal_control is not None)
LOGGING = Condition("database events logged", ("security_measures",), lambda p: "logging" in p.security_measures)
DEPERSONALISES = Condition("a purpose depersonalises data", ("purposes[].actions",),
                           lambda p: any("depersonalisation" in x.actions for x in p.purposes))
HAS_STATUTORY_RETENTION = Condition("a period is set by another act", ("purposes[].basis", "purposes[].retention"),
                                    lambda p: any(x.basis != "consent" or x.retention.statutory is not None
                                                  for x in p.purposes))
HAS_UNDERTAKINGS = Condition("recipients with the subject's consent declared", ("third_parties",
                                                                                "third_parties[].under_law"),
                             lambda p: bool(facts(p).consent_recipients))

#: The approval stamp of an internal act: blanks, filled in by hand when the order is signed.
APPROVED_BLANK = ClauseSpec("head.approved", ("94-V:25.2.1-1",))

PROCESSING_RULES = DocumentSpec("processing-rules", (
    section("general",
            ("purpose", ("94-V:25.2.1-1", "94-V:20", "94-V:22")),
            ("scope", ("94-V:11", "94-V:25.3")),
            ("terms", ("94-V:1",))),
    section("access",
            ("roles", ("94-V:22.1", "R179"), HAS_ACCESS_ROLES),
            ("list", ("94-V:22.1", "R179"), ~HAS_ACCESS_ROLES),
            ("grant", ("94-V:22.1", "R179")),
            ("log", ("94-V:22.1", "R179")),
            ("undertaking", ("94-V:11",))),
    section("collection",
            ("minimum", ("94-V:7.8", "94-V:7.9", "94-V:25.2.1")),
            ("consent", ("94-V:8.1", "94-V:25.2.5", "94-V:22.1.5")),
            ("statutory", ("94-V:9",), c.NON_CONSENT_BASIS)),
    section("storage",
            ("localisation", ("94-V:12.2",)),
            ("location", ("94-V:12.2",), c.HAS_STORAGE_LOCATION),
            ("paper", ("94-V:12.2", "R179"), HAS_PAPER),
            ("copies", ("94-V:16.3", "94-V:12.2"), HAS_COPIES_ABROAD),
            ("backups", ("94-V:22.1", "R179"), HAS_BACKUPS),
            ("backups_declared", ("94-V:22.1", "R179"), BACKUPS_DECLARED)),
    section("retention",
            ("periods", ("94-V:12.2",)),
            ("statutory", ("94-V:12.2", "DC:41.3"), HAS_STATUTORY_RETENTION),
            ("grounds", ("94-V:18", "94-V:25.2.4")),
            ("procedure", ("94-V:18", "94-V:1.6", "94-V:22.2")),
            ("act", ("94-V:18", "94-V:25.2.4"))),
    section("depersonalisation",
            ("research", ("94-V:17.1", "94-V:1.7"), DEPERSONALISES),
            ("masking", ("94-V:23",))),
    section("protection",
            ("measures", ("94-V:20", "94-V:21", "94-V:22", "R179")),
            ("breach", ("94-V:25.2.8", "94-V:1.15-2"))),
    section("requests",
            ("intake", ("94-V:10.2", "94-V:25.2.6")),
            ("deadlines", ("94-V:25.2.6", "94-V:25.2.8", "94-V:8.7", "R395:16")),
            ("automated", ("94-V:19-1.3",), c.AUTOMATED),
            ("public", ("94-V:6",), c.PUBLIC_DISTRIBUTION),
            ("refusal", ("94-V:25.2.7",))),
    section("control",
            ("responsible", ("94-V:25.2.10", "94-V:25.3"), c.HAS_RESPONSIBLE),
            ("owner", ("94-V:25.3",), ~c.HAS_RESPONSIBLE),
            ("frequency", ("94-V:25.3",), HAS_CONTROL_FREQUENCY),
            ("review", ("94-V:25.2.1-1", "94-V:25.3"))),
    section("destruction_act",
            ("form", ("94-V:18", "94-V:25.2.4"))),
    section("notes",
            ("forms", ("94-V:18", "R179"))),
), head=(APPROVED_BLANK,))

BREACH_PROCEDURE = DocumentSpec("breach-procedure", (
    section("general",
            ("definition", ("94-V:1.15-2",)),
            ("scope", ("94-V:22.1", "94-V:25.2.8"))),
    section("detection",
            ("report", ("94-V:22.1", "94-V:25.3")),
            ("to_responsible", ("94-V:25.2.10", "94-V:25.3"), c.HAS_RESPONSIBLE),
            ("to_operator", ("94-V:25.2.8",), ~c.HAS_RESPONSIBLE),
            ("recipients", ("94-V:10.1", "94-V:22"), HAS_UNDERTAKINGS)),
    section("response",
            ("contain", ("94-V:22.1",)),
            ("assess", ("94-V:22.1", "R481"))),
    section("authority",
            ("deadline", ("94-V:25.2.8",)),
            ("contents", ("94-V:25.2.8", "R481"))),
    section("subjects",
            ("alert", ("94-V:27-1", "R481")),
            ("notice", ("94-V:25.2.8", "R481"))),
    section("record",
            ("keep", ("94-V:25.3",))),
    section("notification_form",
            ("addressee", ("94-V:25.2.8",)),
            ("sender", ("94-V:25.2.8",)),
            ("contact", ("94-V:25.2.8",)),
            ("details", ("94-V:25.2.8", "94-V:1.15-2", "R481")),
            ("signature", ("94-V:25.2.8",))),
    section("subject_notice",
            ("text", ("94-V:25.2.8", "R481")),
            ("contact", ("94-V:25.2.6", "94-V:24.1")),
            ("complaint", ("94-V:27", "94-V:27-1"))),
    section("notes",
            ("forms", ("94-V:25.2.8", "R481", "R179"))),
), head=(APPROVED_BLANK,))

#: One per recipient with the subject's consent: the view carries that recipient as `recipient`.
RECIPIENT_UNDERTAKING = DocumentSpec("recipient-undertaking", (
    section("parties",
            ("contract", ("94-V:10.1",)),
            ("operator", ("94-V:1.10",)),
            ("recipient", ("94-V:1.17",))),
    section("subject",
            ("purposes", ("94-V:7.8", "94-V:8.4.4")),
            ("data", ("94-V:7.9", "94-V:8.4.7")),
            ("country", ("94-V:12.2", "94-V:16.3", "94-V:7.6"))),
    section("duties",
            ("law", ("94-V:10.1",)),
            ("purpose_only", ("94-V:7.8",)),
            ("confidentiality", ("94-V:11",)),
            ("protection", ("94-V:20", "94-V:22", "R179")),
            ("onward", ("94-V:7.6", "94-V:8.4.4")),
            ("requests", ("94-V:25.2.8", "94-V:8.7")),
            ("breach", ("94-V:25.2.8", "94-V:1.15-2")),
            ("destruction", ("94-V:18", "94-V:22.2"))),
    section("term",
            ("validity", ("94-V:22.2",)),
            ("precedence", ("94-V:10.1",))),
    section("signatures",
            ("parties", ("94-V:10.1",))),
), when=HAS_UNDERTAKINGS)

STAFF_UNDERTAKING = DocumentSpec("staff-undertaking", (
    section("employee",
            ("identity", ("94-V:11",))),
    section("undertakings",
            ("confidentiality", ("94-V:11",)),
            ("duties_only", ("94-V:7.8", "94-V:22.1")),
            ("rules", ("94-V:25.3",)),
            ("no_copies", ("94-V:11", "94-V:22.1")),
            ("breach", ("94-V:25.2.8", "94-V:25.3")),
            ("termination", ("94-V:11",)),
            ("liability", ("94-V:29",))),
    section("signature",
            ("date", ("94-V:11",))),
))

JOURNALS = DocumentSpec("journals", (
    section("access_log",
            ("purpose", ("94-V:22.1", "R179")),
            ("automatic", ("94-V:22.1", "R179"), LOGGING),
            ("table", ("94-V:22.1", "R179"))),
    section("request_register",
            ("purpose", ("94-V:25.2.6", "94-V:25.3")),
            ("deadlines", ("94-V:25.2.6", "94-V:25.2.8", "94-V:8.7", "R395:16")),
            ("table", ("94-V:25.2.6", "94-V:25.2.7"))),
    section("consent_register",
            ("purpose", ("94-V:8.1", "94-V:25.2.5", "94-V:22.1.5")),
            ("electronic", ("94-V:22.1.5",)),
            ("table", ("94-V:8.1", "94-V:8.7", "94-V:22.1.5"))),
    section("notes",
            ("forms", ("94-V:22.1", "R179"))),
))

PACK_DOCUMENTS: tuple[DocumentSpec, ...] = (PROCESSING_RULES, BREACH_PROCEDURE, RECIPIENT_UNDERTAKING,
                                            STAFF_UNDERTAKING, JOURNALS)
