//! The host side of ruby.wasm's reactor ABI, so that Ruby runs like a command.
//!
//! `ruby+stdlib.wasm` (npm `@ruby/3.4-wasm-wasi`) has no `_start`: it exports
//! `_initialize`, `ruby-init`, `ruby-init-loadpath` and
//! `rb-eval-string-protect`, with arguments in the component model's canonical
//! ABI, and imports a JavaScript bridge (`rb-js-abi-host`) that only a browser
//! host has. This adapter initializes the VM with the run's argv and evaluates
//! a fixed Ruby prelude that loads the script, turns `exit` and uncaught
//! exceptions into an exit code, flushes, and leaves through `proc_exit`.
//!
//! Its argv convention: `args[0]` is the program name, `args[1]` the script to
//! load, the rest the script's `ARGV`.

use wasmtime::{Instance, Linker, Memory, Module, Store, TypedFunc};
use wasmtime_wasi::I32Exit;

use crate::error::{Error, Result};
use crate::state::RunState;

const INITIALIZE: &str = "_initialize";
const REALLOC: &str = "cabi_realloc";
const INIT: &str = "ruby-init: func(args: list<string>) -> ()";
const INIT_LOADPATH: &str = "ruby-init-loadpath: func() -> ()";
const EVAL: &str = "rb-eval-string-protect: func(str: string) -> tuple<handle<rb-abi-value>, s32>";

/// Whether `module` is a ruby.wasm reactor this adapter can drive. (Its
/// `_initialize` is not asked for: a snapshot of it, already initialised,
/// exports none.)
pub(crate) fn is_reactor(module: &Module) -> bool {
    [REALLOC, INIT, INIT_LOADPATH, EVAL, "memory"]
        .iter()
        .all(|name| module.get_export(name).is_some())
}

/// A call the sandbox does not provide, such as ruby.wasm's JavaScript bridge
/// (`require 'js'`). It ends the run as a trap, blamed on the guest.
#[derive(Debug, thiserror::Error)]
#[error("the guest called `{module}::{name}`, which this sandbox does not provide")]
pub(crate) struct UnsupportedImport {
    module: String,
    name: String,
}

/// Adds ruby.wasm's non-WASI imports to `linker`: its own value handles are
/// passed through unchanged (the adapter never keeps one), and every
/// JavaScript-bridge function ends the run with [`UnsupportedImport`].
pub(crate) fn link(linker: &mut Linker<RunState>, module: &Module) -> Result<()> {
    let fail = |e| Error::InvalidModule(format!("cannot link ruby.wasm's imports: {e}"));
    linker
        .func_wrap(
            "canonical_abi",
            "resource_new_rb-abi-value",
            |representation: i32| representation,
        )
        .map_err(fail)?;
    linker
        .func_wrap(
            "canonical_abi",
            "resource_get_rb-abi-value",
            |handle: i32| handle,
        )
        .map_err(fail)?;
    for import in module.imports() {
        let defined = matches!(
            (import.module(), import.name()),
            ("wasi_snapshot_preview1", _)
                | (
                    "canonical_abi",
                    "resource_new_rb-abi-value" | "resource_get_rb-abi-value"
                )
        );
        if defined {
            continue;
        }
        let Some(ty) = import.ty().func().cloned() else {
            continue;
        };
        let (module_name, name) = (import.module().to_owned(), import.name().to_owned());
        linker
            .func_new(import.module(), import.name(), ty, move |_, _, _| {
                Err(UnsupportedImport {
                    module: module_name.clone(),
                    name: name.clone(),
                }
                .into())
            })
            .map_err(fail)?;
    }
    Ok(())
}

/// Runs the script named in `args` to its end, which is always an exit;
/// `started` when the instance is a snapshot of a VM already started.
pub(crate) async fn run(
    store: &mut Store<RunState>,
    instance: &Instance,
    args: &[String],
    started: bool,
) -> wasmtime::Result<()> {
    let [program, script, script_args @ ..] = args else {
        wasmtime::bail!("a Ruby run needs argv [program, script, args...]");
    };
    let eval: TypedFunc<(i32, i32), i32> = instance.get_typed_func(&mut *store, EVAL)?;
    let mut guest = GuestMemory::of(store, instance)?;
    if !started {
        start(store, instance, &mut guest, program).await?;
    }
    let (pointer, len) = guest.string(store, &prelude(script, script_args)).await?;
    let result = eval.call_async(&mut *store, (pointer, len)).await?;
    // The result is (value handle: u32, state: s32); a non-zero state means
    // the prelude itself raised, which it is written never to do.
    let mut tuple = [0u8; 8];
    guest
        .memory
        .read(&*store, usize::try_from(result)?, &mut tuple)?;
    let state = i32::from_le_bytes([tuple[4], tuple[5], tuple[6], tuple[7]]);
    Err(I32Exit(if state == 0 { 0 } else { 1 }).into())
}

