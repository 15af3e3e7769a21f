"""Conditions that exercise precautions refer to (clinical-rules.md section 4).

An exercise file names these ids under `precautions`; the program engine checks them against
what the intake found. The ids are the shared vocabulary of the library, the engine and the
clinician pages, so they are declared once, here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Condition:
    id: str
    label: str
    why: str
    source: str


CONDITIONS: dict[str, Condition] = {
    c.id: c
    for c in (
        Condition(
            "lumbar-stenosis",
            "Lumbar spinal stenosis",
            "Bending backwards narrows the spinal canal, so end-range or loaded extension "
            "tends to bring on leg symptoms.",
            "Fritz 2007 (JOSPT 37:290); practice convention",
        ),
        Condition(
            "spondylolisthesis",
            "Spondylolisthesis",
            "Loaded or end-range extension stresses the slipped segment.",
            "Practice convention (uncertain)",
        ),
        Condition(
            "flexion-peripheralises",
            "Bending forward sends pain down the leg (extension preference)",
            "Repeated bending forward that spreads pain into the leg is a sign to avoid "
            "flexion-biased work in the early phase.",
            "McKenzie; Long et al., Spine 2004; Fritz 2007",
        ),
        Condition(
            "extension-peripheralises",
            "Bending backward sends pain down the leg (flexion preference)",
            "Repeated bending backward that spreads pain into the leg is a sign to avoid "
            "extension-biased work.",
            "McKenzie; Long et al., Spine 2004",
        ),
        Condition(
            "osteoporosis",
            "Osteoporosis",
            "Loaded, quick or repeated spinal flexion and twisting raise the risk of a "
            "vertebral fracture.",
            "Sinaki & Mikkelsen 1984; Giangregorio 2014 (Too Fit To Fracture)",
        ),
        Condition(
            "pregnancy-trimester-1",
            "Pregnancy, first trimester",
            "Most exercise is fine; listen to the body and avoid overheating.",
            "ACOG; Mottola 2019 (BJSM 52:1339)",
        ),
        Condition(
            "pregnancy-trimester-2",
            "Pregnancy, second trimester",
            "Lying face down presses on the bump and long spells flat on the back can press "
            "on the large vein returning blood to the heart.",
            "ACOG; Mottola 2019 (BJSM 52:1339)",
        ),
        Condition(
            "pregnancy-trimester-3",
            "Pregnancy, third trimester",
            "As in the second trimester, and balance changes: prefer supported positions.",
            "ACOG; Mottola 2019 (BJSM 52:1339)",
        ),
        Condition(
            "high-irritability",
            "High irritability (pain 7/10 or more)",
            "When pain is high, loaded strength work and long holds tend to flare it; gentle "
            "movement and walking come first.",
            "Alrwaily 2016 (Phys Ther 96:1057); practice convention",
        ),
        Condition(
            "post-operative",
            "After spinal surgery (first weeks)",
            "While the operated segment heals, loaded bending forward and twisting are left "
            "out; walking and gentle trunk control are encouraged.",
            "clinical-rules.md 1b; Oosterhuis et al., Cochrane 2014 (uncertain)",
        ),
        Condition(
            "radicular-leg-pain",
            "Nerve-related leg pain (sciatica)",
            "Stretches that put the sciatic nerve on tension can provoke leg symptoms.",
            "Practice convention (uncertain)",
        ),
    )
}
