;; Never ends: recursive Fibonacci over and over, a workload of calls.
(module
  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "_start")
    (loop $again
      (drop (call $fib (i32.const 25)))
      (br $again))))
