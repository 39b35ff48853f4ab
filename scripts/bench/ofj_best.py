#!/usr/bin/env python3
"""openfisca-japan at its best: many households in one vectorised Simulation, timed phase by phase.

openfisca-japan (OFJ) computes a variable for every household of a Simulation at once, with numpy. Its users run it
that way: one situation for the whole population (or chunks of 10,000 or more), built with SimulationBuilder, then
one `calculate` per variable. This script does exactly that on shien household documents (converted by
scripts/oracle/run_ofj.py's `convert`, the mapping the oracle uses) and reports, on stderr or with --json:

- start-up: importing openfisca-japan and building its CountryTaxBenefitSystem (paid once per process);
- read: json.loads of every line and the conversion to OFJ's situation (persons, households, roles);
- build: SimulationBuilder().build_from_entities for each chunk;
- calculate: Simulation.calculate of each measure's variables (numpy arrays, computed eagerly: the script reads every
  value of every array to write the results, and prints per-measure counts and sums of what it read);
- write: one JSON Lines result per household (id, and min/max per measure) to --output (default /dev/null).

Usage:
    ofj_best.py FILE [--chunk 0] [--measures five|ten] [--output FILE] [--json]

--chunk 0 (the default) puts every household of a date in one Simulation; --chunk N uses N households per Simulation.
"""
import time

T_PROCESS = time.perf_counter()  # before any import: start-up includes the imports

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "oracle"))
import run_ofj  # noqa: E402  (MEASURES, convert: the oracle's mapping of a shien household to OFJ's situation)

# The five measures both programs compute in full; the ten are every measure the oracle compares.
FIVE = ["child-allowance", "child-support-allowance", "special-child-rearing-allowance",
        "disabled-child-welfare-allowance", "high-school-tuition-support"]
TEN = list(run_ofj.MEASURES)


def situation_of(items):
    """items: [(id, converted)] -> one OFJ situation with every household of the chunk."""
    situation = {"世帯一覧": {}, "世帯員": {}}
    for n, (_, conv) in enumerate(items):
        key = f"h{n}"
        household = dict(conv["世帯"])
        for role in ("親一覧", "子一覧", "祖父母一覧"):
            if role in household:
                household[role] = [f"{key}/{pid}" for pid in household[role]]
        situation["世帯一覧"][key] = household
        for pid, person in conv["人物"].items():
            situation["世帯員"][f"{key}/{pid}"] = person
    return situation


