"""Drives the judge through the official Judge0 Python SDK (PyPI `judge0`),
used as any Judge0 user would: unmodified, pointed at the judge's URL.

usage: judge0_client.py URL API_KEY     (prints one line per check; exit 1 on a failure)
"""

import sys

import judge0

url, key = sys.argv[1], sys.argv[2]
failures = 0


def check(name, ok, detail):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    failures += 0 if ok else 1


client = judge0.Client(url, {"X-Auth-Token": key})
print(f"server: Judge0 {client.version}, {len(client.languages)} languages, "
      f"batch size {client.config.max_submission_batch_size}")

hello = judge0.run(client=client, source_code="print('hello from judge0')", language=judge0.PYTHON)
check("single run", hello.status == judge0.Status.ACCEPTED and hello.stdout == "hello from judge0\n",
      f"status={hello.status.name} stdout={hello.stdout!r} time={hello.time} memory={hello.memory}")

accepted = judge0.run(client=client, source_code="print(int(input()) * 2)", language=judge0.PYTHON,
                      stdin="21", expected_output="42")
check("expected output, right", accepted.status == judge0.Status.ACCEPTED,
      f"status={accepted.status.name} stdout={accepted.stdout!r}")

wrong = judge0.run(client=client, source_code="print(int(input()) * 3)", language=judge0.PYTHON,
                   stdin="21", expected_output="42")
check("expected output, wrong", wrong.status == judge0.Status.WRONG_ANSWER,
      f"status={wrong.status.name} stdout={wrong.stdout!r}")

batch = [judge0.Submission(source_code=f"#include <stdio.h>\nint main(void) {{ printf(\"%d\\n\", {i} * {i}); }}",
                           language=judge0.C) for i in range(1, 6)]
results = judge0.run(client=client, submissions=batch)
squares = [r.stdout.strip() for r in results]
check("batch of five", squares == ["1", "4", "9", "16", "25"] and
      all(r.status == judge0.Status.ACCEPTED for r in results), f"stdouts={squares}")

broken = judge0.run(client=client, source_code="int main( {", language=judge0.C)
check("compile error", broken.status == judge0.Status.COMPILATION_ERROR and "error" in (broken.compile_output or ""),
      f"status={broken.status.name} compile_output={(broken.compile_output or '').splitlines()[:1]}")

spin = judge0.run(client=client, source_code="while True:\n    pass\n", language=judge0.PYTHON, cpu_time_limit=1)
check("time limit", spin.status == judge0.Status.TIME_LIMIT_EXCEEDED,
      f"status={spin.status.name} time={spin.time}")

cpp = judge0.run(client=client, source_code="#include <iostream>\nint main() { std::cout << 6 * 7 << std::endl; }",
                 language=judge0.CPP)
check("C++ by the SDK's alias", cpp.status == judge0.Status.ACCEPTED and cpp.stdout == "42\n",
      f"status={cpp.status.name} stdout={cpp.stdout!r}")

typescript = judge0.run(client=client, language=74,
                        source_code="const answer: number = 6 * 7;\nconsole.log(answer);\n")
check("TypeScript by id 74", typescript.status == judge0.Status.ACCEPTED and typescript.stdout == "42\n",
      f"status={typescript.status.name} stdout={typescript.stdout!r}")

sys.exit(1 if failures else 0)
