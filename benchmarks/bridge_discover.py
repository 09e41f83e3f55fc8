"""Discovery at scale: 5 000 codes of dimension 8 (a torus), the whole of discover_codes with
its stability resamples, and circular coordinates for the 5 000 samples; each against the
time of fitting the data complex alone in the same run (the ratio says what discovery adds)."""

from __future__ import annotations

from benchmarks.harness import Report, median_seconds


def run(quick: bool = False) -> Report:
    from bridge.circular import circular_coordinates, free_cocycles
    from bridge.complex import DataComplex
    from bridge.discovery import discover_codes
    from learn.data import torus_cloud

    report = Report("bridge_discover")
    n, landmarks, repeats = (2000 if quick else 5000), 250, (1 if quick else 3)
    codes = torus_cloud(n, dim=8, seed=0).points

    def complex_alone() -> None:
        DataComplex(n_landmarks=landmarks, seed=0).fit(codes)

    def discovery() -> None:
        discover_codes(codes, n_landmarks=landmarks, seed=0, stability_seeds=(1, 2))

    alone = median_seconds(complex_alone, repeats)
    whole = median_seconds(discovery, repeats)
    complex_ = DataComplex(n_landmarks=landmarks, seed=0).fit(codes)
    cocycles = free_cocycles(complex_)
    coordinates = median_seconds(
        lambda: circular_coordinates(complex_, free_cocycles(complex_)), repeats)
    result = discover_codes(codes, n_landmarks=landmarks, seed=0, stability_seeds=(1, 2))
    report.rows += [
        {"what": f"data complex alone ({n} codes, dim 8, {landmarks} landmarks)",
         "seconds": alone, "ratio to complex": 1.0},
        {"what": "discover_codes, 3 landmark seeds x 3 scale factors for stability",
         "seconds": whole, "ratio to complex": whole / alone},
        {"what": f"circular coordinates for {n} samples ({cocycles.rank} cocycles, cocycles included)",
         "seconds": coordinates, "ratio to complex": coordinates / alone},
    ]
    report.notes.append(f"recognised: {result.recognised}; stability: "
                        f"{result.stability.statement}")
    report.targets[f"discovery on {n} codes of dim 8 with resamples under 10 s"] = whole < 10
    report.targets[f"circular coordinates for {n} samples under 2 s"] = coordinates < 2
    return report
