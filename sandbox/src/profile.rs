//! Where a run's fuel goes, per wasm function, exactly.
//!
//! [`instrument`] rewrites a module so that every function it defines calls
//! two host functions: `judge_profile.enter(index)` first, and
//! `judge_profile.exit(index)` before it returns. The host reads the store's
//! fuel at each call (compiled code writes its fuel count back before it
//! calls the host), so each function's own fuel (self fuel: what it spent
//! outside its callees) is counted exactly and identically on every run. The
//! instrumentation costs the guest a few fuel per call, counted like any
//! other.
//!
//! A function left by a branch to its outermost block, or unwound by an
//! exception, makes no exit call: the next exit of a caller pops the stack
//! down to it, so what it spent goes to it and what came after to the caller.

use std::collections::HashMap;

use serde::Serialize;
use wasm_encoder::reencode::{Error as ReencodeError, Reencode, utils};
use wasmparser::{Operator, Payload};

use crate::error::{Error, Result};

/// The module the instrumentation calls.
pub(crate) const MODULE: &str = "judge_profile";

/// An instrumented module and the names of the functions it reports on.
#[derive(Debug, Clone)]
pub struct Instrumented {
    /// The rewritten module.
    pub wasm: Vec<u8>,
    /// Each defined function's name, by the index the profile reports (the
    /// function's index in the original module): from the name section, or
    /// `function[N]` when the module has none (a stripped build).
    pub names: HashMap<u32, String>,
}

/// The self fuel of one function in one run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunctionFuel {
    /// Its index in the original module (a key of [`Instrumented::names`]).
    pub index: u32,
    /// Fuel spent in it, not in its callees.
    pub fuel: u64,
    /// How many times it was entered.
    pub calls: u64,
}

