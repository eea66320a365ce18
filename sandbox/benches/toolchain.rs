//! Builds the benchmarks' C fixtures with the C runner image's toolchain
//! (`runner-images/install.sh c`) and with the host's gcc.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A clang sysroot that sees only wasi-libc (the host's /usr/include must not leak in).
pub(crate) fn wasi_sysroot(work: &Path) -> PathBuf {
    let root = work.join("sysroot");
    for (kind, target) in [
        ("include", "/usr/include/wasm32-wasi"),
        ("lib", "/usr/lib/wasm32-wasi"),
    ] {
        std::fs::create_dir_all(root.join(kind)).expect("sysroot dir");
        let link = root.join(kind).join("wasm32-wasi");
        if !link.exists() {
            std::os::unix::fs::symlink(target, link).expect("sysroot link");
        }
    }
    root
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches/fixtures")
        .join(name)
}

/// Compiles a C fixture to wasm32-wasi; `extra` are additional clang flags.
pub(crate) fn wasm(work: &Path, source: &str, extra: &[&str]) -> Vec<u8> {
    let out = work.join(source).with_extension("wasm");
    let sysroot = wasi_sysroot(work);
    let mut cmd = Command::new("clang-19");
    cmd.args(["--target=wasm32-wasi", "-O2", "-s"])
        .arg(format!("--sysroot={}", sysroot.display()))
        .args(extra)
        .arg("-o")
        .arg(&out)
        .arg(fixture(source));
    run(&mut cmd, "clang-19 (run runner-images/install.sh c)");
    std::fs::read(out).expect("read wasm")
}

/// Compiles a C fixture natively, statically linked (the cheapest fork/exec).
pub(crate) fn native(work: &Path, source: &str) -> PathBuf {
    let out = work.join(source).with_extension("native");
    let mut cmd = Command::new("gcc");
    cmd.args(["-O2", "-static", "-o"])
        .arg(&out)
        .arg(fixture(source));
    run(&mut cmd, "gcc");
    out
}

fn run(cmd: &mut Command, what: &str) {
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    assert!(status.success(), "{what} failed: {status}");
}
