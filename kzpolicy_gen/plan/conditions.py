"""Named conditions over the profile that switch documents and clauses on.

Why named objects instead of lambdas in the tree: the manifest and `--explain` must tell a lawyer
*which profile fields* switched a clause on, so each condition declares the fields it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kzpolicy_gen.models.profile import Profile


@dataclass(frozen=True)
class Condition:
    """A yes/no question about the profile, with the fields it looks at."""

    name: str
    fields: tuple[str, ...]
    test: Callable[[Profile], bool]

    def __call__(self, profile: Profile) -> bool:
        return self.test(profile)

    def __invert__(self) -> Condition:
        return Condition(f"not {self.name}", self.fields, lambda p: not self.test(p))


ALWAYS = Condition("always", (), lambda p: True)
HAS_RESPONSIBLE = Condition("responsible person named", ("responsible_person",),
                            lambda p: p.responsible_person is not None)
HAS_THIRD_PARTIES = Condition("third parties declared", ("third_parties",), lambda p: bool(p.third_parties))
CROSS_BORDER = Condition("data go abroad", ("third_parties[].country", "third_parties[].service",
                                            "storage.copies_abroad"), lambda p: p.cross_border)
NON_CONSENT_BASIS = Condition("a purpose rests on a law, not consent", ("purposes[].basis",),
                              lambda p: any(x.basis != "consent" for x in p.purposes))
HAS_COOKIES = Condition("cookies declared", ("cookies",), lambda p: p.cookies is not None)
HAS_ANALYTICS = Condition("analytics or advertising services used", ("third_parties[].service",),
                          lambda p: any(tp.role_id in ("analytics", "advertising") for tp in p.third_parties))
HAS_MARKETING = Condition("marketing declared", ("marketing",), lambda p: p.marketing is not None)
MINORS_SERVED = Condition("minors served", ("minors.served",), lambda p: p.minors.served)
PUBLIC_DISTRIBUTION = Condition("public distribution declared", ("public_distribution",),
                                lambda p: p.public_distribution is not None)
AUTOMATED = Condition("automated decisions used", ("automated_decisions.used",),
                      lambda p: p.automated_decisions.used)
BIOMETRICS = Condition("face images or biometrics used", ("biometrics.used",), lambda p: p.biometrics.used)
ID_DOCUMENTS = Condition("identity documents collected", ("id_documents.collects",),
                         lambda p: p.id_documents.collects != "none")
HAS_SOURCES = Condition("sources described", ("sources",), lambda p: p.sources is not None)
HAS_STORAGE_LOCATION = Condition("storage location described", ("storage.location",),
                                 lambda p: p.storage.location is not None)
HAS_DELETION_REFUSALS = Condition("cases of refusing deletion listed", ("deletion_refusals",),
                                  lambda p: bool(p.deletion_refusals))
HAS_HISTORY = Condition("version history given", ("document.history",), lambda p: bool(p.document.history))
HAS_RELATED = Condition("related documents listed", ("document.related",), lambda p: bool(p.document.related))
HAS_MARKERS = Condition("e-mail subject markers given", ("requests.subject_markers",),
                        lambda p: p.requests.subject_markers is not None)
HAS_POINTS_OF_SALE = Condition("offline points of sale listed", ("points_of_sale",),
                                lambda p: bool(p.points_of_sale))
HAS_DESCRIPTION = Condition("website described", ("website_description",),
                            lambda p: p.website_description is not None)
IS_ANNEX = Condition("policy is an annex to another document", ("document.annex_to",),
                     lambda p: p.document.annex_to is not None)
