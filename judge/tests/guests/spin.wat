;; Never ends: only fuel or the wall clock stops it.
(module (func (export "_start") (loop br 0)))
