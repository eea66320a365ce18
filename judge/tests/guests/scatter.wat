;; Never ends: walks 256 MiB at pseudo-random addresses (xorshift32), each
;; address depending on the value loaded at the one before, so every step
;; waits for a cache and TLB miss: the slowest fuel rate measured on this
;; machine's kind (see judge/benches/fuel_rate.rs).
(module
  (memory 4096)
  (func (export "_start")
    (local $x i32)
    (local $at i32)
    (local.set $x (i32.const 1))
    (loop $next
      (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
      (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
      (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
      (local.set $at (i32.and (local.get $x) (i32.const 0x0ffffffc)))
      (local.set $x (i32.add (local.get $x) (i32.load (local.get $at))))
      (i32.store (local.get $at) (local.get $x))
      (br $next))))