/// Rewrites `wasm` (binary, or the text format) to report each function's
/// fuel (see the module's doc).
pub fn instrument(wasm: &[u8]) -> Result<Instrumented> {
    let invalid = |e: &dyn std::fmt::Display| Error::InvalidModule(format!("cannot profile: {e}"));
    let wasm = &*wat::parse_bytes(wasm).map_err(|e| invalid(&e))?;
    let mut imported = 0u32;
    let mut types = 0u32;
    let mut has_imports = false;
    let mut defined = 0u32;
    let mut names = HashMap::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| invalid(&e))? {
            Payload::TypeSection(section) => types = section.count(),
            Payload::ImportSection(section) => {
                has_imports = true;
                for imports in section {
                    for import in imports.map_err(|e| invalid(&e))? {
                        let (_, import) = import.map_err(|e| invalid(&e))?;
                        if matches!(import.ty, wasmparser::TypeRef::Func(_)) {
                            imported += 1;
                        }
                    }
                }
            }
            Payload::FunctionSection(section) => defined = section.count(),
            Payload::CustomSection(section) => {
                if let wasmparser::KnownCustom::Name(reader) = section.as_known() {
                    for name in reader {
                        if let Ok(wasmparser::Name::Function(map)) = name {
                            for naming in map.into_iter().flatten() {
                                names.insert(naming.index, naming.name.to_owned());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if types == 0 {
        return Err(invalid(&"the module declares no function type"));
    }
    let names = (imported..imported + defined)
        .map(|index| {
            let name = names
                .get(&index)
                .cloned()
                .unwrap_or_else(|| format!("function[{index}]"));
            (index, name)
        })
        .collect();
    let mut rewriter = Rewriter {
        imported,
        hook_type: types,
        next_defined: imported,
        imports_missing: !has_imports,
    };
    let mut module = wasm_encoder::Module::new();
    rewriter
        .parse_core_module(&mut module, wasmparser::Parser::new(0), wasm)
        .map_err(|e| invalid(&e))?;
    Ok(Instrumented {
        wasm: module.finish(),
        names,
    })
}

/// The rewriting: two function imports appended (so every defined
/// function's index moves up by two), one type `(i32) -> ()` appended, the
/// calls put in every function body, the name section dropped (its indices
/// would be stale; [`Instrumented::names`] keeps the names).
struct Rewriter {
    imported: u32,
    hook_type: u32,
    /// The original index of the next function body.
    next_defined: u32,
    /// The module has no import section: one is added for the hooks.
    imports_missing: bool,
}

impl Rewriter {
    /// The two hooks, at the end of the imports.
    fn hooks(&self, imports: &mut wasm_encoder::ImportSection) {
        for name in ["enter", "exit"] {
            imports.import(
                MODULE,
                name,
                wasm_encoder::EntityType::Function(self.hook_type),
            );
        }
    }

    fn enter(&self) -> u32 {
        self.imported
    }

    fn exit(&self) -> u32 {
        self.imported + 1
    }
}

impl Reencode for Rewriter {
    type Error = std::convert::Infallible;

    fn function_index(
        &mut self,
        func: u32,
    ) -> std::result::Result<u32, ReencodeError<Self::Error>> {
        Ok(if func < self.imported { func } else { func + 2 })
    }

    fn parse_type_section(
        &mut self,
        types: &mut wasm_encoder::TypeSection,
        section: wasmparser::TypeSectionReader<'_>,
    ) -> std::result::Result<(), ReencodeError<Self::Error>> {
        utils::parse_type_section(self, types, section)?;
        types.ty().function([wasm_encoder::ValType::I32], []);
        Ok(())
    }

    fn parse_import_section(
        &mut self,
        imports: &mut wasm_encoder::ImportSection,
        section: wasmparser::ImportSectionReader<'_>,
    ) -> std::result::Result<(), ReencodeError<Self::Error>> {
        utils::parse_import_section(self, imports, section)?;
        self.hooks(imports);
        Ok(())
    }

    fn intersperse_section_hook(
        &mut self,
        module: &mut wasm_encoder::Module,
        after: Option<wasm_encoder::SectionId>,
        before: Option<wasm_encoder::SectionId>,
    ) -> std::result::Result<(), ReencodeError<Self::Error>> {
        use wasm_encoder::SectionId;
        // Where the import section goes: after the types, before the rest.
        let placed = after.is_some_and(|s| s as u8 >= SectionId::Type as u8)
            && before.is_none_or(|s| s as u8 > SectionId::Import as u8);
        if self.imports_missing && placed {
            self.imports_missing = false;
            let mut imports = wasm_encoder::ImportSection::new();
            self.hooks(&mut imports);
            module.section(&imports);
        }
        Ok(())
    }

    fn parse_custom_section(
        &mut self,
        module: &mut wasm_encoder::Module,
        section: wasmparser::CustomSectionReader<'_>,
    ) -> std::result::Result<(), ReencodeError<Self::Error>> {
        if section.name() == "name" {
            return Ok(());
        }
        utils::parse_custom_section(self, module, section)
    }

    fn parse_function_body(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        body: wasmparser::FunctionBody<'_>,
    ) -> std::result::Result<(), ReencodeError<Self::Error>> {
        let index = self.next_defined;
        self.next_defined += 1;
        // The original index, as the host reports it.
        let id = wasm_encoder::Instruction::I32Const(index as i32);
        let mut function = self.new_function_with_parsed_locals(&body)?;
        function.instruction(&id);
        function.instruction(&wasm_encoder::Instruction::Call(self.enter()));
        let exit = [id, wasm_encoder::Instruction::Call(self.exit())];
        let mut reader = body.get_operators_reader()?;
        let mut depth = 0u32;
        while !reader.eof() {
            let operator = reader.read()?;
            match &operator {
                Operator::Block { .. }
                | Operator::Loop { .. }
                | Operator::If { .. }
                | Operator::Try { .. }
                | Operator::TryTable { .. } => depth += 1,
                Operator::End | Operator::Delegate { .. } if depth > 0 => depth -= 1,
                // The body's own end.
                Operator::End
                | Operator::Return
                | Operator::ReturnCall { .. }
                | Operator::ReturnCallIndirect { .. }
                | Operator::ReturnCallRef { .. } => {
                    for instruction in &exit {
                        function.instruction(instruction);
                    }
                }
                _ => {}
            }
            function.instruction(&self.instruction(operator)?);
        }
        code.function(&function);
        Ok(())
    }
}

/// The host's side: a stack of entered functions and the fuel each spent.
#[derive(Debug, Default)]
pub(crate) struct Profiler {
    stack: Vec<u32>,
    /// The fuel left at the last enter or exit.
    last: Option<u64>,
    spent: HashMap<u32, (u64, u64)>,
}

impl Profiler {
    /// Charges what was spent since the last call to the function on top.
    fn charge(&mut self, fuel_left: u64) {
        if let (Some(last), Some(top)) = (self.last, self.stack.last()) {
            self.spent.entry(*top).or_default().0 += last.saturating_sub(fuel_left);
        }
        self.last = Some(fuel_left);
    }

    pub(crate) fn enter(&mut self, index: u32, fuel_left: u64) {
        self.charge(fuel_left);
        self.spent.entry(index).or_default().1 += 1;
        self.stack.push(index);
    }

    pub(crate) fn exit(&mut self, index: u32, fuel_left: u64) {
        self.charge(fuel_left);
        // Pops down to `index`: frames left without an exit call go too.
        if self.stack.contains(&index) {
            while let Some(top) = self.stack.pop() {
                if top == index {
                    break;
                }
            }
        }
    }

    /// Each function's self fuel, the most first (ties by index), and what
    /// was spent in the function running when the run ended.
    pub(crate) fn finish(mut self, fuel_left: u64) -> Vec<FunctionFuel> {
        self.charge(fuel_left);
        let mut functions: Vec<FunctionFuel> = self
            .spent
            .into_iter()
            .map(|(index, (fuel, calls))| FunctionFuel { index, fuel, calls })
            .collect();
        functions.sort_by(|a, b| b.fuel.cmp(&a.fuel).then(a.index.cmp(&b.index)));
        functions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_fuel_goes_to_the_function_on_top_and_unwound_frames_are_popped() {
        let mut profiler = Profiler::default();
        profiler.enter(1, 1000); // main
        profiler.enter(2, 900); // main spent 100
        profiler.enter(3, 850); // 2 spent 50
        // 3 is unwound without an exit; 2 exits: 3 spent 30 before.
        profiler.exit(2, 820);
        profiler.exit(1, 800); // main spent 20 more
        let functions = profiler.finish(800);
        assert_eq!(
            functions,
            [
                FunctionFuel {
                    index: 1,
                    fuel: 120,
                    calls: 1
                },
                FunctionFuel {
                    index: 2,
                    fuel: 50,
                    calls: 1
                },
                FunctionFuel {
                    index: 3,
                    fuel: 30,
                    calls: 1
                },
            ]
        );
    }
}
