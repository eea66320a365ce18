//! A module pre-initialised (Wizer): its initialisation run once, in the
//! sandbox, and the instance's memory and globals written into a new module.
//!
//! `wasmtime-wizer` does the rewriting: it exports the module's internal
//! state ([`Wizer::instrument`]) and, once the initialisation function has
//! run, reads it back ([`InstanceState`]) and writes the new module
//! ([`Wizer::snapshot`]). The run itself is the sandbox's: the same linker,
//! WASI context, memory budget, fuel and wall-clock deadline as any guest, so
//! an initialisation that misbehaves ends like a guest that does.

use std::time::Instant;

use wasmtime::{Engine, Instance, Linker, Module, Store, UpdateDeadline, Val};
use wasmtime_wizer::{InstanceState, SnapshotVal, ValType, Wizer};

use crate::error::{Error, Result};
use crate::spec::RunSpec;
use crate::state::RunState;
use crate::wasi;

/// A pre-initialised module and what its initialisation printed.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The new module: the original with its memory and globals as the
    /// initialisation left them, and without the initialisation function.
    pub wasm: Vec<u8>,
    /// What the initialisation wrote to stdout.
    pub stdout: Vec<u8>,
    /// Fuel the initialisation spent: what each run of the snapshot saves.
    pub fuel: u64,
}

pub(crate) async fn take(
    engine: &Engine,
    linker: &Linker<RunState>,
    wasm: &[u8],
    init: &str,
    spec: &RunSpec,
) -> Result<Snapshot> {
    let mut wizer = Wizer::new();
    wizer.init_func(init);
    let invalid = |e: wasmtime::Error| Error::InvalidModule(format!("{e:#}"));
    let (context, instrumented) = wizer.instrument(wasm).map_err(invalid)?;
    let module = Module::new(engine, &instrumented).map_err(invalid)?;

    let limits = spec.limits;
    let io = wasi::build(spec, None)?;
    let mut store = RunState::store(engine, io.wasi, limits.memory_bytes, limits.fuel)?;
    let deadline = Instant::now() + limits.wall;
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(move |_| {
        Ok(if Instant::now() >= deadline {
            UpdateDeadline::Interrupt
        } else {
            UpdateDeadline::Continue(1)
        })
    });

    let ruby = crate::ruby::is_reactor(&module);
    let mut linker = linker.clone();
    if ruby {
        crate::ruby::link(&mut linker, &module)?;
    }
    let instance = linker
        .instantiate_async(&mut store, &module)
        .await
        .map_err(|e| Error::runtime("failed to instantiate the module to snapshot", e))?;
    let initialised = if ruby {
        let program = spec.args.first().map_or("ruby", String::as_str);
        crate::ruby::initialise(&mut store, &instance, program).await
    } else {
        match instance.get_typed_func::<(), ()>(&mut store, init) {
            Ok(initialise) => initialise.call_async(&mut store, ()).await,
            Err(error) => return Err(invalid(error)),
        }
    };
    if let Err(error) = initialised {
        let stderr = String::from_utf8_lossy(&io.stderr.take()).into_owned();
        return Err(Error::Snapshot(format!(
            "the initialisation did not return: {error:#}\n{stderr}"
        )));
    }
    let fuel = limits.fuel - store.get_fuel().unwrap_or(0);
    let wasm = wizer
        .snapshot(
            &context,
            &mut Initialised {
                store: &mut store,
                instance,
            },
        )
        .await
        .map_err(invalid)?;
    Ok(Snapshot {
        wasm,
        stdout: io.stdout.take(),
        fuel,
    })
}

/// The instance after its initialisation, as Wizer reads it.
struct Initialised<'a> {
    store: &'a mut Store<RunState>,
    instance: Instance,
}

impl InstanceState for Initialised<'_> {
    fn global_get(
        &mut self,
        name: &str,
        _type_hint: ValType,
    ) -> impl Future<Output = SnapshotVal> + Send {
        // Wizer asks only for what its instrumentation exported.
        let global = self
            .instance
            .get_global(&mut *self.store, name)
            .expect("Wizer's instrumentation exports every global it reads");
        let value = match global.get(&mut *self.store) {
            Val::I32(value) => SnapshotVal::I32(value),
            Val::I64(value) => SnapshotVal::I64(value),
            Val::F32(bits) => SnapshotVal::F32(bits),
            Val::F64(bits) => SnapshotVal::F64(bits),
            Val::V128(value) => SnapshotVal::V128(value.as_u128()),
            other => panic!("Wizer refuses reference-typed globals, yet {name} is {other:?}"),
        };
        std::future::ready(value)
    }

    fn memory_contents(
        &mut self,
        name: &str,
        contents: impl FnOnce(&[u8]) + Send,
    ) -> impl Future<Output = ()> + Send {
        let memory = self
            .instance
            .get_memory(&mut *self.store, name)
            .expect("Wizer's instrumentation exports every memory it reads");
        contents(memory.data(&*self.store));
        std::future::ready(())
    }
}
