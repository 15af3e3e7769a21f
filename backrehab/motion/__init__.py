"""The camera motion coach's Python side: what to track for an exercise, and test sequences.

The counting itself is one JavaScript module (static/backrehab/motion/counter.js) that runs in the
patient's browser and, under Node.js, for the tests and for `backrehab motion count`. This package
derives the *tracking model* the counter is given - which joint angles move between the
demonstration's start and peak poses, as a phone placed where the set-up help says would see them -
from the exercise's own keyframes, so a clinic's own exercise file is counted the same way.
No Django import: the CLI and the tests use it without a database.
"""
