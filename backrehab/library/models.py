"""The exercise library as stored: bundled exercises (from the data files) and clinic-made ones."""

from __future__ import annotations

from django.db import models

from backrehab.clinical.exercises import Bias, Category, Exercise, Position
from backrehab.library.labels import choices


class Origin(models.TextChoices):
    LIBRARY = "library", "backrehab library"
    CLINIC = "clinic", "Made by the clinic"


class ExerciseRecord(models.Model):
    """One exercise. `document` holds the full validated exercise file; the other columns are
    copies of its fields that pages filter and sort on."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    category = models.CharField(max_length=20, choices=choices([c.value for c in Category]))
    position = models.CharField(max_length=20, choices=choices([p.value for p in Position]))
    bias = models.CharField(max_length=20, choices=choices([b.value for b in Bias]))
    # ",mat,wall," so that "contains ,mat," filters the same way on SQLite and PostgreSQL.
    equipment_tags = models.CharField(max_length=200, blank=True)
    search_text = models.TextField(blank=True, help_text="name and aliases, lower case")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.CLINIC)
    clinic = models.ForeignKey(
        "clinic.Clinic", null=True, blank=True, on_delete=models.CASCADE, related_name="exercises"
    )
    document = models.JSONField()
    content_hash = models.CharField(max_length=64)
    figure_animated = models.TextField()
    figure_start = models.TextField()
    figure_peak = models.TextField()
    retired = models.BooleanField(
        default=False, help_text="no longer in the bundled library; kept for programs that use it"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["category", "position"])]
        verbose_name = "exercise"

    def __str__(self) -> str:
        return self.name

    @property
    def exercise(self) -> Exercise:
        return Exercise.model_validate(self.document)

    @property
    def equipment(self) -> list[str]:
        return [tag for tag in self.equipment_tags.split(",") if tag]