def simulation_of_arrays(builder_class, system, items, period):
    """items: [(id, converted)] -> one Simulation declared from columns (numpy arrays), as OpenFisca documents for
    large populations: declare the persons and households, join them with roles, then set_input each variable once
    for the whole population. Values and periods are those of the situation `convert` builds."""
    import numpy
    person_ids, household_of, roles = [], [], []
    person_columns, household_columns = {}, {}
    role_of = {"親一覧": "親", "子一覧": "子", "祖父母一覧": "祖父母"}
    for n, (_, conv) in enumerate(items):
        household = conv["世帯"]
        role_by_person = {pid: role_of[key] for key in role_of for pid in household.get(key, [])}
        for pid, person in conv["人物"].items():
            index = len(person_ids)
            person_ids.append(f"h{n}/{pid}")
            household_of.append(f"h{n}")  # join_with_persons takes the household ids, not their positions
            roles.append(role_by_person[pid])
            for variable, by_period in person.items():
                ((when, value),) = by_period.items()
                person_columns.setdefault((variable, when), {})[index] = value
        for variable, by_period in household.items():
            if variable in role_of:
                continue
            ((when, value),) = by_period.items()
            household_columns.setdefault((variable, when), {})[n] = value
    builder = builder_class()
    builder.create_entities(system)
    builder.declare_person_entity("人物", person_ids)
    households = builder.declare_entity("世帯", [f"h{n}" for n in range(len(items))])
    builder.join_with_persons(households, numpy.array(household_of), roles)
    simulation = builder.build(system)
    for columns, count in ((person_columns, len(person_ids)), (household_columns, len(items))):
        for (variable, when), values in columns.items():
            default = system.variables[variable].default_value
            if hasattr(default, "name"):  # an Enum member: set_input takes the names
                default = default.name
            if len(values) == count:
                column = [values[i] for i in range(count)]
            else:
                column = [values.get(i, default) for i in range(count)]
            simulation.set_input(variable, when, numpy.array(column))
    return simulation


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", help="JSON Lines of shien household documents")
    parser.add_argument("--chunk", type=int, default=0, help="households per Simulation (0: all of a date in one)")
    parser.add_argument("--build", choices=["arrays", "situation"], default="arrays",
                        help="arrays: declare entities and set_input whole columns (default, OFJ's fastest); "
                             "situation: SimulationBuilder.build_from_entities on a situation dict (the web API's way)")
    parser.add_argument("--measures", choices=["five", "ten"], default="five")
    parser.add_argument("--output", default=os.devnull, help="where the results go (default /dev/null)")
    parser.add_argument("--json", action="store_true", help="print the timings as one JSON object on stdout")
    args = parser.parse_args(argv)
    measures = FIVE if args.measures == "five" else TEN
    variables = sorted({v for m in measures for v in run_ofj.MEASURES[m]})

    from openfisca_core.simulation_builder import SimulationBuilder
    system = run_ofj.tax_benefit_system()
    startup = time.perf_counter() - T_PROCESS

    phase = {"read": 0.0, "build": 0.0, "calculate": 0.0, "write": 0.0}
    cpu = dict(phase)
    startup_cpu = time.process_time()
    t, c = time.perf_counter(), time.process_time()
    by_date = {}
    bad = 0
    with open(args.file, encoding="utf-8") as source:
        for line in source:
            if not line.strip():
                continue
            household = json.loads(line)
            try:
                as_of, conv = run_ofj.convert(household)
            except run_ofj.BadHousehold:
                bad += 1
                continue
            by_date.setdefault(as_of, []).append((household["id"], conv))
    phase["read"], cpu["read"] = time.perf_counter() - t, time.process_time() - c

    count = sum(len(items) for items in by_date.values())
    eligible = {m: 0 for m in measures}
    total = {m: 0.0 for m in measures}
    simulations = 0
    with open(args.output, "w", encoding="utf-8") as out:
        for as_of, items in by_date.items():
            period = as_of.isoformat()
            size = args.chunk if args.chunk > 0 else len(items)
            for start in range(0, len(items), size):
                chunk = items[start:start + size]
                t, c = time.perf_counter(), time.process_time()
                if args.build == "arrays":
                    simulation = simulation_of_arrays(SimulationBuilder, system, chunk, period)
                else:
                    simulation = SimulationBuilder().build_from_entities(system, situation_of(chunk))
                phase["build"] += time.perf_counter() - t
                cpu["build"] += time.process_time() - c
                t, c = time.perf_counter(), time.process_time()
                values = {v: simulation.calculate(v, period) for v in variables}
                phase["calculate"] += time.perf_counter() - t
                cpu["calculate"] += time.process_time() - c
                simulations += 1
                t, c = time.perf_counter(), time.process_time()
                columns = {v: values[v].tolist() for v in variables}
                for n, (hid, _) in enumerate(chunk):
                    result = {}
                    for m in measures:
                        low, high = run_ofj.MEASURES[m]
                        lo, hi = columns[low][n], columns[high][n]
                        result[m] = [lo, hi]
                        if hi > 0:
                            eligible[m] += 1
                        total[m] += hi
                    out.write(json.dumps({"id": hid, "as_of": period, "measures": result}, ensure_ascii=False))
                    out.write("\n")
                phase["write"] += time.perf_counter() - t
                cpu["write"] += time.process_time() - c
                del simulation, values, columns

    report = {
        "households": count, "bad": bad, "measures": len(measures), "variables": len(variables),
        "build": args.build, "chunk": args.chunk, "simulations": simulations, "startup_s": startup, **{f"{k}_s": v for k, v in phase.items()},
        "startup_cpu_s": startup_cpu, **{f"{k}_cpu_s": v for k, v in cpu.items()},
        "after_startup_s": sum(phase.values()), "total_s": time.perf_counter() - T_PROCESS,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "eligible": eligible, "amount_sum": {m: round(total[m]) for m in measures},
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(json.dumps(report, ensure_ascii=False, indent=2), file=sys.stderr)


if __name__ == "__main__":
    main()
