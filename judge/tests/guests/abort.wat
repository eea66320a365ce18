;; Ends the way C's abort() does in wasm: an unreachable trap.
(module (func (export "_start") unreachable))
