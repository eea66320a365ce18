;; Grows its memory by 1 MiB at a time, forever.
(module (memory 1) (func (export "_start") (loop (drop (memory.grow (i32.const 16))) (br 0))))