/// Starts the VM as `program`, with its load path, and no script yet: what
/// a snapshot of ruby.wasm holds.
pub(crate) async fn initialise(
    store: &mut Store<RunState>,
    instance: &Instance,
    program: &str,
) -> wasmtime::Result<()> {
    let mut guest = GuestMemory::of(store, instance)?;
    start(store, instance, &mut guest, program).await
}

async fn start(
    store: &mut Store<RunState>,
    instance: &Instance,
    guest: &mut GuestMemory,
    program: &str,
) -> wasmtime::Result<()> {
    let initialize: TypedFunc<(), ()> = instance.get_typed_func(&mut *store, INITIALIZE)?;
    let init: TypedFunc<(i32, i32), ()> = instance.get_typed_func(&mut *store, INIT)?;
    let init_loadpath: TypedFunc<(), ()> = instance.get_typed_func(&mut *store, INIT_LOADPATH)?;
    initialize.call_async(&mut *store, ()).await?;
    // `-e_=0` gives ruby_options a program, so it parses no file of its own:
    // the script is loaded by the prelude, after the load path is set.
    // RubyGems is off: it would cost 600 M fuel at every start, and the
    // standard library needs no gem.
    let init_args = [program, "--disable-gems", "-e_=0"];
    let mut list = Vec::with_capacity(init_args.len() * 8);
    for arg in init_args {
        let (pointer, len) = guest.string(store, arg).await?;
        list.extend_from_slice(&pointer.to_le_bytes());
        list.extend_from_slice(&len.to_le_bytes());
    }
    let list_pointer = guest.bytes(store, &list, 4).await?;
    let count = i32::try_from(init_args.len())?;
    init.call_async(&mut *store, (list_pointer, count)).await?;
    init_loadpath.call_async(&mut *store, ()).await
}

/// The Ruby evaluated to run the script like `ruby SCRIPT ARGS...` would.
fn prelude(script: &str, args: &[String]) -> String {
    let argv = args.iter().map(|a| quote(a)).collect::<Vec<_>>().join(", ");
    format!(
        "$0 = {}\nARGV.replace([{argv}])\n{}",
        quote(script),
        include_str!("prelude.rb")
    )
}

/// A single-quoted Ruby string literal, whose only escapes are `\\` and `\'`.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Allocation in the guest through its `cabi_realloc`, for lowering arguments.
struct GuestMemory {
    memory: Memory,
    realloc: TypedFunc<(i32, i32, i32, i32), i32>,
}

impl GuestMemory {
    fn of(store: &mut Store<RunState>, instance: &Instance) -> wasmtime::Result<Self> {
        Ok(Self {
            memory: instance
                .get_memory(&mut *store, "memory")
                .ok_or_else(|| wasmtime::format_err!("ruby.wasm exports no memory"))?,
            realloc: instance.get_typed_func(&mut *store, REALLOC)?,
        })
    }

    /// Copies `bytes` into a fresh guest allocation aligned to `align`.
    async fn bytes(
        &mut self,
        store: &mut Store<RunState>,
        bytes: &[u8],
        align: i32,
    ) -> wasmtime::Result<i32> {
        let len = i32::try_from(bytes.len())?;
        let pointer = self
            .realloc
            .call_async(&mut *store, (0, 0, align, len))
            .await?;
        self.memory
            .write(&mut *store, usize::try_from(pointer)?, bytes)?;
        Ok(pointer)
    }

    /// Lowers a string: its bytes with a NUL after them (ruby-init reads its
    /// arguments as C strings), and its length without the NUL.
    async fn string(
        &mut self,
        store: &mut Store<RunState>,
        text: &str,
    ) -> wasmtime::Result<(i32, i32)> {
        let mut bytes = Vec::with_capacity(text.len() + 1);
        bytes.extend_from_slice(text.as_bytes());
        bytes.push(0);
        let pointer = self.bytes(store, &bytes, 1).await?;
        Ok((pointer, i32::try_from(text.len())?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_backslashes_and_single_quotes_only() {
        assert_eq!(quote(r"a'b\c#{x}"), r"'a\'b\\c#{x}'");
    }

    #[test]
    fn prelude_loads_the_script_with_its_arguments() {
        let text = prelude("/code/main.rb", &["x".into(), "it's".into()]);
        assert!(text.starts_with("$0 = '/code/main.rb'\nARGV.replace(['x', 'it\\'s'])\n"));
        assert!(text.ends_with(include_str!("prelude.rb")));
    }
}
