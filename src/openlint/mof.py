"""The Model Openness Framework's 17 components and classes (MOF 1.0, as MOT's mof.settings.yml lists them).

Plain data, kept apart from the evidence scan (evidence.py) so that what only needs the component list
does not pay for the scan's patterns.
"""

from __future__ import annotations

from dataclasses import dataclass

from openlint.release import Evidence


@dataclass
class ComponentSpec:
    key: str
    name: str  # exact MOF component name
    content_type: str
    mof_class: int  # first class requiring it; 0 = optional
    osaid: str | None  # the OSAID element it belongs to


# Model Openness Framework 1.0 (MOT mof.settings.yml), in the order MOT lists them.
COMPONENTS: tuple[ComponentSpec, ...] = (
    ComponentSpec("model_architecture", "Model architecture", "code", 3, "code"),
    ComponentSpec("model_parameters", "Model parameters (Final)", "data", 3, "parameters"),
    ComponentSpec("technical_report", "Technical report", "document", 3, None),
    ComponentSpec("evaluation_results", "Evaluation results", "document", 3, None),
    ComponentSpec("model_card", "Model card", "document", 3, None),
    ComponentSpec("data_card", "Data card", "document", 3, "data_information"),
    ComponentSpec("sample_outputs", "Sample model outputs", "document", 0, None),
    ComponentSpec("training_code", "Training code", "code", 2, "code"),
    ComponentSpec("inference_code", "Inference code", "code", 2, "code"),
    ComponentSpec("evaluation_code", "Evaluation code", "code", 2, None),
    ComponentSpec("evaluation_data", "Evaluation data", "data", 2, None),
    ComponentSpec("supporting_libraries", "Supporting libraries and tools", "code", 0, None),
    ComponentSpec("datasets", "Datasets", "data", 1, "data_information"),
    ComponentSpec("data_preprocessing_code", "Data preprocessing code", "code", 1, "code"),
    ComponentSpec("intermediate_parameters", "Model parameters (Intermediate)", "data", 1, None),
    ComponentSpec("research_paper", "Research paper", "document", 1, None),
    ComponentSpec("model_metadata", "Model metadata", "data", 0, None),
)
SPEC = {c.key: c for c in COMPONENTS}
MOF_LABELS = {3: "Class III (Open Model)", 2: "Class II (Open Tooling Model)", 1: "Class I (Open Science Model)",
              0: "Unclassified"}


def data_information_evidence(found: dict[str, list[Evidence]]) -> list[Evidence]:
    """OSAID Data Information: a data listing, a data card or a substantive training-data section.

    A paper alone does not count: OSAID asks for enough detail for a skilled person to rebuild the system,
    and a model paper's data paragraph rarely gives it.
    """
    return [*found["datasets"], *found["data_card"], *found["data_information"]]
