"""Your own tests: run this file from the pad (Run test_store.py)."""
import sys

from store import Store


def test_set_then_get():
    store = Store()
    store.set("a", "1", 0)
    assert store.get("a", 5) == "1"


def test_delete():
    store = Store()
    store.set("a", "1", 0)
    assert store.delete("a", 1)
    assert not store.delete("a", 2)


passed = 0
for name, test in sorted(globals().items()):
    if name.startswith("test_"):
        test()
        print("ok", name, flush=True)
        passed += 1
print(f"{passed} tests passed", file=sys.stderr)
