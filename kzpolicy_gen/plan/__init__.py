"""Document plans: which documents apply and the numbered clause tree of each."""

from kzpolicy_gen.plan.planner import DocumentPlan, PlannedClause, PlannedSection, plan_document, plan_documents

__all__ = ["DocumentPlan", "PlannedClause", "PlannedSection", "plan_document", "plan_documents"]
