# The judge's line profiler for Python: each source line's own fuel.
#
# Run as `python -c <this> OUT PROGRAM ARGS...` in a module whose clocks read
# fuel (the sandbox's fuel clock): time.monotonic_ns() is the fuel the run has
# spent, exact and the same on every run. Every line event of the program's
# own files charges the fuel spent since the last event to the line that was
# running; the tracer's own work between its two clock readings is left out,
# and the fixed cost of calling it, measured once on a calibration loop
# before the program starts, is subtracted per hit. Library code (and the
# interpreter's C code) called from a line is charged to that line.
#
# OUT gets one JSON object: {"overhead": fuel per hit, "lines": [[file,
# line, fuel, hits, function], ...]}.

import sys
from time import monotonic_ns as fuel

# The standard library's json, for the report, taken now and then forgotten:
# the program imports what it would without the tracer (its own json.py,
# if it has one).
import json as report_json

for name in [name for name in sys.modules if name == "json" or name.startswith("json.")]:
    del sys.modules[name]


def main():
    out, path = sys.argv[1], sys.argv[2]
    sys.argv = sys.argv[2:]
    home = path.rpartition("/")[0] or "/"
    sys.path[0] = home
    mine = home + "/"
    with open(path, "rb") as source:
        code = compile(source.read(), path, "exec")

    lines = {}
    # The line being charged, and the fuel when the tracer last returned.
    state = [None, 0]

    def charge(now):
        line = state[0]
        if line is not None:
            line[0] += now - state[1]

    def local(frame, event, arg):
        now = fuel()
        charge(now)
        if event == "line":
            key = (frame.f_code.co_filename, frame.f_lineno)
            line = lines.get(key)
            if line is None:
                line = lines[key] = [0, 0, frame.f_code.co_name]
            line[1] += 1
            state[0] = line
        elif event == "return":
            # What follows belongs to the caller's line, when it is ours.
            back = frame.f_back
            if back is not None and back.f_code.co_filename.startswith(mine):
                key = (back.f_code.co_filename, back.f_lineno)
                state[0] = lines.get(key, state[0])
        state[1] = fuel()
        return local

    def calls(frame, event, arg):
        now = fuel()
        charge(now)
        traced = local if frame.f_code.co_filename.startswith(mine) else None
        state[1] = fuel()
        return traced

    # Calibration: the same loop untraced and traced; what tracing adds per
    # line event is the tracer's fixed cost.
    calibration = compile(
        "def loop():\n    x = 0\n    for i in range(200):\n        x += i\n    return x\n",
        mine + "<calibration>",
        "exec",
    )
    scope = {}
    exec(calibration, scope)
    loop = scope["loop"]
    start = fuel()
    loop()
    untraced = fuel() - start
    start = fuel()
    reading = fuel() - start
    sys.settrace(calls)
    loop()
    sys.settrace(None)
    state[0] = None
    measured = [v for k, v in lines.items() if k[0] == mine + "<calibration>"]
    hits = sum(v[1] for v in measured)
    traced = sum(v[0] for v in measured)
    overhead = max(0, (traced - untraced + reading) // max(hits, 1))
    lines.clear()

    program = {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__}
    try:
        state[1] = fuel()
        sys.settrace(calls)
        exec(code, program)
    finally:
        sys.settrace(None)
        charge(fuel())
        rows = [
            [file, line, max(0, v[0] - overhead * v[1]), v[1], v[2]]
            for (file, line), v in lines.items()
            if file.startswith(mine)
        ]
        with open(out, "w") as report:
            report_json.dump({"overhead": overhead, "lines": rows}, report)


main()
